"""Timing the systems through their workers: queries, completion, agreement and cold start.

Every figure is a median, a p95 and a max over timings taken in the same run; a query that runs
past its cap counts as the cap (and the worker is restarted), so a slow system cannot stall the
run and its p95 is a lower bound.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path

import numpy as np

from bench.queries import BenchQuery
from bench.workers import REPO, Worker

PASSES = 5  # timed passes over our queries, after one warm-up pass
QUERY_CAP_S = 60  # a query of ours, tantivy or FTS5 that takes longer counts as this (stock Whoosh: --stock-cap)
COLD_START_RUNS = 3
COLD_START_QUERY = "minister onderwijs"
SELECTIVE_QUERY = "ontmoeting"  # 133 hits in the full corpus: what a selective query costs
FEW_HITS = 1_000  # "queries with few hits": at most this many paragraphs


def _stats(values: list[float]) -> dict:
    if not values:
        return {"n": 0, "median": None, "p95": None, "max": None}
    return {
        "n": len(values),
        "median": float(statistics.median(values)),
        "p95": float(np.percentile(values, 95)),
        "max": float(max(values)),
    }


def time_queries(worker: Worker, queries: list[BenchQuery], passes: int, warmup: bool, cap: float) -> list[dict]:
    """One record per query: its timings (ms); a query over ``cap`` seconds counts as ``cap``
    and is not run again."""
    records = [
        {
            "query": asdict(q),
            "label": q.label,
            "kind": q.kind,
            "dated": q.dated,
            "times_ms": [],
            "timed_out": False,
            "error": None,
            "answer": None,
        }
        for q in queries
    ]
    for run in range(passes + int(warmup)):
        for query, record in zip(queries, records, strict=True):
            if record["timed_out"] or record["error"]:
                continue
            answer = worker.call({"op": "search", "query": asdict(query)}, cap)
            if answer is None:
                record["timed_out"] = True
                record["times_ms"].append(cap * 1000)
            elif "error" in answer:
                record["error"] = answer["error"]
            else:
                record["answer"] = answer
                if run >= int(warmup):
                    record["times_ms"].append(answer["ms"])
    return records


def summarise(records: list[dict]) -> dict:
    times = [t for r in records for t in r["times_ms"]]
    by_kind: dict[str, list[float]] = {}
    for r in records:
        by_kind.setdefault(r["kind"], []).extend(r["times_ms"])
        by_kind.setdefault("with date filter" if r["dated"] else "without date filter", []).extend(r["times_ms"])
    per_query = sorted(((statistics.median(r["times_ms"]), r["label"]) for r in records if r["times_ms"]), reverse=True)
    return {
        **_stats(times),
        "queries": sum(1 for r in records if r["times_ms"]),
        "timed_out": [r["label"] for r in records if r["timed_out"]],
        "errors": {r["label"]: r["error"] for r in records if r["error"]},
        "no_results": [r["label"] for r in records if r["answer"] and r["answer"]["total"] == 0],
        "by_kind": {k: statistics.median(v) for k, v in by_kind.items() if v},
        "slowest": per_query[:5],
    }


def time_warm(worker: Worker, queries: list[BenchQuery]) -> list[dict]:
    """The records of ``queries``: one warm-up pass, then PASSES timed passes, capped at QUERY_CAP_S."""
    return time_queries(worker, queries, PASSES, warmup=True, cap=QUERY_CAP_S)


def time_selective(worker: Worker) -> list[dict]:
    """The records of SELECTIVE_QUERY, timed as the benchmark queries are."""
    return time_warm(worker, [BenchQuery(SELECTIVE_QUERY, "word")])


def selective(records: list[dict]) -> dict:
    record = records[0]
    return {
        "q": record["query"]["q"],
        "total": record["answer"]["total"] if record["answer"] else None,
        "median": statistics.median(record["times_ms"]) if record["times_ms"] else None,
    }


def few_hits(records: list[dict], ours_records: list[dict]) -> dict:
    """Timings of the queries for which ours finds at most FEW_HITS paragraphs."""
    few = {r["label"] for r in ours_records if r["answer"] and r["answer"]["total"] <= FEW_HITS}
    return {**_stats([t for r in records if r["label"] in few for t in r["times_ms"]]), "queries": len(few)}


def time_completions(worker: Worker, texts: tuple[str, ...], passes: int) -> dict:
    times: list[float] = []
    slowest: dict[str, list[float]] = {}
    for run in range(passes + 1):
        for text in texts:
            answer = worker.call({"op": "suggest", "text": text}, 30)
            if answer is None or "error" in answer:
                raise RuntimeError(f"completion of {text!r} failed: {answer}")
            if run:
                times.append(answer["ms"])
                slowest.setdefault(text, []).append(answer["ms"])
    per_text = sorted(((statistics.median(v), t) for t, v in slowest.items()), reverse=True)
    return {**_stats(times), "prefixes": len(texts), "slowest": per_text[:3]}


def check_agreement(worker: Worker, queries: list[BenchQuery], limit: int | None) -> dict:
    checked, agree, skipped, disagree = 0, 0, [], []
    for q, prefix in dict.fromkeys((q.q, q.prefix) for q in queries):
        answer = worker.call({"op": "agree", "q": q, "prefix": prefix, "limit": limit}, 600)
        if answer is None or "error" in answer:
            disagree.append({"q": q, "prefix": prefix, "error": answer and answer.get("error") or "timed out"})
            continue
        if answer["skipped"]:
            skipped.append(f"{q!r} ({answer['fast']:,} matches)")
            continue
        checked += 1
        if answer["equal"]:
            agree += 1
        else:
            disagree.append({"q": q, "prefix": prefix, **answer})
    return {"checked": checked, "agree": agree, "skipped": skipped, "disagree": disagree, "limit": limit}


def first_query(worker: Worker) -> dict:
    """A fresh worker's open time and its first answer: what a restarted server pays."""
    answer = worker.call({"op": "search", "query": asdict(BenchQuery(COLD_START_QUERY, "and"))}, 600)
    first_ms = answer["ms"] if answer and "ms" in answer else None
    return {"open_ms": worker.open_s * 1000, "first_query_ms": first_ms}


_COLD_START = """
import json, sys, time
t0 = time.perf_counter()
from pathlib import Path
from search.config import Config
from search.engine import Engine
from search.results import SearchRequest
t1 = time.perf_counter()
engine = Engine(Config(index_dir=Path(sys.argv[1])))
t2 = time.perf_counter()
result = engine.search(SearchRequest(q=sys.argv[2]))
t3 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "open_s": t2 - t1, "first_query_s": t3 - t2,
                  "cold_start_s": t3 - t1, "total": result.total_paragraphs}))
"""


def cold_start(index_dir: Path, runs: int) -> dict:
    """Engine() to the first answer, each time in a fresh interpreter (the page cache stays warm)."""
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", _COLD_START, str(index_dir), COLD_START_QUERY],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        )
        sample = json.loads(done.stdout.strip().splitlines()[-1])
        sample["process_s"] = time.perf_counter() - started
        samples.append(sample)
    keys = ("import_s", "open_s", "first_query_s", "cold_start_s", "process_s")
    return {
        "runs": samples,
        **{k: statistics.median(s[k] for s in samples) for k in keys},
        "max_cold_start_s": max(s["cold_start_s"] for s in samples),
    }
