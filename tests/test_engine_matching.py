"""What a query matches, on a real small index (``tests/news_engine.py``): words and
phrases, AND, OR and NOT, sources, word starts while typing, and other forms of a word.
"""

from __future__ import annotations

import pytest

from search.engine import Engine
from tests.news_engine import search
from tests.whoosh_reference import fast_matches


@pytest.mark.parametrize(
    ("query", "expected_article"),
    [
        ("ontmoetingen", "000_ebc508246efc8cf3"),
        ("onderhandelingen", "onderhandeling"),
        ('"eerste kamer"', "parlement"),
        ('"minister van onderwijs"', "parlement"),
        ('"minister van onderwijs" -trump', "parlement"),  # a phrase with a gap, then an exclusion
        ("title:kabinet", "parlement"),
        ("source:rtl ontmoetingen", "xss"),
        ("mini", "mini"),
    ],
)
def test_query_finds_the_article(news_engine, query, expected_article):
    ids = {h.article_id for h in search(news_engine, query, per_page=50).hits}
    assert expected_article in ids


def test_minister_does_not_find_mini(news_engine):
    ids = {h.article_id for h in search(news_engine, "minister", per_page=50).hits}
    assert "mini" not in ids and "parlement" in ids


def test_minister_prefix_stays_unstemmed(news_engine):
    ids = {h.article_id for h in search(news_engine, "minister*", per_page=50).hits}
    assert "mini" not in ids and "parlement" in ids


def paragraphs(engine: Engine, q: str, **kwargs) -> set[str]:
    """Every paragraph a query finds (all of them fit on one page)."""
    result = search(engine, q, group="paragraph", per_page=50, **kwargs)
    assert result.total_paragraphs == len(result.hits), f"{q!r} finds more than a page"
    return {h.id for h in result.hits}


@pytest.mark.parametrize(("a", "b"), [("pyongyang", "singapore"), ("top", "singapore"), ("minister", "onderwijs")])
def test_words_are_anded(news_engine, a, b):
    """The README's first promise: a paragraph is found when it has every word."""
    both = paragraphs(news_engine, f"{a} {b}")
    assert both == paragraphs(news_engine, a) & paragraphs(news_engine, b)
    assert both and both < paragraphs(news_engine, f"{a} OR {b}")


@pytest.mark.parametrize(
    ("infix", "prefix"), [("minister NOT onderwijs", "minister -onderwijs"), ("top NOT singapore", "top -singapore")]
)
def test_infix_not_excludes_like_minus(news_engine, infix, prefix):
    found = paragraphs(news_engine, infix)
    assert found == paragraphs(news_engine, prefix)
    positive, negative = (part.strip() for part in infix.split("NOT"))
    assert found and found == paragraphs(news_engine, positive) - paragraphs(news_engine, negative)


@pytest.mark.parametrize(("source", "other"), [("rtl", "nos"), ("nos", "rtl")])
def test_source_syntax_and_filter_leave_other_sources_out(news_engine, source, other):
    everywhere = search(news_engine, "minister", per_page=50).hits
    assert {h.source for h in everywhere} >= {source, other}
    expected = {h.article_id for h in everywhere if h.source == source}
    for result in (
        search(news_engine, f"source:{source} minister", per_page=50),
        search(news_engine, "minister", sources=(source,)),
    ):
        assert {h.article_id for h in result.hits} == expected
        assert result.total_articles == len(expected)


def test_or_and_not(news_engine):
    both = {h.article_id for h in search(news_engine, "boerderij OR budget", per_page=50).hits}
    assert {"mini", "parlement"} <= both
    without = {h.article_id for h in search(news_engine, "minister -onderwijs", per_page=50).hits}
    assert "parlement" not in without and "onderhandeling" in without


def test_as_you_type_treats_last_word_as_prefix(news_engine):
    typed = search(news_engine, "onderhandel", prefix=True)
    assert typed.total_articles >= 1
    assert "<mark>" in typed.hits[0].snippet


@pytest.mark.parametrize("q", ["ontmoeting -kim", "ontmoeting NOT kim", "ontmoeting AND NOT kim"])
def test_every_way_of_excluding_a_word_leaves_it_out(news_engine, q):
    """``-kim``, ``NOT kim`` and ``AND NOT kim`` all mean: without Kim (``AND NOT`` was read as
    ``AND``, finding the paragraphs with Kim instead)."""
    result = search(news_engine, q, group="paragraph", per_page=50)
    alone = search(news_engine, "ontmoeting", group="paragraph", per_page=50).total_paragraphs
    assert 0 < result.total_paragraphs < alone
    generation = news_engine._current()
    texts = [generation.stored(d) for d in fast_matches(news_engine, q)]
    assert not any("kim" in (f.get("title", "") + f.get("text", "")).lower() for f in texts)


def test_a_whole_word_typed_as_prefix_finds_what_it_finds_after_enter(news_engine):
    typed = search(news_engine, "ontmoetingen", prefix=True, group="paragraph")
    entered = search(news_engine, "ontmoetingen", group="paragraph")
    assert typed.total_paragraphs >= entered.total_paragraphs


def test_ontmoetten_finds_ontmoetingen(news_engine):
    ids = {h.article_id for h in search(news_engine, "ontmoetten", per_page=50).hits}
    assert "xss" in ids  # its only form is "ontmoetingen"


def test_no_did_you_mean_for_another_form_of_the_same_word(news_engine):
    result = search(news_engine, "ontmoetingen", sources=("rtl",))
    assert result.total_paragraphs <= 3
    assert result.did_you_mean is None
