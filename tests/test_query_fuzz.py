"""Whatever people type, the engine answers or says why not: no other exception escapes."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.queries import QUERIES
from search import date_query, query, query_parser, query_tree, repair
from search.config import Config
from search.engine import Engine
from search.errors import QueryError
from search.indexer import rebuild
from search.repair import normalise
from search.results import SearchRequest
from search.whoosh_query import GapPhrase
from tests.whoosh_reference import fast_matches, whoosh_matches

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
PIECES = [
    "kim", "trump", "ontmoeting", "bolton", "AND", "OR", "NOT", "title:", "source:", "(", ")", '"', "-", "+",
    "*", "?", " ", "'s-", "’", "é", "ï", "\\", "/", ":", "^", "~", "[", "]", "{", "}", "TO", "7", "\t",
]  # fmt: skip


@pytest.fixture(scope="module")
def engine(tmp_path_factory) -> Engine:
    config = Config(index_dir=tmp_path_factory.mktemp("fuzz") / "index")
    rebuild(config, [SEEDS])
    return Engine(config)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pieces=st.lists(st.sampled_from(PIECES), max_size=12), prefix=st.booleans())
def test_query_syntax_soup_never_crashes(engine, pieces, prefix):
    query = "".join(pieces)
    try:
        result = engine.search(SearchRequest(q=query, prefix=prefix))
    except QueryError as exc:
        assert str(exc)
    else:  # a page holds the best paragraph of each of the first ten articles found
        assert len(result.hits) == min(result.total_articles, 10)
        assert len({h.article_id for h in result.hits}) == len(result.hits)
        assert result.total_paragraphs == len(fast_matches(engine, query, prefix))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(max_size=60))
def test_any_text_never_crashes(engine, query):
    try:
        engine.search(SearchRequest(q=query, prefix=True))
        engine.suggest(query)
    except QueryError as exc:
        assert str(exc)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pieces=st.lists(st.sampled_from(PIECES[:12] + ["-", "(", ")"]), min_size=1, max_size=8))
def test_fast_path_agrees_with_whoosh_on_generated_queries(engine, pieces):
    query = " ".join(pieces)
    try:
        fast = fast_matches(engine, query)
    except QueryError:
        return
    assert fast == whoosh_matches(engine, query)


PLAIN_WORDS = ["kim", "Trump", "ontmoetingen", "Noord-Korea", "kim's", "de", "het", "2019", "g20", "één", "and", "or"]


@settings(max_examples=300, deadline=None)
@given(words=st.lists(st.sampled_from(PLAIN_WORDS), min_size=1, max_size=6), typed=st.booleans())
def test_plain_words_are_read_as_whoosh_reads_them(words, typed):
    """Plain words skip Whoosh's parser (it cost three times their analysis); the tree they get
    must be the parser's, stop words, hyphens and a typed last word included."""
    text = " ".join(words) + ("*" if typed else "")
    tree = query_tree.common_tree(text)
    assert tree is not None and same_tree(tree, query_parser.PARSER.parse(text).normalize())


# The common grammar the page and the benchmark send: words, prefixes, phrases, OR between
# them, -word and NOT word; Dutch words with diacritics, apostrophes and hyphens, stop words
# (alone and inside phrases), operators in capitals and not.
GRAMMAR_WORDS = [
    "kim", "Trump", "ontmoetingen", "Noord-Korea", "kim's", "kim’s", "de", "het", "van", "op", "2019", "g20",
    "één", "financiën", "Kopiëren", "raad", "state", "Or", "not", "and", "’t",
]  # fmt: skip
OPERATOR_WORDS = ["OR", "NOT", "AND", "ANDMAYBE"]  # as items: the parser reads them its own way
GRAMMAR_WORD = st.sampled_from(GRAMMAR_WORDS * 6 + OPERATOR_WORDS)


@st.composite
def common_item(draw) -> str:
    kind = draw(st.sampled_from(["word", "prefix", "phrase"]))
    if kind == "phrase":
        item = '"' + " ".join(draw(st.lists(GRAMMAR_WORD, min_size=1, max_size=4))) + '"'
    else:
        item = draw(GRAMMAR_WORD) + ("*" if kind == "prefix" else "")
    return ("-" if draw(st.integers(0, 3)) == 0 else "") + item


@st.composite
def common_queries(draw) -> str:
    items = draw(st.lists(common_item(), min_size=1, max_size=7))
    text = ("NOT " if draw(st.booleans()) else "") + items[0]
    for item in items[1:]:
        text += draw(st.sampled_from([" ", " ", " OR ", " NOT "])) + item
    return text


def phrase_spans(tree) -> list:
    """Each phrase's field, words and character ranges: what gaps and marks are computed from
    (Whoosh's ``==`` on queries does not compare the ranges)."""
    spans = [(tree.fieldname, tree.words, tree.char_ranges)] if isinstance(tree, query.wq.Phrase) else []
    for child in tree.children():
        spans += phrase_spans(child)
    return spans


def same_tree(fast, parsed) -> bool:
    return fast == parsed and phrase_spans(fast) == phrase_spans(parsed)


