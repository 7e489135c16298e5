"""The fast path's arrays, made from the build's own analysis: nothing is read back from Whoosh.

Whoosh stays the index of record (stored fields, and the postings its own matcher reads in
the tests), but reading its posting blocks back costs about 0.6 µs a posting (unpickling,
zlib). So while a build part analyses a paragraph for Whoosh, a FieldCollector keeps the same
terms and positions in flat arrays; at the end the parts are merged in docnum order and each
posting gets its BM25F contribution exactly as Whoosh's BM25F computes it (same idf, same
lossy one-byte field lengths, same average), so the fast path ranks as Whoosh would. The files
themselves are written by ``generation_format``.
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain, count, repeat
from pathlib import Path

import numpy as np
from whoosh.util.numeric import byte_to_length, length_to_byte

from . import generation_format
from .dates import yyyymmdd
from .records import Article

B = 0.75
K1 = 1.2


@dataclass
class FieldPart:
    """One field's postings from one build part (local docnums), terms sorted by UTF-8 bytes."""

    terms: list[bytes]
    counts: np.ndarray  # postings per term (int64)
    docs: np.ndarray  # int32, ascending within a term
    freqs: np.ndarray  # int32: occurrences in the document
    npos: np.ndarray  # int32: positions per posting (= freqs)
    weights: np.ndarray  # float32: the posting's weight as Whoosh has it, before the field boost
    pos: np.ndarray  # int32
    lengths: np.ndarray  # int32, per local document: the field's length as Whoosh counts it


class FieldCollector:
    """Collects one field's postings while a build part analyses its documents."""

    def __init__(self) -> None:
        # term -> its number, given on first sight (a defaultdict's missing key takes the next)
        self._ids: defaultdict[str, int] = defaultdict(count().__next__)
        self._post_term = array("i")
        self._post_doc = array("i")
        self._post_freq = array("i")
        self._post_weight = array("f")
        self._pos = array("i")
        self._lengths = array("i")

    def add(self, docnum: int, poses: dict[str, list[int]], weights: dict[str, float]) -> None:
        """A document's terms, their positions and weights (``docnum`` counts up from 0, no gaps)."""
        # Every step a C loop (map, extend): this runs for each field of every document.
        freqs = list(map(len, poses.values()))
        self._post_term.extend(map(self._ids.__getitem__, poses))
        self._post_doc.extend(repeat(docnum, len(freqs)))
        self._post_freq.extend(freqs)
        self._post_weight.extend(map(weights.__getitem__, poses))
        self._pos.extend(chain.from_iterable(poses.values()))
        self._pad(docnum)
        self._lengths[docnum] = sum(freqs)

    def skip(self, docnum: int) -> None:
        """A document without this field."""
        self._pad(docnum)

    def _pad(self, docnum: int) -> None:
        missing = docnum + 1 - len(self._lengths)
        if missing > 0:
            self._lengths.extend([0] * missing)

    def finish(self, documents: int) -> FieldPart:
        self._pad(documents - 1)
        terms = sorted(self._ids, key=lambda t: t.encode("utf-8"))
        rank = np.zeros(len(terms), dtype=np.int64)
        rank[np.fromiter((self._ids[t] for t in terms), dtype=np.int64, count=len(terms))] = np.arange(len(terms))
        post_rank = rank[np.frombuffer(self._post_term, dtype=np.int32)] if self._post_term else np.zeros(0, np.int64)
        order = np.argsort(post_rank, kind="stable")  # documents were added in order: docs stay ascending
        freqs = np.frombuffer(self._post_freq, dtype=np.int32) if self._post_freq else np.zeros(0, np.int32)
        pos = np.frombuffer(self._pos, dtype=np.int32) if self._pos else np.zeros(0, np.int32)
        docs = np.frombuffer(self._post_doc, dtype=np.int32) if self._post_doc else np.zeros(0, np.int32)
        weights = np.frombuffer(self._post_weight, dtype=np.float32) if self._post_weight else np.zeros(0, np.float32)
        return FieldPart(
            terms=[t.encode("utf-8") for t in terms],
            counts=np.bincount(post_rank, minlength=len(terms)).astype(np.int64),
            docs=docs[order],
            freqs=freqs[order],
            npos=freqs[order],
            weights=weights[order],
            pos=_gather_runs(pos, freqs, order),
            lengths=np.frombuffer(self._lengths, dtype=np.int32)[:documents].copy(),
        )


def _gather_runs(values: np.ndarray, run_lengths: np.ndarray, order: np.ndarray) -> np.ndarray:
    """``values`` is a concatenation of runs; the same runs, concatenated in ``order``."""
    starts = np.zeros(len(run_lengths) + 1, dtype=np.int64)
    np.cumsum(run_lengths, out=starts[1:])
    counts = run_lengths[order].astype(np.int64)
    total = int(counts.sum())
    if total == 0:
        return np.zeros(0, np.int32)
    shift = np.repeat(starts[:-1][order] - (np.cumsum(counts) - counts), counts)
    return values[np.arange(total) + shift]


