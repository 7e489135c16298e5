"""The Whoosh pipeline of every text field, for indexing and for queries.

DutchTokenizer | LowercaseFilter | StopFilter(Snowball Dutch) | DutchConflateFilter
"""

from __future__ import annotations

from collections.abc import Iterator

from whoosh.analysis import Filter, LowercaseFilter, StopFilter, Token, Tokenizer
from whoosh.analysis.acore import Composable

from .conflation import conflate
from .splitter import split
from .words import DUTCH_STOPWORDS, WORD_PATTERN


class DutchTokenizer(Tokenizer):
    """Splits Dutch text into words, keeping numbers, codes and hyphenated compounds.

    A hyphenated word is indexed by its parts and as a whole: ``Noord-Koreaanse`` gives
    ``noord`` and ``koreaanse``, and the whole at the last part's position, so the phrases
    "noord koreaanse leider" and "noord-koreaanse leider" both match. Queries get the whole
    only (``mode="query"``), which is indexed too.

    Each match of ``WORD_PATTERN`` is read on its own, only the position carries over to the
    next: ``indexing`` analyses each distinct match once on that ground.
    """

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other)

    def __hash__(self) -> int:
        return hash(type(self).__name__)

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: object,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            token.original = token.text = value
            token.boost = 1.0
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar, token.endchar = start_char, start_char + len(value)
            yield token
            return
        split_parts = mode != "query"
        pos = start_pos
        # Parts and whole are set on the token inline, not through a shared helper: this loop
        # runs for every word indexed, and the helper measured 12% slower analysis.
        for match in WORD_PATTERN.finditer(value):
            word = match.group()
            start = match.start()
            end = match.end()
            if word[-2:] in ("'s", "’s") and word[0] not in "'’":
                word = word[:-2]
                end -= 2
            if split_parts and "-" in word and word[0] not in "'’":
                offset = start
                for part in word.split("-"):
                    token.text = part
                    token.stopped = False
                    token.boost = 1.0
                    if keeporiginal:
                        token.original = part
                    if positions:
                        token.pos = pos
                    if chars:
                        token.startchar = start_char + offset
                        token.endchar = start_char + offset + len(part)
                    offset += len(part) + 1
                    pos += 1
                    yield token
                pos -= 1  # the whole shares the last part's position
            token.text = word
            token.stopped = False
            token.boost = 1.0
            if keeporiginal:
                token.original = word
            if positions:
                token.pos = pos
            if chars:
                token.startchar, token.endchar = start_char + start, start_char + end
            pos += 1
            yield token


class DutchConflateFilter(Filter):
    """Replaces each word by its index term (lexicon lemma, else Snowball stem), folded."""

    is_morph = True

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other)

    def __hash__(self) -> int:
        return hash(type(self).__name__)

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            text = token.text.replace("’", "'")
            token.text = conflate(text)
            yield token


# Where compound parts live: as extra terms of the same field, at the compound's own position
# and characters, with a posting weight of PART_BOOST (Whoosh sums token boosts into the
# posting weight, which BM25F reads as the term frequency). One field keeps everything that
# reads postings in agreement without new code: the fast path's exported scores, phrase
# positions (a part never shifts the words after it), snippets and the reader's marks (the
# whole word is marked when a part matched). The lower weight ranks a paragraph with the word
# itself above one that has it only inside a compound; a separate parts field would give the
# same ranking at the cost of a second analysis pass per paragraph and a field in every query.
PART_BOOST = 0.5


class DutchCompoundFilter(Filter):
    """Adds the parts of a compound before it, for indexing: ``inkomstenbelasting`` is also
    indexed as ``inkomsten`` and ``belasting``. Queries are not split: ``kernwapens`` looks for
    the compound (and other compounds it is part of), not for every ``wapens``."""

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other)

    def __hash__(self) -> int:
        return hash(type(self).__name__)

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            if token.mode != "query" and token.text.isalpha():
                parts = split(token.text)
                if parts:
                    whole, boost = token.text, token.boost
                    token.boost = boost * PART_BOOST
                    for part in parts:
                        token.text = part
                        yield token
                    token.text, token.boost = whole, boost
            yield token


def dutch_analyzer() -> Composable:
    """The analyzer of every text field, for indexing and for queries."""
    return (
        DutchTokenizer()
        | LowercaseFilter()
        | StopFilter(stoplist=DUTCH_STOPWORDS, minsize=1, renumber=False)
        | DutchCompoundFilter()
        | DutchConflateFilter()
    )


_shared_analyzer: Composable | None = None


def _analyzer() -> Composable:
    """One analyzer for the helpers below; building the pipeline costs more than a short text."""
    global _shared_analyzer
    if _shared_analyzer is None:
        _shared_analyzer = dutch_analyzer()
    return _shared_analyzer


def index_terms(text: str) -> list[str]:
    """The terms a text is indexed under, in order (parts of compounds included)."""
    return [t.text for t in _analyzer()(text)]


def query_terms(text: str) -> list[str]:
    """The terms a query word or phrase looks for."""
    return [t.text for t in _analyzer()(text, mode="query")]


def query_positions(text: str) -> list[int]:
    """The positions of the terms a query phrase looks for (stop words leave gaps)."""
    return [t.pos for t in _analyzer()(text, positions=True, mode="query")]