def parse_both(engine: Engine, text: str, prefix: bool):
    """(fast, parser's): the parse as it is, and with the parser-free path switched off."""
    generation = engine._current()

    def outcome():
        try:
            parsed = engine.parse(text, prefix, generation)
        except QueryError as exc:
            return ("error", str(exc))
        gaps = [(q.words, q.offsets) for q in walk(parsed.query) if isinstance(q, GapPhrase)]
        return (parsed, gaps)

    fast = outcome()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(query, "common_tree", lambda norm, positions=None: None)
        slow = outcome()
    return fast, slow


def walk(tree):
    yield tree
    for child in tree.children():
        yield from walk(child)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=common_queries(), prefix=st.booleans())
def test_common_queries_are_read_as_whoosh_reads_them(engine, text, prefix):
    """Phrases, OR, prefixes and exclusions skip the parser too: the tree, the terms to mark,
    the words, the phrases' gaps and the errors must be the parser's."""
    norm = normalise(date_query.rewrite(text), prefix_last=prefix)
    tree = query_tree.common_tree(norm)
    if tree is not None:
        assert same_tree(tree, query_parser.PARSER.parse(norm).normalize())
    fast, slow = parse_both(engine, text, prefix)
    assert fast == slow


@pytest.mark.parametrize("bench_query", QUERIES, ids=lambda q: q.label)
def test_benchmark_queries_skip_the_parser_and_read_as_it_does(engine, bench_query):
    norm = normalise(date_query.rewrite(bench_query.q), prefix_last=bench_query.prefix)
    tree = query_tree.common_tree(norm)
    assert tree is not None and same_tree(tree, query_parser.PARSER.parse(norm).normalize())
    fast, slow = parse_both(engine, bench_query.q, bench_query.prefix)
    assert fast == slow


@pytest.mark.parametrize("text", ['"raad van state" OR kim', "huurder NOT de -woning", "onderw* NOT Noord-Korea"])
def test_fields_that_analyse_apart_are_read_each_on_its_own(monkeypatch, text):
    """The one-analysis-for-all-fields shortcut is taken only when the fields share an analyzer;
    without it, each field's own analysis gives the same tree."""
    monkeypatch.setattr(query_tree, "SAME_ANALYSIS", False)
    tree = query_tree.common_tree(text)
    assert tree is not None and same_tree(tree, query_parser.PARSER.parse(text).normalize())


@pytest.mark.parametrize(
    "text",
    ["kim kim", "kim OR kim", '"kim" kim', "kim NOT kim", "de -kim", "kim -de", "NOT de kim", "de OR het",
     '"raad van state" OR "raad van state"', '"de het" OR kim', "Noord-Korea's kim’s*", "inkomstenbelasting"],
)  # fmt: skip
def test_repeated_words_and_stop_words_are_read_as_whoosh_reads_them(engine, text):
    """The parser's normalize() drops repeats and stop words and merges ORs: so must the tree
    built without it."""
    tree = query_tree.common_tree(text)
    assert tree is not None and same_tree(tree, query_parser.PARSER.parse(text).normalize())
    fast, slow = parse_both(engine, text, False)
    assert fast == slow


@pytest.mark.parametrize(
    "text",
    ["kim AND trump", "kim OR -trump", "NOT kim OR trump", "-kim -trump", "kim -trump OR moon", "title:kim", "(kim)",
     'kim^2', '"kim trump"~3', "kim?", "'s-Hertogenbosch"],
)  # fmt: skip
def test_what_the_parser_reads_its_own_way_goes_to_the_parser(text):
    assert query_tree.common_tree(text) is None


@pytest.mark.parametrize(
    "text",
    [" ".join(["kim OR trump"] * 17), " ".join(f'"kim {i}"' for i in range(34)), " ".join(["kim*"] * 6)],
    ids=["words", "phrases", "prefixes"],
)
def test_limits_the_parser_counts_are_left_to_it(text):
    """The parser counts each field's copy of a word against MAX_CLAUSES and MAX_PATTERNS."""
    assert query_tree.common_tree(text) is None
    with pytest.raises(QueryError):
        query_parser.PARSER.parse(text)


@pytest.mark.parametrize(
    "text",
    [" ".join(["kim OR trump"] * 16) + " moon", " ".join(f'"kim {i}"' for i in range(33)), " ".join(["kim*"] * 5)],
    ids=["words", "phrases", "prefixes"],
)
def test_queries_just_within_the_limits_skip_the_parser(text):
    tree = query_tree.common_tree(text)
    assert tree is not None and same_tree(tree, query_parser.PARSER.parse(text).normalize())


REPAIR_WORDS = GRAMMAR_WORD | st.sampled_from(["and", "Or", "not", "ANDNOT", "x-y", "'s", "kim*"])


@settings(max_examples=400, deadline=None)
@given(words=st.lists(REPAIR_WORDS, min_size=1, max_size=6), prefix=st.booleans())
def test_plain_words_are_repaired_as_any_text_is(words, prefix):
    """Words one space apart skip the repair's walk: what it would make of them (operators first,
    last or side by side included) must be what they get."""
    text = " ".join(words)
    assert normalise(text, prefix_last=prefix) == repair._repair(text, prefix)
