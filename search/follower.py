"""Following the index directory: which generation a request is served from.

Each call checks (one ``stat``) whether CURRENT names a new generation and, if so, opens it,
warms it up and serves it from that call on; calls already running finish on the generation
they started with. A generation whose files are damaged is logged and passed over (the one
being served stays, else the newest other one that opens), so that a bad build never
crash-loops a server.

``generations`` knows the directory's layout and is shared with the build that publishes into
it; this module is the reading side alone: it opens Whoosh, the arrays and the vocabulary,
which a build has no use for.
"""

from __future__ import annotations

import logging
import os
import pickle
import struct
import threading
import time
import weakref
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from whoosh import index as whoosh_index
from whoosh.filedb.filetables import FileFormatError
from whoosh.reading import ReaderClosed

from . import analysis, generation_format, generations
from .errors import NoIndexError
from .fastpath import Matcher
from .generation_format import Meta
from .query import parse
from .records import paragraph_id
from .snippets import snippet
from .stored import StoredFields
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


@dataclass
class Generation:
    """Everything opened for one generation; immutable once built, shared by threads."""

    path: Path
    meta: Meta
    index: object
    searcher: object  # Whoosh's, for tools and tests; its readers keep file positions: use ``lock``
    fields: StoredFields  # every paragraph's own stored fields, readable without a lock
    matcher: Matcher
    vocabulary: Vocabulary
    doc_dates: DateCodes  # timeline codes per paragraph
    article_dates: DateCodes  # ... and per article
    lock: threading.Lock  # guards ``searcher``
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
        fields = None
        try:
            fields = StoredFields(path, searcher.reader())
            matcher = Matcher(path)
            docs = matcher.documents
            doc_dates = DateCodes.from_spans(docs.date_first, docs.date_last)
            generation = cls(
                path=path,
                meta=meta,
                index=ix,
                searcher=searcher,
                fields=fields,
                matcher=matcher,
                vocabulary=Vocabulary.open(path),
                lock=threading.Lock(),
                _closer=None,  # type: ignore[arg-type]
                doc_dates=doc_dates,
                article_dates=doc_dates.take(np.asarray(docs.article_idx), len(docs.article_ids)),
            )
        except BaseException:  # a damaged generation: close what was opened, then say why
            _close_quietly(searcher, ix, fields)
            raise
        # A replaced generation closes its files once the last request using it lets go. The
        # finalizer holds the searcher itself, so the files are closed before they are collected.
        generation._closer = weakref.finalize(generation, _close_quietly, searcher, ix, fields)
        return generation

    def close(self) -> None:
        self._closer()

    def stored(self, docnum: int) -> dict:
        """A paragraph's stored fields with its article's facts (stored once per article) and
        its id: what every paragraph of format 3 carried itself. Read each time, not cached, so
        that the benchmark's repeated queries measure reading (``stored`` reads without a lock)."""
        own = self.fields[int(docnum)]
        docs = self.matcher.documents
        facts = docs.article_facts[int(docs.article_idx[docnum])]
        return {**facts, **own, "id": paragraph_id(own["article"], own["para"])}


def _close_quietly(searcher, ix, fields: StoredFields | None) -> None:
    if fields is not None:
        fields.close()
    try:
        searcher.close()
        ix.close()
    except ReaderClosed:
        pass


class Follower:
    """The generation CURRENT names, opened once and kept until CURRENT changes."""

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = index_dir
        self._pointer_file = str(index_dir / generations.CURRENT)  # stat'ed by every request
        self._lock = threading.Lock()
        self._generation: Generation | None = None
        self._pointer: tuple[int, int] | None = None

    def current(self) -> Generation:
        try:
            st = os.stat(self._pointer_file)
            pointer = (st.st_ino, st.st_mtime_ns)
        except OSError:
            pointer = None
        generation = self._generation
        if pointer is not None and pointer == self._pointer and generation is not None:
            return generation
        # One thread opens a new generation; the others keep serving the old one meanwhile
        # instead of queueing behind it (only a process with no generation yet waits).
        if not self._lock.acquire(blocking=self._generation is None):
            return self._generation  # type: ignore[return-value]
        try:
            if pointer is not None and pointer == self._pointer and self._generation is not None:
                return self._generation
            path = generations.current_generation(self.index_dir)
            if path is None:
                if self._generation is not None:
                    return self._generation  # keep serving what we have
                raise NoIndexError(f"no index in {self.index_dir}; run `zoeklicht index`")
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
            Follower._warm_up(generation)
        except (*GENERATION_DAMAGE, NoIndexError) as exc:  # NoIndexError: built in another format
            log.error("cannot open index generation %s: %s: %s", path.name, type(exc).__name__, exc)
            return None
        log.info("serving %s (opened in %.0f ms)", path.name, (time.perf_counter() - started) * 1000)
        return generation

    def _fallback(self, damaged: Path) -> Generation:
        """The newest other generation that opens; NoIndexError (a 503) when none does."""
        for path in generations.generations_newest_first(self.index_dir):
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
