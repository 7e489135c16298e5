"""Malformed queries and the engine's bounds, on real small indexes: repairs, refusals that
name the parameter, wildcard expansion capped at the most frequent words, the time limit.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from search.config import Config
from search.engine import Engine
from search.errors import QueryError
from search.indexer import rebuild
from search.query import expand_pattern
from search.results import SearchRequest
from tests.news_engine import search


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ('"eerste kamer', "eerste kamer"),  # an unclosed quote: its words
        ('"minister van onderwijs', "minister onderwijs"),
        ("title:( pyongyang", "pyongyang"),  # a field with nothing after it
        ("singapore AND", "singapore"),  # a dangling operator
        ("OR kim", "kim"),
        ("trump AND OR singapore", "trump singapore"),
        ("(singapore", "singapore"),  # an unclosed bracket
        ("singapore)", "singapore"),
        ("- bolton", "bolton"),  # a minus with nothing after it
        ("NOT trump", "-trump"),
        ("kim (-bolton", "kim -bolton"),
        ("trump^5", "trump"),  # Lucene's weight: not our syntax, the word is searched
        ("kim~2 trump", "kim trump"),  # Lucene's fuzziness
        ("(singapore^2 OR hanoi~1)", "singapore OR hanoi"),
    ],
)
def test_malformed_queries_are_read_as_their_repair(news_engine, typed, meant):
    repaired = search(news_engine, typed, group="paragraph", per_page=50)
    intended = search(news_engine, meant, group="paragraph", per_page=50)
    assert intended.total_paragraphs > 0
    assert (repaired.total_paragraphs, [h.id for h in repaired.hits]) == (
        intended.total_paragraphs,
        [h.id for h in intended.hits],
    )


@pytest.mark.parametrize("q", ["***", "AND", "NOT", "*", "?", "- -"])
def test_queries_without_words_are_rejected_with_a_message(news_engine, q):
    with pytest.raises(QueryError, match="no words|wildcard"):
        search(news_engine, q)


@pytest.mark.parametrize(
    ("kwargs", "parameter"),
    [
        ({"q": "x" * 501}, "q"),
        ({"per_page": 51}, "per_page"),
        ({"page": 0}, "page"),
        ({"page": 101}, "page"),
        ({"sort": "random"}, "sort"),
        ({"group": "source"}, "group"),
        ({"date_from": "2019-13"}, "from"),
        ({"date_to": "gisteren"}, "to"),
        ({"date_from": "2020", "date_to": "2019"}, "from"),
    ],
)
def test_bad_requests_name_the_parameter(news_engine, kwargs, parameter):
    with pytest.raises(QueryError) as raised:
        news_engine.search(SearchRequest(**kwargs))
    assert raised.value.parameter == parameter


# -- wildcard expansion -----------------------------------------------------------------------


WORDS = 120  # proef000 .. proef119; proefNNN is in NNN + 1 paragraphs, so frequency follows the number


@pytest.fixture(scope="module")
def proef_config(tmp_path_factory) -> Config:
    """Paragraph p holds proef{p} .. proef119: the higher the number, the more frequent the word."""
    root = tmp_path_factory.mktemp("proef")
    paragraphs = [" ".join(f"proef{i:03d}" for i in range(p, WORDS)) + "." for p in range(WORDS)]
    (root / "a.txt").write_text("Veel woorden.\n\n" + "\n\n".join(paragraphs), encoding="utf-8")
    config = Config(index_dir=root / "index")
    rebuild(config, [root / "a.txt"])
    return config


def numbered(first: int, last: int) -> set[str]:
    return {f"proef{i:03d}" for i in range(first, last + 1)}


@pytest.mark.parametrize(
    ("pattern", "kept", "truncated"),
    [
        ("proef*", numbered(70, 119), True),  # 120 words: the 50 most frequent
        ("pro?f0*", numbered(50, 99), True),  # a wildcard: 100 words, the 50 most frequent
        ("proef1*", numbered(100, 119), False),  # 20 words: all of them
    ],
)
def test_expansion_keeps_the_most_frequent_words_up_to_the_default_cap(proef_config, pattern, kept, truncated):
    assert Config().max_expansions == len(numbered(70, 119))  # the default cap, not a test value
    parsed = Engine(proef_config).parse(pattern)
    assert (parsed.highlight_terms, parsed.truncated) == (kept, truncated)


@pytest.mark.parametrize(
    ("cap", "pattern", "kept", "truncated"),
    [
        (10, "proef*", numbered(110, 119), True),
        (20, "proef1*", numbered(100, 119), False),  # exactly the cap: nothing left out
        (19, "proef1*", numbered(101, 119), True),
    ],
)
def test_expansion_cap_follows_config(proef_config, cap, pattern, kept, truncated):
    parsed = Engine(replace(proef_config, max_expansions=cap)).parse(pattern)
    assert (parsed.highlight_terms, parsed.truncated) == (kept, truncated)


class HugeVocabulary:
    """A vocabulary with more words after "a" than a wildcard may scan (no index is that big here)."""

    def prefix_range(self, literal: str) -> tuple[int, int]:
        return 0, 200_001


def test_a_wildcard_over_too_many_words_is_refused_with_a_message():
    with pytest.raises(QueryError) as raised:
        expand_pattern("a?x*", HugeVocabulary(), 50, is_prefix=False)
    assert str(raised.value) == "'a?x*' matches too many words; type more letters before the wildcard."


def test_a_capped_prefix_still_finds_what_its_most_frequent_words_find(proef_config):
    result = Engine(proef_config).search(SearchRequest(q="proef*", group="paragraph"))
    assert result.total_paragraphs == WORDS  # proef119 is in every paragraph


# -- the time limit ---------------------------------------------------------------------------


def test_time_limit_returns_partial_results(tmp_path, news_engine):
    tight = Engine(Config(index_dir=news_engine.config.index_dir, time_limit_ms=0))
    result = tight.search(SearchRequest(q='"kim jong-un" OR "noord-korea" OR "witte huis"'))
    assert result.partial
    assert not news_engine.search(SearchRequest(q='"kim jong-un" OR "noord-korea" OR "witte huis"')).partial
