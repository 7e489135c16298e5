"""The query engine: one entry point for searching, completing, reading and describing.

An Engine follows the index directory: each call checks (one ``stat``) whether CURRENT names
a new generation and, if so, opens it and serves it from that call on; calls already running
finish on the generation they started with. Matching runs on the generation's NumPy arrays
(``fastpath``); Whoosh supplies the parsed queries, stored fields and statistics.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import pickle
import struct
import threading
import time
import weakref
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from markupsafe import escape
from whoosh import index as whoosh_index
from whoosh.filedb.filetables import FileFormatError
from whoosh.reading import ReaderClosed

from . import analysis, explain, export, generation_format, generations, kwic, related, timeline
from .config import Config
from .dates import DateError, parse_date, yyyymmdd
from .errors import NoIndexError, NotFoundError, QueryError
from .fastpath import Matcher
from .generation_format import Meta, runs
from .query import ParsedQuery, parse
from .results import (
    GROUPS,
    MAX_PER_PAGE,
    SORTS,
    ArticleParagraph,
    ArticleView,
    Completion,
    FacetValue,
    Hit,
    SearchRequest,
    SearchResult,
    Stats,
    WordCount,
)
from .snippets import mark_text, match_spans, snippet
from .spelling import suggest_correction
from .timeline import DateCodes
from .vocabulary import Vocabulary

log = logging.getLogger(__name__)

# What opening a generation whose files are missing, truncated or corrupt raises (numpy, json,
# pickle, Whoosh's table and segment readers).
GENERATION_DAMAGE = (
    OSError,
    ValueError,
    EOFError,
    KeyError,
    IndexError,
    struct.error,
    zlib.error,
    pickle.UnpicklingError,
    whoosh_index.IndexError,
    FileFormatError,
)

FEW_RESULTS = 3  # at or below this many paragraphs, offer a did-you-mean
COMPLETIONS = 10


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
    per_article: np.ndarray  # matching paragraphs per article of ``articles``


def count_of(keys: np.ndarray, counts: np.ndarray, key: int) -> int:
    """The count of ``key`` in a (sorted ``keys``, ``counts``) pair made by ``runs``; 0 if absent."""
    at = int(np.searchsorted(keys, key))
    return int(counts[at]) if at < keys.size and keys[at] == key else 0


@dataclass
class Generation:
    """Everything opened for one generation; immutable once built, shared by threads."""

    path: Path
    meta: Meta
    index: object
    searcher: object
    matcher: Matcher
    vocabulary: Vocabulary
    doc_dates: DateCodes  # timeline codes per paragraph
    article_dates: DateCodes  # ... and per article
    lock: threading.Lock
    _closer: weakref.finalize

    @classmethod
    def open(cls, path: Path) -> Generation:
        meta = Meta.read(path)
        if meta.format != generation_format.FORMAT:
            raise NoIndexError(
                f"{path.name} was built by another version of Zoeklicht (format {meta.format}, "
                f"this one reads {generation_format.FORMAT}); run `zoeklicht index` to rebuild it"
            )
        analysis.use_lexicon(path / generation_format.LEXICON)  # first generation of this process only
        ix = whoosh_index.open_dir(str(path))
        searcher = ix.searcher()
        try:
            matcher = Matcher(path)
            docs = matcher.documents
            doc_dates = DateCodes.from_spans(docs.date_first, docs.date_last)
            generation = cls(
                path=path,
                meta=meta,
                index=ix,
                searcher=searcher,
                matcher=matcher,
                vocabulary=Vocabulary.open(path),
                lock=threading.Lock(),
                _closer=None,  # type: ignore[arg-type]
                doc_dates=doc_dates,
                article_dates=doc_dates.take(np.asarray(docs.article_idx), len(docs.article_ids)),
            )
        except BaseException:  # a damaged generation: close what was opened, then say why
            _close_quietly(searcher, ix)
            raise
        # A replaced generation closes its files once the last request using it lets go. The
        # finalizer holds the searcher itself, so the files are closed before they are collected.
        generation._closer = weakref.finalize(generation, _close_quietly, searcher, ix)
        return generation

    def close(self) -> None:
        self._closer()

    def stored(self, docnum: int) -> dict:
        with self.lock:  # Whoosh's stored-field reader keeps a file position
            return self.searcher.stored_fields(int(docnum))


def _close_quietly(searcher, ix) -> None:
    try:
        searcher.close()
        ix.close()
    except ReaderClosed:
        pass


class Engine:
    def __init__(self, config: Config) -> None:
        self.config = config
        self._lock = threading.Lock()
        self._generation: Generation | None = None
        self._pointer: tuple[int, int] | None = None
        self._current()

    # -- generations -------------------------------------------------------------------------

    def _current(self) -> Generation:
        pointer_file = self.config.index_dir / generations.CURRENT
        try:
            st = os.stat(pointer_file)
            pointer = (st.st_ino, st.st_mtime_ns)
        except OSError:
            pointer = None
        if pointer is not None and pointer == self._pointer and self._generation is not None:
            return self._generation
        # One thread opens a new generation; the others keep serving the old one meanwhile
        # instead of queueing behind it (only a process with no generation yet waits).
        if not self._lock.acquire(blocking=self._generation is None):
            return self._generation  # type: ignore[return-value]
        try:
            if pointer is not None and pointer == self._pointer and self._generation is not None:
                return self._generation
            path = generations.current_generation(self.config.index_dir)
            if path is None:
                if self._generation is not None:
                    return self._generation  # keep serving what we have
                raise NoIndexError(f"no index in {self.config.index_dir}; run `zoeklicht index`")
            if self._generation is None or self._generation.path != path:
                generation = self._open(path)
                if generation is None:  # damaged: keep what we serve, else fall back, else 503
                    self._pointer = pointer  # not again on every request, only when CURRENT changes
                    if self._generation is not None:
                        return self._generation
                    generation = self._fallback(path)
                self._generation = generation
            self._pointer = pointer
            return self._generation
        finally:
            self._lock.release()

    @staticmethod
    def _open(path: Path) -> Generation | None:
        """Open and warm up a generation; None (and one clear log line) when its files are
        missing, truncated or damaged, so that a bad generation never crash-loops a server."""
        started = time.perf_counter()
        try:
            generation = Generation.open(path)
            Engine._warm_up(generation)
        except (*GENERATION_DAMAGE, NoIndexError) as exc:  # NoIndexError: built in another format
            log.error("cannot open index generation %s: %s: %s", path.name, type(exc).__name__, exc)
            return None
        log.info("serving %s (opened in %.0f ms)", path.name, (time.perf_counter() - started) * 1000)
        return generation

    def _fallback(self, damaged: Path) -> Generation:
        """The newest other generation that opens; NoIndexError (a 503) when none does."""
        for path in generations.generations_newest_first(self.config.index_dir):
            if path != damaged and (generation := self._open(path)) is not None:
                log.warning("serving %s instead of the damaged %s; rebuild the index", path.name, damaged.name)
                return generation
        raise NoIndexError(f"the current index generation {damaged.name} cannot be opened; run `zoeklicht index`")

    @staticmethod
    def _warm_up(generation: Generation) -> None:
        """The first query pays for the lexicon, page faults and lazy imports: pay before serving."""
        probe = parse("ontmoetingen nieuws*", generation.vocabulary, known_term=generation.matcher.known_term)
        mask, _, _ = generation.matcher.evaluate(probe.query)
        if generation.matcher.size:
            first = int(np.argmax(mask)) if mask.any() else 0
            snippet(generation.stored(first).get("text", ""), probe.highlight_terms)

    def close(self) -> None:
        """Close the generation being served (tests and short-lived tools)."""
        with self._lock:
            if self._generation is not None:
                self._generation.close()
                self._generation = None
                self._pointer = None

    @property
    def ready(self) -> bool:
        try:
            self._current()
        except NoIndexError:
            return False
        return True

    @property
    def generation_name(self) -> str:
        return self._current().path.name

    # -- search ------------------------------------------------------------------------------

    def parse(self, text: str, prefix: bool = False, generation: Generation | None = None) -> ParsedQuery:
        """Parse against a generation's vocabulary: the one a caller is already matching in, so a
        swap between parsing and matching cannot mix two generations."""
        generation = generation or self._current()
        return parse(
            text,
            generation.vocabulary,
            prefix_last=prefix,
            max_chars=self.config.max_query_chars,
            max_expansions=self.config.max_expansions,
            known_term=generation.matcher.known_term,
        )

    def _select(self, request: SearchRequest, started: float) -> Selection:
        """Parse, match and filter: what a search, its timeline, KWIC and export all start from."""
        low, high = self._date_bounds(request.date_from, request.date_to)
        generation = self._current()
        matcher = generation.matcher
        docs = matcher.documents
        deadline = started + self.config.time_limit_ms / 1000
        parsed = self.parse(request.q, request.prefix, generation)
        # the matching docnums (ascending) and their scores: work that follows the hits
        matched, matched_scores, partial = matcher.matches(parsed.query, deadline)
        source_ok = self._source_ok(generation, request.sources, matched)
        date_ok = self._date_ok(generation, low, high, matched)
        keep = self._and(source_ok, date_ok)
        ids, scores = (matched, matched_scores) if keep is None else (matched[keep], matched_scores[keep])
        articles, per_article = runs(np.asarray(docs.article_idx)[ids])
        return Selection(
            generation, parsed, matched, partial, source_ok, date_ok, (low, high), ids, scores, articles, per_article
        )

    def search(self, request: SearchRequest) -> SearchResult:
        started = time.perf_counter()
        self._validate(request)
        selection = self._select(request, started)
        generation, parsed, scores, ids = selection.generation, selection.parsed, selection.scores, selection.ids
        matched, source_ok, date_ok = selection.matched, selection.source_ok, selection.date_ok
        partial, articles = selection.partial, selection.articles
        docs = generation.matcher.documents
        sort = request.sort
        if not parsed.text:
            sort = "newest" if sort == "relevance" else sort
        article_of = np.asarray(docs.article_idx)
        total_articles = int(articles.size)
        # Counted as the reader marks them: a paragraph found through the title alone is no match.
        in_text = np.intersect1d(ids, explain.text_ids(generation.matcher, parsed.highlight_terms), assume_unique=True)
        text_articles, per_article_text = runs(article_of[in_text])

        by_article = request.group == "article"
        facets = {
            "source": self._facet(generation, matched if date_ok is None else matched[date_ok], "source", by_article),
            "year": self._facet(generation, matched if source_ok is None else matched[source_ok], "year", by_article),
        }
        chosen = self._rank(generation, ids, scores, sort, request, by_article)
        terms = parsed.highlight_terms
        if by_article:
            over_time = timeline.histogram(generation.article_dates, articles)
        else:
            over_time = timeline.histogram(generation.doc_dates, ids)
        hits = []
        for docnum in chosen:
            fields = generation.stored(docnum)
            title = fields.get("title", "")
            hits.append(
                Hit(
                    id=fields["id"],
                    article_id=fields["article"],
                    paragraph=int(fields.get("para", 0)),
                    title=title,
                    title_html=mark_text(title, terms),
                    section=fields.get("heading") or "",
                    source=fields.get("source", ""),
                    date=fields.get("date"),
                    date_precision=fields.get("precision"),
                    url=fields.get("url") or "",
                    score=round(float(scores[np.searchsorted(ids, docnum)]), 4),
                    snippet=snippet(fields.get("text", ""), terms, phrases=parsed.phrases),
                    matching_paragraphs=count_of(text_articles, per_article_text, article_of[docnum]),
                )
            )
        filters = (request.sources, *selection.bounds)
        did_you_mean = None
        if parsed.text and ids.size <= FEW_RESULTS and parsed.words:
            did_you_mean = suggest_correction(parsed.words, request.q, generation.vocabulary, ids.size)
            # "kabinet rustte" is no help for "kabinet Rutte" when it finds nothing either.
            if did_you_mean and self._articles(generation, did_you_mean, False, filters) <= total_articles:
                did_you_mean = None
        words_alone = []
        if total_articles == 0 and (alone := explain.separate_words(parsed.text)):
            last = len(alone) - 1
            words_alone = [
                WordCount(word, self._articles(generation, word, request.prefix and i == last, filters))
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
            facets=facets,
            timeline=over_time,
            did_you_mean=did_you_mean,
            partial=partial,
            words_alone=words_alone,
            stop_words=explain.stop_words(parsed.words),
            matching_paragraphs=int(in_text.size),
        )

    @staticmethod
    def _and(*masks: np.ndarray | None) -> np.ndarray | None:
        kept = [m for m in masks if m is not None]
        return np.logical_and.reduce(kept) if kept else None

    def _articles(
        self, generation: Generation, text: str, prefix: bool, filters: tuple[tuple[str, ...], int | None, int | None]
    ) -> int:
        """Articles another query would find with the same filters (sources, first and last day;
        for did-you-mean and the words on their own); only asked when an answer found little."""
        ids, _, _ = generation.matcher.matches(self.parse(text, prefix, generation).query)
        sources, low, high = filters
        keep = self._and(self._source_ok(generation, sources, ids), self._date_ok(generation, low, high, ids))
        if keep is not None:
            ids = ids[keep]
        return int(runs(np.asarray(generation.matcher.documents.article_idx)[ids])[0].size)

    def _validate(self, request: SearchRequest) -> None:
        if request.sort not in SORTS:
            raise QueryError(f"sort must be one of {', '.join(SORTS)}", "sort")
        if request.group not in GROUPS:
            raise QueryError(f"group must be one of {', '.join(GROUPS)}", "group")
        if not 1 <= request.per_page <= MAX_PER_PAGE:
            raise QueryError(f"per_page must be between 1 and {MAX_PER_PAGE}", "per_page")
        if not 1 <= request.page <= self.config.max_page:
            raise QueryError(f"page must be between 1 and {self.config.max_page}", "page")

    @staticmethod
    def _source_ok(generation: Generation, sources: tuple[str, ...], ids: np.ndarray) -> np.ndarray | None:
        """Which of ``ids`` come from one of ``sources`` (None: no source filter)."""
        if not sources:
            return None
        lookup = generation.matcher.source_lookup
        wanted = [lookup[s.lower()] for s in sources if s.lower() in lookup]
        return np.isin(np.asarray(generation.matcher.documents.source_idx)[ids], wanted)

    @staticmethod
    def _date_bounds(date_from: str | None, date_to: str | None) -> tuple[int | None, int | None]:
        """The filter's first and last day (yyyymmdd); raises QueryError naming a bad parameter."""

        def parsed(value: str | None, name: str):
            if not value:
                return None
            try:
                return parse_date(value)
            except DateError as exc:
                raise QueryError(f"{name} must be YYYY, YYYY-MM or YYYY-MM-DD ({exc})", name) from exc

        start, end = parsed(date_from, "from"), parsed(date_to, "to")
        if start and end and start.first_day() > end.last_day():
            raise QueryError("from must not be later than to", "from")
        return (yyyymmdd(start.first_day()) if start else None, yyyymmdd(end.last_day()) if end else None)

    @staticmethod
    def _date_ok(generation: Generation, low: int | None, high: int | None, ids: np.ndarray) -> np.ndarray | None:
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

    @staticmethod
    def _facet(generation: Generation, ids: np.ndarray, kind: str, by_article: bool) -> list[FacetValue]:
        """Counts per source or year over the documents ``ids`` (or their articles)."""
        docs = generation.matcher.documents
        if by_article:
            articles, _ = runs(np.asarray(docs.article_idx)[ids])
            values = np.asarray(docs.article_source if kind == "source" else docs.article_year)[articles]
        else:
            values = np.asarray(docs.source_idx if kind == "source" else docs.year)[ids]
        counts = np.bincount(values.astype(np.int64)) if values.size else np.zeros(0, np.int64)
        facet = []
        for value in np.flatnonzero(counts):
            if kind == "source":
                label = docs.sources[value]
            elif value == 0:
                continue  # undated articles have no year to filter on
            else:
                label = str(int(value))
            facet.append(FacetValue(label, int(counts[value])))
        if kind == "source":
            facet.sort(key=lambda f: (-f.count, f.value))
        else:
            facet.sort(key=lambda f: f.value, reverse=True)
        return facet

    @staticmethod
    def _rank(
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
        score = scores.astype(np.float64)
        if sort == "relevance":
            key = score
        else:
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
            if take < ids.size:
                top = np.argpartition(-key, take - 1)[:take]
            else:
                top = np.arange(ids.size)
            top = top[np.lexsort((ids[top], -key[top]))]
            ranked = ids[top]
            if not by_article:
                return [int(d) for d in ranked[need - request.per_page : need]]
            _, first = np.unique(article_of[ranked], return_index=True)
            best = ranked[np.sort(first)]
            if best.size >= need or take >= ids.size:
                return [int(d) for d in best[need - request.per_page : need]]
            take = min(ids.size, take * 4)

    # -- research tools: words in context, export, related articles ---------------------------

    def kwic(self, request: kwic.KwicRequest) -> kwic.KwicResult:
        """Every occurrence of the query's words in the matching paragraphs, one line each."""
        if request.sort not in kwic.SORTS:
            raise QueryError(f"sort must be one of {', '.join(kwic.SORTS)}", "sort")
        if not 1 <= request.per_page <= kwic.MAX_PER_PAGE:
            raise QueryError(f"per_page must be between 1 and {kwic.MAX_PER_PAGE}", "per_page")
        if not 1 <= request.page <= self.config.max_page:
            raise QueryError(f"page must be between 1 and {self.config.max_page}", "page")
        search = SearchRequest(
            q=request.q,
            sources=request.sources,
            date_from=request.date_from,
            date_to=request.date_to,
            prefix=request.prefix,
        )
        selection = self._select(search, time.perf_counter())
        if not selection.parsed.highlight_terms:
            raise QueryError("Words in context need a word to look for.")
        generation, ids = selection.generation, selection.ids
        dates = np.asarray(generation.matcher.documents.date_first)[ids]
        # newest first, or oldest first; undated last either way; ties in index order
        key = -dates if request.sort != "oldest" else np.where(dates > 0, dates, np.iinfo(np.int32).max)
        order = np.lexsort((ids, key))
        return kwic.collect(
            (int(d) for d in ids[order]),
            generation.stored,
            selection.parsed.highlight_terms,
            [words for words, _ in selection.parsed.phrases],
            request,
            int(ids.size),
        )

    def export(self, request: SearchRequest, limit: int | None = None) -> tuple[int, Iterator[export.ExportRow]]:
        """(matching articles or paragraphs, rows of the first ``limit`` of them in result order).

        The rows are read from the index as they are consumed, so a response can stream them.
        """
        limit = self.config.max_export if limit is None else limit
        if not 1 <= limit <= self.config.max_export:
            raise QueryError(f"limit must be between 1 and {self.config.max_export}", "limit")
        self._validate(request)
        selection = self._select(request, time.perf_counter())
        generation, parsed, ids = selection.generation, selection.parsed, selection.ids
        by_article = request.group == "article"
        total = int(selection.articles.size) if by_article else int(ids.size)
        sort = "newest" if not parsed.text and request.sort == "relevance" else request.sort
        everything = dataclasses.replace(request, page=1, per_page=min(limit, max(total, 1)))
        chosen = self._rank(generation, ids, selection.scores, sort, everything, by_article)
        article_of = np.asarray(generation.matcher.documents.article_idx)

        def rows() -> Iterator[export.ExportRow]:
            for docnum in chosen:
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
                    matching_paragraphs=count_of(selection.articles, selection.per_article, article_of[docnum]),
                    text=export.plain(snippet(text, parsed.highlight_terms)) if by_article else text,
                )

        return total, rows()

    def related(self, article_id: str, count: int = related.COUNT) -> related.Related:
        """Up to ``count`` other articles that share the most of this one's distinctive terms."""
        generation = self._current()
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
            fields = generation.stored(int(np.argmax(article_of == other)))
            articles.append(
                related.RelatedArticle(
                    id=fields["article"],
                    title=fields.get("title", ""),
                    source=fields.get("source", ""),
                    date=fields.get("date"),
                    date_precision=fields.get("precision"),
                    url=fields.get("url") or "",
                    score=round(score, 4),
                    shared=shared,
                )
            )
        return related.Related(article_id=article_id, terms=[t for t, _ in chosen], articles=articles)

    # -- completion, articles, stats -----------------------------------------------------------

    def suggest(self, text: str, limit: int = COMPLETIONS) -> list[Completion]:
        """Completions of the word being typed (the last word), most frequent first."""
        if len(text) > self.config.max_query_chars:
            raise QueryError(f"q is longer than {self.config.max_query_chars} characters")
        stripped = text.rstrip()
        if not stripped or stripped != text:
            return []
        word = stripped.split()[-1].lstrip('-+("').split(":")[-1]
        if not word:
            return []
        generation = self._current()
        return [Completion(shown, count) for _key, shown, count in generation.vocabulary.most_frequent(word, limit)]

    def article(self, article_id: str, q: str = "", prefix: bool = False) -> ArticleView:
        generation = self._current()
        index = generation.matcher.article_lookup.get(article_id)
        # From the arrays, not Whoosh: its readers keep file positions and must not be shared
        # between request threads without the generation's lock.
        docnums = [] if index is None else np.flatnonzero(np.asarray(generation.matcher.documents.article_idx) == index)
        if not len(docnums):
            raise NotFoundError(f"no article with id {article_id!r}")
        terms: set[str] = set()
        phrases: list = []
        matched = np.zeros(0, dtype=bool)
        if q.strip():
            parsed = self.parse(q, prefix, generation)
            terms, phrases = parsed.highlight_terms, parsed.phrases
            matched = generation.matcher.evaluate(parsed.query)[0][docnums]
        stored = sorted(
            ((generation.stored(d), bool(matched[i]) if matched.size else False) for i, d in enumerate(docnums)),
            key=lambda pair: pair[0].get("para", 0),
        )
        first = stored[0][0]
        paragraphs = []
        for fields, is_match in stored:
            text = fields.get("text", "")
            marked = mark_text(text, terms, phrases) if q.strip() else text
            heading = fields.get("heading") or ""
            own_words = "<mark>" in marked or bool(terms and match_spans(heading, terms))
            paragraphs.append(
                ArticleParagraph(
                    number=int(fields.get("para", 0)),
                    heading=heading,
                    text=marked,
                    matches=is_match and own_words,  # as the result list counts them
                )
            )
        title = first.get("title", "")
        title_html = mark_text(title, terms) if q.strip() else str(escape(title))
        return ArticleView(
            id=article_id,
            title=title,
            source=first.get("source", ""),
            date=first.get("date"),
            date_precision=first.get("precision"),
            url=first.get("url") or "",
            paragraphs=paragraphs,
            marked=bool(q.strip()),
            title_html=title_html,
            title_matches="<mark>" in title_html,
        )

    def stats(self) -> Stats:
        meta = self._current().meta
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
