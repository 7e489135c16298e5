"""Building the answers users see from a selection: hits with snippets, the reader's article,
export rows, related articles and the index's statistics.

This is where stored fields are read (one decoded record per paragraph shown) and
turned into HTML, so it only ever runs over a page, an article or a bounded export, never over
every match. What is matched and in which order is decided before (``selection``); the types
filled here are declared in ``results``, which the web layer imports without any of this.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterator

import numpy as np
from markupsafe import escape

from . import analysis, explain, export, kwic, related, timeline
from .errors import NotFoundError
from .follower import Generation
from .generation_format import Meta
from .query import ParsedQuery
from .results import (
    ArticleFacts,
    ArticleParagraph,
    ArticleView,
    FacetValue,
    Hit,
    SearchRequest,
    SearchResult,
    Stats,
    WordCount,
)
from .selection import Filters, Selection, by_date, count_of, facets, rank, sort_of
from .snippets import Highlighter
from .spelling import suggest_correction

FEW_RESULTS = 3  # at or below this many paragraphs, offer a did-you-mean

ArticlesFound = Callable[[str, bool, Filters], int]  # (query text, prefix, filters) -> articles


def search_result(
    selection: Selection, request: SearchRequest, started: float, articles_found: ArticlesFound
) -> SearchResult:
    """The page of hits with totals, facets and timeline; when it found little, what might
    find more (``articles_found`` counts what another query would find)."""
    generation, parsed, scores, ids = selection.generation, selection.parsed, selection.scores, selection.ids
    articles = selection.articles
    docs = generation.matcher.documents
    sort = sort_of(parsed, request.sort)
    article_of = np.asarray(docs.article_idx)
    total_articles = int(articles.size)
    # Counted as the reader marks them: a paragraph found through the title alone is no match.
    in_text = ids[explain.in_own_text(generation.matcher, parsed.highlight_terms, ids)]

    by_article = request.group == "article"
    chosen = rank(generation, ids, scores, sort, request, by_article)
    terms = parsed.highlight_terms
    codes, items = (generation.article_dates, articles) if by_article else (generation.doc_dates, ids)
    per_year = timeline.year_counts(codes, items)  # the timeline's and, unfiltered by date, the year facet's
    over_time = timeline.histogram(codes, items, per_year)
    page = np.asarray(chosen, dtype=np.int64)
    page_scores = scores[ids.searchsorted(page)].tolist()
    matching = count_of(article_of[in_text], article_of[page]).tolist()
    stored = [generation.stored(docnum) for docnum in chosen]
    texts = Highlighter(terms, parsed.phrases)
    texts.read([*(fields.get("text", "") for fields in stored), *(fields.get("title", "") for fields in stored)])
    titles = texts.words_only()  # titles mark words, not phrases
    hits = []
    for fields, score, matching_paragraphs in zip(stored, page_scores, matching, strict=True):
        title = fields.get("title", "")
        hits.append(
            Hit(
                id=fields["id"],
                article_id=fields["article"],
                paragraph=int(fields.get("para", 0)),
                title=title,
                title_html=titles.mark(title),
                section=fields.get("heading") or "",
                source=fields.get("source", ""),
                date=fields.get("date"),
                date_precision=fields.get("precision"),
                url=fields.get("url") or "",
                score=round(score, 4),
                snippet=texts.snippet(fields.get("text", "")),
                matching_paragraphs=matching_paragraphs,
            )
        )
    filters = (request.sources, *selection.bounds)
    did_you_mean = None
    if parsed.text and ids.size <= FEW_RESULTS and parsed.words:
        did_you_mean = suggest_correction(parsed.words, request.q, generation.vocabulary, ids.size)
        # "kabinet rustte" is no help for "kabinet Rutte" when it finds nothing either.
        if did_you_mean and articles_found(did_you_mean, False, filters) <= total_articles:
            did_you_mean = None
    words_alone = []
    if total_articles == 0 and (alone := explain.separate_words(parsed.text)):
        last = len(alone) - 1
        words_alone = [
            WordCount(word, articles_found(word, request.prefix and i == last, filters))
            for i, word in enumerate(alone)
            if analysis.query_terms(word)
        ]
    return SearchResult(
        query=request.q,
        total_articles=total_articles,
        total_paragraphs=int(ids.size),
        page=request.page,
        per_page=request.per_page,
        took_ms=round((time.perf_counter() - started) * 1000, 2),
        hits=hits,
        facets=facets(selection, by_article, per_year),
        timeline=over_time,
        did_you_mean=did_you_mean,
        partial=selection.partial,
        words_alone=words_alone,
        stop_words=explain.stop_words(parsed.words),
        matching_paragraphs=int(in_text.size),
    )


def kwic_result(selection: Selection, request: kwic.KwicRequest) -> kwic.KwicResult:
    """Every occurrence of the query's words in the selected paragraphs, read in date order."""
    parsed = selection.parsed
    return kwic.collect(
        (int(d) for d in by_date(selection, request.sort)),
        selection.generation.stored,
        parsed.highlight_terms,
        [words for words, _ in parsed.phrases],
        request,
        int(selection.ids.size),
    )


