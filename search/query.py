"""Parse a user's query into a Whoosh query tree: leniently, within bounds, on the Dutch analyzer.

Syntax (documented once, in the README and the API description): words are ANDed;
``"phrases"`` and ``"proximity"~N``; ``OR``; ``-word`` and ``NOT``; ``prefix*`` over the words
as written (so ``minister*`` never becomes ``mini*``); ``title:``, ``source:`` and ``date:``
(see ``date_query``).

Whoosh's own parser does the grammar, on text ``repair`` has made well-formed. Around it, this
module bounds the structure, skips the parser for the common grammar (words, prefixes, phrases,
``OR``, exclusions), expands prefixes and wildcards through the surface vocabulary (the most
frequent words only), adds derivational relatives of each word (``ontmoetten`` also finds
``ontmoeting``), and records phrase gaps left by stop words.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field
from functools import lru_cache

from whoosh import query as wq
from whoosh.qparser import MultifieldPlugin, QueryParser, syntax
from whoosh.qparser import plugins as qplugins

from . import analysis, date_query
from .errors import QueryError
from .repair import OPERATORS, normalise
from .schema import TEXT_FIELDS, build_schema
from .validation import check_query_length
from .vocabulary import Vocabulary
from .whoosh_query import BINARY_ONCE, GapPhrase, NearPhrase, PlusMinus

SEARCH_FIELDS = TEXT_FIELDS
# Fields a user may name: the text fields, ``source:`` and ``article:`` (an id, as links use it).
# Every other schema field is stored for display only, and naming it is a 400 that says so.
USER_FIELDS = (*TEXT_FIELDS, "source", date_query.FIELD, "article")
# Bounds on the parsed structure, so that any query within the length limit is parsed, expanded
# and matched in bounded time: brackets nested deeper, or more words, phrases and patterns than
# this, are refused with a message instead of being worked through.
MAX_DEPTH = 32
MAX_CLAUSES = 100
MAX_PATTERNS = 16  # prefixes and wildcards, each expanding to up to max_expansions words


@dataclass
class ParsedQuery:
    text: str  # the normalised query string that was parsed
    query: wq.Query  # Whoosh query over index terms; prefixes already expanded
    highlight_terms: set[str] = field(default_factory=set)  # index terms to mark in snippets
    words: list[str] = field(default_factory=list)  # plain words, for did-you-mean
    truncated: bool = False  # a prefix matched more words than the expansion bound
    # exact phrases, marked as one span and shown as one KWIC match: (index terms, offsets from
    # the first word); the words of a proximity search ("a b"~5) stand alone
    phrases: list[tuple[tuple[str, ...], tuple[int, ...]]] = field(default_factory=list)


class _Parser(QueryParser):
    """Prefix and wildcard text stays as typed (lower-cased, folded), not lemmatised."""

    def term_query(self, fieldname, text, termclass, boost=1.0, tokenize=True, removestops=True):
        if termclass in (wq.Prefix, wq.Wildcard) and fieldname in SEARCH_FIELDS:
            return termclass(fieldname, analysis.fold(text.lower().replace("’", "'")), boost=boost)
        if fieldname == "source":
            return wq.Term("source", text, boost=boost)
        if fieldname == date_query.FIELD:  # date:2019, date:2018-06_2019 (see date_query.rewrite)
            return date_query.date_query(text.rstrip("*"))
        return super().term_query(fieldname, text, termclass, boost, tokenize, removestops)


class _BoundsPlugin(qplugins.Plugin):
    """Runs last over the syntax tree: refuses stored-only fields and oversized structures, and
    swaps in binary groups that build their query once (``whoosh_query.QueryOnce``)."""

    def filters(self, parser):
        return [(self.check, 10_000)]

    def check(self, parser, group):
        counts = {"clauses": 0, "patterns": 0}
        _walk(group, 0, counts)
        return group


def _walk(node, depth: int, counts: dict[str, int]) -> None:
    fieldname = getattr(node, "fieldname", None)
    if fieldname is not None and fieldname not in USER_FIELDS:
        raise QueryError(
            f"The field '{fieldname}' cannot be searched; you can search "
            + ", ".join(f"{f}:" for f in USER_FIELDS[:-1])
            + "."
        )
    if not node.has_text and not isinstance(node, syntax.GroupNode):
        return
    if isinstance(node, syntax.GroupNode):
        if depth > MAX_DEPTH:
            raise QueryError(f"The query nests brackets or operators more than {MAX_DEPTH} deep; simplify it.")
        if type(node) in BINARY_ONCE:
            node.__class__ = BINARY_ONCE[type(node)]
        for child in node.nodes:
            _walk(child, depth + 1, counts)
        return
    counts["clauses"] += 1
    if counts["clauses"] > MAX_CLAUSES:
        raise QueryError(f"The query has more than {MAX_CLAUSES} words and phrases; the limit is {MAX_CLAUSES}.")
    if isinstance(node, (qplugins.WildcardPlugin.WildcardNode, qplugins.PrefixPlugin.PrefixNode)):
        counts["patterns"] += 1
        if counts["patterns"] > MAX_PATTERNS:
            raise QueryError(f"The query has more than {MAX_PATTERNS} wildcards; the limit is {MAX_PATTERNS}.")


def _make_parser() -> _Parser:
    parser = _Parser(None, build_schema())
    parser.add_plugin(_BoundsPlugin())
    parser.add_plugin(MultifieldPlugin(list(SEARCH_FIELDS)))
    for plugin in (
        qplugins.SingleQuotePlugin,  # apostrophes are Dutch text ('s-Hertogenbosch, 't)
        qplugins.RangePlugin,
        qplugins.BoostPlugin,
        qplugins.EveryPlugin,
    ):
        parser.remove_plugin_class(plugin)
    # "-word" excludes; a hyphen inside a word (Noord-Korea) is part of the word.
    parser.add_plugin(PlusMinus(plusexpr=r"(?<![^\s(])\+(?=[^\s+])", minusexpr=r"(?<![^\s(])-(?=[^\s-])"))
    return parser


_PARSER = _make_parser()


def parse(
    text: str,
    vocabulary: Vocabulary,
    *,
    prefix_last: bool = False,
    max_chars: int = 500,
    max_expansions: int = 50,
    known_term=None,
) -> ParsedQuery:
    """Parse ``text``; raises QueryError with a message meant for the person who typed it.

    ``known_term(field, term) -> bool`` lets related-word expansion skip terms the index lacks.
    The parse is bounded by MAX_DEPTH, MAX_CLAUSES and MAX_PATTERNS, so it fits in any request's
    time limit; matching checks the limit itself (``Matcher.evaluate``).
    """
    check_query_length(text, max_chars)
    norm = normalise(date_query.rewrite(text), prefix_last=prefix_last)
    if not norm.strip():
        if text.strip():
            raise QueryError("The query has no words to search for.")
        return ParsedQuery(text="", query=wq.Every())
    parsed = ParsedQuery(text=norm, query=wq.NullQuery)
    # Normalise the small parsed tree, not the expanded one: copying fifty-word expansions
    # through Whoosh's normalize() cost more than matching them.
    tree = _common_tree(norm)
    if tree is None:
        tree = _PARSER.parse(norm).normalize()
    parsed.query = _Rewriter(norm, vocabulary, max_expansions, known_term).rewrite(tree, parsed)
    words = re.findall(r"[^\W\d_][\w'’-]*", date_query.strip(norm))
    parsed.words = [w for w in words if w.upper() not in OPERATORS]
    return parsed


_WORD = r"[^\W_]+(?:[-'’][^\W_]+)*"
_PLAIN = re.compile(rf"{_WORD}(?: {_WORD})*\*?")
# An item of the common grammar: a word, a prefix or a phrase of words, perhaps excluded (-).
_ITEM = rf'-?(?:"{_WORD}(?: {_WORD})*"|{_WORD}\*?)'
_COMMON = re.compile(rf"{_ITEM}(?: {_ITEM})*")
_ITEMS = re.compile(rf'(?P<minus>-?)(?:"(?P<phrase>{_WORD}(?: {_WORD})*)"|(?P<word>{_WORD})(?P<star>\*?))')
_SCHEMA = _PARSER.schema
# One analysis of a word serves every text field when they analyse alike (they share the
# schema's analyzer); otherwise each field's term_query runs on its own.
_SAME_ANALYSIS = all(
    type(_SCHEMA[f]) is type(_SCHEMA[SEARCH_FIELDS[0]])
    and _SCHEMA[f].analyzer is _SCHEMA[SEARCH_FIELDS[0]].analyzer
    and _SCHEMA[f].multitoken_query == _SCHEMA[SEARCH_FIELDS[0]].multitoken_query
    for f in SEARCH_FIELDS
)


def _common_tree(norm: str) -> wq.Query | None:
    """The tree Whoosh's parser builds for the common grammar, built without it; None for
    anything else.

    Most queries are a few words, typed a keystroke at a time, a phrase, an ``OR``, a prefix
    (``onderw*``) or an exclusion (``-provincie``, ``NOT map``); the parser's tagging, grouping
    and double normalize cost several times the words' own analysis. Each word is still turned
    into terms by the parser's ``term_query``, and a phrase by its analyzer, so the tree is the
    parser's (tests hold the two equal, phrases' character ranges included). Whatever the parser
    reads in a way of its own (fields, brackets, ``AND``, an operator next to an exclusion,
    several exclusions alone) or refuses (too many words or wildcards), it still parses.
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
            excluded = _item_query(after)
            kept.append(wq.NullQuery if excluded is wq.NullQuery else wq.Not(excluded))
            i += 2
            continue
        if token["minus"]:
            if i + 1 < len(tokens) and tokens[i + 1]["word"] in OPERATORS:
                return None
            banned.append(_item_query(token))
            i += 1
            continue
        chain = [_item_query(token)]
        i += 1
        while i < len(tokens) and tokens[i]["word"] == "OR" and not tokens[i]["minus"] and not tokens[i]["star"]:
            if i + 1 >= len(tokens) or tokens[i + 1]["minus"] or tokens[i + 1]["word"] in OPERATORS:
                return None
            chain.append(_item_query(tokens[i + 1]))
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


