"""The plain records that flow from ingest into the indexer."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# Limits on what one record may bring into the index, enforced at ingest (search/ingest.py)
# and relied on by the API (a source filter longer than any indexed source finds nothing).
MAX_ID_CHARS = 100  # longer ids are shortened, with a hash to stay unique
MAX_SOURCE_CHARS = 100  # longer source names are cut (and reported)
MAX_PARAGRAPH_CHARS = 10_000  # longer paragraphs are split at sentence ends (and reported)
URL_SCHEMES = ("http", "https")  # the only links a reader is offered


@dataclass(frozen=True)
class PartialDate:
    """A date known to a year, a month or a day.

    News exports often give only ``2018-05``; inventing a day would put the article on the
    wrong day in a "newest first" list, so the precision is kept and ranges are derived from it.
    """

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def first_day(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> date:
        if self.day:
            return self.first_day()
        if self.month:
            nxt = date(self.year + (self.month == 12), self.month % 12 + 1, 1)
            return date.fromordinal(nxt.toordinal() - 1)
        return date(self.year, 12, 31)

    def iso(self) -> str:
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
            if self.day:
                parts.append(f"{self.day:02d}")
        return "-".join(parts)


@dataclass
class Paragraph:
    text: str
    heading: str = ""


@dataclass
class Article:
    id: str
    title: str
    source: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    date: PartialDate | None = None
    url: str = ""
    origin: str = ""  # file (and line) it came from, for reports


def paragraph_id(article_id: str, number: int) -> str:
    """A paragraph's id in answers and exports: its article's id and its number from 0."""
    return f"{article_id}:{number}"
