"""tantivy, the Rust engine through its Python bindings, as a baseline (see
``bench/baselines.py``): the textbook analysis with tantivy's ``dutch`` stemmer, BM25 with the
title boosted as ours, an exact count, facets by a terms aggregation over fast fields, and its
snippet generator for the top 10."""

from __future__ import annotations

import re
import time
from pathlib import Path

import tantivy

from search.analysis import DUTCH_STOPWORDS, fold
from search.schema import TITLE_BOOST

from .baselines import PAGE, QUERY_TOKEN, SEARCHED, date_bounds, paragraphs
from .queries import BenchQuery

TANTIVY_TOKENIZER = "nl"
TANTIVY_HEAP = 256_000_000  # bytes of indexing memory, shared by the writer's threads
_FACET_AGGREGATION = {
    "source": {"terms": {"field": "source", "size": 1000}},
    "year": {"terms": {"field": "year", "size": 1000}},
}


def _tantivy_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    for name in SEARCHED:
        builder.add_text_field(name, stored=True, tokenizer_name=TANTIVY_TOKENIZER)
    builder.add_text_field("source", stored=True, tokenizer_name="raw", fast=True)
    for name in ("year", "date_first", "date_last"):
        builder.add_integer_field(name, stored=name == "year", indexed=True, fast=True)
    return builder.build()


def _tantivy_index(schema: tantivy.Schema, folder: Path) -> tantivy.Index:
    """The index with our analyzer registered (tantivy keeps only its name in the index)."""
    index = tantivy.Index(schema, path=str(folder))
    analyzer = (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(40))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .filter(tantivy.Filter.custom_stopword(sorted(DUTCH_STOPWORDS)))
        .filter(tantivy.Filter.stemmer("dutch"))
        .build()
    )
    index.register_tokenizer(TANTIVY_TOKENIZER, analyzer)
    return index


def build_tantivy(corpus: Path, folder: Path, procs: int = 2) -> dict:
    """Index the corpus with tantivy's writer (``procs`` indexing threads), merged to the end."""
    started = time.perf_counter()
    folder.mkdir(parents=True, exist_ok=True)
    index = _tantivy_index(_tantivy_schema(), folder)
    writer = index.writer(heap_size=TANTIVY_HEAP, num_threads=procs)
    count = 0
    for doc in paragraphs(corpus):
        writer.add_document(
            tantivy.Document(
                id=doc["id"],
                title=doc["title"] or "",
                heading=doc["heading"] or "",
                text=doc["text"] or "",
                source=doc["source"] or "",
                year=doc["year"],
                date_first=doc["date_first"],
                date_last=doc["date_last"],
            )
        )
        count += 1
    writer.commit()
    writer.wait_merging_threads()
    return {"paragraphs": count, "seconds": time.perf_counter() - started}


_WORD = re.compile(r"\w+")


def to_tantivy(spec: BenchQuery) -> str:
    """Our syntax for tantivy's parser: phrases, OR, ``-word`` and NOT are shared; a prefix
    (``word*``, or the typed last word) becomes a regex over the index terms of both fields."""
    out = []
    tokens = QUERY_TOKEN.findall(spec.q)
    for i, token in enumerate(tokens):
        typed = spec.prefix and i == len(tokens) - 1 and not token.startswith('"')
        if token.endswith("*") or (typed and token not in ("(", ")", "AND", "OR", "NOT")):
            sign = "-" if token.startswith("-") else ""
            word = "".join(_WORD.findall(fold(token.rstrip("*").lower())))
            if word:
                out.append(f"{sign}({' OR '.join(f'{f}:/{word}.*/' for f in ('title', 'text'))})")
            continue
        out.append(token)
    return " ".join(out)


class Tantivy:
    """The page the engine answers, the tantivy way."""

    def __init__(self, folder: Path) -> None:
        self.index = _tantivy_index(tantivy.Index.open(str(folder)).schema, folder)
        self.schema = self.index.schema
        self.searcher = self.index.searcher()

    def search(self, spec: BenchQuery) -> dict:
        query = self.index.parse_query(
            to_tantivy(spec),
            ["title", "text"],
            field_boosts={"title": TITLE_BOOST},
            conjunction_by_default=True,
            allow_regexes=True,
        )
        low, high = date_bounds(spec)
        clauses = [(tantivy.Occur.Must, query)]
        integer = tantivy.FieldType.Integer
        if low is not None:
            ranged = tantivy.Query.range_query(self.schema, "date_last", integer, low, None)
            clauses.append((tantivy.Occur.Must, ranged))
        if high is not None:  # undated paragraphs have 0: never inside a range
            ranged = tantivy.Query.range_query(self.schema, "date_first", integer, 1, high)
            clauses.append((tantivy.Occur.Must, ranged))
        if len(clauses) > 1:
            query = tantivy.Query.boolean_query(clauses)
        result = self.searcher.search(query, PAGE, count=True)
        facets = self.searcher.aggregate(query, _FACET_AGGREGATION)
        snippets = tantivy.SnippetGenerator.create(self.searcher, query, self.schema, "text")
        hits = [
            (doc["id"], snippets.snippet_from_doc(doc).to_html())
            for doc in (self.searcher.doc(address) for _score, address in result.hits)
        ]
        buckets = len(facets["source"]["buckets"]) + sum(1 for b in facets["year"]["buckets"] if b["key"])
        return {"total": result.count, "facets": buckets, "hits": len(hits)}
