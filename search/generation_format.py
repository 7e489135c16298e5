"""The one owner of a generation's files: their names, dtypes and meta keys, written and opened
here (a text field's postings are read by ``field_postings``, through the names given here).

A generation directory holds::

    meta.json            Meta: what was built, when, from what (read by stats and the bench)
    lexicon.pickle       the analyzer's lexicon as the generation was built with it
    vocabulary/          surface words for completion and prefixes (search/vocabulary.py)
    arrays/              the fast path's postings and per-document facts (below)
    (Whoosh's files)     stored fields, and the postings Whoosh's own matcher reads

``arrays/`` holds, per text field::

    <field>.terms.bin    the field's terms, UTF-8, sorted, concatenated
    <field>.termoff.npy  term -> first byte in terms.bin (int64, terms + 1)
    <field>.termprefix.npy  term -> its first PREFIX_BYTES bytes (fixed width, for searchsorted)
    <field>.offsets.npy  term -> first posting (int64, terms + 1)
    <field>.docs.npy     posting -> docnum (int32, ascending within a term)
    <field>.cells.npy    posting -> its cell of the field's BM25F table (below): the smallest
                         unsigned type that holds them (uint16 for the shared corpus)
    <field>.posstart.npy term -> its first position (int64, terms + 1)
    <field>.npos.npy     posting -> how many positions (the smallest unsigned type that holds them)
    <field>.pos.npy      positions (the smallest unsigned type that holds them: uint16, as
                         a paragraph is at most MAX_PARAGRAPH_CHARS long, unless a title is longer)

    <field>.idf.npy      term -> its BM25F idf (float32)
    <field>.bm25.npy     cell -> BM25F's ``tf * (K1 + 1) / (tf + norm)`` (float32)

A posting's first position is its term's ``posstart`` plus the ``npos`` of the postings before
it in the term: summed when a phrase needs them (``field_postings.FieldPostings.position_offsets``), so the
index does not keep an int32 per posting for it (format 2 did: 41 MiB of the shared corpus).
A posting's BM25F contribution is ``idf[term] * bm25[cell]``, computed for the postings a
query reads (``field_postings.FieldPostings.scores``): everything else BM25F reads (the posting's weight, the
document's field length, one lossy byte in Whoosh) takes so few values that their pairs are
numbered, and each number's share is looked up. Format 3 stored the contribution itself, a
float32 per posting (43 MiB of the shared corpus; the cells take half of that).

and per document (docnum -> value) the columns of DOCUMENT_COLUMNS, per article the columns of
ARTICLE_COLUMNS, ``documents.json`` (article ids and source names, by index) and the facts
that name each article (ARTICLE_FACTS: title, source, date, url, as stored fields hold them),
one compact JSON object per article in ``articles.bin``, cut by ``articles.offsets.npy``. A
paragraph's stored fields in Whoosh hold what is its own (text, heading, number, article id);
its article's facts are stored once, with its first paragraph, instead of with every paragraph
(format 3 repeated them: 44 % of the stored fields of the shared corpus). Everything is
saved with ``np.save`` and opened memory-mapped, so gunicorn workers share pages and a cold
start reads nothing it does not touch; the term dictionary is searched in place (see
TermDictionary) instead of being loaded into a dict.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

import numpy as np

from .mapped import Blobs, open_array, save_array, write_blobs

# this layout; meta.json without a "format" key is 1 (postings read back from Whoosh); 2 kept
# an int32 position offset per posting and int32 positions; 3 stored every article fact with
# every paragraph, indexed paragraph ids and eight tiers of each date, and kept a float32
# score per posting
FORMAT = 4
META = "meta.json"
LEXICON = "lexicon.pickle"
ARRAYS = "arrays"
DOCUMENTS = "documents.json"
ARTICLE_FACTS = ("title", "source", "date", "precision", "url")  # stored once per article
ARTICLES_BLOB, ARTICLES_OFFSETS = "articles.bin", "articles.offsets.npy"
PREFIX_BYTES = 16  # width of the term dictionary's search column

POSTING_COLUMNS: dict[str, type] = {
    "offsets": np.int64,
    "docs": np.int32,
    "cells": np.uint32,  # the widest; written as the smallest of SMALLEST_FIRST that holds them
    "posstart": np.int64,
    "npos": np.uint32,  # the widest; written as the smallest of SMALLEST_FIRST that holds them
    "pos": np.uint32,
}
SMALLEST_FIRST = (np.uint8, np.uint16, np.uint32)  # for the columns declared np.uint32
SCORING_COLUMNS = ("idf", "bm25")  # float32 each, see the module docstring
DOCUMENT_COLUMNS: dict[str, type] = {
    # index into documents.json's articles; non-decreasing: an article's paragraphs are
    # consecutive docnums, so counting per article over sorted docnums needs no sort (runs)
    "article_idx": np.int32,
    "source_idx": np.int16,  # index into documents.json's sources
    "year": np.int16,  # 0: undated
    "date_first": np.int32,  # yyyymmdd of the first day the date covers; 0: undated
    "date_last": np.int32,  # yyyymmdd of the last day
}
ARTICLE_COLUMNS: dict[str, type] = {"article_source": np.int16, "article_year": np.int16}


@dataclass(frozen=True)
class Meta:
    """meta.json: the facts about a generation that readers show or check."""

    generation: str
    built_at: str  # ISO 8601, UTC, seconds
    build_seconds: float
    articles: int
    paragraphs: int
    sources: dict[str, int]  # paragraphs per source
    date_min: str | None  # first day any article covers (ISO)
    date_max: str | None
    analyzer: str
    stemmer: str
    lexicon: str
    format: int = 1  # FORMAT when written by this version
    build_phases: dict[str, float] = field(default_factory=dict)  # seconds per build phase
    skipped: list[dict[str, Any]] = field(default_factory=list)  # the first 1,000 skipped inputs

    def write(self, gen: Path) -> None:
        (gen / META).write_text(json.dumps(asdict(self), indent=1, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def read(cls, gen: Path) -> Meta:
        """Keys this version does not know are ignored, so an older reader opens a newer generation."""
        raw = json.loads((gen / META).read_text(encoding="utf-8"))
        known = {f.name for f in fields(cls)}
        try:
            return cls(**{k: v for k, v in raw.items() if k in known})
        except TypeError as exc:  # a key this version needs is missing: a damaged generation
            raise ValueError(f"{gen / META} is incomplete ({exc})") from exc


# -- writing --------------------------------------------------------------------------------------


def write_field(out: Path, name: str, encoded: list[bytes], columns: dict[str, np.ndarray]) -> None:
    """One text field's postings: its terms in UTF-8, sorted, and ``columns`` as POSTING_COLUMNS
    and SCORING_COLUMNS."""
    write_blobs(out / f"{name}.terms.bin", out / f"{name}.termoff.npy", encoded)
    save_array(out / f"{name}.termprefix.npy", np.array([t[:PREFIX_BYTES] for t in encoded], dtype=f"S{PREFIX_BYTES}"))
    for column, dtype in POSTING_COLUMNS.items():
        values = np.asarray(columns[column])
        top = int(values.max()) if values.size and values.dtype.kind in "iu" else 0
        if dtype is np.uint32:
            dtype = next(kind for kind in SMALLEST_FIRST if top <= np.iinfo(kind).max)
        if np.dtype(dtype).kind in "iu" and top > np.iinfo(dtype).max:
            raise OverflowError(f"{name}.{column} does not fit {np.dtype(dtype).name}")
        save_array(field_column(out, name, column), values.astype(dtype, copy=False))
    for column in SCORING_COLUMNS:
        save_array(field_column(out, name, column), np.asarray(columns[column], dtype=np.float32))


def field_column(folder: Path, name: str, column: str) -> Path:
    """The file of one of a text field's POSTING_COLUMNS or SCORING_COLUMNS in ``arrays/``."""
    return folder / f"{name}.{column}.npy"


