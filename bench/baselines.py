"""The baselines measured in the same run, on the same paragraphs and the same queries.

- Stock Whoosh: our schema's fields, but the textbook analyzer (regex tokens, lower case,
  Snowball's Dutch stop list, Snowball ``dutch`` stems), the stock multiprocess writer,
  ``groupedby`` facets, stock highlights and ``MultifieldParser(["title", "text"])``.
- SQLite FTS5 from the standard library: ``unicode61 remove_diacritics 2`` (no stemming),
  facets by GROUP BY, an exact count, ``snippet()`` and the top 10 by ``bm25()``.
- tantivy (the Rust engine, through its Python bindings): the same textbook analysis (simple
  tokens, lower case, folded, Snowball's Dutch stop list, tantivy's ``dutch`` stemmer), BM25
  with the title boosted as ours, an exact count, source and year facets by a terms
  aggregation over fast fields, and its snippet generator for the top 10.

All answer the page the engine answers: exact total, source and year facets, and a top-10
page with snippets. Neither groups paragraphs by article (ours does), which only makes
their work lighter.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import snowballstemmer
import tantivy
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh import sorting
from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema
from whoosh.qparser import MultifieldParser

from search.analysis import DUTCH_STOPWORDS, fold
from search.arrays import article_facts
from search.dates import parse_date, yyyymmdd
from search.errors import IngestError
from search.ingest import read_articles
from search.records import paragraph_id
from search.schema import TITLE_BOOST

from .queries import BenchQuery

PAGE = 10


# -- the same paragraphs, as documents ----------------------------------------------------------


def paragraphs(corpus: Path) -> Iterator[dict]:
    """Every paragraph of the corpus with the fields our schema has, read by our ingest."""

    def ignore(_error: IngestError) -> None:
        pass  # our own build reports skipped input; the baselines index the same records

    for article in read_articles(corpus, None, ignore):
        span = {"date_first": 0, "date_last": 0, "year": 0}  # undated: 0, as SQLite columns
        if article.date:
            span = {
                "date_first": yyyymmdd(article.date.first_day()),
                "date_last": yyyymmdd(article.date.last_day()),
                "year": article.date.year,
            }
        facts = article_facts(article)  # stored with every paragraph, as a stock schema would
        for number, paragraph in enumerate(article.paragraphs):
            yield {
                "id": paragraph_id(article.id, number),
                "article": article.id,
                "para": number,
                "heading": paragraph.heading,
                "text": paragraph.text,
                **facts,
                **span,
            }


def date_bounds(spec: BenchQuery) -> tuple[int | None, int | None]:
    """The engine's date filter as yyyymmdd bounds: a paragraph matches when its span overlaps."""
    low = yyyymmdd(parse_date(spec.date_from).first_day()) if spec.date_from else None
    high = yyyymmdd(parse_date(spec.date_to).last_day()) if spec.date_to else None
    return low, high


_TOKEN = re.compile(r'"[^"]*"|[()]|[^\s()]+')


# -- stock Whoosh ------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("dutch")


def stock_stem(word: str) -> str:
    """Snowball ``dutch``; a module-level function, so the analyzer pickles into the index."""
    return _stemmer().stemWord(word)


def stock_analyzer():
    return RegexTokenizer() | LowercaseFilter() | StopFilter(stoplist=DUTCH_STOPWORDS) | StemFilter(stock_stem)


def stock_schema() -> Schema:
    """search/schema.py's fields, with the stock analyzer."""
    analyzer = stock_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        article=ID(stored=True),
        para=STORED(),
        title=TEXT(analyzer=analyzer, stored=True, phrase=True, field_boost=TITLE_BOOST),
        heading=TEXT(analyzer=analyzer, stored=True, phrase=True),
        text=TEXT(analyzer=analyzer, stored=True, phrase=True, chars=True),
        source=ID(stored=True),
        date=STORED(),
        precision=STORED(),
        date_first=NUMERIC(int, bits=32, signed=False, sortable=True, stored=True),
        date_last=NUMERIC(int, bits=32, signed=False, stored=True),
        year=NUMERIC(int, bits=32, signed=False, stored=True),
        url=STORED(),
    )


def build_stock(corpus: Path, folder: Path, procs: int = 2) -> dict:
    """Index the corpus with the stock writer; returns paragraphs and seconds."""
    started = time.perf_counter()
    folder.mkdir(parents=True, exist_ok=True)
    ix = whoosh_index.create_in(str(folder), stock_schema())
    writer = ix.writer(procs=procs, multisegment=True, limitmb=256)
    count = 0
    try:
        for doc in paragraphs(corpus):
            if not doc["date_first"]:
                del doc["date_first"], doc["date_last"], doc["year"]
            writer.add_document(**doc)
            count += 1
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    ix.close()
    return {"paragraphs": count, "seconds": time.perf_counter() - started}


def to_whoosh_syntax(spec: BenchQuery) -> str:
    """Our syntax for Whoosh's default parser: ``-word`` becomes ``NOT word``; a typed last
    word becomes a prefix."""
    tokens = _TOKEN.findall(spec.q)
    out = []
    for token in tokens:
        if token.startswith("-") and len(token) > 1:
            out.extend(["NOT", token[1:]])
        else:
            out.append(token)
    if spec.prefix and out and not out[-1].startswith('"') and out[-1] not in ("AND", "OR", "NOT"):
        out[-1] += "*"
    return " ".join(out)


