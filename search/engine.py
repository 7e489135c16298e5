"""The query engine: one entry point for searching, completing, reading and describing.

The web app and the CLI call this facade and nothing behind it. Each call takes the generation
being served (``follower``), parses against that generation's vocabulary, selects what the
request matches (``selection``) and builds the answer from it (``answers``); the research
tools (words in context, export, related articles) start from the same selection.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

from . import answers, export, kwic, related, selection, validation
from .config import Config
from .errors import NoIndexError, QueryError
from .follower import Follower, Generation
from .query import ParsedQuery, parse
from .results import (
    ArticleView,
    Completion,
    SearchRequest,
    SearchResult,
    Stats,
)
from .selection import Filters, Selection

COMPLETIONS = 10


class Engine:
    def __init__(self, config: Config) -> None:
        self.config = config
        self._follower = Follower(config.index_dir)
        self._current()

    # -- generations -------------------------------------------------------------------------

    def _current(self) -> Generation:
        return self._follower.current()

    def close(self) -> None:
        """Close the generation being served (tests and short-lived tools)."""
        self._follower.close()

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
        deadline = started + self.config.time_limit_ms / 1000
        parsed = self.parse(request.q, request.prefix, generation)
        return selection.select(generation, parsed, request.sources, (low, high), deadline)

    def search(self, request: SearchRequest) -> SearchResult:
        started = time.perf_counter()
        self._validate(request)
        chosen = self._select(request, started)
        return answers.search_result(chosen, request, started, self._articles_in(chosen.generation))

    def _articles_in(self, generation: Generation) -> answers.ArticlesFound:
        """How many articles another query finds in ``generation`` with the same filters."""

        def articles_found(text: str, prefix: bool, filters: Filters) -> int:
            return selection.articles_found(generation, self.parse(text, prefix, generation), filters)

        return articles_found

    def _validate(self, request: SearchRequest) -> None:
        validation.check_search(request, self.config)

    @staticmethod
    def _date_bounds(date_from: str | None, date_to: str | None) -> tuple[int | None, int | None]:
        """The filter's first and last day (yyyymmdd); raises QueryError naming a bad parameter."""
        return validation.date_bounds(date_from, date_to)

    # -- research tools: words in context, export, related articles ---------------------------

    def kwic(self, request: kwic.KwicRequest) -> kwic.KwicResult:
        """Every occurrence of the query's words in the matching paragraphs, one line each."""
        validation.check_kwic(request, self.config)
        search = SearchRequest(
            q=request.q,
            sources=request.sources,
            date_from=request.date_from,
            date_to=request.date_to,
            prefix=request.prefix,
        )
        chosen = self._select(search, time.perf_counter())
        if not chosen.parsed.highlight_terms:
            raise QueryError("Words in context need a word to look for.")
        return answers.kwic_result(chosen, request)

    def export(self, request: SearchRequest, limit: int | None = None) -> tuple[int, Iterator[export.ExportRow]]:
        """(matching articles or paragraphs, rows of the first ``limit`` of them in result order).

        The rows are read from the index as they are consumed, so a response can stream them.
        """
        limit = self.config.max_export if limit is None else limit
        validation.check_limit(limit, self.config)
        self._validate(request)
        return answers.export_rows(self._select(request, time.perf_counter()), request, limit)

    def related(self, article_id: str, count: int = related.COUNT) -> related.Related:
        """Up to ``count`` other articles that share the most of this one's distinctive terms."""
        return answers.related_articles(self._current(), article_id, count)

    # -- completion, articles, stats -----------------------------------------------------------

    def suggest(self, text: str, limit: int = COMPLETIONS) -> list[Completion]:
        """Completions of the word being typed (the last word), most frequent first."""
        validation.check_query(text, self.config)
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
        docnums = answers.article_docnums(generation, article_id)  # NotFoundError before a bad q
        parsed = self.parse(q, prefix, generation) if q.strip() else None
        return answers.article_view(generation, article_id, docnums, parsed)

    def stats(self) -> Stats:
        return answers.stats(self._current().meta)