def write_documents(out: Path, columns: dict[str, np.ndarray], article_ids: list[str], sources: list[str]) -> None:
    """Per-document columns (DOCUMENT_COLUMNS) and the article and source names they index;
    the per-article columns are derived here."""
    for column, dtype in DOCUMENT_COLUMNS.items():
        save_array(out / f"{column}.npy", np.asarray(columns[column], dtype=dtype))
    article_idx = np.asarray(columns["article_idx"])
    for column, source in (("article_source", "source_idx"), ("article_year", "year")):
        values = np.zeros(len(article_ids), dtype=ARTICLE_COLUMNS[column])
        values[article_idx] = columns[source]
        save_array(out / f"{column}.npy", values)
    (out / DOCUMENTS).write_text(json.dumps({"articles": article_ids, "sources": sources}), encoding="utf-8")


def write_article_facts(out: Path, facts: Sequence[dict[str, Any]]) -> None:
    """Each article's ARTICLE_FACTS (a stored-fields dict), in article order."""
    encoded = [json.dumps(f, ensure_ascii=False, separators=(",", ":")).encode("utf-8") for f in facts]
    write_blobs(out / ARTICLES_BLOB, out / ARTICLES_OFFSETS, encoded)


# -- opening --------------------------------------------------------------------------------------