def _item_query(token: re.Match) -> wq.Query:
    """The query of one word, prefix or phrase of the common grammar, over every text field."""
    if token["phrase"] is not None:
        return _phrase_query(token["phrase"], token.start("phrase"))
    return _word_query(token["word"], bool(token["star"]))


def _word_query(word: str, is_prefix: bool) -> wq.Query:
    """What the parser's multifield group makes of one word: the word in each text field."""
    if not _SAME_ANALYSIS:
        termclass = wq.Prefix if is_prefix else wq.Term
        per_field = [_PARSER.term_query(f, word, termclass) for f in SEARCH_FIELDS]
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
    q = _PARSER.term_query(SEARCH_FIELDS[0], word, wq.Prefix if is_prefix else wq.Term)
    return None if q is None else q.normalize()


def _in_field(q: wq.Query, fieldname: str) -> wq.Query:
    """``term_query``'s answer for one field, for another field that analyses alike."""
    if isinstance(q, wq.compound.CompoundQuery):  # a word the analyzer splits: its terms ANDed
        return type(q)([_in_field(sub, fieldname) for sub in q.subqueries], boost=q.boost)
    return type(q)(fieldname, q.text, boost=q.boost)


def _phrase_query(text: str, start: int) -> wq.Query:
    """What the parser's phrase plugin makes of ``"text"`` (starting at ``start``), per field."""
    analysed: list[tuple[list[str], list[tuple[int, int]]]] = []
    for f in SEARCH_FIELDS:
        if analysed and _SAME_ANALYSIS:
            words, ranges = analysed[0]
        else:
            tokens = _SCHEMA[f].tokenize(text, mode="query", chars=True)
            words, ranges = [], []
            for t in tokens:
                words.append(t.text)
                ranges.append((start + t.startchar, start + t.endchar))
        analysed.append((words, ranges))
    phrases = [
        wq.Phrase(f, list(words), slop=1, char_ranges=list(ranges)).normalize()
        for f, (words, ranges) in zip(SEARCH_FIELDS, analysed, strict=True)
    ]
    return _in_every_field(phrases)


