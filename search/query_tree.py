"""The tree Whoosh's parser builds for the common grammar, built without it.

Most queries are a few words typed a keystroke at a time, a phrase, an ``OR``, a prefix or an
exclusion; for those, the parser's tagging, grouping and repeated ``normalize()`` cost several
times the words' own analysis. Each word is still turned into terms by the parser's own
``term_query`` and a phrase by its analyzer, so the tree is the parser's (``tests/
test_query_fuzz.py`` holds the two equal); anything else is left to the parser (None).
"""

from __future__ import annotations

import re
from functools import lru_cache

from whoosh import query as wq

from .analysis import dutch_analyzer
from .query_parser import MAX_CLAUSES, MAX_PATTERNS, PARSER, SEARCH_FIELDS
from .repair import OPERATORS

_WORD = r"[^\W_]+(?:[-'’][^\W_]+)*"
_PLAIN = re.compile(rf"{_WORD}(?: {_WORD})*\*?")
# An item of the common grammar: a word, a prefix or a phrase of words, perhaps excluded (-).
_ITEM = rf'-?(?:"{_WORD}(?: {_WORD})*"|{_WORD}\*?)'
_COMMON = re.compile(rf"{_ITEM}(?: {_ITEM})*")
_ITEMS = re.compile(rf'(?P<minus>-?)(?:"(?P<phrase>{_WORD}(?: {_WORD})*)"|(?P<word>{_WORD})(?P<star>\*?))')
_SCHEMA = PARSER.schema
# One analysis of a word serves every text field when they analyse alike (they share the
# schema's analyzer); otherwise each field's term_query runs on its own.
SAME_ANALYSIS = all(
    type(_SCHEMA[f]) is type(_SCHEMA[SEARCH_FIELDS[0]])
    and _SCHEMA[f].analyzer is _SCHEMA[SEARCH_FIELDS[0]].analyzer
    and _SCHEMA[f].multitoken_query == _SCHEMA[SEARCH_FIELDS[0]].multitoken_query
    for f in SEARCH_FIELDS
)
# A phrase's analysis in the fields also gives the positions the query side works its gaps out
# from (``analysis.query_positions``) when the fields analyse as queries are analysed.
SAME_AS_QUERIES = SAME_ANALYSIS and _SCHEMA[SEARCH_FIELDS[0]].analyzer == dutch_analyzer()
Positions = dict[tuple[int, int], list[int]]


def common_tree(norm: str, positions: Positions | None = None) -> wq.Query | None:
    """The tree Whoosh's parser builds for the common grammar, built without it; None for
    anything else.

    Most queries are a few words, typed a keystroke at a time, a phrase, an ``OR``, a prefix
    (``onderw*``) or an exclusion (``-provincie``, ``NOT map``); the parser's tagging, grouping
    and double normalize cost several times the words' own analysis. Each word is still turned
    into terms by the parser's ``term_query``, and a phrase by its analyzer, so the tree is the
    parser's (tests hold the two equal, phrases' character ranges included). Whatever the parser
    reads in a way of its own (fields, brackets, ``AND``, an operator next to an exclusion,
    several exclusions alone) or refuses (too many words or wildcards), it still parses.

    ``positions``, when given, gets each phrase's term positions (by its span in ``norm``) as
    ``analysis.query_positions`` gives them, so the phrase is analysed once.
    """
    words = norm.split(" ")
    if _PLAIN.fullmatch(norm) and not any(word.rstrip("*") in OPERATORS for word in words):
        if len(words) > MAX_CLAUSES:
            return None  # the parser refuses it
        return _joined(wq.And, [_word_query(word.rstrip("*"), word.endswith("*")) for word in words])
    if not _COMMON.fullmatch(norm):
        return None
    tokens = list(_ITEMS.finditer(norm))
    n_fields = len(SEARCH_FIELDS)
    items = [t for t in tokens if t["word"] not in OPERATORS]
    patterns = sum(1 for t in items if t["star"])
    # The parser counts each field's copy of a word (see _walk): leave the limits to it.
    if len(items) * n_fields > MAX_CLAUSES or patterns * n_fields > MAX_PATTERNS:
        return None
    kept: list[wq.Query] = []  # ANDed: words, phrases, OR-chains and NOT-words, in order
    banned: list[wq.Query] = []  # -word
    i = 0
    while i < len(tokens):
        token = tokens[i]
        word = token["word"]
        if word in OPERATORS:
            if word != "NOT" or token["minus"] or token["star"]:
                return None
            # NOT word, with no operator or exclusion on either side
            after = tokens[i + 1] if i + 1 < len(tokens) else None
            if after is None or after["minus"] or after["word"] in OPERATORS:
                return None
            if i + 2 < len(tokens) and tokens[i + 2]["word"] == "OR":
                return None
            excluded = _item_query(after, positions)
            kept.append(wq.NullQuery if excluded is wq.NullQuery else wq.Not(excluded))
            i += 2
            continue
        if token["minus"]:
            if i + 1 < len(tokens) and tokens[i + 1]["word"] in OPERATORS:
                return None
            banned.append(_item_query(token, positions))
            i += 1
            continue
        chain = [_item_query(token, positions)]
        i += 1
        while i < len(tokens) and tokens[i]["word"] == "OR" and not tokens[i]["minus"] and not tokens[i]["star"]:
            if i + 1 >= len(tokens) or tokens[i + 1]["minus"] or tokens[i + 1]["word"] in OPERATORS:
                return None
            chain.append(_item_query(tokens[i + 1], positions))
            i += 2
        if i < len(tokens) and tokens[i]["word"] in OPERATORS and tokens[i]["word"] != "NOT":
            return None  # AND, ANDNOT, ANDMAYBE, or an OR the loop refused
        kept.append(_joined(wq.Or, chain))
    if not kept:
        return None  # "-a -b": the parser keeps only the first
    tree = _joined(wq.And, kept)
    excluded = _joined(wq.Or, banned)
    if tree is wq.NullQuery or excluded is wq.NullQuery:
        return tree  # as AndNot.normalize() has it
    return wq.AndNot(tree, excluded)


