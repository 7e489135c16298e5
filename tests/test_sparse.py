"""The sparse path (selective queries on sorted ids) answers exactly as the dense path and Whoosh."""

from __future__ import annotations

import functools
from dataclasses import asdict
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whoosh import query as wq

from search import idsets, sparse, word_postings
from search.config import Config
from search.engine import Engine
from search.errors import QueryError
from search.indexer import rebuild
from search.results import SearchRequest
from tests.whoosh_reference import whoosh_matches

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
WORDS = ["kim", "trump", "ontmoeting", "bolton", "noord", "korea", "top", "vrede", "de", "minister"]
OPERATORS = ["AND", "OR", "NOT", "-", "(", ")", "title:", "*", '"']
SPARSE_QUERIES = [
    "ontmoeting",
    "ontmoetingen trump",
    "kim OR moon",
    "trump -kim",
    "trump NOT kim",
    "(kim OR trump) ontmoeting",
    "title:top",
    "ont*",
    "noord-korea OR vrede",
    "kim OR (trump AND bolton)",
    "zzzonbekend",
    "trump zzzonbekend",
    "trump date:2018",
    "trump -date:2019",
    "(kim OR trump) date:[2018-06 TO 2019-03]",
    "kim date:[2019 TO *]",
    "trump date:[* TO 2019]",  # undated paragraphs (most of the seeds) never match
    '"kim jong"',
    '"Noord-Koreaanse leider"',
    '"de amerikaanse president"',  # a stop word leaves a gap
    '"trump kim"~5',
    '"kim trump"~3 OR "noord korea"',
    '"kim jong" -trump',
    '"zzzonbekend kim"',
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory) -> Engine:
    config = Config(index_dir=tmp_path_factory.mktemp("sparse") / "index")
    rebuild(config, [SEEDS])
    return Engine(config)


@pytest.fixture
def always_sparse(monkeypatch):
    """Every query the sparse path can answer goes that way (the seeds are a tiny corpus)."""
    monkeypatch.setattr(sparse, "SPARSE_FRACTION", float("inf"))


@pytest.fixture
def never_sparse(monkeypatch):
    monkeypatch.setattr(sparse, "SPARSE_FRACTION", -1.0)


def _both(engine: Engine, text: str, prefix: bool = False):
    generation = engine._current()
    matcher = generation.matcher
    query = engine.parse(text, prefix, generation).query
    mask, scores, _ = matcher.evaluate(query)
    dense_ids = np.flatnonzero(mask)
    ids, sparse_scores, _ = sparse.evaluate(matcher.fields, query, matcher.size, None, matcher.documents)
    return (dense_ids, scores[dense_ids]), (ids, sparse_scores)


@pytest.mark.parametrize("text", SPARSE_QUERIES)
def test_sparse_ids_and_scores_equal_the_dense_ones(engine, always_sparse, text):
    (dense_ids, dense_scores), (ids, scores) = _both(engine, text)
    assert ids.tolist() == dense_ids.tolist()
    assert scores.tolist() == dense_scores.tolist()  # same sums in the same order: ranks alike
    assert set(ids.tolist()) == whoosh_matches(engine, text)


@pytest.mark.parametrize("text", ["date:2018", "kim OR date:2018", "source:seeds", "-kim", "NOT trump"])
def test_dates_alone_sources_and_bare_negations_stay_dense(engine, always_sparse, text):
    matcher = engine._current().matcher
    with pytest.raises(sparse.Dense):
        sparse.evaluate(matcher.fields, engine.parse(text).query, matcher.size, None, matcher.documents)


def test_a_date_filter_goes_sparse_and_finds_only_its_period(engine, always_sparse):
    """``trump date:2018`` is answered on trump's postings, filtered by the date arrays."""
    (dense_ids, _), (ids, _) = _both(engine, "trump date:2018")
    (all_ids, _), _ = _both(engine, "trump")
    first = np.asarray(engine._current().matcher.documents.date_first)
    assert ids.tolist() == dense_ids.tolist() and 0 < len(ids) < len(all_ids)
    assert all(20180101 <= first[d] <= 20181231 for d in ids)


