"""One text field's postings as a query reads them: memory-mapped columns of the generation's
format (``generation_format`` names and writes them), each term's span found through its term
dictionary, and only the postings a query reads scored (BM25F as ``idf[term] * bm25[cell]``)
or their positions summed."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np

from .generation_format import POSTING_COLUMNS, SCORING_COLUMNS, TermDictionary, field_column
from .mapped import open_array


class FieldPostings:
    """One field's postings, memory-mapped."""

    def __init__(self, folder: Path, name: str) -> None:
        self.terms = TermDictionary(folder, name)
        self.offsets, self.docs, self.cells, self.posstart, self.npos, self.pos = (
            open_array(field_column(folder, name, column)) for column in POSTING_COLUMNS
        )
        self.idf, self.bm25 = (open_array(field_column(folder, name, column)) for column in SCORING_COLUMNS)
        # A query reads a term's span several times (a typed prefix: 150 terms, each estimated,
        # then gathered), and the next keystroke's query most of them again.
        self.span = functools.lru_cache(maxsize=1 << 16)(self._span)

    def scores(self, lo: int, hi: int, picks: np.ndarray | None = None) -> np.ndarray:
        """The BM25F contributions (float32) of postings ``lo..hi-1`` of one term, or of those
        at ``picks`` (indexes from ``lo``): only the postings a query reads are scored."""
        row = self._row(lo)
        cells = self.cells[lo:hi] if picks is None else self.cells[lo:hi][picks]
        found = self.bm25.take(cells)
        found *= self.idf[row]
        return found

    def gather(
        self,
        spans: list[tuple[int, int]],
        within: Callable[[np.ndarray], np.ndarray] | None = None,
        boosts: list[float] | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Several terms' postings (those of documents ``within`` keeps, when given: it says
        which of some docnums to keep), concatenated: docnums and contributions, each times its
        term's boost when ``boosts`` are given. Scored in one pass: a prefix is fifty terms,
        and a pass each cost more than the scoring."""
        if len(spans) == 1:
            ((lo, hi),) = spans
            docs = self.docs[lo:hi]
            picks = None if within is None else within(docs).nonzero()[0]
            if picks is not None:
                docs = docs[picks]
            found = self.scores(lo, hi, picks)
            if boosts is not None:
                found *= np.float32(boosts[0])
            return docs, found
        bounds = np.array(spans, dtype=np.int64)
        lengths = bounds[:, 1] - bounds[:, 0]
        idf = self.idf[self.offsets.searchsorted(bounds[:, 0], side="right") - 1]
        boost = None if boosts is None else np.array(boosts, dtype=np.float32)
        docs = np.concatenate([self.docs[lo:hi] for lo, hi in spans])
        if within is None:
            cells = np.concatenate([self.cells[lo:hi] for lo, hi in spans])
            idf = np.repeat(idf, lengths)
            boost = None if boost is None else np.repeat(boost, lengths)
        else:  # only the postings kept are looked up: which term's each is, and its cell
            picks = within(docs).nonzero()[0]
            docs = docs[picks]
            ends = np.cumsum(lengths)
            term = ends.searchsorted(picks, side="right")
            cells = self.cells[picks + (bounds[:, 0] - (ends - lengths))[term]]
            idf = idf[term]
            boost = None if boost is None else boost[term]
        found = self.bm25.take(cells)
        found *= idf
        if boost is not None:
            found *= boost
        return docs, found

    def position_offsets(self, lo: int, hi: int) -> np.ndarray:
        """Where the positions of postings ``lo..hi-1`` (one term's, or part of one's) start
        in ``pos``, and where the last ends (``hi - lo + 1`` values, int64)."""
        row = self._row(lo)
        first = int(self.offsets[row])
        starts = np.empty(hi - first + 1, dtype=np.int64)
        starts[0] = 0
        starts[1:] = self.npos[first:hi]
        starts.cumsum(out=starts)  # in place: a phrase sums these for a few words per query
        starts += self.posstart[row]
        return starts[lo - first :]

    def _row(self, posting: int) -> int:
        """The term whose postings hold ``posting``."""
        return int(self.offsets.searchsorted(posting, side="right")) - 1

    def doc_runs(self, terms: Iterable[str]) -> list[np.ndarray]:
        """The docnums (ascending) of each of ``terms`` that is indexed: one absent (half of a
        typed prefix's forty expansions, in headings) costs a lookup, not an empty view."""
        runs = []
        for term in terms:
            lo, hi = self.span(term)
            if hi > lo:
                runs.append(self.docs[lo:hi])
        return runs

    def _span(self, term: str) -> tuple[int, int]:
        """Where ``term``'s postings lie (first, past the last); (0, 0) when it is not indexed."""
        row = self.terms.get(term)
        if row is None:
            return 0, 0
        return int(self.offsets[row]), int(self.offsets[row + 1])
