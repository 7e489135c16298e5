"""Index articles in parts, one worker process a part, each text analysed once.

Stock Whoosh analyses a paragraph's title again for every paragraph, and a multiprocess
writer hands documents to whichever sub-writer is free, so docnums no longer follow the
input and every per-document fact has to be read back out of the index afterwards. Here the
articles are split into contiguous parts, one per process; each part writes a Whoosh segment
of its own (the parent commits them together, in order, so docnums follow the input) and,
from the same analysis, the fast path's postings (``arrays.FieldCollector``) and the surface
words for the vocabulary. The segment's text postings are written from those same collected
postings (``part_writer``), not posting by posting through Whoosh's pool.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec

from .arrays import FieldCollector, FieldPart, article_facts, merge_parts
from .dates import yyyymmdd
from .part_writer import PartWriter
from .processes import terminate
from .records import Article
from .schema import TEXT_FIELDS, Analysed, analyse

# Per part: a large posting pool keeps Whoosh from spilling sorted runs to disk and merging them
# (since the text fields' postings bypass it, ``part_writer``, it holds four a paragraph).
WRITER_POOL_MB = 1024
# Postings per block of Whoosh's posting lists (its default 128): measured on 30,000 paragraphs,
# 3 % smaller posting files and a 6 % faster flush. Only the reference matcher reads them.
POSTINGS_PER_BLOCK = 256


@dataclass
class Part:
    """What one worker built: its Whoosh segment and, for its documents, the arrays' raw postings."""

    segment: object  # a Whoosh segment, committed by the parent
    fields: dict[str, FieldPart]
    words: Counter[str]
    documents: int
    seconds: dict[str, float] = field(default_factory=dict)


@dataclass
class Built:
    fields: dict[str, FieldPart]  # merged, in docnum order
    words: Counter[str]
    seconds: dict[str, float]  # per phase; a parallel phase counts its slowest part


def paragraph_documents(article: Article) -> Iterator[dict]:
    """The Whoosh documents of an article's paragraphs. Every paragraph is indexed with its
    article's title and source; the facts that name the article are stored once, with its
    first paragraph (the fast path reads them from ``arrays/``, see ``generation_format``).
    Its date span is indexed (``date:`` queries in Whoosh's reference matcher); filters and
    facets read it from the arrays (``arrays.write_documents``)."""
    date = article.date
    indexed = {"article": article.id, "title": article.title, "source": article.source}
    if date:
        indexed["date_first"] = yyyymmdd(date.first_day())
        indexed["date_last"] = yyyymmdd(date.last_day())
    facts = article_facts(article)
    for number, paragraph in enumerate(article.paragraphs):
        doc = {**indexed, "para": number, "heading": paragraph.heading, "text": paragraph.text}
        if number == 0:
            doc.update({name: value for name, value in facts.items() if name not in indexed})
        else:  # indexed, not stored again
            doc.update({f"_stored_{name}": None for name in facts if name in indexed})
        yield doc


def split(articles: Sequence[Article], parts: int) -> list[Sequence[Article]]:
    """Contiguous runs of articles with about the same number of paragraphs each."""
    total = sum(len(a.paragraphs) for a in articles)
    bounds, seen, start = [], 0, 0
    for i, article in enumerate(articles):
        seen += len(article.paragraphs)
        if len(bounds) < parts - 1 and seen >= total * (len(bounds) + 1) / parts:
            bounds.append(i + 1)
    runs = []
    for end in [*bounds, len(articles)]:
        if end > start:
            runs.append(articles[start:end])
        start = end
    return runs or [articles]