_ANALYZER = analysis.dutch_analyzer()  # building the pipeline costs more than analysing a phrase


class _Rewriter:
    """Expands a parsed tree into index terms: prefixes and wildcards through the vocabulary,
    words with their relatives, phrases with their gaps.

    Every text field holds its own copy of each word, so what a word, a pattern or a phrase
    expands to is worked out once per parse (``_once``) and each field only checks which of
    its terms that field has indexed.
    """

    def __init__(self, text: str, vocabulary: Vocabulary, max_expansions: int, known_term) -> None:
        self.text = text
        self.vocabulary = vocabulary
        self.max_expansions = max_expansions
        self.known_term = known_term
        self._memo: dict[tuple, object] = {}

    def _once(self, key: tuple, make):
        try:
            return self._memo[key]
        except KeyError:
            value = self._memo[key] = make()
            return value

    def rewrite(self, node: wq.Query, parsed: ParsedQuery | None) -> wq.Query:
        if isinstance(node, wq.Not):
            return wq.Not(self.rewrite(node.query, None))
        if isinstance(node, wq.AndNot):
            return wq.AndNot(self.rewrite(node.a, parsed), self.rewrite(node.b, None))
        if isinstance(node, wq.BinaryQuery):  # AndMaybe, Require, Otherwise
            return type(node)(self.rewrite(node.a, parsed), self.rewrite(node.b, parsed))
        if isinstance(node, wq.compound.CompoundQuery):
            return type(node)([self.rewrite(q, parsed) for q in node.subqueries], boost=node.boost)
        if isinstance(node, (wq.Prefix, wq.Wildcard)):
            return self._pattern(node, parsed)
        if isinstance(node, wq.Phrase):
            return self._gap_phrase(node, parsed)
        if isinstance(node, wq.Term) and node.fieldname in SEARCH_FIELDS:
            if parsed is not None:
                parsed.highlight_terms.add(node.text)
            related = [t for t in self._related(node.text, node.fieldname) if t != node.text]
            if related:
                if parsed is not None:
                    parsed.highlight_terms.update(related)
                # Derivations weigh less than the word's own forms, so those rank first.
                boost = node.boost * analysis.RELATED_BOOST
                return wq.Or([node, *(wq.Term(node.fieldname, t, boost=boost) for t in related)])
        return node

    def _pattern(self, node: wq.Prefix | wq.Wildcard, parsed: ParsedQuery | None) -> wq.Query:
        is_prefix = isinstance(node, wq.Prefix)
        expanded, truncated = self._once(
            ("pattern", node.text, is_prefix),
            lambda: expand_pattern(node.text, self.vocabulary, self.max_expansions, is_prefix=is_prefix),
        )
        terms = set(expanded)
        if is_prefix and self._once(("count", node.text), lambda: self.vocabulary.count(node.text)):
            # A whole word typed as a prefix finds at least what the word finds after Enter.
            for term in query_word_terms(node.text):
                terms.add(term)
                terms.update(self._related(term, node.fieldname))
        if parsed is not None:
            parsed.truncated |= truncated
            parsed.highlight_terms.update(terms)
        if not terms:
            return wq.NullQuery
        fieldname, boost = node.fieldname, node.boost  # fifty terms a field: positional is quicker
        return wq.Or([wq.Term(fieldname, t, boost) for t in sorted(terms)])

    def _related(self, term: str, fieldname: str) -> list[str]:
        """Derivational relatives of a term (ontmoeten: ontmoeting) that this field has indexed."""
        related = self._once(("related", term), lambda: analysis.related_terms(term))
        known_term = self.known_term
        return [t for t in related if known_term is None or known_term(fieldname, t)]

    def _gap_phrase(self, node: wq.Phrase, parsed: ParsedQuery | None) -> wq.Query:
        """A phrase keeps the gaps its stop words leave: "minister van onderwijs" matches the
        three words in sequence, with any one word where "van" stands."""
        if parsed is not None:
            parsed.highlight_terms.update(node.words)
        ranges = node.char_ranges or []
        offsets = list(range(len(node.words)))
        if ranges and ranges[0][0] is not None:
            start, end = ranges[0][0], ranges[-1][1]
            positions = self._once(("positions", start, end), lambda: self._positions(self.text[start:end]))
            if len(positions) == len(node.words):
                offsets = [p - positions[0] for p in positions]
        if len(node.words) == 1:
            return wq.Term(node.fieldname, node.words[0], boost=node.boost)
        if parsed is not None and node.slop <= 1 and (tuple(node.words), tuple(offsets)) not in parsed.phrases:
            parsed.phrases.append((tuple(node.words), tuple(offsets)))
        gaps = [b - a for a, b in zip(offsets, offsets[1:], strict=False)]
        if node.slop > 1:  # "trump kim"~5
            return NearPhrase(node.fieldname, node.words, offsets, slop=node.slop, boost=node.boost, char_ranges=ranges)
        return GapPhrase(node.fieldname, node.words, offsets, slop=max(gaps), boost=node.boost, char_ranges=ranges)

    @staticmethod
    def _positions(text: str) -> list[int]:
        return [t.pos for t in _ANALYZER(text, positions=True, mode="query")]