class ArticleFactsFile:
    """The ARTICLE_FACTS of every article, read in place: one slice and one ``json.loads`` an
    article, so a page of hits costs microseconds and start-up reads nothing."""

    def __init__(self, folder: Path) -> None:
        self._facts = Blobs(folder / ARTICLES_BLOB, folder / ARTICLES_OFFSETS)
        # A page of hits, the next keystroke's page and the reader name the same articles again.
        self._read = functools.lru_cache(maxsize=1 << 12)(self._decode)

    def __getitem__(self, article: int) -> dict[str, Any]:
        """The article's facts, shared with later readers: not to be changed."""
        return self._read(int(article))

    def _decode(self, article: int) -> dict[str, Any]:
        return json.loads(self._facts[article])

    def __len__(self) -> int:
        return len(self._facts)


class TermDictionary:
    """A field's sorted terms, searched in place: nothing is loaded at start-up.

    ``np.searchsorted`` over the terms' first PREFIX_BYTES (a fixed-width, memory-mapped
    column) finds the few rows that share the key's prefix in one C call; the full terms
    (one UTF-8 blob, cut by offsets) settle which of them it is.
    """

    def __init__(self, folder: Path, name: str) -> None:
        self._terms = Blobs(folder / f"{name}.terms.bin", folder / f"{name}.termoff.npy")
        self._prefixes = open_array(folder / f"{name}.termprefix.npy")
        if len(self._terms) != len(self._prefixes):
            raise ValueError(f"{name}'s term dictionary is damaged (truncated or mismatched files)")
        # A query looks a term up more than once (estimating, then matching); popular terms recur.
        self.get = functools.lru_cache(maxsize=1 << 16)(self._get)

    def _get(self, term: str) -> int | None:
        """The term's row, or None."""
        key = term.encode("utf-8")
        prefix = key[:PREFIX_BYTES]
        prefixes = self._prefixes
        row = int(prefixes.searchsorted(np.bytes_(prefix)))
        if len(key) < PREFIX_BYTES:  # the whole term is in the column (which holds no NULs)
            return row if row < len(prefixes) and prefixes[row] == key else None
        while row < len(prefixes) and prefixes[row] == prefix:
            if self._terms[row] == key:
                return row
            row += 1
        return None

    def __contains__(self, term: str) -> bool:
        return self.get(term) is not None

    def __len__(self) -> int:
        return len(self._prefixes)


@dataclass
class DocumentArrays:
    article_idx: np.ndarray
    source_idx: np.ndarray
    year: np.ndarray
    date_first: np.ndarray
    date_last: np.ndarray
    article_source: np.ndarray
    article_year: np.ndarray
    article_ids: list[str]
    sources: list[str]
    article_facts: ArticleFactsFile

    @classmethod
    def open(cls, folder: Path) -> DocumentArrays:
        names = json.loads((folder / DOCUMENTS).read_text("utf-8"))
        columns = (*DOCUMENT_COLUMNS, *ARTICLE_COLUMNS)
        arrays = {name: open_array(folder / f"{name}.npy") for name in columns}
        facts = ArticleFactsFile(folder)
        if len(facts) != len(names["articles"]):
            raise ValueError(f"{ARTICLES_BLOB} holds {len(facts)} articles, {DOCUMENTS} {len(names['articles'])}")
        return cls(**arrays, article_ids=names["articles"], sources=names["sources"], article_facts=facts)

    @property
    def size(self) -> int:
        return len(self.article_idx)


def arrays_dir(gen: Path) -> Path:
    return gen / ARRAYS
