"""What a request selects: the documents a parsed query matches, cut down by the source and
date filters, counted into facets and ranked into a page.

A search, its timeline, words in context and export all start from one ``Selection``, so they
count and order the same documents. Everything here works on the matching ids (ascending
docnums) and the generation's per-document arrays, never on stored fields: reading those is
the cost of building results (``answers``), and only the chosen page pays it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .follower import Generation
from .idsets import distinct
from .query import ParsedQuery
from .results import FacetValue, SearchRequest
from .timeline import year_counts

Filters = tuple[tuple[str, ...], int | None, int | None]  # sources, first and last day (yyyymmdd)


@dataclass
class Selection:
    """A request matched and filtered: the documents it selects and how they scored."""

    generation: Generation
    parsed: ParsedQuery
    matched: np.ndarray  # docnums the query alone matches, ascending
    partial: bool
    source_ok: np.ndarray | None  # which of ``matched`` pass the source filter (None: no filter)
    date_ok: np.ndarray | None  # ... and the date filter
    bounds: tuple[int | None, int | None]  # the date filter's first and last day (yyyymmdd)
    ids: np.ndarray  # docnums that match the query and every filter, ascending
    scores: np.ndarray  # the scores of ``ids``
    articles: np.ndarray  # article indexes of ``ids``, ascending


def select(
    generation: Generation,
    parsed: ParsedQuery,
    sources: tuple[str, ...],
    bounds: tuple[int | None, int | None],
    deadline: float | None,
) -> Selection:
    """Match ``parsed`` and keep what passes the filters: work that follows the hits."""
    low, high = bounds
    docs = generation.matcher.documents
    # the matching docnums (ascending) and their scores
    matched, matched_scores, partial = generation.matcher.matches(parsed.query, deadline)
    source_ok = sources_ok(generation, sources, matched)
    date_ok = dates_ok(generation, low, high, matched)
    keep = both(source_ok, date_ok)
    ids, scores = (matched, matched_scores) if keep is None else (matched[keep], matched_scores[keep])
    articles = distinct(np.asarray(docs.article_idx)[ids])
    return Selection(generation, parsed, matched, partial, source_ok, date_ok, bounds, ids, scores, articles)


def articles_found(generation: Generation, parsed: ParsedQuery, filters: Filters) -> int:
    """Articles another query would find with the same filters (for did-you-mean and the words
    on their own); only asked when an answer found little."""
    ids, _, _ = generation.matcher.matches(parsed.query)
    sources, low, high = filters
    keep = both(sources_ok(generation, sources, ids), dates_ok(generation, low, high, ids))
    if keep is not None:
        ids = ids[keep]
    return int(distinct(np.asarray(generation.matcher.documents.article_idx)[ids]).size)


def both(*masks: np.ndarray | None) -> np.ndarray | None:
    kept = [m for m in masks if m is not None]
    return np.logical_and.reduce(kept) if kept else None


def sources_ok(generation: Generation, sources: tuple[str, ...], ids: np.ndarray) -> np.ndarray | None:
    """Which of ``ids`` come from one of ``sources`` (None: no source filter)."""
    if not sources:
        return None
    lookup = generation.matcher.source_lookup
    wanted = [lookup[s.lower()] for s in sources if s.lower() in lookup]
    return np.isin(np.asarray(generation.matcher.documents.source_idx)[ids], wanted)


def dates_ok(generation: Generation, low: int | None, high: int | None, ids: np.ndarray) -> np.ndarray | None:
    """Which of ``ids`` have a date span that overlaps [low, high]: a month-precision article
    falls in the month it names, so ``from=2018-05-15`` still finds an article dated ``2018-05``."""
    if low is None and high is None:
        return None
    docs = generation.matcher.documents
    first = np.asarray(docs.date_first)[ids]
    ok = first > 0
    if low is not None:
        ok &= np.asarray(docs.date_last)[ids] >= low
    if high is not None:
        ok &= first <= high
    return ok


def count_of(values: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """How often each of ``wanted`` occurs in the non-decreasing ``values`` (0 where absent):
    for a whole page at once, two searches instead of one per hit, and no runs counted for the
    hundreds of articles the page does not show."""
    return values.searchsorted(wanted, "right") - values.searchsorted(wanted)


def facets(selection: Selection, by_article: bool, per_year: np.ndarray | None = None) -> dict[str, list[FacetValue]]:
    """Counts per source and per year; each facet ignores its own filter (choosing a second
    source widens the answer), but not the other one.

    ``per_year`` is the selection's own items (paragraphs or articles) counted per year
    (``timeline.year_counts``, which the timeline starts from): with no date filter to ignore,
    the year facet counts those very items, so they are not counted twice."""
    generation, matched = selection.generation, selection.matched
    date_ok, source_ok = selection.date_ok, selection.source_ok
    docs = generation.matcher.documents
    # with no filter at all, both facets count the selection's own articles: already known
    known = selection.articles if source_ok is None and date_ok is None else None
    source_ids = matched if date_ok is None else matched[date_ok]
    if by_article:
        articles = known if known is not None else distinct(np.asarray(docs.article_idx)[source_ids])
        sources = np.asarray(docs.article_source)[articles]
    else:
        sources = np.asarray(docs.source_idx)[source_ids]
    if per_year is None or date_ok is not None:
        year_ids = matched if source_ok is None else matched[source_ok]
        if by_article:
            codes = generation.article_dates
            year_ids = known if known is not None else distinct(np.asarray(docs.article_idx)[year_ids])
        else:
            codes = generation.doc_dates
        per_year = year_counts(codes, year_ids)
    return {"source": source_facet(docs.sources, sources), "year": year_facet(per_year)}


def source_facet(names: list[str], sources: np.ndarray) -> list[FacetValue]:
    """Counts per source of some items (``sources``: each one's source code), the most first."""
    # a code per source, a few dozen at most: read as a list, not picked from with NumPy calls
    counts = np.bincount(sources).tolist() if sources.size else []
    found = sorted(((names[code], n) for code, n in enumerate(counts) if n), key=lambda pair: (-pair[1], pair[0]))
    return [FacetValue(name, n) for name, n in found]


def year_facet(per_year: np.ndarray) -> list[FacetValue]:
    """Counts per year, newest first, from ``timeline.year_counts``; undated items have no year
    to filter on."""
    if per_year.size <= 1:  # nothing dated: the highest year counted has a count
        return []
    # read from the first year counted: the thousands of years before it are no one's
    first = int((per_year[1:] > 0).argmax()) + 1
    found = [(str(first + i), n) for i, n in enumerate(per_year[first:].tolist()) if n]
    # labels sort newest first as the years do when all have four digits (dates stop at 9999)
    return [FacetValue(label, n) for label, n in (found[::-1] if first >= 1000 else sorted(found, reverse=True))]


def sort_of(parsed: ParsedQuery, sort: str) -> str:
    """The order a request gets: a query without words (only filters) has no relevance to sort
    by, so it lists the newest first."""
    return "newest" if not parsed.text and sort == "relevance" else sort


def rank(
    generation: Generation,
    ids: np.ndarray,
    scores: np.ndarray,
    sort: str,
    request: SearchRequest,
    by_article: bool,
) -> list[int]:
    """Docnums of the requested page: best paragraph per article, or paragraphs (``scores``
    are those of ``ids``)."""
    if ids.size == 0:
        return []
    docs = generation.matcher.documents
    if sort == "relevance":
        key = scores  # float32, as scored: no copy of a 50,000-hit array to rank it
    else:
        score = scores.astype(np.float64)
        # an imprecise date ("2018", "2018-05") sorts by its first day
        dates = np.asarray(docs.date_first)[ids].astype(np.float64)
        if sort == "oldest":
            dates = np.where(dates > 0, 99999999 - dates, -1)
        key = dates * 1e4 + np.minimum(score, 9999)
    # ties: lower docnum first, so pages are stable
    need = request.page * request.per_page
    article_of = np.asarray(docs.article_idx)
    take = min(ids.size, max(need * 4, 64))
    while True:
        top = highest(key, take)
        top = top[np.lexsort((ids[top], -key[top]))]
        ranked = ids[top]
        if not by_article:
            return [int(d) for d in ranked[need - request.per_page : need]]
        best = best_of_articles(ranked.tolist(), article_of[ranked].tolist(), need)
        if len(best) >= need or take >= ids.size:
            return best[need - request.per_page : need]
        take = min(ids.size, take * 4)


def best_of_articles(ranked: list[int], articles: list[int], need: int) -> list[int]:
    """The first ``need`` of ``ranked`` (docnums, best first) that are their article's first
    (``articles``: the article of each). A page needs a dozen: a loop that stops there beats
    sorting every candidate's article (``np.unique``) four times over."""
    best: list[int] = []
    seen: set[int] = set()
    for docnum, article in zip(ranked, articles, strict=True):
        if article not in seen:
            seen.add(article)
            best.append(docnum)
            if len(best) == need:
                break
    return best


SAMPLE_PER_WANTED = 16  # sampled keys per wanted one, to guess a threshold (see highest)


def highest(key: np.ndarray, take: int) -> np.ndarray:
    """Indexes of at least the ``take`` highest of ``key`` (every key equal to the lowest of
    them included), in no order.

    A threshold guessed from a sample of the keys, such that about twice ``take`` lie above it,
    picks the candidates in one comparison; when fewer than ``take`` pass, the exact partition
    decides. ``np.argpartition`` alone costs 0.4 ms at 53,000 hits (``ministe*``), the guess
    a tenth of that, and ties at the cut are all kept, so a page never depends on which of
    two equal scores the partition happened to put first."""
    size = key.size
    if take >= size:
        return np.arange(size)
    sample = key[:: max(1, size // (take * SAMPLE_PER_WANTED))]
    above = min(sample.size, -(-2 * take * sample.size // size))  # ceil: sampled keys wanted above
    found = (key >= _kth(sample, sample.size - above)).nonzero()[0]
    if found.size >= take:
        return found
    return (key >= _kth(key, size - take)).nonzero()[0]  # the take-th highest: exact


def _kth(values: np.ndarray, k: int) -> np.generic:
    """The ``k``-th lowest of ``values``: ``np.partition(values, k)[k]`` without the wrapper's
    own checks (a copy is partitioned in place; the scores stay as they were)."""
    ordered = values.copy()
    ordered.partition(k)
    return ordered[k]


def by_date(selection: Selection, sort: str) -> np.ndarray:
    """``selection.ids`` newest first, or oldest first (``sort == "oldest"``); undated last
    either way; ties in index order (the order words in context reads paragraphs in)."""
    ids = selection.ids
    dates = np.asarray(selection.generation.matcher.documents.date_first)[ids]
    key = -dates if sort != "oldest" else np.where(dates > 0, dates, np.iinfo(np.int32).max)
    return ids[np.lexsort((ids, key))]