def export_rows(selection: Selection, request: SearchRequest, limit: int) -> tuple[int, Iterator[export.ExportRow]]:
    """(matching articles or paragraphs, rows of the first ``limit`` of them in result order),
    the rows read from the index as they are consumed, so that a response can stream them."""
    generation, parsed, ids = selection.generation, selection.parsed, selection.ids
    by_article = request.group == "article"
    total = int(selection.articles.size) if by_article else int(ids.size)
    everything = dataclasses.replace(request, page=1, per_page=min(limit, max(total, 1)))
    chosen = rank(generation, ids, selection.scores, sort_of(parsed, request.sort), everything, by_article)
    article_of = np.asarray(generation.matcher.documents.article_idx)
    words = Highlighter(parsed.highlight_terms)
    matching = count_of(article_of[ids], article_of[np.asarray(chosen, dtype=np.int64)])

    def rows() -> Iterator[export.ExportRow]:
        for docnum, matching_paragraphs in zip(chosen, matching.tolist(), strict=True):
            fields = generation.stored(docnum)
            text = fields.get("text", "")
            yield export.ExportRow(
                id=fields["article"] if by_article else fields["id"],
                article_id=fields["article"],
                paragraph=int(fields.get("para", 0)),
                title=fields.get("title", ""),
                source=fields.get("source", ""),
                date=fields.get("date"),
                url=fields.get("url") or "",
                matching_paragraphs=matching_paragraphs,
                text=export.plain(words.snippet(text)) if by_article else text,
            )

    return total, rows()


def related_articles(generation: Generation, article_id: str, count: int) -> related.Related:
    """Up to ``count`` other articles that share the most of this one's distinctive terms."""
    matcher = generation.matcher
    docs = matcher.documents
    index = matcher.article_lookup.get(article_id)
    if index is None:
        raise NotFoundError(f"no article with id {article_id!r}")
    article_of = np.asarray(docs.article_idx)
    docnums = np.flatnonzero(article_of == index)
    stored = [generation.stored(d) for d in docnums]
    terms = related.article_terms(stored[0].get("title", ""), (f.get("text", "") for f in stored))
    postings = matcher.fields["text"]

    def doc_frequency(term: str) -> int:
        lo, hi = postings.span(term)
        return hi - lo

    def postings_of(term: str) -> np.ndarray:
        lo, hi = postings.span(term)
        return np.asarray(postings.docs[lo:hi])

    chosen = related.distinctive_terms(terms, doc_frequency, matcher.size)
    found = related.rank(chosen, postings_of, article_of, len(docs.article_ids), index, count)
    articles = []
    for other, score, shared in found:
        # article_of is non-decreasing: the article's first paragraph is found, not scanned for
        fields = generation.stored(int(np.searchsorted(article_of, other)))
        articles.append(related.RelatedArticle(**ArticleFacts.stored(fields), score=round(score, 4), shared=shared))
    return related.Related(article_id=article_id, terms=[t for t, _ in chosen], articles=articles)


def article_docnums(generation: Generation, article_id: str) -> np.ndarray:
    """The docnums of an article's paragraphs; NotFoundError when there is no such article.

    From the arrays, not Whoosh: its readers keep file positions and must not be shared
    between request threads without the generation's lock."""
    index = generation.matcher.article_lookup.get(article_id)
    docnums = [] if index is None else np.flatnonzero(np.asarray(generation.matcher.documents.article_idx) == index)
    if not len(docnums):
        raise NotFoundError(f"no article with id {article_id!r}")
    return docnums


def article_view(
    generation: Generation, article_id: str, docnums: np.ndarray, parsed: ParsedQuery | None
) -> ArticleView:
    """The whole article for the reader; with a query, its words marked and the paragraphs
    that match flagged as the result list counts them."""
    terms: set[str] = set()
    phrases: list = []
    matched = np.zeros(0, dtype=bool)
    if parsed is not None:
        terms, phrases = parsed.highlight_terms, parsed.phrases
        matched = generation.matcher.evaluate(parsed.query)[0][docnums]
    stored = sorted(
        ((generation.stored(d), bool(matched[i]) if matched.size else False) for i, d in enumerate(docnums)),
        key=lambda pair: pair[0].get("para", 0),
    )
    first = stored[0][0]
    texts = Highlighter(terms, phrases)
    texts.read([first.get("title", ""), *(f.get(name) or "" for f, _ in stored for name in ("text", "heading"))])
    words = texts.words_only()  # the title and headings mark words, not phrases
    paragraphs = []
    for fields, is_match in stored:
        text = fields.get("text", "")
        marked = texts.mark(text) if parsed is not None else text
        heading = fields.get("heading") or ""
        own_words = "<mark>" in marked or bool(words.spans(heading))
        paragraphs.append(
            ArticleParagraph(
                number=int(fields.get("para", 0)),
                heading=heading,
                text=marked,
                matches=is_match and own_words,  # as the result list counts them
            )
        )
    title = first.get("title", "")
    title_html = words.mark(title) if parsed is not None else str(escape(title))
    return ArticleView(
        **ArticleFacts.stored(first),
        paragraphs=paragraphs,
        marked=parsed is not None,
        title_html=title_html,
        title_matches="<mark>" in title_html,
    )


def stats(meta: Meta) -> Stats:
    """What the index holds and how it was built, from its meta alone."""
    return Stats(
        generation=meta.generation,
        built_at=meta.built_at,
        build_seconds=meta.build_seconds,
        articles=meta.articles,
        paragraphs=meta.paragraphs,
        sources=[FacetValue(k, v) for k, v in sorted(meta.sources.items(), key=lambda kv: -kv[1])],
        date_min=meta.date_min,
        date_max=meta.date_max,
        analyzer=meta.analyzer,
        stemmer=meta.stemmer,
        lexicon=meta.lexicon,
    )