@pytest.mark.parametrize(
    ("text", "prefix"), [("trump kim", False), ("trump kim NOT bolton", False), ("trump ont", True)]
)
def test_an_and_of_words_goes_sparse_while_its_rarest_word_is_few(engine, monkeypatch, text, prefix):
    """Both paths answer an AND of words by scoring its rarest word's documents at most, so it
    goes sparse while that word is few, however common the others (``gemeente onderw`` as
    typed: 33,000 postings, 7,800 of them ``gemeente``'s); the answer is the dense path's."""
    generation = engine._current()
    matcher = generation.matcher
    query = engine.parse(text, prefix, generation).query
    parts = [getattr(q, "query", q) for q in query.subqueries]  # a NOT's word too
    words = [word_postings.term_docs(matcher.fields, word_postings.term_group(q, matcher.fields)).size for q in parts]
    rarest = min(words[:2])
    assert rarest < sum(words[:2])  # the words together are over the share, the rarest is not
    monkeypatch.setattr(sparse, "SPARSE_FRACTION", (rarest + sum(words[2:]) + 0.5) / matcher.size)
    ids, scores, _ = sparse.evaluate(matcher.fields, query, matcher.size, None, matcher.documents)
    mask, dense_scores, _ = matcher.evaluate(query)
    assert 0 < len(ids) and ids.tolist() == np.flatnonzero(mask).tolist()
    assert scores.tolist() == dense_scores[ids].tolist()
    assert set(ids.tolist()) == whoosh_matches(engine, text, prefix)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    words=st.lists(st.sampled_from(WORDS + ["ont*", "noord*", "k*", "t*", "verklaring"]), min_size=2, max_size=4),
    search_steps=st.sampled_from([0, idsets.SEARCH_STEPS, 10**9]),
)
def test_an_and_of_words_scores_what_each_words_whole_union_gives(engine, words, search_steps):
    """Both paths answer ``trump ont*`` by scoring only the candidates each word keeps, on a
    bitmap of their span, and the rarest word's contributions to the few left by binary search
    in each of its terms or on that bitmap (``search_steps`` chooses; ``verklaring`` has a
    derivation at half weight): the documents and scores must be those of
    every word's union taken whole, intersected, and added word by word."""
    generation = engine._current()
    fields = generation.matcher.fields
    query = engine.parse(" ".join(words), False, generation).query
    parts = query.subqueries if isinstance(query, wq.And) else [query]
    groups = [word_postings.term_group(q, fields) for q in parts]
    if len(groups) < 2 or any(group is None for group in groups):
        return  # a stop word dropped, or words the parser merged: no AND of words
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(idsets, "SEARCH_STEPS", search_steps)
        patch.setattr(word_postings, "SEARCHED_TERMS", 100 if search_steps == 0 else word_postings.SEARCHED_TERMS)
        ids, scores = word_postings.and_of_terms(fields, groups)
    unions = [word_postings.terms_summed(fields, group) for group in groups]
    expected_ids = functools.reduce(np.intersect1d, [union_ids for union_ids, _ in unions])
    expected = np.zeros(expected_ids.size, np.float32)
    for union_ids, union_scores in unions:
        expected += union_scores[np.isin(union_ids, expected_ids)]
    assert ids.tolist() == expected_ids.tolist()
    assert scores.tobytes() == expected.tobytes()


@pytest.mark.parametrize("text", SPARSE_QUERIES + ['"kim jong-un"', "-kim"])
@pytest.mark.parametrize("group", ["article", "paragraph"])
def test_a_page_is_the_same_either_way(engine, monkeypatch, text, group):
    request = SearchRequest(q=text, group=group, date_from="2018", sources=("seeds",))
    pages = []
    for fraction in (float("inf"), -1.0):
        monkeypatch.setattr(sparse, "SPARSE_FRACTION", fraction)
        result = asdict(engine.search(request))
        result.pop("took_ms")
        pages.append(result)
    assert pages[0] == pages[1]


@pytest.mark.parametrize("text", [*SPARSE_QUERIES, "k*", "kim ont*", "noord* -trump"])
def test_a_page_is_the_same_whether_unions_and_lookups_sort_or_use_bitmaps(engine, monkeypatch, text):
    """Which way ``idsets`` goes (a sort or a bitmap over the span for a union of terms; binary
    searches or a bitmap for the paragraphs matched in their own text) is a matter of cost
    only: the page, totals, facets and counts are the same."""
    request = SearchRequest(q=text, group="paragraph")
    pages = []
    for sort, scan, mark in ((0, 1, float("inf")), (1, 0, 0)):
        monkeypatch.setattr(idsets, "SORT_STEPS", sort)
        monkeypatch.setattr(idsets, "SCAN_STEPS", scan)
        monkeypatch.setattr(idsets, "BITMAP_STEPS", mark)
        result = asdict(engine.search(request))
        result.pop("took_ms")
        pages.append(result)
    assert pages[0] == pages[1]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pieces=st.lists(st.sampled_from(WORDS + OPERATORS), min_size=1, max_size=8), prefix=st.booleans())