def build_part(gen: Path, articles: Sequence[Article]) -> Part:
    """Index ``articles`` into a new segment of the index in ``gen`` (not yet committed)."""
    started = time.perf_counter()
    ix = whoosh_index.open_dir(str(gen))
    # Plain (not compound) segment files are memory-mapped as they are; Whoosh copies the parts
    # of a compound file into memory in every process that opens it.
    codec = W3Codec(blocklimit=POSTINGS_PER_BLOCK)
    writer = PartWriter(ix, TEXT_FIELDS, _lk=False, limitmb=WRITER_POOL_MB, compound=False, codec=codec)
    collectors = {name: FieldCollector() for name in TEXT_FIELDS}
    words: Counter[str] = Counter()
    article_of: list[int] = []  # per document, its article's number: its title's analysis
    docnum = 0
    try:
        for number, article in enumerate(articles):
            title = analyse(article.title)  # once per article, not per paragraph
            for doc in paragraph_documents(article):
                for name in TEXT_FIELDS:
                    value = doc.get(name)
                    if value is None:
                        collectors[name].skip(docnum)
                        continue
                    done: Analysed = title if name == "title" else analyse(value)
                    collectors[name].add(docnum, done.positions, done.weights)
                    doc.setdefault(f"_stored_{name}", value)
                    doc[name] = done
                writer.add_document(**doc)
                words.update(doc["text"].words)  # the words the analysis read, as written
                article_of.append(number)
                docnum += 1
        added = time.perf_counter()
        fields = {name: c.finish(docnum) for name, c in collectors.items()}
        collected = time.perf_counter()
        # Not writer._finish(): the parts share Whoosh's temporary folder, and finishing one
        # would delete it under the others; the parent's writer removes it after the last.
        segment = writer.finalize(fields, {"title": article_of})
    except BaseException:
        writer.cancel()
        raise
    return Part(
        segment,
        fields,
        words,
        docnum,
        {
            "analyse and add": added - started,
            "collect": collected - added,
            "whoosh flush": time.perf_counter() - collected,
        },
    )


# The runs of a build in several processes, for its workers to inherit (``build``).
_forked_runs: list[Sequence[Article]] = []
_forking = threading.Lock()


def _build_run(gen: Path, run: int) -> Part:
    return build_part(gen, _forked_runs[run])


def build(gen: Path, articles: Sequence[Article], procs: int) -> Built:
    """Index ``articles`` into the (new, empty) Whoosh index in ``gen`` with ``procs`` processes
    and commit it; returns the postings for the arrays and the surface words."""
    started = time.perf_counter()
    runs = split(articles, max(1, procs))
    if len(runs) == 1:
        parts = [build_part(gen, runs[0])]
    else:
        # fork: the workers inherit the loaded lexicon instead of building it again, and their
        # articles instead of unpickling them from the pool's queue (the pool forks them all at
        # the first submit); processes.guarded_children (active during a build) makes them drop
        # the build lock and die with this process
        pool = ProcessPoolExecutor(max_workers=len(runs), mp_context=get_context("fork"))
        try:
            with _forking:  # the runs are there only while the pool forks (another build's are not)
                _forked_runs[:] = runs
                try:
                    futures = [pool.submit(_build_run, gen, i) for i in range(len(runs))]
                finally:
                    _forked_runs.clear()
            parts = [future.result() for future in futures]
        except BaseException:
            # A failed or interrupted build (Ctrl-C, SIGTERM) does not wait for the other parts
            # to finish: their work is thrown away with the temporary generation.
            workers = list((pool._processes or {}).values())
            pool.shutdown(wait=False, cancel_futures=True)
            terminate(workers)
            raise
        pool.shutdown()
    seconds = {k: max(p.seconds[k] for p in parts) for k in parts[0].seconds}
    seconds["parts (wall)"] = time.perf_counter() - started
    phase = time.perf_counter()
    ix = whoosh_index.open_dir(str(gen))
    writer = ix.writer()
    try:
        writer._close_segment()  # the parent adds no documents of its own
        writer._commit_toc([p.segment for p in parts])
    except BaseException:
        writer.cancel()
        raise
    writer._finish()
    ix.close()
    seconds["whoosh commit"] = time.perf_counter() - phase
    phase = time.perf_counter()
    words: Counter[str] = Counter()
    for part in parts:
        words.update(part.words)
    fields = {name: merge_parts([p.fields[name] for p in parts]) for name in TEXT_FIELDS}
    seconds["merge"] = time.perf_counter() - phase
    return Built(fields, words, seconds)
