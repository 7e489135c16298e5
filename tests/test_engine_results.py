"""What a searcher sees of the results, on a real small index (``tests/news_engine.py``): totals,
grouping, facets, dates, order and pages, snippets, did-you-mean, completion, the article view.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from search.engine import Engine
from search.errors import NotFoundError
from tests.news_engine import search

# -- totals, grouping, facets -----------------------------------------------------------------


def test_grouping_by_article_gives_one_hit_per_article_with_its_match_count(news_engine):
    grouped = search(news_engine, "Trump", per_page=50)
    assert len({h.article_id for h in grouped.hits}) == len(grouped.hits) == grouped.total_articles
    paragraphs = search(news_engine, "Trump", per_page=50, group="paragraph")
    assert paragraphs.total_paragraphs == grouped.total_paragraphs
    # paragraphs found through the title alone are not counted as matching paragraphs
    assert sum(h.matching_paragraphs for h in grouped.hits) <= grouped.total_paragraphs
    assert len(paragraphs.hits) == min(50, paragraphs.total_paragraphs)


def test_facet_counts_add_up(news_engine):
    result = search(news_engine, "minister OR Trump")
    assert sum(f.count for f in result.facets["source"]) == result.total_articles
    dated = sum(f.count for f in result.facets["year"])
    assert dated <= result.total_articles


def test_a_facet_ignores_its_own_filter_but_applies_the_others(news_engine):
    unfiltered = search(news_engine, "minister")
    filtered = search(news_engine, "minister", sources=("rtl",))
    assert {h.source for h in filtered.hits} == {"rtl"}
    assert filtered.facets["source"] == unfiltered.facets["source"]  # still offers widening
    assert sum(f.count for f in filtered.facets["year"]) <= sum(f.count for f in unfiltered.facets["year"])


@pytest.mark.parametrize(
    ("date_from", "date_to", "present", "absent"),
    [
        ("2018-05", "2018-05", {"onderhandeling", "004_4ec734f60fdfd72d"}, {"parlement"}),
        ("2018-05-15", "2018-05-15", {"004_4ec734f60fdfd72d"}, {"onderhandeling"}),  # month article spans the day
        ("2021", None, {"003_b4ec18b8cba0ac6d"}, {"004_4ec734f60fdfd72d"}),
        (None, "2018", {"xss", "004_4ec734f60fdfd72d"}, {"mini"}),
    ],
)
def test_date_filter_respects_month_precision(news_engine, date_from, date_to, present, absent):
    ids = {h.article_id for h in search(news_engine, "", date_from=date_from, date_to=date_to, per_page=50).hits}
    assert present <= ids and not (absent & ids)


DATED = [  # (article, its first day, its last day): day, month and year precision
    ("parlement", date(2019, 3, 12), date(2019, 3, 12)),
    ("004_4ec734f60fdfd72d", date(2018, 5, 1), date(2018, 5, 31)),  # dated 2018-05
    ("xss", date(2018, 1, 1), date(2018, 12, 31)),  # dated 2018
]


DAY = timedelta(days=1)


def articles_dated(engine: Engine, date_from: date | str | None, date_to: date | str | None) -> set[str]:
    as_text = [d.isoformat() if isinstance(d, date) else d for d in (date_from, date_to)]
    return {h.article_id for h in search(engine, "", date_from=as_text[0], date_to=as_text[1], per_page=50).hits}


@pytest.mark.parametrize(("article", "first", "last"), DATED, ids=[a for a, _, _ in DATED])
def test_date_bounds_are_inclusive_at_both_ends(news_engine, article, first, last):
    for date_from, date_to in [(first, first), (last, last), (first, last), (first, None), (None, last)]:
        assert article in articles_dated(news_engine, date_from, date_to), (date_from, date_to)
    written = {"parlement": "2019-03-12", "xss": "2018"}.get(article, "2018-05")  # as precise as the article
    assert article in articles_dated(news_engine, written, written)


@pytest.mark.parametrize(("article", "first", "last"), DATED, ids=[a for a, _, _ in DATED])
def test_date_bounds_leave_out_the_day_beyond(news_engine, article, first, last):
    assert article not in articles_dated(news_engine, last + DAY, None)
    assert article not in articles_dated(news_engine, None, first - DAY)
    assert article not in articles_dated(news_engine, last + DAY, last + 40 * DAY)


@pytest.mark.parametrize("sort", ["newest", "oldest"])
def test_sorting_by_date(news_engine, sort):
    dates = [h.date for h in search(news_engine, "", sort=sort, per_page=50).hits if h.date]
    firsts = [(d + "-01-01")[:10] for d in dates]  # an imprecise date sorts by its first day
    assert firsts == sorted(firsts, reverse=sort == "newest")


def test_empty_query_lists_newest_articles(news_engine):
    result = search(news_engine, "")
    assert result.total_articles == 9
    assert result.hits[0].article_id == "003_b4ec18b8cba0ac6d"  # 2021-02 is the newest date


def test_paging_is_stable_and_disjoint(news_engine):
    first = search(news_engine, "de OR het OR trump OR kim", per_page=3, page=1)
    second = search(news_engine, "de OR het OR trump OR kim", per_page=3, page=2)
    assert not {h.article_id for h in first.hits} & {h.article_id for h in second.hits}


# -- snippets ---------------------------------------------------------------------------------


def test_snippet_escapes_everything_but_our_marks(news_engine):
    hit = search(news_engine, "lezer").hits[0]
    assert "<script>" not in hit.snippet and "<img" not in hit.snippet
    assert "&lt;script&gt;" in hit.snippet and "&lt;img src=x onerror=alert(2)&gt;" in hit.snippet
    assert hit.snippet.replace("<mark>", "").replace("</mark>", "").count("<") == 0


def test_snippet_marks_inflected_and_folded_forms(news_engine):
    snippet = search(news_engine, "ontmoeting", sources=("rtl",)).hits[0].snippet
    assert "<mark>ontmoetingen</mark>" in snippet
    folded = search(news_engine, "geisoleerde").hits[0].snippet
    assert "<mark>geïsoleerde</mark>" in folded


def test_snippet_is_cut_at_word_boundaries(news_engine):
    for hit in search(news_engine, "Trump", per_page=20).hits:
        text = hit.snippet.replace("<mark>", "").replace("</mark>", "")
        assert len(text) <= 300
        assert not text.startswith(" ") and not text.endswith(" ")


# -- did-you-mean and completion --------------------------------------------------------------


def test_did_you_mean_repairs_a_typo(news_engine):
    result = search(news_engine, "onderhandelingn")
    assert result.total_paragraphs == 0
    assert result.did_you_mean == "onderhandelingen"


def test_no_suggestion_when_results_are_plenty(news_engine):
    assert search(news_engine, "Trump").did_you_mean is None


def test_completion_is_folded_and_most_frequent_first(news_engine):
    assert [c.word for c in news_engine.suggest("geis")] == ["geïsoleerde"]
    words = news_engine.suggest("ontm")
    assert words[0].word == "ontmoeting"
    assert [c.count for c in words] == sorted((c.count for c in words), reverse=True)
    assert news_engine.suggest("trump ontm")[0].word == "ontmoeting"
    assert news_engine.suggest("trump ") == []


@pytest.mark.parametrize("limit", [1, 3, 51])
def test_a_prefix_expands_to_the_words_completion_offers(news_engine, limit):
    """What ``onderh*`` searches and what typing ``onderh`` completes are the same words, the
    most frequent first: the expansion reads the folded words alone, the completion the
    spelling and count too."""
    vocabulary = news_engine._current().vocabulary
    words = {vocabulary.keys[i].decode() for i in range(len(vocabulary))}
    prefixes = sorted({w[:n] for w in words for n in (1, 2, 4)} | {"zzzq", "onderhandeling", "geïs"})
    for prefix in prefixes:
        completed = [folded for folded, _shown, _count in vocabulary.most_frequent(prefix, limit)]
        assert vocabulary.most_frequent_keys(prefix, limit) == completed, prefix
    assert vocabulary.most_frequent_keys("ontm", limit)[:1] == ["ontmoeting"]


# -- article view and stats -------------------------------------------------------------------


def test_article_view_has_every_paragraph_in_order_and_marks_the_query(news_engine):
    article = news_engine.article("parlement", q="onderwijs")
    assert article.date == "2019-03-12" and article.date_precision == "day"
    assert [p.number for p in article.paragraphs] == [0, 1]
    assert article.marked and "<mark>Onderwijs</mark>" in article.paragraphs[0].text
    assert [p.matches for p in article.paragraphs] == [True, True]


def test_article_without_query_is_plain_text(news_engine):
    article = news_engine.article("xss")
    assert "<script>alert(1)</script>" in article.paragraphs[0].text and not article.marked


def test_unknown_article_is_not_found(news_engine):
    with pytest.raises(NotFoundError):
        news_engine.article("nope")


def test_stats_describe_the_index(news_engine):
    stats = news_engine.stats()
    assert stats.articles == 9 and stats.paragraphs > 50
    assert {s.value for s in stats.sources} == {"seeds", "nos", "rtl"}
    assert stats.date_min == "2018-01-01" and stats.date_max == "2021-02-28"
