"""Related articles: chosen by distinctive terms, never the article itself, at most five."""

from __future__ import annotations

from collections import Counter

import pytest

from search import related
from search.engine import Engine
from search.errors import NotFoundError
from tests.research_corpus import build_index


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    eng = Engine(build_index(tmp_path_factory.mktemp("related")))
    yield eng
    eng.close()


def test_articles_on_the_same_subject_come_first(engine):
    found = [a.id for a in engine.related("haven-1").articles]
    assert found[:2] and set(found[:2]) <= {"haven-2", "haven-4"}  # Rotterdam, haven, overslag, containers
    assert "haven-1" not in found and len(found) <= related.COUNT
    assert not {"voetbal-1", "voetbal-2", "top-1"} & set(found)


def test_an_article_on_another_subject_finds_only_its_own(engine):
    answer = engine.related("voetbal-1")
    assert [a.id for a in answer.articles] == ["voetbal-2"]
    assert {"ajax", "feyenoord", "kuip"} <= set(answer.articles[0].shared)
    assert answer.articles[0].title == "Feyenoord verliest van Ajax"


def test_scores_fall_and_shared_terms_are_the_articles_terms(engine):
    answer = engine.related("haven-1")
    scores = [a.score for a in answer.articles]
    assert scores == sorted(scores, reverse=True)
    for article in answer.articles:
        assert set(article.shared) <= set(answer.terms) and len(article.shared) >= related.MIN_SHARED


def test_an_article_sharing_nothing_distinctive_has_no_related_articles(engine):
    assert engine.related("top-1").articles == []


def test_unknown_article_is_not_found(engine):
    with pytest.raises(NotFoundError):
        engine.related("bestaat-niet")


def test_common_and_unshared_terms_are_left_out():
    terms = related.ArticleTerms(
        counts=Counter({"haven": 3, "overal": 5, "eenmalig": 4}), paragraphs=Counter({"haven": 1, "eenmalig": 1})
    )
    df = {"haven": 10, "overal": 900, "eenmalig": 1}
    chosen = related.distinctive_terms(terms, df.__getitem__, total=1000)
    assert [t for t, _ in chosen] == ["haven"]  # overal: in 90 % of paragraphs; eenmalig: only here


def test_rarer_terms_weigh_more():
    terms = related.ArticleTerms(counts=Counter({"zeldzaam": 1, "gewoon": 1}), paragraphs=Counter())
    chosen = related.distinctive_terms(terms, {"zeldzaam": 2, "gewoon": 40}.__getitem__, total=1000)
    assert [t for t, _ in chosen] == ["zeldzaam", "gewoon"]
