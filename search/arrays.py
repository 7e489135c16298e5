"""Flat NumPy copies of a generation's postings: the fast path's cache, derived from Whoosh.

Whoosh stays the index of record (analysis, stored fields, statistics). Reading its posting
blocks costs about 0.6 µs a posting (unpickling, zlib), so every query that touches a common
word pays for tens of thousands of them. Each generation therefore exports, once, after its
build, per field:

    <field>.terms.json    term -> row
    <field>.offsets.npy   row -> first posting (int64, rows + 1)
    <field>.docs.npy      posting -> docnum (int32)
    <field>.scores.npy    posting -> BM25F contribution (float32), as Whoosh's BM25F scores it
    <field>.posoff.npy    posting -> first position (int64, postings + 1)
    <field>.pos.npy       positions (int32)

and per document: article index, paragraph number, source index, year and the date span. All
arrays are saved with ``np.save`` and opened memory-mapped, so gunicorn workers share pages
and a cold start reads nothing it does not touch. They are never edited by hand: a new
generation gets new arrays.
"""

from __future__ import annotations

import json
import logging
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from multiprocessing import get_context
from pathlib import Path
from pickle import loads

import numpy as np
from whoosh import index as whoosh_index
from whoosh.scoring import BM25F

from .schema import TEXT_FIELDS

log = logging.getLogger(__name__)

ARRAYS = "arrays"
B = 0.75
K1 = 1.2


def export_arrays(gen: Path, procs: int = 1) -> None:
    """Write the arrays of a finished Whoosh index in ``gen`` (done by the indexer).

    With ``procs > 1`` the fields are exported in parallel worker processes.
    """
    out = gen / ARRAYS
    out.mkdir(exist_ok=True)
    jobs = [partial(_export_field, gen, field) for field in TEXT_FIELDS] + [partial(_export_documents, gen)]
    if procs > 1:
        with ProcessPoolExecutor(max_workers=procs, mp_context=get_context("fork")) as pool:
            for future in [pool.submit(job) for job in jobs]:
                future.result()
    else:
        for job in jobs:
            job()


def _export_documents(gen: Path) -> None:
    out = gen / ARRAYS
    ix = whoosh_index.open_dir(str(gen))
    with ix.searcher() as searcher:
        _export_document_arrays(searcher, searcher.reader().doc_count_all(), out)
    ix.close()


def _export_document_arrays(searcher, total_docs: int, out: Path) -> None:
    article_idx = np.zeros(total_docs, dtype=np.int32)
    para = np.zeros(total_docs, dtype=np.int32)
    source_idx = np.zeros(total_docs, dtype=np.int16)
    year = np.zeros(total_docs, dtype=np.int16)
    date_first = np.zeros(total_docs, dtype=np.int32)
    date_last = np.zeros(total_docs, dtype=np.int32)
    articles: dict[str, int] = {}
    article_ids: list[str] = []
    sources: dict[str, int] = {}
    source_names: list[str] = []
    for docnum, fields in searcher.reader().iter_docs():
        art = fields["article"]
        index = articles.get(art)
        if index is None:
            index = articles[art] = len(article_ids)
            article_ids.append(art)
        article_idx[docnum] = index
        para[docnum] = fields.get("para", 0)
        src = fields.get("source", "")
        sidx = sources.get(src)
        if sidx is None:
            sidx = sources[src] = len(source_names)
            source_names.append(src)
        source_idx[docnum] = sidx
        if fields.get("date"):
            year[docnum] = fields["year"]
            date_first[docnum] = fields["date_first"]
            date_last[docnum] = fields["date_last"]
    n_articles = len(article_ids)
    article_source = np.zeros(n_articles, dtype=np.int16)
    article_source[article_idx] = source_idx
    article_year = np.zeros(n_articles, dtype=np.int16)
    article_year[article_idx] = year
    for name, array in {
        "article_idx": article_idx, "para": para, "source_idx": source_idx, "year": year,
        "date_first": date_first, "date_last": date_last,
        "article_source": article_source, "article_year": article_year,
    }.items():  # fmt: skip
        np.save(out / f"{name}.npy", array)
    (out / "documents.json").write_text(
        json.dumps({"articles": article_ids, "sources": source_names}), encoding="utf-8"
    )


def _leaf_offsets(reader):
    leaves = reader.leaf_readers() if hasattr(reader, "leaf_readers") else [(reader, 0)]
    return [(offset, sub) for sub, offset in leaves]