def test_generated_queries_agree_with_dense_and_whoosh(engine, always_sparse, pieces, prefix):
    text = " ".join(pieces)
    try:
        (dense_ids, dense_scores), (ids, scores) = _both(engine, text, prefix)
    except sparse.Dense:
        return  # answered by the dense path, which test_query_fuzz checks against Whoosh
    except QueryError:
        return
    assert ids.tolist() == dense_ids.tolist()
    assert scores.tolist() == dense_scores.tolist()
    assert set(ids.tolist()) == whoosh_matches(engine, text, prefix)


@settings(max_examples=200, deadline=None)
@given(
    st.sets(st.integers(0, 5_000), max_size=3_000),
    st.sets(st.integers(0, 5_000), max_size=3_000),
)
def test_intersections_equal_numpys_on_small_and_bitmap_sizes(mine, theirs):
    """AND and NOT, and the count of paragraphs matched in their own text, rest on these: a
    wrong id here is a wrong total on the page."""
    ids = np.array(sorted(mine), dtype=np.int32)
    other = np.array(sorted(theirs), dtype=np.int64)
    assert idsets.member(ids, other).tolist() == np.isin(ids, other).tolist()
    common, at_mine, at_theirs = idsets.intersect(ids, other)
    expected = np.intersect1d(ids, other, assume_unique=True, return_indices=True)
    assert [part.tolist() for part in (common, at_mine, at_theirs)] == [part.tolist() for part in expected]


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize(("few", "many"), [(2_000, 60_000), (1_500, 200_000), (20_000, 60_000)])
def test_ids_against_a_long_list_agree_with_numpy_searched_or_mapped(seed, few, many):
    """A phrase keeps the paragraphs of its rarest word that hold the others (``"eerste kamer"``:
    4,140 against 52,000): searched when the ids are few against the list, mapped when many,
    and either way the same ids, at the same places."""
    rng = np.random.default_rng(seed)
    ids = np.sort(rng.choice(250_000, few, replace=False)).astype(np.int32)
    other = np.sort(np.concatenate([rng.choice(ids, few // 3, replace=False), rng.choice(250_000, many)]))
    other = np.unique(other).astype(np.int32)
    assert idsets.member(ids, other).tolist() == np.isin(ids, other).tolist()
    found, at = idsets.locate(ids, other)
    assert found.tolist() == np.isin(ids, other).tolist()
    assert other[at].tolist() == ids[found].tolist()


@settings(max_examples=300, deadline=None)
@given(
    st.sets(st.integers(0, 3_000), max_size=400),
    st.lists(st.sets(st.integers(0, 3_000), max_size=2_000), max_size=12),
    st.sampled_from([(16, 8), (0, 8), (1, 0), (10**9, 10**9)]),
)
def test_ids_in_any_run_are_the_same_searched_probed_and_mapped(mine, terms, steps):
    """Which matches hold a query word in their own text (the count on every hit) rests on
    this: ids searched in each term's run, the runs' postings looked up among the ids, or a
    bitmap of every posting, as the costs (``steps``) choose."""
    ids = np.array(sorted(mine), dtype=np.int64)
    runs = [np.array(sorted(term), dtype=np.int32) for term in terms]
    anywhere = set().union(*terms)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(idsets, "SEARCH_STEPS", steps[0])
        patch.setattr(idsets, "PROBE_STEPS", steps[1])
        assert idsets.in_any(ids, runs).tolist() == [i in anywhere for i in sorted(mine)]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    picked=st.lists(st.integers(0, 10**6), min_size=2, max_size=40, unique=True),
    order=st.sampled_from(["posting", "neighbours", "shuffled"]),
    within=st.one_of(st.none(), st.sets(st.integers(0, 60), min_size=1, max_size=40)),
    boosted=st.booleans(),
)
def test_terms_gathered_together_are_each_terms_postings_in_turn(engine, picked, order, within, boosted):
    """A prefix's expansions (neighbours in the dictionary, or terms far apart, in any order)
    are read and scored in one pass: the docnums and contributions must be each term's own,
    term after term, those ``within`` keeps only, boosts applied, as when every term is read
    on its own. Their order is what a union sums in, so a page's scores depend on it."""
    postings = engine._current().matcher.fields["text"]
    rows = sorted({p % len(postings.terms) for p in picked})
    if order == "neighbours":  # no term between them
        rows = list(range(rows[0], min(rows[0] + len(rows), len(postings.terms))))
    spans = [(int(postings.offsets[row]), int(postings.offsets[row + 1])) for row in rows]
    if order == "shuffled":
        spans = spans[1::2] + spans[::2]
    boosts = [1.0 + (i % 3) / 2 for i in range(len(spans))] if boosted else None
    keep = None if within is None else idsets.Span(np.array(sorted(within), dtype=np.int64)).holds
    docs, scores = postings.gather(spans, keep, boosts)
    expected_docs, expected_scores = [], []
    for i, (lo, hi) in enumerate(spans):
        term_docs = postings.docs[lo:hi]
        picks = np.arange(hi - lo) if keep is None else keep(term_docs).nonzero()[0]
        term_scores = postings.scores(lo, hi, picks)
        if boosts is not None:
            term_scores *= np.float32(boosts[i])
        expected_docs += term_docs[picks].tolist()
        expected_scores += term_scores.tolist()
    assert docs.tolist() == expected_docs
    assert scores.tolist() == expected_scores


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 50), max_size=300), st.sampled_from([np.int32, np.int64]))
def test_the_articles_of_ascending_paragraphs_are_each_counted_once(articles, dtype):
    """A selection's articles (total_articles, the year and source facets per article) are the
    distinct article numbers of its paragraphs, which come in ascending order."""
    values = np.array(sorted(articles), dtype=dtype)
    found = idsets.distinct(values)
    assert found.tolist() == sorted(set(articles)) and found.dtype == dtype


