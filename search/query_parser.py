"""Whoosh's query parser as Zoeklicht reads queries: the plugins it keeps and drops, and the
bounds on what it may build (depth, clauses, wildcards), checked while it parses, so that any
query within the length limit is parsed in bounded time. The fields a user may name are
declared here; ``query_tree`` builds the same trees without it for the common grammar.
"""

from __future__ import annotations

from whoosh import query as wq
from whoosh.qparser import MultifieldPlugin, QueryParser, syntax
from whoosh.qparser import plugins as qplugins

from . import analysis, date_query
from .errors import QueryError
from .schema import TEXT_FIELDS, build_schema
from .whoosh_query import BINARY_ONCE, PlusMinus

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


PARSER = _make_parser()
