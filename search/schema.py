"""The Whoosh schema: one document per paragraph, with what a result needs to show stored."""

from __future__ import annotations

from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema

from .analysis import dutch_analyzer

TITLE_BOOST = 2.0
TEXT_FIELDS = ("title", "heading", "text")


def build_schema() -> Schema:
    analyzer = dutch_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),  # "<article id>:<paragraph number>"
        article=ID(stored=True),
        para=STORED(),  # paragraph number within the article, from 0
        title=TEXT(analyzer=analyzer, stored=True, phrase=True, field_boost=TITLE_BOOST),
        heading=TEXT(analyzer=analyzer, stored=True, phrase=True),
        text=TEXT(analyzer=analyzer, stored=True, phrase=True, chars=True),
        source=ID(stored=True),
        date=STORED(),  # ISO text at its precision: "2018-05" stays a month
        precision=STORED(),  # "day", "month", "year" or None
        date_first=NUMERIC(int, bits=32, signed=False, sortable=True, stored=True),  # yyyymmdd of first day
        date_last=NUMERIC(int, bits=32, signed=False, stored=True),  # yyyymmdd of last day
        year=NUMERIC(int, bits=32, signed=False, stored=True),
        url=STORED(),
    )
