"""Export of search results as CSV or JSON Lines, for analysis elsewhere.

One row per matching article (its best paragraph's snippet, as plain text) or per matching
paragraph (its whole text), in the order of the results, up to ``Config.max_export`` rows.

CSV is written for spreadsheets as much as for pandas: UTF-8 with a byte order mark (Excel
reads UTF-8 only with it; ``pandas.read_csv`` and Python's ``utf-8-sig`` drop it), a header
row, RFC 4180 quoting and ``\\r\\n`` line ends. A cell that starts with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return would be run as a formula by a spreadsheet (CSV injection),
so it gets a leading ``'``, which spreadsheets show as text and do not execute.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import astuple, dataclass, fields

from .analysis import fold

FORMATS = ("csv", "jsonl")
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8"}
BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FILENAME_CHARS = 60  # of the part that says what was searched


@dataclass
class ExportRow:
    id: str  # the article id, or the paragraph id "<article id>:<number>" per paragraph
    article_id: str
    paragraph: int  # the (best) matching paragraph's number
    title: str
    source: str
    date: str | None  # ISO at its precision
    url: str
    matching_paragraphs: int
    text: str  # plain text: the paragraph, or the best paragraph's snippet per article


COLUMNS = tuple(f.name for f in fields(ExportRow))


def plain(snippet_html: str) -> str:
    """A snippet (HTML with only <mark>) as the text it shows."""
    return html.unescape(snippet_html.replace("<mark>", "").replace("</mark>", ""))


def neutralise(value: object) -> str:
    """A cell as text a spreadsheet shows and never executes."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_chunks(rows: Iterable[ExportRow]) -> Iterator[str]:
    """The BOM and header, then one chunk per row (so a response can stream it)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def take() -> str:
        chunk = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return chunk

    writer.writerow(COLUMNS)
    yield BOM + take()
    for row in rows:
        writer.writerow([neutralise(value) for value in astuple(row)])
        yield take()


def jsonl_chunks(rows: Iterable[ExportRow]) -> Iterator[str]:
    for row in rows:
        yield json.dumps(dict(zip(COLUMNS, astuple(row), strict=True)), ensure_ascii=False) + "\n"


def chunks(rows: Iterable[ExportRow], fmt: str) -> Iterator[str]:
    return csv_chunks(rows) if fmt == "csv" else jsonl_chunks(rows)


def filename(q: str, sources: Iterable[str], date_from: str | None, date_to: str | None, fmt: str) -> str:
    """``zoeklicht-trump-kim-nos-2019-2020.csv``: what was searched, in ASCII letters and digits."""
    parts = [q, *sources]
    if date_from or date_to:
        parts.append(f"{date_from or ''}-{date_to or ''}")
    slug = re.sub(r"[^a-z0-9]+", "-", fold(" ".join(parts).lower())).strip("-")[:FILENAME_CHARS].strip("-")
    return f"zoeklicht-{slug or 'alles'}.{fmt}"
