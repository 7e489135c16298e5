"""Soak: /api/search under load from 8 clients while the index is rebuilt three times.

Builds the corpus (``../shared/corpus/nl-paragraphs.jsonl.gz``, or its first ``--slice``
lines) into a fresh index, serves it with gunicorn (as ``zoeklicht serve`` does, access log
off), then runs ``--rebuilds`` builds of the same corpus one after the other while ``--clients``
keep-alive clients cycle through ``bench/load.py``'s queries. The load runs in rounds of 1,000
requests until at least ``--requests`` were sent and every rebuild has finished. Worker RSS is
sampled every second.

Pass criteria (exit 1 otherwise): 0 failed requests, every rebuild exits 0, and each worker's
RSS after warm-up grows by less than ``--rss-growth`` (default 20 %) from the first fifth of the
run to the last. Prints p50/p95/p99, the RSS table, the rebuild times and the load average.

Usage::

    python bench/soak.py                      # the full corpus (slow on a shared 2-core machine)
    python bench/soak.py --slice 40000        # the first 40,000 paragraphs
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.load import loopback, run_level, start_server, targets, wait_until_up  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpus" / "nl-paragraphs.jsonl.gz"
ROUND = 1000


def build(index_dir: Path, corpus: Path, procs: int) -> tuple[int, float]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "search.cli", "index", "--quiet", "--procs", str(procs), "--index-dir", str(index_dir),
         str(corpus)],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    if done.returncode:
        print(f"build exited {done.returncode}: {done.stderr.strip()[-400:]}", file=sys.stderr)
    return done.returncode, time.perf_counter() - started


def slice_corpus(corpus: Path, lines: int, folder: Path) -> Path:
    out = folder / f"slice-{lines}.jsonl.gz"
    with gzip.open(corpus, "rt", encoding="utf-8") as src, gzip.open(out, "wt", encoding="utf-8") as dst:
        for number, line in enumerate(src):
            if number >= lines:
                break
            dst.write(line)
    return out


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
            except (OSError, ValueError):
                continue
    return found


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] if ordered else float("nan")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--slice", type=int, default=0, help="use only the first N lines of the corpus (0: all)")
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--rebuilds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--procs", type=int, default=2, help="build processes")
    parser.add_argument("--rss-growth", type=float, default=0.20)
    parser.add_argument("--json", type=Path, help="also write the summary here")
    args = parser.parse_args(argv)
    if not args.corpus.is_file():
        raise SystemExit(f"no corpus at {args.corpus}")

    work = Path(tempfile.mkdtemp(prefix="zoeklicht-soak-"))
    corpus = slice_corpus(args.corpus, args.slice, work) if args.slice else args.corpus
    index_dir = work / "index"
    code, first_build = build(index_dir, corpus, args.procs)
    if code:
        return 1
    print(f"initial build: {first_build:.1f} s")
    log = work / "gunicorn.log"
    proc, port = start_server(index_dir, args.workers, 1, log)
    host, port = loopback(f"http://127.0.0.1:{port}")
    wait_until_up(proc, host, port, log, timeout=120)
    samples: list[tuple[float, int, float]] = []
    rebuilds: list[tuple[int, float]] = []
    stop = threading.Event()
    started = time.monotonic()

    def sample() -> None:
        while not stop.wait(1.0):
            for pid in children(proc.pid):
                if (rss := rss_mb(pid)) is not None:
                    samples.append((time.monotonic() - started, pid, rss))

    def rebuild_all() -> None:
        for _ in range(args.rebuilds):
            rebuilds.append(build(index_dir, corpus, args.procs))

    sampler = threading.Thread(target=sample, daemon=True)
    builder = threading.Thread(target=rebuild_all)
    sampler.start()
    builder.start()
    latencies: list[float] = []
    errors: list[str] = []
    items = targets()
    try:
        while len(latencies) + len(errors) < args.requests or builder.is_alive():
            level = run_level(host, port, args.clients, items, ROUND, 600)
            latencies += level.latencies_ms
            errors += level.errors
        builder.join()
    finally:
        stop.set()
        proc.terminate()
        proc.wait(timeout=30)
    elapsed = time.monotonic() - started

    by_worker: dict[int, list[tuple[float, float]]] = {}
    for t, pid, rss in samples:
        by_worker.setdefault(pid, []).append((t, rss))
    rss_rows = []
    for pid, points in sorted(by_worker.items()):
        if len(points) < 10:
            continue
        fifth = max(1, len(points) // 5)
        early = percentile([r for _, r in points[fifth : 2 * fifth]], 50)  # after warm-up
        late = percentile([r for _, r in points[-fifth:]], 50)
        rss_rows.append({"pid": pid, "early_mb": round(early, 1), "late_mb": round(late, 1),
                         "growth": round(late / early - 1, 3)})  # fmt: skip
    summary = {
        "corpus": str(args.corpus) + (f" (first {args.slice} lines)" if args.slice else ""),
        "requests": len(latencies) + len(errors),
        "failed": len(errors),
        "clients": args.clients,
        "seconds": round(elapsed, 1),
        "p50_ms": round(percentile(latencies, 50), 1),
        "p95_ms": round(percentile(latencies, 95), 1),
        "p99_ms": round(percentile(latencies, 99), 1),
        "initial_build_s": round(first_build, 1),
        "rebuilds": [{"exit": code, "seconds": round(s, 1)} for code, s in rebuilds],
        "worker_rss": rss_rows,
        "load_average": os.getloadavg(),
    }
    print(json.dumps(summary, indent=1))
    for error in errors[:10]:
        print("failed:", error, file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps(summary, indent=1))
    ok = (
        not errors
        and all(code == 0 for code, _ in rebuilds)
        and all(row["growth"] < args.rss_growth for row in rss_rows)
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
