"""The timeline of hits: per month or per year, dates never made more precise, filters applied."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from search import timeline
from search.engine import Engine
from search.results import SearchRequest
from search.selection import year_facet
from search.timeline import Bucket, DateCodes
from tests.research_corpus import build_index


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    eng = Engine(build_index(tmp_path_factory.mktemp("timeline")))
    yield eng
    eng.close()


def periods(tl) -> dict[str, int]:
    return {b.period: b.count for b in tl.buckets}


def test_a_few_years_are_counted_per_month_with_empty_months_in_between(engine):
    tl = engine.search(SearchRequest(q="haven")).timeline
    assert tl.unit == "month"
    assert periods(tl) == {"2018-11": 1, "2018-12": 0, "2019-01": 1, "2019-02": 0, "2019-03": 2}


def test_a_year_only_date_is_never_put_on_a_month_and_undated_articles_are_counted_apart(engine):
    tl = engine.search(SearchRequest(q="haven")).timeline
    assert tl.year_only == [Bucket("2019", 1)]  # haven-3, dated "2019"
    assert tl.undated == 1  # haven-4


def test_a_month_date_lands_in_its_own_month(engine):
    """haven-2 is dated "2019-03" and haven-1 "2019-03-05": both count in March."""
    tl = engine.search(SearchRequest(q="rederijen OR record")).timeline
    assert periods(tl) == {"2019-03": 2}


def test_a_long_span_is_counted_per_year(engine):
    tl = engine.search(SearchRequest(q="")).timeline
    assert tl.unit == "year"
    assert periods(tl) == {"2015": 1, "2016": 1, "2017": 0, "2018": 1, "2019": 5}
    assert tl.year_only == [] and tl.undated == 1


@pytest.mark.parametrize("group", ["article", "paragraph"])
@pytest.mark.parametrize("q", ["haven", "", "containers", "ajax", "nergens"])
def test_every_match_is_counted_once(engine, q, group):
    result = engine.search(SearchRequest(q=q, group=group))
    tl = result.timeline
    total = result.total_articles if group == "article" else result.total_paragraphs
    assert sum(periods(tl).values()) + sum(b.count for b in tl.year_only) + tl.undated == total


def test_paragraphs_are_counted_when_grouped_by_paragraph(engine):
    """haven-1 has two matching paragraphs in March 2019."""
    tl = engine.search(SearchRequest(q="haven", group="paragraph")).timeline
    assert periods(tl)["2019-03"] == 3


@pytest.mark.parametrize(
    ("request_", "expected"),
    [
        (SearchRequest(q="haven", date_from="2019"), {"2019-01": 1, "2019-02": 0, "2019-03": 2}),
        (SearchRequest(q="haven", sources=("archief",)), {"2018-11": 1}),
        (SearchRequest(q="haven date:2018"), {"2018-11": 1}),
    ],
)
def test_the_timeline_follows_the_filters(engine, request_, expected):
    assert periods(engine.search(request_).timeline) == expected


@pytest.mark.parametrize("q", ["haven", ""])
def test_clicking_a_bucket_finds_exactly_its_count(engine, q):
    """A bucket's period is a filter value: from=period&to=period finds the bucket's articles
    (in a month, also the articles dated only by that month's year, which overlap it)."""
    for bucket in engine.search(SearchRequest(q=q)).timeline.buckets:
        narrowed = engine.search(SearchRequest(q=q, date_from=bucket.period, date_to=bucket.period))
        if len(bucket.period) == 4:
            assert narrowed.total_articles == bucket.count, bucket
        else:
            assert periods(narrowed.timeline).get(bucket.period, 0) == bucket.count, bucket


@pytest.mark.parametrize("group", ["article", "paragraph"])
@pytest.mark.parametrize(
    ("q", "sources", "date_from"),
    [
        ("haven", (), None),
        ("haven", ("krant",), None),
        ("haven", (), "2019"),
        ("haven", ("archief",), "2019-03"),
        ("", (), None),
        ("", ("archief",), "2016"),
        ("datum", (), None),
        ("nergens", (), None),
    ],
)
def test_the_year_facet_counts_every_dated_match_whatever_the_date_filter(engine, q, sources, date_from, group):
    """The year facet ignores the date filter (choosing another year widens the answer) but
    not the source filter: with no date filter it counts what the timeline counts, with one
    it counts on its own; either way, what the unfiltered hits say, newest first."""
    facet = engine.search(SearchRequest(q=q, sources=sources, date_from=date_from, group=group)).facets["year"]
    every = engine.search(SearchRequest(q=q, sources=sources, group=group, per_page=50))
    assert len(every.hits) == (every.total_articles if group == "article" else every.total_paragraphs)
    years = Counter(hit.date[:4] for hit in every.hits if hit.date)
    assert [(f.value, f.count) for f in facet] == sorted(years.items(), reverse=True)


def test_no_dated_match_has_no_buckets(engine):
    tl = engine.search(SearchRequest(q="datum")).timeline
    assert (tl.buckets, tl.undated) == ([], 1)


def test_codes_keep_the_precision_of_each_date():
    first = np.array([20190305, 20190301, 20190101, 0, 20191201])
    last = np.array([20190305, 20190331, 20191231, 0, 20191231])
    codes = DateCodes.from_spans(first, last)
    assert codes.year.tolist() == [2019, 2019, 2019, 0, 2019]
    assert [c if c < 0 else timeline._month(c) for c in codes.month.tolist()] == [
        "2019-03", "2019-03", -1, -1, "2019-12",
    ]  # fmt: skip


@pytest.mark.parametrize("years", [[2019, 2015, 2019, 2016, 0], [999, 2000, 50, 2000], [0, 0], []])
def test_the_year_facet_lists_each_dated_year_once_in_the_order_of_its_labels(years):
    """Undated items (0) have no year to choose; the rest come newest first, as the labels
    sort (a year before 1000 has fewer digits: its label is compared as written)."""
    per_year = np.bincount(np.array(years, dtype=np.int64), minlength=1)
    counted = Counter(str(year) for year in years if year)
    assert [(f.value, f.count) for f in year_facet(per_year)] == sorted(counted.items(), reverse=True)
