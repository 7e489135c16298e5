"""``date:`` in a query: ``date:2019``, ``date:2019-05``, ``date:[2018-06 TO 2019]``, ``date:[2019 TO *]``.

Researchers who know Trove or Delpher type the period into the query itself. It filters by the
same rule as the ``from``/``to`` parameters (a month- or year-precision article counts when its
period overlaps the range), and it is an ordinary node of the query tree: a Whoosh
``NumericRange`` over the indexed ``date_first``/``date_last`` fields, so ``trump -date:2019``
and ``kim OR date:2018-06`` mean what they say and Whoosh's own matcher stays the reference
the fast path is checked against. Undated articles never match a ``date:``.

A range holds spaces, brackets and ``*``, which the query repair in ``repair.normalise`` would
take apart, so ``rewrite`` first turns it into one token, ``date:2018-06_2019``.
"""

from __future__ import annotations

import re

from whoosh import query as wq

from .dates import DateError, parse_date, yyyymmdd
from .errors import QueryError

FIELD = "date"
FIRST, LAST = "date_first", "date_last"  # the indexed fields (yyyymmdd); the fast path reads the same
DATE_FIELDS = (FIRST, LAST)
OPEN = "*"
_JOIN = "_"  # date:LOW_HIGH, one token; an empty side is open
_TOKEN = re.compile(r'"[^"]*"|(?<![\w:])date:(\[[^\]]*\]?|"[^"]*"?|[^\s()\["]+)', re.IGNORECASE)
_RANGE = re.compile(r"\[\s*(\S+)\s+TO\s+([^\s\]]+)\s*\]?\Z", re.IGNORECASE)
_HELP = "use date:2019, date:2019-05, date:2019-05-27, date:[2018-06 TO 2019] or date:[2019 TO *]"


def rewrite(text: str) -> str:
    """``date:[A TO B]`` as the single token ``date:A_B``; phrases and other words untouched."""
    if not _has_date(text):
        return text

    def one(match: re.Match[str]) -> str:
        value = match.group(1)
        if value is None:
            return match.group(0)  # a phrase
        if value.startswith("["):
            found = _RANGE.match(value)
            if not found:
                raise QueryError(f"'date:{value}' is not a date range; {_HELP}.")
            low, high = (side if side != OPEN else "" for side in found.groups())
            return f"{FIELD}:{low}{_JOIN}{high}"
        if value.startswith('"'):  # date:"2019" means date:2019
            value = value.strip('"')
            if not value or any(c.isspace() for c in value):
                raise QueryError(f"'date:\"{value}\"' is not a date; {_HELP}.")
        return f"{FIELD}:{value}"

    return _TOKEN.sub(one, text)


def strip(text: str) -> str:
    """The text without its ``date:`` tokens (which are not words to correct or count)."""
    if not _has_date(text):
        return text
    return _TOKEN.sub(lambda m: m.group(0) if m.group(1) is None else " ", text)


def _has_date(text: str) -> bool:
    """Whether ``text`` may hold a ``date:`` token: most queries hold none, and a test of the
    lower-cased text costs a fraction of a pass of ``_TOKEN`` (whose IGNORECASE matches the
    ASCII letters of ``date`` alone, which lower-casing finds too)."""
    return FIELD + ":" in text.lower()


def bounds(value: str) -> tuple[int | None, int | None]:
    """First and last day (yyyymmdd) of ``2019``, ``2019-05``, ``2018-06_2019`` or ``2019_``."""
    low_text, sep, high_text = value.partition(_JOIN)
    if not sep:
        low_text = high_text = value
    try:
        low = parse_date(low_text) if low_text else None
        high = parse_date(high_text) if high_text else None
    except DateError as exc:
        shown = f"[{low_text or OPEN} TO {high_text or OPEN}]" if sep else value
        raise QueryError(f"'date:{shown}' is not a date; {_HELP}.") from exc
    if low and high and low.first_day() > high.last_day():
        raise QueryError(f"'date:[{low_text} TO {high_text}]' ends before it begins.")
    return (yyyymmdd(low.first_day()) if low else None, yyyymmdd(high.last_day()) if high else None)


def date_query(value: str) -> wq.Query:
    """Articles whose dated period overlaps the range ``value`` names."""
    low, high = bounds(value)
    if low is None and high is None:
        return wq.NumericRange(FIRST, 0, None)  # any dated article
    parts: list[wq.Query] = []
    if low is not None:
        parts.append(wq.NumericRange(LAST, low, None))
    if high is not None:
        parts.append(wq.NumericRange(FIRST, None, high))
    return parts[0] if len(parts) == 1 else wq.And(parts)