# Up to this many queries are told apart by ==, which stops at the first field or word that
# differs; more are hashed, so that a hundred words are not compared pair by pair.
_FEW = 8


def _joined(cls: type[wq.compound.CompoundQuery], queries: list[wq.Query]) -> wq.Query:
    """``cls(queries).normalize()`` for queries that are normal already, without walking them
    again: normalize() re-normalized, hashed and deep-copied (``with_boost``) every term of a
    tree at every level, which cost more than building it."""
    merged: list[wq.Query] = []
    for q in queries:
        if isinstance(q, cls):  # merged in, as normalize() merges a nested group of its kind
            merged += q.subqueries if q.boost == 1.0 else [sub.with_boost(sub.boost * q.boost) for sub in q]
        else:
            merged.append(q)
    unique: list[wq.Query] = []
    if len(merged) <= _FEW:  # compared, not hashed: a hash walks every term of a subtree
        for q in merged:
            if q is not wq.NullQuery and q not in unique:
                unique.append(q)
    else:
        seen: set[wq.Query] = set()
        for q in merged:
            if q is not wq.NullQuery and q not in seen:
                seen.add(q)
                unique.append(q)
    if not unique:
        return wq.NullQuery
    if len(unique) == 1:
        return unique[0]
    return cls(unique)


def _in_every_field(queries: list[wq.Query]) -> wq.Query:
    """``_joined(wq.Or, queries)`` for one normal query a field: they differ by field, so there
    are no repeats to look for (hashing phrases to find none cost a tenth of a phrase's parse)."""
    kept = [q for q in queries if q is not wq.NullQuery]
    if len(kept) > 1:
        return wq.Or(kept)
    return kept[0] if kept else wq.NullQuery


def _item_query(token: re.Match, positions: Positions | None) -> wq.Query:
    """The query of one word, prefix or phrase of the common grammar, over every text field."""
    if token["phrase"] is not None:
        return _phrase_query(token["phrase"], token.start("phrase"), positions)
    return _word_query(token["word"], bool(token["star"]))


def _word_query(word: str, is_prefix: bool) -> wq.Query:
    """What the parser's multifield group makes of one word: the word in each text field."""
    if not SAME_ANALYSIS:
        termclass = wq.Prefix if is_prefix else wq.Term
        per_field = [PARSER.term_query(f, word, termclass) for f in SEARCH_FIELDS]
        return _in_every_field([q.normalize() for q in per_field if q is not None])
    analysed = _analysed_word(word, is_prefix)
    if analysed is None:  # a stop word
        return wq.NullQuery
    return _in_every_field([_in_field(analysed, f) for f in SEARCH_FIELDS])


@lru_cache(maxsize=20_000)  # words people type, not the vocabulary: a bounded few
def _analysed_word(word: str, is_prefix: bool) -> wq.Query | None:
    """The parser's ``term_query`` for a word in the first text field, normalized: a word is
    analysed once, however often it is typed (keystroke after keystroke), and each field gets
    its own copy (``_in_field``), so the cached query is never handed out."""
    q = PARSER.term_query(SEARCH_FIELDS[0], word, wq.Prefix if is_prefix else wq.Term)
    return None if q is None else q.normalize()


def _in_field(q: wq.Query, fieldname: str) -> wq.Query:
    """``term_query``'s answer for one field, for another field that analyses alike."""
    if isinstance(q, wq.compound.CompoundQuery):  # a word the analyzer splits: its terms ANDed
        return type(q)([_in_field(sub, fieldname) for sub in q.subqueries], boost=q.boost)
    return type(q)(fieldname, q.text, boost=q.boost)


def _phrase_query(text: str, start: int, positions: Positions | None) -> wq.Query:
    """What the parser's phrase plugin makes of ``"text"`` (starting at ``start``), per field."""
    analysed: list[tuple[list[str], list[tuple[int, int]]]] = []
    for f in SEARCH_FIELDS:
        if analysed and SAME_ANALYSIS:
            words, ranges = analysed[0]
        else:
            tokens = _SCHEMA[f].tokenize(text, mode="query", chars=True, positions=True)
            words, ranges, places = [], [], []
            for t in tokens:
                words.append(t.text)
                ranges.append((start + t.startchar, start + t.endchar))
                places.append(t.pos)
            # The query side analyses the text from the first term to the last: the same text
            # when the phrase starts and ends with a term (not a stop word).
            span = (start, start + len(text))
            if positions is not None and SAME_AS_QUERIES and ranges and (ranges[0][0], ranges[-1][1]) == span:
                positions[span] = places
        analysed.append((words, ranges))
    phrases = [
        _phrase(f, list(words), list(ranges)) for f, (words, ranges) in zip(SEARCH_FIELDS, analysed, strict=True)
    ]
    return _in_every_field(phrases)


def _phrase(fieldname: str, words: list[str], ranges: list[tuple[int, int]]) -> wq.Query:
    """``Phrase(...).normalize()``: of two words or more, a phrase as it is (no word is None)."""
    phrase = wq.Phrase(fieldname, words, slop=1, char_ranges=ranges)
    return phrase if len(words) > 1 else phrase.normalize()