def merge_parts(parts: list[FieldPart]) -> FieldPart:
    """Parts in docnum order (each part's documents follow the previous part's) as one."""
    if len(parts) == 1:
        return parts[0]
    bases = np.cumsum([0] + [len(p.lengths) for p in parts[:-1]])
    terms = sorted(set().union(*(p.terms for p in parts)))
    row = {t: i for i, t in enumerate(terms)}
    post_rows, docs = [], []
    for part, base in zip(parts, bases, strict=True):
        part_rows = np.fromiter((row[t] for t in part.terms), dtype=np.int64, count=len(part.terms))
        post_rows.append(np.repeat(part_rows, part.counts))
        docs.append(part.docs + np.int32(base))
    rows = np.concatenate(post_rows)
    order = np.argsort(rows, kind="stable")  # parts are in docnum order: docs stay ascending
    freqs = np.concatenate([p.freqs for p in parts])
    return FieldPart(
        terms=terms,
        counts=np.bincount(rows, minlength=len(terms)).astype(np.int64),
        docs=np.concatenate(docs)[order],
        freqs=freqs[order],
        npos=freqs[order],
        weights=np.concatenate([p.weights for p in parts])[order],
        pos=_gather_runs(np.concatenate([p.pos for p in parts]), freqs, order),
        lengths=np.concatenate([p.lengths for p in parts]),
    )


def bm25f_factors(part: FieldPart, field_boost: float) -> dict[str, np.ndarray]:
    """What a posting's BM25F contribution is looked up from at query time
    (``field_postings.FieldPostings.scores``), as Whoosh's BM25F(B, K1) scores it: Whoosh's
    weight is the sum of the term's token boosts (1 an occurrence, ``PART_BOOST`` a compound
    part) × field boost, its idf ``log(N / (df + 1)) + 1``, and it normalises by the document's
    field length as stored (one lossy byte) over the exact average. Weights are multiples of
    PART_BOOST (a half), so a posting is one of (twice its weight) × 256 length bytes: its cell
    of a table of ``tf * (K1 + 1) / (tf + norm)``."""
    total_docs = len(part.lengths)
    avg = float(part.lengths.sum()) / total_docs if total_docs else 0.0
    avg = avg or 1.0
    unique, inverse = np.unique(part.lengths, return_inverse=True)
    doc_bytes = np.array([length_to_byte(int(n)) for n in unique], dtype=np.int64)[inverse]
    codes = np.rint(part.weights * 2).astype(np.int64)
    if not np.array_equal(codes / 2, part.weights):
        raise ValueError("a posting weight is not a multiple of one half")
    tfs = (np.arange(int(codes.max(initial=0)) + 1, dtype=np.float32) / np.float32(2) * np.float32(field_boost)).astype(
        np.float32
    )
    stored = np.array([byte_to_length(b) for b in range(256)], dtype=np.float32)  # length byte -> length
    norms = (K1 * ((1 - B) + B * stored / avg)).astype(np.float32)
    table = (tfs[:, None] * np.float32(K1 + 1)) / (tfs[:, None] + norms[None, :])
    return {
        "cells": codes * 256 + doc_bytes[part.docs],
        "idf": (np.log(total_docs / (part.counts + 1)) + 1).astype(np.float32),
        "bm25": table.astype(np.float32).ravel(),
    }


def write_field(out: Path, name: str, part: FieldPart, field_boost: float) -> None:
    offsets = np.zeros(len(part.terms) + 1, dtype=np.int64)
    np.cumsum(part.counts, out=offsets[1:])
    posoff = np.zeros(len(part.npos) + 1, dtype=np.int64)
    np.cumsum(part.npos, out=posoff[1:])
    columns = {
        "offsets": offsets,
        "docs": part.docs,
        "posstart": posoff[offsets],
        "npos": part.npos,
        "pos": part.pos,
        **bm25f_factors(part, field_boost),
    }
    generation_format.write_field(out, name, part.terms, columns)


def article_facts(article: Article) -> dict[str, str | None]:
    """What names ``article`` (generation_format.ARTICLE_FACTS), as stored fields hold it."""
    date = article.date
    return {
        "title": article.title,
        "source": article.source,
        "date": date.iso() if date else None,
        "precision": date.precision if date else None,
        "url": article.url,
    }


def write_documents(out: Path, articles: Sequence[Article]) -> None:
    """The per-document facts, straight from the articles indexed (docnums follow them)."""
    counts = np.fromiter((len(a.paragraphs) for a in articles), dtype=np.int64, count=len(articles))
    sources: dict[str, int] = {}
    source_of = np.fromiter(
        (sources.setdefault(a.source, len(sources)) for a in articles), dtype=np.int64, count=len(articles)
    )
    first = np.zeros(len(articles), dtype=np.int64)
    last = np.zeros(len(articles), dtype=np.int64)
    year = np.zeros(len(articles), dtype=np.int64)
    for i, article in enumerate(articles):
        if article.date:
            first[i] = yyyymmdd(article.date.first_day())
            last[i] = yyyymmdd(article.date.last_day())
            year[i] = article.date.year
    per_doc = np.repeat(np.arange(len(articles)), counts)
    columns = {
        "article_idx": per_doc,
        "source_idx": source_of[per_doc],
        "year": year[per_doc],
        "date_first": first[per_doc],
        "date_last": last[per_doc],
    }
    generation_format.write_documents(out, columns, [a.id for a in articles], list(sources))
    generation_format.write_article_facts(out, [article_facts(a) for a in articles])
