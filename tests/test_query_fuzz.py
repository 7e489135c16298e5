"""Whatever people type, the engine answers or says why not: no other exception escapes."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search import query
from search.config import Config
from search.engine import Engine
from search.errors import QueryError
from search.indexer import rebuild
from search.results import SearchRequest
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
    tree = query._plain_tree(text)
    assert tree is not None and tree == query._PARSER.parse(text).normalize()


@pytest.mark.parametrize("text", ["kim AND trump", "kim OR trump", "NOT kim", '"kim trump"', "kim -trump", "title:kim"])
def test_anything_but_plain_words_goes_to_the_parser(text):
    assert query._plain_tree(text) is None
