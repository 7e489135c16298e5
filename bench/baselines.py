"""The baselines measured in the same run, on the same paragraphs and the same queries: stock
Whoosh here; SQLite FTS5 in ``bench/peer_fts5.py``; tantivy in ``bench/peer_tantivy.py``.

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
their work lighter. This module also holds what the three share: the corpus's paragraphs as
documents, the date filter's bounds and how a query's tokens are read. (Stock Whoosh stays in
this module: the kept stock indexes pickle ``bench.baselines.stock_stem``.)
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import snowballstemmer
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh import sorting
from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema
from whoosh.qparser import MultifieldParser

from search.analysis import DUTCH_STOPWORDS
from search.arrays import article_facts
from search.dates import parse_date, yyyymmdd
from search.errors import IngestError
from search.ingest import read_articles
from search.records import paragraph_id
from search.schema import TITLE_BOOST

from .queries import BenchQuery

PAGE = 10
SEARCHED = ("title", "heading", "text")  # the fields every baseline searches


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


QUERY_TOKEN = re.compile(r'"[^"]*"|[()]|[^\s()]+')


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
    tokens = QUERY_TOKEN.findall(spec.q)
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