def _export_field(gen: Path, field: str) -> None:
    """Export one field's postings; runs in its own process so fields export in parallel."""
    out = gen / ARRAYS
    ix = whoosh_index.open_dir(str(gen))
    with ix.searcher(weighting=BM25F(B=B, K1=K1)) as searcher:
        reader = searcher.reader()
        total_docs = reader.doc_count_all()
        lengths = np.zeros(total_docs, dtype=np.float32)
        for start, sub in _leaf_offsets(reader):
            n = sub.doc_count_all()
            lengths[start : start + n] = [sub.doc_field_length(d, field, 0) for d in range(n)]
        avg = searcher.avg_field_length(field) or 1.0
        has_chars = reader.schema[field].format.supports("characters")
        # term -> list of (docs, tfs, position lists) per segment, in segment order
        per_term: dict[bytes, list[tuple[np.ndarray, np.ndarray, list]]] = {}
        for start, sub in _leaf_offsets(reader):
            fmt = sub.schema[field].format
            terms_reader = sub._terms
            for (fieldname, btext), info in terms_reader.items_from(field, b""):
                if fieldname != field:
                    break
                if info.is_inlined():
                    ids, weights, values = info.inlined_postings()
                    docs = np.asarray(ids, dtype=np.int32)
                    tfs = np.asarray(weights, dtype=np.float32)
                    poses = [_decode_positions(v, has_chars) for v in values]
                else:
                    matcher = sub._codec.postings_reader(terms_reader._postfile, info, fmt, term=(field, btext))
                    docs, tfs, poses = _read_postings(matcher, has_chars)
                per_term.setdefault(btext, []).append((docs + start, tfs, poses))
    ix.close()

    all_terms = sorted(per_term)
    counts = np.fromiter((sum(len(p[0]) for p in per_term[t]) for t in all_terms), dtype=np.int64, count=len(all_terms))
    offsets = np.zeros(len(all_terms) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    parts = [part for t in all_terms for part in per_term[t]]
    docs = np.concatenate([p[0] for p in parts]) if parts else np.zeros(0, np.int32)
    tfs = np.concatenate([p[1] for p in parts]) if parts else np.zeros(0, np.float32)
    pos_lists = [plist for p in parts for plist in p[2]]
    pos_counts = np.fromiter((len(x) for x in pos_lists), dtype=np.int64, count=len(pos_lists))
    posoff = np.zeros(len(pos_lists) + 1, dtype=np.int64)
    np.cumsum(pos_counts, out=posoff[1:])
    positions = np.fromiter((x for plist in pos_lists for x in plist), dtype=np.int32, count=int(posoff[-1]))
    # Whoosh's BM25F: idf = log(N / (df + 1)) + 1, and the per-document length normalisation
    idf = (np.log(total_docs / (counts + 1)) + 1).astype(np.float32)
    rows = np.repeat(np.arange(len(all_terms)), counts)
    norm = K1 * ((1 - B) + B * lengths / avg)
    scores = (idf[rows] * (tfs * (K1 + 1)) / (tfs + norm[docs])).astype(np.float32)
    np.save(out / f"{field}.offsets.npy", offsets)
    np.save(out / f"{field}.docs.npy", docs.astype(np.int32))
    np.save(out / f"{field}.scores.npy", scores)
    np.save(out / f"{field}.posoff.npy", posoff)
    np.save(out / f"{field}.pos.npy", positions)
    terms = {t.decode("utf-8"): row for row, t in enumerate(all_terms)}
    (out / f"{field}.terms.json").write_text(json.dumps(terms, ensure_ascii=False), encoding="utf-8")


def _decode_positions(value: bytes, has_chars: bool) -> list[int]:
    codes = loads(value[4:] if value.endswith(b".") else value[4:] + b".")
    position = 0
    plist = []
    if has_chars:
        for code in codes:
            position += code[0]
            plist.append(position)
    else:
        for code in codes:
            position += code
            plist.append(position)
    return plist


def _read_postings(matcher, has_chars: bool) -> tuple[np.ndarray, np.ndarray, list[list[int]]]:
    """All postings of one term in one segment, read block by block (not posting by posting)."""
    ids_parts, weight_parts, poses = [], [], []
    while matcher.is_active():
        matcher._read_ids()
        matcher._read_weights()
        matcher._read_values()
        ids_parts.append(np.asarray(matcher._ids, dtype=np.int32))
        weight_parts.append(np.asarray(matcher._weights, dtype=np.float32))
        poses.extend(_decode_positions(value, has_chars) for value in matcher._values)
        if matcher._lastblock:
            break
        matcher._goto(matcher._nextoffset)
    if not ids_parts:
        return np.zeros(0, np.int32), np.zeros(0, np.float32), []
    return np.concatenate(ids_parts), np.concatenate(weight_parts), poses
