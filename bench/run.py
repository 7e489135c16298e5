"""The benchmark, in one command: build, time and compare on the shared Dutch corpus.

    python -m bench.run [--quick] [--skip-stock] [--keep DIR] [--json out.json]

It builds our index (or reuses ``--keep DIR``), a stock Whoosh index and an SQLite FTS5
table from the same paragraphs, then times the queries of ``bench/queries.py`` on each, every
system in a fresh process of its own (so its memory can be reported), plus completion, cold
start and build speed, and prints medians, p95s and ratios. Nothing is written into the
repository: indexes go to a temporary directory unless ``--keep`` names one.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import itertools
import json
import os
import platform
import resource
import select
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/run.py`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np

from bench.queries import COMPLETIONS, QUERIES, BenchQuery

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "nl-paragraphs.jsonl.gz"
QUICK_LINES = 20_000
PASSES = 5  # timed passes over our queries, after one warm-up pass
AGREEMENT_LIMIT = 20_000  # full corpus: check agreement only below this many matches
COLD_START_RUNS = 3
COLD_START_QUERY = "minister onderwijs"
TANTIVY_P95_MS = 3.1  # quoted from the issue, not measured here
BASELINES_DIR = "bench-baselines"  # inside --keep DIR; the indexer never touches it
TARGETS = {
    "query_p95_ms": 10.0,
    "stock_ratio": 1000.0,
    "tantivy_factor": 3.0,
    "completion_p95_ms": 2.0,
    "cold_start_s": 1.0,
    "paragraphs_per_s": 4000.0,
}


# -- the worker: one system, in a process of its own -------------------------------------------


class _Ours:
    def __init__(self, index_dir: Path) -> None:
        from search.config import Config
        from search.engine import Engine

        self.engine = Engine(Config(index_dir=index_dir))

    def search(self, spec: BenchQuery) -> dict:
        from search.results import SearchRequest

        result = self.engine.search(
            SearchRequest(q=spec.q, date_from=spec.date_from, date_to=spec.date_to, prefix=spec.prefix)
        )
        facets = sum(len(v) for v in result.facets.values())
        return {
            "total": result.total_paragraphs,
            "articles": result.total_articles,
            "facets": facets,
            "hits": len(result.hits),
            "partial": result.partial,
        }

    def suggest(self, text: str) -> dict:
        return {"hits": len(self.engine.suggest(text))}

    def agree(self, q: str, prefix: bool, limit: int | None) -> dict:
        fast = self.engine.fast_matches(q, prefix)
        if limit is not None and len(fast) >= limit:
            return {"skipped": True, "fast": len(fast)}
        whoosh = self.engine.whoosh_matches(q, prefix)
        return {
            "skipped": False,
            "fast": len(fast),
            "whoosh": len(whoosh),
            "equal": fast == whoosh,
            "only_fast": sorted(fast - whoosh)[:5],
            "only_whoosh": sorted(whoosh - fast)[:5],
        }


def _open_system(kind: str, path: Path):
    if kind == "ours":
        return _Ours(path)
    from bench import baselines

    return baselines.StockWhoosh(path) if kind == "stock" else baselines.Fts5(path)


def _memory() -> dict:
    """This process's resident memory, in MiB (file-backed pages include mapped index files)."""
    status = {}
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM", "RssAnon", "RssFile", "RssShmem"):
                status[key] = round(int(value.split()[0]) / 1024, 1)
    status["ru_maxrss"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return status


def worker_main(kind: str, path: Path) -> int:
    """Answer one JSON request a line on stdin, one JSON answer a line on stdout."""
    from search.errors import ZoeklichtError

    out = os.fdopen(os.dup(sys.stdout.fileno()), "w", buffering=1, encoding="utf-8")
    sys.stdout = sys.stderr  # nothing else may write into the answers
    started = time.perf_counter()
    system = _open_system(kind, path)
    out.write(json.dumps({"ready": True, "open_s": time.perf_counter() - started}) + "\n")
    for line in sys.stdin:
        msg = json.loads(line)
        op = msg["op"]
        try:
            if op == "search":
                spec = BenchQuery(**msg["query"])
                t0 = time.perf_counter()
                answer = system.search(spec)
                answer["ms"] = (time.perf_counter() - t0) * 1000
            elif op == "suggest":
                t0 = time.perf_counter()
                answer = system.suggest(msg["text"])
                answer["ms"] = (time.perf_counter() - t0) * 1000
            elif op == "agree":
                answer = system.agree(msg["q"], msg["prefix"], msg["limit"])
            elif op == "memory":
                answer = _memory()
            else:
                break
        except (ZoeklichtError, sqlite3.Error, ValueError) as exc:  # a query one system cannot run
            answer = {"error": f"{type(exc).__name__}: {exc}"}
        out.write(json.dumps(answer) + "\n")
    return 0


class Worker:
    """The parent's end of a worker process; a call that takes too long kills it."""

    def __init__(self, kind: str, path: Path, open_timeout: float = 600) -> None:
        self.kind, self.path, self.open_timeout = kind, path, open_timeout
        self.restarts = 0
        self._start()

    def _start(self) -> None:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bench.run", "--worker", self.kind, str(self.path)],
            cwd=REPO,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        self._buffer = b""
        ready = self._read(self.open_timeout)
        if not ready or not ready.get("ready"):
            self.kill()
            raise RuntimeError(f"the {self.kind} worker did not start")
        self.open_s = ready["open_s"]

    def _read(self, timeout: float) -> dict | None:
        deadline = time.perf_counter() + timeout
        fd = self.proc.stdout.fileno()
        while b"\n" not in self._buffer:
            remaining = deadline - time.perf_counter()
            if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
                return None
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                raise RuntimeError(f"the {self.kind} worker exited with {self.proc.wait()}")
            self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        return json.loads(line)

    def call(self, msg: dict, timeout: float) -> dict | None:
        """The answer, or None when it took longer than ``timeout`` (the worker is restarted)."""
        self.proc.stdin.write(json.dumps(msg).encode() + b"\n")
        self.proc.stdin.flush()
        answer = self._read(timeout)
        if answer is None:
            self.kill()
            self.restarts += 1
            self._start()
        return answer

    def kill(self) -> None:
        self.proc.kill()
        self.proc.wait()

    def close(self) -> None:
        try:
            self.proc.stdin.write(b'{"op": "quit"}\n')
            self.proc.stdin.close()
            self.proc.wait(timeout=30)
        except (subprocess.TimeoutExpired, BrokenPipeError):
            self.kill()


# -- measuring --------------------------------------------------------------------------------


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


def disk_usage(path: Path, exclude: str | None = None) -> int:
    """Bytes on disk, like ``du``: allocated blocks, not apparent sizes."""
    if path.is_file():
        return path.stat().st_blocks * 512
    total = 0
    for root, dirs, files in os.walk(path):
        if exclude is not None and Path(root) == path and exclude in dirs:
            dirs.remove(exclude)
        for name in files:
            total += os.lstat(os.path.join(root, name)).st_blocks * 512
    return total


# -- building ---------------------------------------------------------------------------------


def _progress_bar(total: int | None, desc: str):
    from tqdm import tqdm

    return tqdm(total=total, unit="para", unit_scale=True, desc=desc, disable=not sys.stderr.isatty())


def quick_slice(corpus: Path, folder: Path, lines: int = QUICK_LINES) -> Path:
    """The first ``lines`` lines of the corpus as a .jsonl file in ``folder``."""
    target = folder / f"quick-{lines}.jsonl"
    opener = gzip.open if corpus.name.endswith(".gz") else open
    with opener(corpus, "rt", encoding="utf-8") as source, open(target, "w", encoding="utf-8") as out:
        out.writelines(itertools.islice(source, lines))
    return target


def build_ours(corpus: Path, index_dir: Path, procs: int, expected: int | None) -> dict:
    from search.config import Config
    from search.indexer import rebuild

    with _progress_bar(expected, "ours") as bar:
        report = rebuild(Config(index_dir=index_dir), [corpus], procs=procs, progress=bar.update)
    return {
        "paragraphs": report.paragraphs,
        "articles": report.articles,
        "seconds": report.seconds,
        "skipped": len(report.skipped),
        "generation": report.generation,
        "reused": False,
    }


def reuse_ours(index_dir: Path) -> dict | None:
    from search import generations

    gen = generations.current_generation(index_dir)
    if gen is None:
        return None
    meta = generations.read_meta(gen)
    return {
        "paragraphs": meta["paragraphs"],
        "articles": meta["articles"],
        "seconds": meta["build_seconds"],
        "skipped": len(meta.get("skipped", [])),
        "generation": gen.name,
        "reused": True,
    }


def build_baseline(kind: str, corpus: Path, folder: Path, corpus_id: str, procs: int) -> dict:
    """Build (or, when ``folder`` holds one from the same corpus, reuse) a baseline index."""
    from bench import baselines

    ledger = folder / "builds.json"
    builds = json.loads(ledger.read_text()) if ledger.exists() else {}
    target = folder / ("stock-whoosh" if kind == "stock" else "fts5.sqlite")
    previous = builds.get(kind)
    if previous and previous.get("corpus") == corpus_id and target.exists():
        return {**previous, "reused": True, "path": str(target)}
    if target.is_dir():
        shutil.rmtree(target)
    folder.mkdir(parents=True, exist_ok=True)
    if kind == "stock":
        report = baselines.build_stock(corpus, target, procs=procs)
    else:
        report = baselines.build_fts5(corpus, target)
    builds[kind] = {**report, "corpus": corpus_id}
    ledger.write_text(json.dumps(builds, indent=1))
    return {**builds[kind], "reused": False, "path": str(target)}


# -- the report ---------------------------------------------------------------------------------

MIB = 1024 * 1024


def _ms(value: float | None, censored: bool = False) -> str:
    if value is None:
        return "–"
    text = f"{value:,.2f}" if value < 100 else f"{value:,.0f}"
    return ("≥" if censored else "") + text


def _ratio(a: float | None, b: float | None, censored: bool = False) -> str:
    if not a or not b:
        return "–"
    return ("≥" if censored else "") + f"{a / b:,.1f}×"


def _verdict(ok: bool | None) -> str:
    return "–" if ok is None else ("met" if ok else "MISSED")


def render(figures: dict) -> str:
    lines: list[str] = []
    add = lines.append
    env = figures["environment"]
    add(f"Zoeklicht benchmark: {figures['corpus']['description']}")
    add(
        f"  {env['cpus']} CPUs, Python {env['python']}, whoosh3 {env['whoosh']}, SQLite {env['sqlite']}, "
        f"NumPy {env['numpy']}"
    )
    code, later = figures["code"], figures["code_at_end"]
    uncommitted = ", ".join(code["search_uncommitted"]) or "none"
    add(f"  code: commit {code['commit']}, search/ digest {code['search_digest']} (uncommitted: {uncommitted})")
    if later["search_digest"] != code["search_digest"]:
        add(f"  WARNING: search/ changed on disk during the run (digest now {later['search_digest']})")
    load = figures["load"]
    add(
        f"  load average (1 min) at start {load['start']:.1f}, after the builds {load['after_builds']:.1f}, "
        f"at the end {load['end']:.1f}: other work on the machine slows every figure alike"
    )
    add("")
    add("Index build (ingest included; ours includes the array and vocabulary export)")
    add(f"  {'':24}{'seconds':>9}{'paragraphs/s':>14}  size on disk (du)")
    builds = figures["build"]
    for name, label in (
        ("ours", f"ours (procs={figures['procs']})"),
        ("stock", "stock Whoosh (procs=2)"),
        ("fts5", "SQLite FTS5"),
    ):
        b = builds.get(name)
        if not b:
            continue
        rate = b["paragraphs"] / b["seconds"] if b["seconds"] else 0
        size = f"{b['du'] / MIB:,.1f} MiB"
        if name == "ours":
            size += f" (without arrays {b['du_without_arrays'] / MIB:,.1f} MiB; arrays {b['du_arrays'] / MIB:,.1f} MiB)"
        reused = " [reused: time from its build]" if b.get("reused") else ""
        add(f"  {label:24}{b['seconds']:>9.1f}{rate:>14,.0f}  {size}{reused}")
    add("")
    q = figures["queries"]
    ours = q["ours"]
    add(
        f"Queries: {len(QUERIES)} (bench/queries.py). Each answer: exact totals, source and year facets, "
        "top-10 page with snippets."
    )
    add(
        f"  ours: 1 warm-up pass, then {PASSES} timed passes ({ours['n']} timings); grouped by article as the page asks"
    )
    if "fts5" in q:
        add(f"  FTS5: 1 warm-up pass, then {PASSES} timed passes ({q['fts5']['n']} timings); per paragraph")
    if "stock" in q:
        s = q["stock"]
        add(
            f"  stock Whoosh: each query run ONCE, after one facet-cache warm-up query, capped at "
            f"{figures['stock_cap_s']:.0f} s; {s['queries']} of {len(QUERIES)} queries{figures['stock_subset_note']}; "
            f"{len(s['timed_out'])} hit the cap (counted as the cap)"
        )
    add(f"  {'ms':24}{'median':>10}{'p95':>10}{'max':>10}")
    for name, label in (("ours", "ours"), ("fts5", "SQLite FTS5"), ("stock", "stock Whoosh")):
        if name in q:
            s = q[name]
            cens = bool(s["timed_out"])
            add(f"  {label:24}{_ms(s['median']):>10}{_ms(s['p95'], cens):>10}{_ms(s['max'], cens):>10}")
    add("")
    kinds = [*dict.fromkeys(query.kind for query in QUERIES), "without date filter", "with date filter"]
    add(f"  per class, median ms   {'ours':>10}{'FTS5':>10}{'stock':>10}")
    for kind in kinds:
        cells = [_ms(q[n]["by_kind"].get(kind)) if n in q else "–" for n in ("ours", "fts5", "stock")]
        add(f"    {kind:22}{cells[0]:>10}{cells[1]:>10}{cells[2]:>10}")
    add("  5 slowest of ours (median ms): " + "; ".join(f"{lab} {_ms(ms)}" for ms, lab in ours["slowest"]))
    for name in q:
        s = q[name]
        if s["no_results"]:
            add(f"  {name}: no results for " + ", ".join(s["no_results"]))
        if s["errors"]:
            add(f"  {name}: errors: " + "; ".join(f"{k}: {v}" for k, v in s["errors"].items()))
    if "stock" in q and q["stock"]["timed_out"]:
        add("  stock Whoosh hit the cap on: " + ", ".join(q["stock"]["timed_out"]))
    add("")
    c = figures["completion"]
    add(
        f"Completion: {c['prefixes']} typed prefixes, 1 warm-up pass + {PASSES} timed passes: "
        f"median {_ms(c['median'])} ms, p95 {_ms(c['p95'])} ms, max {_ms(c['max'])} ms"
    )
    add("  slowest: " + "; ".join(f"{t!r} {_ms(ms)} ms" for ms, t in c["slowest"]))
    cs = {k: v * 1000 for k, v in figures["cold_start"].items() if k.endswith("_s")}
    add(
        f"Cold start (fresh process, Engine() to the first answer of {COLD_START_QUERY!r}; page cache warm; "
        f"{COLD_START_RUNS} runs): median {cs['cold_start_s']:,.0f} ms, max {cs['max_cold_start_s']:,.0f} ms "
        f"(open {cs['open_s']:,.0f} ms + first query {cs['first_query_s']:,.0f} ms; "
        f"imports before it {cs['import_s']:,.0f} ms; whole process {cs['process_s']:,.0f} ms)"
    )
    add("Memory after the warm queries (MiB; RssFile counts mapped index files, shared between workers):")
    for name, m in figures["memory"].items():
        add(
            f"  {name:14} VmRSS {m.get('VmRSS', 0):>7,.1f}  (RssAnon {m.get('RssAnon', 0):,.1f}, "
            f"RssFile {m.get('RssFile', 0):,.1f})  peak VmHWM {m.get('VmHWM', 0):,.1f}"
        )
    a = figures["agreement"]
    limit = f"; skipped {len(a['skipped'])} with ≥ {a['limit']:,} matches" if a["limit"] else ""
    add(f"Agreement fast_matches == whoosh_matches: {a['agree']} of {a['checked']} distinct queries agree{limit}")
    for d in a["disagree"]:
        add(f"  DISAGREE {d}")
    add("")
    add("Ratios (p95)")
    r = figures["ratios"]
    if "stock_over_ours" in r:
        add(
            f"  stock Whoosh / ours: {r['stock_over_ours']} (on the {q['stock']['queries']} queries stock Whoosh ran; "
            f"ours p95 on them {_ms(r['ours_p95_on_stock_queries'])} ms)"
        )
    if "fts5_over_ours" in r:
        add(f"  SQLite FTS5 / ours:  {r['fts5_over_ours']}")
    add(
        f"  ours / tantivy:      {r['ours_over_tantivy']} (tantivy's p95 of {TANTIVY_P95_MS} ms is a figure quoted in "
        "the issue, not measured here)"
    )
    add("")
    add("Targets" + (" (set for the full corpus; this is the quick slice)" if figures["quick"] else ""))
    for name, (text, ok) in figures["targets"].items():
        add(f"  {_verdict(ok):7} {name}: {text}")
    return "\n".join(lines)


def _targets(figures: dict) -> dict:
    q = figures["queries"]
    ours_p95 = q["ours"]["p95"]
    t: dict[str, tuple[str, bool | None]] = {}
    t["query p95 ≤ 10 ms"] = (f"{_ms(ours_p95)} ms", ours_p95 <= TARGETS["query_p95_ms"])
    r = figures["ratios"]
    if "stock_over_ours_value" in r:
        t["≥ 1,000× better than stock Whoosh (p95)"] = (
            r["stock_over_ours"],
            r["stock_over_ours_value"] >= TARGETS["stock_ratio"],
        )
    if "fts5" in q:
        t["below FTS5's p95"] = (f"{_ms(ours_p95)} vs {_ms(q['fts5']['p95'])} ms", ours_p95 < q["fts5"]["p95"])
    t["within 3× of tantivy's quoted 3.1 ms p95"] = (
        r["ours_over_tantivy"],
        ours_p95 <= TARGETS["tantivy_factor"] * TANTIVY_P95_MS,
    )
    c = figures["completion"]["p95"]
    t["completion p95 ≤ 2 ms"] = (f"{_ms(c)} ms", c <= TARGETS["completion_p95_ms"])
    cs = figures["cold_start"]["max_cold_start_s"]
    t["cold start ≤ 1 s"] = (f"max {cs * 1000:,.0f} ms", cs <= TARGETS["cold_start_s"])
    b = figures["build"]["ours"]
    rate = b["paragraphs"] / b["seconds"]
    t["indexing ≥ 4,000 paragraphs/s"] = (f"{rate:,.0f} paragraphs/s", rate >= TARGETS["paragraphs_per_s"])
    return t


# -- the command ------------------------------------------------------------------------------


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
        "--check-agreement",
        action="store_true",
        help=f"full corpus: check every query, not only those under {AGREEMENT_LIMIT:,} matches",
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
    p.add_argument("--worker", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.worker:
        return worker_main(args.worker[0], Path(args.worker[1]))
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
        "load": {"start": os.getloadavg()[0]},
        "code": _code_state(),
        "build": {},
        "queries": {},
        "memory": {},
    }

    # builds, one after another (the machine is shared)
    ours = reuse_ours(index_dir) if args.keep else None
    if ours is None:
        _say(f"building our index in {index_dir}")
        ours = build_ours(corpus, index_dir, args.procs, expected)
        if args.keep:
            baseline_dir.mkdir(parents=True, exist_ok=True)
            (baseline_dir / "ours.json").write_text(json.dumps({"corpus": corpus_id}))
    else:
        built_from = baseline_dir / "ours.json"
        if not built_from.exists() or json.loads(built_from.read_text()).get("corpus") != corpus_id:
            _say(f"WARNING: reusing {index_dir}, which may not have been built from {corpus_id}")
        _say(f"reusing our index {ours['generation']} ({ours['paragraphs']:,} paragraphs)")
    from search import generations

    gen = generations.current_generation(index_dir)
    ours["du"] = disk_usage(gen)
    ours["du_without_arrays"] = disk_usage(gen, exclude="arrays")
    ours["du_arrays"] = disk_usage(gen / "arrays")
    figures["build"]["ours"] = ours
    figures["corpus"]["description"] = (
        f"{description}: {ours['paragraphs']:,} paragraphs, {ours['articles']:,} documents"
    )
    _say(f"ours: {ours['paragraphs']:,} paragraphs in {ours['seconds']:.1f} s")
    for kind in ("fts5",) + (() if args.skip_stock else ("stock",)):
        _say(f"building {kind} (or reusing it)")
        b = build_baseline(kind, corpus, baseline_dir, corpus_id, 2)
        b["du"] = disk_usage(Path(b["path"]))
        figures["build"][kind] = b
        _say(f"{kind}: {b['paragraphs']:,} paragraphs in {b['seconds']:.1f} s")

    figures["load"]["after_builds"] = os.getloadavg()[0]

    # cold start, before anything of ours is warm in a worker
    _say("cold start")
    figures["cold_start"] = cold_start(index_dir, COLD_START_RUNS)

    queries = list(QUERIES)
    _say("our queries")
    worker = Worker("ours", index_dir)
    try:
        ours_records = time_queries(worker, queries, PASSES, warmup=True, cap=60)
        figures["completion"] = time_completions(worker, COMPLETIONS, PASSES)
        figures["memory"]["ours"] = worker.call({"op": "memory"}, 30)
        _say("agreement")
        limit = None if args.quick or args.check_agreement else AGREEMENT_LIMIT
        figures["agreement"] = check_agreement(worker, queries, limit)
    finally:
        worker.close()
    figures["queries"]["ours"] = summarise(ours_records)

    _say("FTS5 queries")
    worker = Worker("fts5", Path(figures["build"]["fts5"]["path"]))
    try:
        fts_records = time_queries(worker, queries, PASSES, warmup=True, cap=60)
        figures["memory"]["fts5"] = worker.call({"op": "memory"}, 30)
    finally:
        worker.close()
    figures["queries"]["fts5"] = summarise(fts_records)

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
            worker.call({"op": "search", "query": asdict(BenchQuery("wet", "word"))}, 600)  # fills facet caches
            stock_records = time_queries(worker, subset, 1, warmup=False, cap=args.stock_cap)
            figures["memory"]["stock"] = worker.call({"op": "memory"}, 30)
            figures["stock_restarts"] = worker.restarts
        finally:
            worker.close()
        stock = figures["queries"]["stock"] = summarise(stock_records)
        labels = {r["label"] for r in stock_records}
        same = summarise([r for r in ours_records if r["label"] in labels])
        ratios["ours_p95_on_stock_queries"] = same["p95"]
        ratios["stock_over_ours_value"] = stock["p95"] / same["p95"]
        ratios["stock_over_ours"] = _ratio(stock["p95"], same["p95"], bool(stock["timed_out"]))
    ratios["fts5_over_ours"] = _ratio(figures["queries"]["fts5"]["p95"], ours_p95)
    ratios["ours_over_tantivy"] = _ratio(ours_p95, TANTIVY_P95_MS)
    figures["ratios"] = ratios
    figures["targets"] = _targets(figures)
    figures["load"]["end"] = os.getloadavg()[0]
    figures["code_at_end"] = _code_state()
    figures["per_query"] = {"ours": ours_records, "fts5": fts_records}
    if not args.skip_stock:
        figures["per_query"]["stock"] = stock_records
    print(render(figures))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1, ensure_ascii=False), encoding="utf-8")
        _say(f"figures saved to {args.json}")
    return 0


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
    from importlib.metadata import version

    return {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "whoosh": version("whoosh3"),
        "sqlite": sqlite3.sqlite_version,
        "numpy": np.__version__,
        "machine": platform.machine(),
    }


if __name__ == "__main__":
    sys.exit(main())
