"""The Whoosh schema: one document per paragraph, with what a result needs to show stored."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from whoosh.fields import ID, STORED, TEXT, FieldType, Schema

from .analysis import dutch_analyzer

TITLE_BOOST = 2.0
TEXT_FIELDS = ("title", "heading", "text")


@dataclass(frozen=True)
class Analysed:
    """A text analysed once by the build: its terms' positions, and the postings Whoosh wants."""

    positions: dict[str, list[int]]
    items: list[tuple[bytes, int, float, bytes]]  # (term, frequency, weight, encoded positions)


def analyse(field: FieldType, value: str) -> Analysed:
    """What ``field.index(value)`` yields, computed once so the build can reuse it (a title
    for every paragraph of its article) and keep the positions for the fast path's arrays."""
    positions: dict[str, list[int]] = {}
    for token in field.analyzer(value, positions=True, boosts=True, mode="index"):
        if not token.stopped:
            positions.setdefault(token.text, []).append(token.pos)
    boost = field.format.field_boost
    encode = field.format.encode
    items = [(term.encode("utf-8"), len(p), len(p) * boost, encode(p)) for term, p in positions.items()]
    return Analysed(positions, items)


class AnalysedText(TEXT):
    """TEXT that also accepts an ``Analysed`` value (its stored value then comes from
    ``_stored_<field>``): indexing it costs nothing more than a lookup."""

    def index(self, value: Any, **kwargs: Any):
        if isinstance(value, Analysed):
            return iter(value.items)
        return super().index(value, **kwargs)


def build_schema() -> Schema:
    """Dates are stored as shown (``date``, ``precision``); the spans and years that filters and
    facets use live in the generation's arrays, so Whoosh does not index them."""
    analyzer = dutch_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),  # "<article id>:<paragraph number>"
        article=ID(stored=True),
        para=STORED(),  # paragraph number within the article, from 0
        title=AnalysedText(analyzer=analyzer, stored=True, phrase=True, field_boost=TITLE_BOOST),
        heading=AnalysedText(analyzer=analyzer, stored=True, phrase=True),
        text=AnalysedText(analyzer=analyzer, stored=True, phrase=True),
        source=ID(stored=True),
        date=STORED(),  # ISO text at its precision: "2018-05" stays a month
        precision=STORED(),  # "day", "month", "year" or None
        url=STORED(),
    )
