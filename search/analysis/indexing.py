"""A text's index terms with their positions and weights, as the build indexes them, analysing
each distinct word once instead of every occurrence.

The build analyses every paragraph, and running the Whoosh pipeline token by token spends most
of that time on generator hand-offs and on the same words again (``de``, ``minister``, a
compound split a thousand times). What a word gives does not depend on its neighbours:

- the tokenizer reads each match of ``WORD_PATTERN`` on its own (the ``'s`` it strips, the
  parts of a hyphenated word); the only thing carried from one match to the next is the
  position, which a match advances by as many positions as it spans;
- every filter after it maps one token to zero or more tokens, looking only at that token's
  text and the mode; stop words are dropped (``removestops``) without renumbering.

So each match, as written, is analysed once by the real pipeline (``dutch_analyzer``, in index
mode) into its terms, each with its offset from the match's first position and its boost, and
the positions it spans; every later occurrence is a dictionary lookup. The result is what
``field.index`` gives (``tests/test_index_analysis.py`` holds the two equal, to the byte).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

from whoosh.formats import Format, Positions

from .pipeline import _analyzer
from .words import WORD_PATTERN

# One token of a word: (offset from the word's first position, term, boost).
_Token = tuple[int, str, float]
# What a word gives: its tokens that are not stop words, in order, the positions it spans, and
# its terms as a set (what snippets look up).
_Word = tuple[tuple[_Token, ...], int, frozenset[str]]

_words: dict[str, _Word] = {}
# Distinct words seen while building: a big corpus has millions (names, numbers, codes, typos).
# About 330 bytes a word, so at most some 70 MB per build process; the common words, which make
# most of the hits, are back in the cache soon after it is cleared.
_WORD_CACHE_LIMIT = 200_000


class IndexAnalysis(NamedTuple):
    """A text as the build indexes it."""

    positions: dict[str, list[int]]  # term -> its positions, in text order
    weights: dict[str, float]  # term -> the sum of its tokens' boosts, in text order
    # Every match of WORD_PATTERN as written, capitals kept: the vocabulary's words, shown in the
    # form readers usually write them (``Rutte``, ``belasting``) and looked up lower-cased.
    words: list[str]


def index_analysis(text: str) -> IndexAnalysis:
    """The terms of ``text`` with their positions and summed boosts: what ``dutch_analyzer()``
    gives in index mode (``positions=True, boosts=True``, stop words removed), in its order."""
    positions: dict[str, list[int]] = {}
    weights: dict[str, float] = {}
    words = WORD_PATTERN.findall(text)
    cache = _words
    pos = 0
    for word in words:
        analysed = cache.get(word)
        if analysed is None:
            analysed = _analyse_word(word)
        tokens, span, _ = analysed
        for offset, term, boost in tokens:
            at = positions.get(term)
            if at is None:
                positions[term] = [pos + offset]
                weights[term] = boost
            else:
                at.append(pos + offset)
                weights[term] += boost  # summed in text order, as Whoosh sums them
        pos += span
    return IndexAnalysis(positions, weights, words)


def _analyse_word(word: str) -> _Word:
    """One match of WORD_PATTERN through the real pipeline. The pattern reads the match alone
    exactly as it read it in the text (it has no look-around), so the tokenizer gives the same
    tokens, numbered from 0."""
    analyzer = _analyzer()
    tokens = tuple(
        (token.pos, token.text, token.boost)
        for token in analyzer(word, positions=True, boosts=True, mode="index")
        if not token.stopped
    )
    span = 1 + max(token.pos for token in analyzer.items[0](word, positions=True, mode="index"))
    if len(_words) >= _WORD_CACHE_LIMIT:
        _words.clear()
    _words[word] = analysed = (tokens, span, frozenset(term for _, term, _ in tokens))
    return analysed


def word_terms(word: str) -> frozenset[str]:
    """The index terms of one match of WORD_PATTERN (parts of a compound included), from the
    cache the build fills: snippets and the reader mark the words of a page with them."""
    analysed = _words.get(word)
    if analysed is None:
        analysed = _analyse_word(word)
    return analysed[2]


# A text's whitespace-separated pieces, each with the words WORD_PATTERN reads in it and those
# words' terms. No word crosses white space (WORD_PATTERN has no look-around and matches none),
# so a text's words are its pieces' words in order; a piece recurs far more often than a text
# (``wachtwoord,``), and a C-speed ``str.split`` reads a text four times faster than the regex.
_Piece = tuple[tuple[str, ...], frozenset[str]]
_pieces: dict[str, _Piece] = {}
_term_pieces: dict[str, set[str]] = {}  # term -> the pieces in ``_pieces`` holding it


def _analyse_piece(piece: str) -> _Piece:
    words = tuple(WORD_PATTERN.findall(piece))
    terms = frozenset().union(*(word_terms(word) for word in words))
    if len(_pieces) >= _WORD_CACHE_LIMIT:
        _pieces.clear()
        _term_pieces.clear()
    _pieces[piece] = analysed = (words, terms)
    for term in terms:
        holders = _term_pieces.get(term)
        if holders is None:
            _term_pieces[term] = {piece}
        else:
            holders.add(piece)
    return analysed


# Finding the pieces that hold a query term by intersecting each term's known holders with a
# page's pieces costs a C probe per holder (up to the page's pieces); looking each piece's terms
# up costs a Python step per piece, some four probes. A prefix expands to dozens of terms, most
# of them rare: their holders are few, and intersecting stays cheaper until they are many.
_PROBES_PER_STEP = 4


def words_holding(text: str, terms: frozenset[str]) -> set[str]:
    """The words of ``text`` (matches of WORD_PATTERN) with one of ``terms`` among their index
    terms: what a page's snippets and titles mark, found with set operations, without a
    Python step per word, once the text's pieces are known."""
    return words_holding_each([text], terms)[0]


