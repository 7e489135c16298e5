"""The Whoosh schema: one document per paragraph, with what a result needs to show stored."""

from __future__ import annotations

from dataclasses import dataclass

from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema

from .analysis import dutch_analyzer, index_analysis

TITLE_BOOST = 2.0
TEXT_FIELDS = ("title", "heading", "text")


@dataclass(frozen=True)
class Analysed:
    """A text analysed once by the build: its terms' positions and weights, for the part's
    postings (``arrays.FieldCollector``, from which ``part_writer`` writes Whoosh's too)."""

    positions: dict[str, list[int]]
    weights: dict[str, float]  # per term, the sum of its tokens' boosts (a compound part counts half)
    length: int  # the field's length as Whoosh counts it: every term's frequency, summed
    words: list[str]  # every word as written, capitals kept: the vocabulary's (analysis.IndexAnalysis)


def analyse(value: str) -> Analysed:
    """What a text field's ``index(value)`` indexes, computed once so the build can reuse it (a
    title for every paragraph of its article) for Whoosh's postings and the fast path's arrays."""
    # The text fields' analyzer is dutch_analyzer() (build_schema), and index_analysis gives what it
    # gives, each distinct word analysed once; Whoosh sums token boosts into a posting's weight
    # (Positions.word_values), so that a compound's parts (analysis.PART_BOOST) weigh half.
    positions, weights, words = index_analysis(value)
    return Analysed(positions, weights, sum(map(len, positions.values())), words)


class AnalysedText(TEXT):
    """The text fields' class. The build gives them ``Analysed`` values, whose postings a
    ``part_writer.PartWriter`` writes itself (Whoosh stores the text from ``_stored_<field>``);
    a generation's schema names this class, so it stays even with nothing of its own."""


def build_schema() -> Schema:
    """Dates are stored as shown (``date``, ``precision``); filters, facets and the timeline read
    the spans and years from the generation's arrays. Whoosh indexes the spans (not stored) for
    the ``date:`` query (``date_query``), so that its own matcher, the reference the fast path
    is tested against, answers it too. The stored article facts (title, source, date,
    precision, url) are written with an article's first paragraph only
    (``segments.paragraph_documents``)."""
    analyzer = dutch_analyzer()
    return Schema(
        # never written: a paragraph's id is its article's and its number (records.paragraph_id).
        # Named so that `id:` is refused by name; indexed, it was one term per paragraph, the
        # largest part of the term dictionary.
        id=STORED(),
        article=ID(stored=True),
        para=STORED(),  # paragraph number within the article, from 0
        title=AnalysedText(analyzer=analyzer, stored=True, phrase=True, field_boost=TITLE_BOOST),
        heading=AnalysedText(analyzer=analyzer, stored=True, phrase=True),
        text=AnalysedText(analyzer=analyzer, stored=True, phrase=True),
        source=ID(stored=True),
        date=STORED(),  # ISO text at its precision: "2018-05" stays a month
        precision=STORED(),  # "day", "month", "year" or None
        # yyyymmdd of the first and the last day (dated articles only). One term a value, not
        # Whoosh's default of eight coarser ones as well (shift_step=4): only the reference
        # matcher reads them, and a range over at most a few thousand days needs no tiers,
        # while the tiers were 16 of a paragraph's postings.
        date_first=NUMERIC(int, bits=32, signed=False, shift_step=0),
        date_last=NUMERIC(int, bits=32, signed=False, shift_step=0),
        year=STORED(),  # never written (the arrays hold it): named so that `year:` is refused by name
        url=STORED(),
    )