def _runs_and_scores(terms: list[set[int]], offset: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Postings of several terms concatenated (each term's ascending), with scores that add
    up differently in another order: ``2**60 - 2**60 + 1`` is 1, ``2**60 + 1 - 2**60`` is 0."""
    docs = np.concatenate([np.array(sorted(term), dtype=np.int32) + offset for term in terms])
    rng = np.random.default_rng(seed)
    scores = rng.choice(np.array([2.0**60, -(2.0**60), 1.0, 0.25], np.float32), docs.size)
    return docs, scores


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sets(st.integers(0, 3_000), min_size=1, max_size=300), min_size=1, max_size=8),
    st.sampled_from([0, 7, 2_000_000]),
    st.sampled_from([(0, 1), (1, 0)]),
    st.integers(0, 2**32 - 1),
)
def test_a_union_of_terms_sums_as_bincount_sorted_or_on_its_span(terms, offset, steps, seed):
    """Every prefix and every word in several fields is ranked by this sum per document: by a
    sort or on a bitmap over the postings' span, it must be ``np.bincount``'s (the dense
    path's) to the bit, far from docnum 0 too."""
    docs, scores = _runs_and_scores(terms, offset, seed)
    expected_ids = np.flatnonzero(np.bincount(docs))
    expected = np.bincount(docs, weights=scores)[expected_ids].astype(np.float32)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(idsets, "SORT_STEPS", steps[0])
        patch.setattr(idsets, "SCAN_STEPS", steps[1])
        ids, sums = idsets.summed(docs, scores)
    assert ids.dtype == np.int64 and sums.dtype == np.float32
    assert ids.tolist() == expected_ids.tolist()
    assert sums.tobytes() == expected.tobytes()


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(0, 5_000), min_size=1, max_size=300),
    st.lists(st.integers(-10, 10_000), max_size=400),
)
def test_a_span_holds_exactly_its_ids_inside_and_outside_its_span(ids, docs):
    """An AND of words keeps the postings of its candidates through this bitmap over their
    span: a posting below or above it, or next to it, is never kept."""
    span = idsets.Span(np.array(ids, dtype=np.int64))
    looked_up = np.array([d for d in docs if d >= 0], dtype=np.int32)
    assert span.holds(looked_up).tolist() == np.isin(looked_up, ids).tolist()


PHRASES = [text for text in SPARSE_QUERIES if '"' in text]
