"""Parse a user's query into a Whoosh query tree: leniently, within bounds, on the Dutch analyzer.

Syntax (documented once, in the README and the API description): words are ANDed;
``"phrases"`` and ``"proximity"~N``; ``OR``; ``-word`` and ``NOT``; ``prefix*`` over the words
as written (so ``minister*`` never becomes ``mini*``); ``title:``, ``source:`` and ``date:``
(see ``date_query``).

Whoosh's own parser does the grammar (``query_parser``, which bounds the structure), on text
``repair`` has made well-formed; the common grammar (words, prefixes, phrases, ``OR``,
exclusions) gets the same tree without it (``query_tree``). On that tree, this module expands
prefixes and wildcards through the surface vocabulary (the most frequent words only), adds
derivational relatives of each word (``ontmoetten`` also finds ``ontmoeting``), and records
phrase gaps left by stop words.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field
from functools import lru_cache

from whoosh import query as wq

from . import analysis, date_query
from .errors import QueryError
from .query_parser import PARSER, SEARCH_FIELDS
from .query_tree import common_tree
from .repair import OPERATORS, normalise
from .validation import check_query_length
from .vocabulary import Vocabulary
from .whoosh_query import GapPhrase, NearPhrase

_WORD = re.compile(r"[^\W\d_][\w'’-]*")  # a word for did-you-mean: it starts with a letter


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
    rewriter = _Rewriter(norm, vocabulary, max_expansions, known_term)
    positions: dict[tuple[int, int], list[int]] = {}
    tree = common_tree(norm, positions)
    if tree is None:
        tree = PARSER.parse(norm).normalize()
    for span, found in positions.items():  # phrases analysed already, for their gaps
        rewriter.phrase_positions(span, found)
    parsed.query = rewriter.rewrite(tree, parsed)
    words = _WORD.findall(date_query.strip(norm))
    parsed.words = [w for w in words if w.upper() not in OPERATORS]
    return parsed


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

    def phrase_positions(self, span: tuple[int, int], positions: list[int]) -> None:
        """The positions ``analysis.query_positions`` gives the text at ``span``, known already."""
        self._memo[("positions", *span)] = positions

    def rewrite(self, node: wq.Query, parsed: ParsedQuery | None) -> wq.Query:
        kind = type(node)  # the common nodes first, by their exact type; subclasses below
        if kind is wq.Term:
            return self._term(node, parsed)
        if kind is wq.Or or kind is wq.And:
            return kind([self.rewrite(q, parsed) for q in node.subqueries], boost=node.boost)
        if kind is wq.Phrase:
            return self._gap_phrase(node, parsed)
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
        if isinstance(node, wq.Term):
            return self._term(node, parsed)
        return node

    def _term(self, node: wq.Term, parsed: ParsedQuery | None) -> wq.Query:
        """A word of a text field, with its derivations (ranked below the word's own forms)."""
        fieldname, text = node.fieldname, node.text
        if fieldname not in SEARCH_FIELDS:
            return node
        if parsed is not None:
            parsed.highlight_terms.add(text)
        known_term = self.known_term
        related = [t for t in related_terms(text) if t != text and (known_term is None or known_term(fieldname, t))]
        if not related:
            return node
        if parsed is not None:
            parsed.highlight_terms.update(related)
        # Derivations weigh less than the word's own forms, so those rank first.
        boost = node.boost * analysis.RELATED_BOOST
        return wq.Or([node, *(wq.Term(fieldname, t, boost=boost) for t in related)])

    def _pattern(self, node: wq.Prefix | wq.Wildcard, parsed: ParsedQuery | None) -> wq.Query:
        is_prefix, text = isinstance(node, wq.Prefix), node.text
        base, related, truncated = self._once(("pattern", text, is_prefix), lambda: self._expanded(text, is_prefix))
        if related:
            known_term = self.known_term
            terms = base | {t for t in related if known_term is None or known_term(node.fieldname, t)}
            ordered = sorted(terms)
        else:  # the same terms in every field: sorted once
            terms = base
            ordered = self._once(("sorted", text, is_prefix), lambda: sorted(base))
        if parsed is not None:
            parsed.truncated |= truncated
            parsed.highlight_terms.update(terms)
        if not terms:
            return wq.NullQuery
        fieldname, boost = node.fieldname, node.boost  # fifty terms a field: positional is quicker
        return wq.Or([wq.Term(fieldname, t, boost) for t in ordered])

    def _expanded(self, text: str, is_prefix: bool) -> tuple[frozenset[str], tuple[str, ...], bool]:
        """(terms, derivations, truncated): the terms of a pattern's words, the same in every
        field; and for a whole word typed as a prefix, which finds at least what the word finds
        after Enter, that word's terms too, and its derivations, which each field checks."""
        expanded, truncated = expand_pattern(text, self.vocabulary, self.max_expansions, is_prefix=is_prefix)
        related: list[str] = []
        if is_prefix and self.vocabulary.count(text):
            for term in query_word_terms(text):
                expanded.add(term)
                related += related_terms(term)
        return frozenset(expanded), tuple(related), truncated

    def _gap_phrase(self, node: wq.Phrase, parsed: ParsedQuery | None) -> wq.Query:
        """A phrase keeps the gaps its stop words leave: "minister van onderwijs" matches the
        three words in sequence, with any one word where "van" stands."""
        words = node.words
        if parsed is not None:
            parsed.highlight_terms.update(words)
        if len(words) == 1:
            return wq.Term(node.fieldname, words[0], boost=node.boost)
        ranges = node.char_ranges or []
        span = (ranges[0][0], ranges[-1][1]) if ranges else (None, None)
        offsets = self._once(("offsets", len(words), *span), lambda: self._offsets(len(words), *span))
        phrase = (tuple(words), offsets)
        if parsed is not None and node.slop <= 1 and phrase not in parsed.phrases:
            parsed.phrases.append(phrase)
        fieldname, boost = node.fieldname, node.boost
        if node.slop > 1:  # "trump kim"~5
            return NearPhrase(fieldname, words, list(offsets), slop=node.slop, boost=boost, char_ranges=ranges)
        gap = max(b - a for a, b in zip(offsets, offsets[1:], strict=False))
        return GapPhrase(fieldname, words, list(offsets), slop=gap, boost=boost, char_ranges=ranges)

    def _offsets(self, n_words: int, start: int | None, end: int | None) -> tuple[int, ...]:
        """Each word's place after the first: the analysis of the text from the first word to the
        last says where stop words stand (the same for every field's copy of a phrase)."""
        if start is not None:
            positions = self._once(("positions", start, end), lambda: analysis.query_positions(self.text[start:end]))
            if len(positions) == n_words:
                return tuple(p - positions[0] for p in positions)
        return tuple(range(n_words))


def expand_pattern(pattern: str, vocabulary: Vocabulary, limit: int, *, is_prefix: bool) -> tuple[set[str], bool]:
    """Index terms of the ``limit`` most frequent surface words matching a prefix or wildcard."""
    literal = re.split(r"[*?]", pattern, maxsplit=1)[0]
    if not literal:
        raise QueryError(f"'{pattern}': a wildcard needs at least one letter before * or ?.")
    if is_prefix:
        words = vocabulary.most_frequent_keys(literal, limit + 1)
    else:
        regex = re.compile(fnmatch.translate(pattern))
        lo, hi = vocabulary.prefix_range(literal)
        if hi - lo > 200_000:
            raise QueryError(f"'{pattern}' matches too many words; type more letters before the wildcard.")
        matching = [i for i in range(lo, hi) if regex.match(vocabulary.keys[i].decode())]
        matching.sort(key=lambda i: -int(vocabulary.counts[i]))
        words = [vocabulary.keys[i].decode() for i in matching[: limit + 1]]
    truncated = len(words) > limit
    terms: set[str] = set()
    for folded in words[:limit]:
        terms.update(query_word_terms(folded))
    return terms, truncated


@lru_cache(maxsize=20_000)  # the words people type, not the vocabulary: a bounded few
def related_terms(term: str) -> tuple[str, ...]:
    """``analysis.related_terms`` of a query term, worked out once: the lexicon, lemma and stem
    lookups behind it cost more than the rest of a word's rewrite."""
    return tuple(analysis.related_terms(term))


@lru_cache(maxsize=200_000)
def query_word_terms(word: str) -> tuple[str, ...]:
    """Query terms of one word; as-you-type expands the same words keystroke after keystroke,
    and the answer names the query's words that have none (stop words)."""
    return tuple(analysis.query_terms(word))