class StockWhoosh:
    """A search page the stock way."""

    FACETS = {"source": sorting.FieldFacet("source"), "year": sorting.FieldFacet("year")}

    def __init__(self, folder: Path) -> None:
        self.index = whoosh_index.open_dir(str(folder))
        self.searcher = self.index.searcher()
        self.parser = MultifieldParser(["title", "text"], self.index.schema)

    def search(self, spec: BenchQuery) -> dict:
        query = self.parser.parse(to_whoosh_syntax(spec))
        low, high = date_bounds(spec)
        filters = []
        if low is not None:
            filters.append(wq.NumericRange("date_last", low, None))
        if high is not None:
            filters.append(wq.NumericRange("date_first", None, high))
        date_filter = wq.And(filters) if filters else None
        results = self.searcher.search(
            query, limit=PAGE, groupedby=self.FACETS, maptype=sorting.Count, filter=date_filter
        )
        total = len(results)
        facets = {name: results.groups(name) for name in self.FACETS}
        hits = [(hit["id"], hit.highlights("text")) for hit in results[:PAGE]]
        return {"total": total, "facets": len(facets["source"]) + len(facets["year"]), "hits": len(hits)}


# -- SQLite FTS5 ---------------------------------------------------------------------------------

FTS_COLUMNS = ("title", "heading", "text")  # searched
FTS_EXTRA = ("id", "source", "date", "year", "date_first", "date_last")  # UNINDEXED


def build_fts5(corpus: Path, db_path: Path) -> dict:
    started = time.perf_counter()
    db_path.unlink(missing_ok=True)
    con = sqlite3.connect(db_path)
    columns = ", ".join([*FTS_COLUMNS, *(f"{c} UNINDEXED" for c in FTS_EXTRA)])
    con.execute(f"CREATE VIRTUAL TABLE p USING fts5({columns}, tokenize='unicode61 remove_diacritics 2')")
    names = [*FTS_COLUMNS, *FTS_EXTRA]
    count = 0
    with con:

        def rows() -> Iterator[list]:
            nonlocal count
            for doc in paragraphs(corpus):
                count += 1
                yield [doc[n] for n in names]

        con.executemany(f"INSERT INTO p({', '.join(names)}) VALUES ({', '.join('?' * len(names))})", rows())
        con.execute("INSERT INTO p(p) VALUES ('optimize')")
    con.close()
    return {"paragraphs": count, "seconds": time.perf_counter() - started}


def _fts_string(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def to_fts5(spec: BenchQuery) -> str:
    """Our query syntax as FTS5 syntax: AND is implicit, "phrases" stay, OR stays, ``-word``
    and ``NOT word`` become FTS5's binary NOT, ``word*`` becomes ``"word"*``."""
    tokens = _TOKEN.findall(spec.q)
    out: list[str] = []
    last_word = None
    for token in tokens:
        if token in ("(", ")", "AND", "OR", "NOT"):
            out.append(token)
            continue
        if token.startswith('"'):
            words = token.strip('"').split()
            out.append(_fts_string(" ".join(words)))
            continue
        negate = token.startswith("-") and len(token) > 1
        if negate:
            token = token[1:]
            out.append("NOT")
        field = ""
        if ":" in token:
            field, _, token = token.partition(":")
            field += " : "
        star = token.endswith("*")
        word = token.rstrip("*")
        if not word:
            continue
        out.append(field + _fts_string(word) + ("*" if star else ""))
        last_word = len(out) - 1
    if spec.prefix and last_word == len(out) - 1 and last_word is not None and not out[-1].endswith("*"):
        out[-1] += "*"
    return " ".join(out)


class Fts5:
    def __init__(self, db_path: Path) -> None:
        self.con = sqlite3.connect(db_path, check_same_thread=False)
        weights = ", ".join(["2.0", "1.0", "1.0"] + ["0.0"] * len(FTS_EXTRA))
        self.rank = f"bm25(p, {weights})"

    def search(self, spec: BenchQuery) -> dict:
        where = "p MATCH ?"
        params: list[object] = [to_fts5(spec)]
        low, high = date_bounds(spec)
        if low is not None:
            where += " AND date_last >= ?"
            params.append(low)
        if high is not None:
            where += " AND date_first > 0 AND date_first <= ?"
            params.append(high)
        groups = self.con.execute(
            f"SELECT source, year, count(*) FROM p WHERE {where} GROUP BY source, year", params
        ).fetchall()
        total = sum(n for _, _, n in groups)
        sources: dict[str, int] = {}
        years: dict[int, int] = {}
        for source, year, n in groups:
            sources[source] = sources.get(source, 0) + n
            if year:
                years[year] = years.get(year, 0) + n
        hits = self.con.execute(
            f"SELECT id, title, snippet(p, 2, '<mark>', '</mark>', '…', 32) FROM p WHERE {where} "
            f"ORDER BY {self.rank} LIMIT {PAGE}",
            params,
        ).fetchall()
        return {"total": total, "facets": len(sources) + len(years), "hits": len(hits)}


# -- tantivy ---------------------------------------------------------------------------------------

TANTIVY_TOKENIZER = "nl"
TANTIVY_HEAP = 256_000_000  # bytes of indexing memory, shared by the writer's threads
_FACET_AGGREGATION = {
    "source": {"terms": {"field": "source", "size": 1000}},
    "year": {"terms": {"field": "year", "size": 1000}},
}


def _tantivy_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    for name in FTS_COLUMNS:
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
    tokens = _TOKEN.findall(spec.q)
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