def expand_pattern(pattern: str, vocabulary: Vocabulary, limit: int, *, is_prefix: bool) -> tuple[set[str], bool]:
    """Index terms of the ``limit`` most frequent surface words matching a prefix or wildcard."""
    literal = re.split(r"[*?]", pattern, maxsplit=1)[0]
    if not literal:
        raise QueryError(f"'{pattern}': a wildcard needs at least one letter before * or ?.")
    if is_prefix:
        words = vocabulary.most_frequent(literal, limit + 1)
    else:
        regex = re.compile(fnmatch.translate(pattern))
        lo, hi = vocabulary.prefix_range(literal)
        if hi - lo > 200_000:
            raise QueryError(f"'{pattern}' matches too many words; type more letters before the wildcard.")
        matching = [i for i in range(lo, hi) if regex.match(vocabulary.keys[i].decode())]
        matching.sort(key=lambda i: -int(vocabulary.counts[i]))
        words = [
            (vocabulary.keys[i].decode(), vocabulary.shown[i].decode(), int(vocabulary.counts[i]))
            for i in matching[: limit + 1]
        ]
    truncated = len(words) > limit
    terms: set[str] = set()
    for folded, _shown, _count in words[:limit]:
        terms.update(query_word_terms(folded))
    return terms, truncated


@lru_cache(maxsize=200_000)
def query_word_terms(word: str) -> tuple[str, ...]:
    """Query terms of one word; as-you-type expands the same words keystroke after keystroke,
    and the answer names the query's words that have none (stop words)."""
    return tuple(analysis.query_terms(word))
