"""SQLite FTS5, from the standard library, as a baseline (see ``bench/baselines.py``):
``unicode61 remove_diacritics 2`` (no stemming), facets by GROUP BY, an exact count,
``snippet()`` and the top 10 by ``bm25()``."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

from .baselines import PAGE, QUERY_TOKEN, SEARCHED, date_bounds, paragraphs
from .queries import BenchQuery

FTS_EXTRA = ("id", "source", "date", "year", "date_first", "date_last")  # UNINDEXED


def build_fts5(corpus: Path, db_path: Path) -> dict:
    started = time.perf_counter()
    db_path.unlink(missing_ok=True)
    con = sqlite3.connect(db_path)
    columns = ", ".join([*SEARCHED, *(f"{c} UNINDEXED" for c in FTS_EXTRA)])
    con.execute(f"CREATE VIRTUAL TABLE p USING fts5({columns}, tokenize='unicode61 remove_diacritics 2')")
    names = [*SEARCHED, *FTS_EXTRA]
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
    tokens = QUERY_TOKEN.findall(spec.q)
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
