"""The benchmark, in one command: build, time and compare on the shared Dutch corpus.

    python -m bench.run [--quick] [--skip-stock] [--four-x] [--keep DIR] [--json out.json]

It builds our index (or reuses ``--keep DIR``), a stock Whoosh index, an SQLite FTS5 table and
a tantivy index from the same paragraphs, then times the queries of ``bench/queries.py`` on
each, every system in a fresh process of its own (so its memory can be reported), plus
completion, cold start and build speed, and prints medians, p95s and ratios. ``--four-x`` also
builds ours and tantivy from the corpus four times over (three extra copies with every word
spelled backwards: the same hits for every query) to show how query time grows with the
archive. Nothing is written into the repository: indexes go to a temporary directory unless
``--keep`` names one.

This module is the command and its order of work; the jobs live next to it: ``bench/corpora.py``
(the quick slice, the 4× corpus, disk usage), ``bench/builds.py`` (building or reusing each
index), ``bench/workers.py`` (a system in a process of its own), ``bench/measure.py`` (timing
through the workers) and ``bench/report.py`` (the printed tables and the targets).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from importlib.metadata import version
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/run.py`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np

from bench import report
from bench.builds import build_baseline, build_ours, reuse_ours
from bench.corpora import CORPUS, QUICK_LINES, disk_parts, disk_usage, four_times, four_times_path, quick_slice
from bench.measure import (
    COLD_START_RUNS,
    PASSES,
    check_agreement,
    cold_start,
    few_hits,
    first_query,
    selective,
    summarise,
    time_completions,
    time_queries,
    time_selective,
    time_warm,
)
from bench.queries import COMPLETIONS, QUERIES, BenchQuery
from bench.workers import REPO, Worker
from search import generations

BASELINES_DIR = "bench-baselines"  # inside --keep DIR; the indexer never touches it


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    p.add_argument("--corpus", type=Path, default=CORPUS, help="paragraph corpus (.jsonl or .jsonl.gz)")
    p.add_argument("--quick", action="store_true", help=f"index only the first {QUICK_LINES:,} lines")
    p.add_argument("--skip-stock", action="store_true", help="leave out stock Whoosh (slow)")
    p.add_argument(
        "--keep",
        type=Path,
        metavar="DIR",
        help="our index dir: reused when it holds an index, else built there and kept; "
        f"baselines are kept in DIR/{BASELINES_DIR}",
    )
    p.add_argument("--json", type=Path, metavar="FILE", help="also save every figure as JSON")
    p.add_argument(
        "--four-x",
        action="store_true",
        help="also build ours and tantivy from the corpus four times over (same hits) and time them",
    )
    p.add_argument("--procs", type=int, default=2, help="processes for our build (default 2)")
    p.add_argument("--stock-cap", type=float, default=20.0, metavar="S", help="stock Whoosh: seconds per query")
    p.add_argument(
        "--stock-every",
        type=int,
        default=1,
        metavar="N",
        help="stock Whoosh: run only every Nth query (default 1: all of them)",
    )
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if not args.corpus.is_file():
        print(f"no corpus at {args.corpus} (see --corpus)", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="zoeklicht-bench-"))
    try:
        return _run(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _say(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def _run(args: argparse.Namespace, work: Path) -> int:
    corpus = args.corpus.resolve()
    if args.quick:
        corpus = quick_slice(corpus, work)
        corpus_id = f"{args.corpus.resolve()} (first {QUICK_LINES} lines)"
        description = f"quick slice, the first {QUICK_LINES:,} lines of {args.corpus.name}"
        expected = QUICK_LINES
    else:
        corpus_id = str(corpus)
        description = f"full corpus {args.corpus.name}"
        expected = None
    index_dir = args.keep.resolve() if args.keep else work / "index"
    baseline_dir = index_dir / BASELINES_DIR if args.keep else work / "baselines"
    figures: dict = {
        "quick": args.quick,
        "procs": args.procs,
        "corpus": {"path": corpus_id},
        "environment": _environment(),
        "load": {"start": os.getloadavg()},
        "code": _code_state(),
        "build": {},
        "queries": {},
        "memory": {},
        "cold": {},
    }

    # builds, one after another (the machine is shared)
    ours = _build_or_reuse_ours(corpus, corpus_id, index_dir, baseline_dir, args.procs, expected, bool(args.keep))
    figures["build"]["ours"] = ours
    figures["corpus"]["description"] = (
        f"{description}: {ours['paragraphs']:,} paragraphs, {ours['articles']:,} documents"
    )
    _say(f"ours: {ours['paragraphs']:,} paragraphs in {ours['seconds']:.1f} s")
    kinds = ("tantivy", "fts5") + (() if args.skip_stock else ("stock",))
    for kind in kinds:
        _say(f"building {kind} (or reusing it)")
        b = build_baseline(kind, corpus, baseline_dir, corpus_id)
        b["du"] = disk_usage(Path(b["path"]))
        figures["build"][kind] = b
        _say(f"{kind}: {b['paragraphs']:,} paragraphs in {b['seconds']:.1f} s")

    figures["load"]["after_builds"] = os.getloadavg()

    # cold start, before anything of ours is warm in a worker
    _say("cold start")
    figures["cold_start"] = cold_start(index_dir, COLD_START_RUNS)

    queries = list(QUERIES)
    _say("our queries")
    worker = Worker("ours", index_dir)
    try:
        figures["cold"]["ours"] = first_query(worker)
        ours_records = time_warm(worker, queries)
        ours_selective = time_selective(worker)
        figures["completion"] = time_completions(worker, COMPLETIONS, PASSES)
        figures["memory"]["ours"] = worker.call({"op": "memory"}, 30)
        _say("agreement")
        # every query, the largest too: Whoosh's matcher takes under a second for 53,000 hits
        figures["agreement"] = check_agreement(worker, queries, None)
    finally:
        worker.close()
    figures["queries"]["ours"] = summarise(ours_records)
    figures["selective"] = {"ours": selective(ours_selective)}
    per_query = {"ours": ours_records}

    for kind in ("tantivy", "fts5"):
        _say(f"{kind} queries")
        worker = Worker(kind, Path(figures["build"][kind]["path"]))
        try:
            figures["cold"][kind] = first_query(worker)
            per_query[kind] = time_warm(worker, queries)
            if kind == "tantivy":
                figures["selective"][kind] = selective(time_selective(worker))
            figures["memory"][kind] = worker.call({"op": "memory"}, 30)
        finally:
            worker.close()
        figures["queries"][kind] = summarise(per_query[kind])

    ratios: dict = {}
    ours_p95 = figures["queries"]["ours"]["p95"]
    figures["stock_cap_s"] = args.stock_cap
    figures["stock_subset_note"] = ""
    if not args.skip_stock:
        every = args.stock_every
        subset = queries[::every]
        if every > 1:
            figures["stock_subset_note"] = (
                f" (every {every}th of the list)" if every > 2 else " (every 2nd of the list)"
            )
        _say(f"stock Whoosh queries ({len(subset)}, once each, cap {args.stock_cap:.0f} s)")
        worker = Worker("stock", Path(figures["build"]["stock"]["path"]))
        try:
            figures["cold"]["stock"] = first_query(worker)
            worker.call({"op": "search", "query": asdict(BenchQuery("wet", "word"))}, 600)  # fills facet caches
            stock_records = time_queries(worker, subset, 1, warmup=False, cap=args.stock_cap)
            figures["memory"]["stock"] = worker.call({"op": "memory"}, 30)
            figures["stock_restarts"] = worker.restarts
        finally:
            worker.close()
        per_query["stock"] = stock_records
        stock = figures["queries"]["stock"] = summarise(stock_records)
        labels = {r["label"] for r in stock_records}
        same = summarise([r for r in ours_records if r["label"] in labels])
        ratios["ours_p95_on_stock_queries"] = same["p95"]
        ratios["stock_over_ours_value"] = stock["p95"] / same["p95"]
        ratios["stock_over_ours"] = report.ratio(stock["p95"], same["p95"], bool(stock["timed_out"]))
    ratios["fts5_over_ours"] = report.ratio(figures["queries"]["fts5"]["p95"], ours_p95)
    ratios["ours_over_tantivy"] = report.ratio(ours_p95, figures["queries"]["tantivy"]["p95"])
    figures["ratios"] = ratios
    figures["few_hits"] = {
        kind: few_hits(per_query[kind], ours_records) for kind in ("ours", "tantivy") if kind in per_query
    }

    if args.four_x:
        figures["four_x"] = _four_x(args, corpus, corpus_id, index_dir, baseline_dir, work, queries, per_query)

    figures["targets"] = report.targets(figures)
    figures["load"]["end"] = os.getloadavg()
    figures["code_at_end"] = _code_state()
    figures["per_query"] = per_query
    print(report.render(figures))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1, ensure_ascii=False), encoding="utf-8")
        _say(f"figures saved to {args.json}")
    return 0


def _build_or_reuse_ours(
    corpus: Path, corpus_id: str, index_dir: Path, baseline_dir: Path, procs: int, expected: int | None, keep: bool
) -> dict:
    """Our index and its build figures; with ``keep`` an index already in ``index_dir`` is reused, and
    ``baseline_dir/ours.json`` records which corpus it was built from."""
    ours = reuse_ours(index_dir) if keep else None
    if ours is None:
        _say(f"building our index in {index_dir}")
        ours = build_ours(corpus, index_dir, procs, expected)
        if keep:
            baseline_dir.mkdir(parents=True, exist_ok=True)
            (baseline_dir / "ours.json").write_text(json.dumps({"corpus": corpus_id}))
    else:
        built_from = baseline_dir / "ours.json"
        if not built_from.exists() or json.loads(built_from.read_text()).get("corpus") != corpus_id:
            _say(f"WARNING: reusing {index_dir}, which may not have been built from {corpus_id}")
        _say(f"reusing our index {ours['generation']} ({ours['paragraphs']:,} paragraphs)")
    gen = generations.current_generation(index_dir)
    ours["du"] = disk_usage(gen)
    ours["du_parts"] = disk_parts(gen)
    return ours


def _four_x(
    args: argparse.Namespace,
    corpus: Path,
    corpus_id: str,
    index_dir: Path,
    baseline_dir: Path,
    work: Path,
    queries: list[BenchQuery],
    per_query_1x: dict,
) -> dict:
    """Ours and tantivy on the corpus four times over (same hits): does query time follow the hits?"""
    folder = (baseline_dir if args.keep else work) / "four-x"
    folder.mkdir(parents=True, exist_ok=True)
    big = four_times_path(corpus, folder)
    if not big.exists():
        _say("writing the 4× corpus")
        big = four_times(corpus, folder)
    big_id = f"{corpus_id} ×4"
    result: dict = {"build": {}, "queries": {}, "selective": {}, "same_totals": {}}
    _say("building ours on the 4× corpus")
    ours_dir = folder / "ours"
    result["build"]["ours"] = _build_or_reuse_ours(
        big, big_id, ours_dir, folder / "ours-ledger", args.procs, None, bool(args.keep)
    )
    _say("building tantivy on the 4× corpus")
    b = build_baseline("tantivy", big, folder, big_id)
    b["du"] = disk_usage(Path(b["path"]))
    result["build"]["tantivy"] = b
    for kind, path in (("ours", ours_dir), ("tantivy", Path(b["path"]))):
        _say(f"{kind} queries on the 4× corpus")
        worker = Worker(kind, path)
        try:
            result.setdefault("cold", {})[kind] = first_query(worker)
            records = time_warm(worker, queries)
            selective_records = time_selective(worker)
        finally:
            worker.close()
        result["queries"][kind] = summarise(records)
        result["selective"][kind] = selective(selective_records)
        before = {r["label"]: r["answer"] and r["answer"]["total"] for r in per_query_1x[kind]}
        result["same_totals"][kind] = [
            r["label"] for r in records if r["answer"] and r["answer"]["total"] != before.get(r["label"])
        ]
    return result


def _code_state() -> dict:
    """The commit, and a digest of search/ as it is on disk (others may be editing it)."""
    digest = hashlib.sha256()
    for path in sorted((REPO / "search").glob("*.py")):
        digest.update(path.name.encode() + path.read_bytes())
    git = ["git", "-C", str(REPO)]
    commit = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run([*git, "status", "--porcelain", "--", "search"], capture_output=True, text=True).stdout
    return {"commit": commit, "search_digest": digest.hexdigest()[:12],
            "search_uncommitted": [line[3:] for line in dirty.splitlines()]}  # fmt: skip


def _environment() -> dict:
    return {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "whoosh": version("whoosh3"),
        "tantivy": version("tantivy"),
        "sqlite": sqlite3.sqlite_version,
        "numpy": np.__version__,
        "machine": platform.machine(),
    }


if __name__ == "__main__":
    sys.exit(main())