def words_holding_each(texts: list[str], terms: frozenset[str]) -> list[set[str]]:
    """``words_holding`` for each of ``texts`` (a page's), reading their pieces together: each
    text is then searched for its own few words, not for every word the page holds (a page
    of ten paragraphs and their titles was searched for some fifteen words a text)."""
    each = [set(text.split()) for text in texts]
    pieces = set().union(*each)
    unknown = pieces.difference(_pieces)  # set - dict: probes the dict in C, with the pieces' hashes
    # The known pieces are read before the unknown are analysed, which may clear the cache.
    known_holders = [holders for term in terms if (holders := _term_pieces.get(term))]
    if sum(min(len(holders), len(pieces)) for holders in known_holders) <= _PROBES_PER_STEP * len(pieces):
        found = set().union(*(pieces & holders for holders in known_holders))
    else:
        found = {piece for piece in pieces if (known := _pieces.get(piece)) and not known[1].isdisjoint(terms)}
    holding = {piece: _pieces[piece][0] for piece in found}
    for piece in unknown:
        piece_words, piece_terms = _analyse_piece(piece)
        if not piece_terms.isdisjoint(terms):
            holding[piece] = piece_words
    if not holding:
        return [set() for _ in texts]
    held = {word for words in holding.values() for word in words if not word_terms(word).isdisjoint(terms)}
    return [
        {word for piece in text_pieces.intersection(holding) for word in holding[piece] if word in held}
        for text_pieces in each
    ]


# Single positions whose Positions encoding is kept: most terms occur once in a paragraph, at
# one of its first few hundred positions.
_ONE_POSITION_LIMIT = 4096
_encoded_one: list[bytes] = []


def one_position_encodings(fmt: Format) -> Sequence[bytes]:
    """For Whoosh's ``Positions`` format, ``fmt.encode([pos])`` for every ``pos`` below a
    limit, made once (the same objects every time); empty for another format."""
    if type(fmt) is not Positions:
        return ()
    if not _encoded_one:
        _encoded_one.extend(fmt.encode([pos]) for pos in range(_ONE_POSITION_LIMIT))
    return _encoded_one


def positions_encoder(fmt: Format) -> Callable[[list[int]], bytes]:
    """``fmt.encode``; for Whoosh's ``Positions`` format (the text fields'), a single position
    is answered from a table: the same bytes, without building and pickling a list for every
    term of every paragraph."""
    encode = fmt.encode
    one = one_position_encodings(fmt)
    if not one:
        return encode

    def encoded(positions: list[int]) -> bytes:
        if len(positions) == 1 and positions[0] < _ONE_POSITION_LIMIT:
            return one[positions[0]]
        return encode(positions)

    return encoded
