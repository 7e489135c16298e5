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
COLD_START_RUNS = 3
COLD_START_QUERY = "minister onderwijs"
SELECTIVE_QUERY = "ontmoeting"  # 133 hits in the full corpus: what a selective query costs
FEW_HITS = 1_000  # "queries with few hits": at most this many paragraphs
BASELINES_DIR = "bench-baselines"  # inside --keep DIR; the indexer never touches it
TARGETS = {
    "query_p95_ms": 10.0,
    "stock_ratio": 1000.0,
    "tantivy_factor": 2.0,  # our p95 at most this many times tantivy's, measured in the same run
    "few_hits_median_ms": 0.6,
    "scaling": 1.2,  # 4× corpus, same hits: median and p95 at most this many times the 1× figures
    "completion_p95_ms": 2.0,
    "cold_start_s": 1.0,
    "paragraphs_per_s": 2000.0,
}
SYSTEMS = {"ours": "ours", "tantivy": "tantivy", "fts5": "SQLite FTS5", "stock": "stock Whoosh"}


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
        from tests.whoosh_reference import fast_matches, whoosh_matches

        fast = fast_matches(self.engine, q, prefix)
        if limit is not None and len(fast) >= limit:
            return {"skipped": True, "fast": len(fast)}
        whoosh = whoosh_matches(self.engine, q, prefix)
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

    return {"stock": baselines.StockWhoosh, "fts5": baselines.Fts5, "tantivy": baselines.Tantivy}[kind](path)


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


def disk_parts(gen: Path) -> dict[str, int]:
    """What each part of a generation costs on disk: arrays by field and kind, Whoosh's files
    by kind, the vocabulary and the rest."""
    parts: dict[str, int] = {}
    for root, _dirs, files in os.walk(gen):
        folder = Path(root).relative_to(gen)
        for name in files:
            size = os.lstat(os.path.join(root, name)).st_blocks * 512
            if folder == Path("."):
                suffix = Path(name).suffix
                key = name if suffix in (".json", ".pickle") else f"whoosh {suffix}"
            elif folder.parts[0] == "arrays":
                key = "arrays/" + name.removesuffix(".npy").removesuffix(".json")
            else:
                key = folder.parts[0] + "/"
            parts[key] = parts.get(key, 0) + size
    return parts


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


def _backwards(text: str) -> str:
    return " ".join(word[::-1] for word in text.split(" "))


def four_times(corpus: Path, folder: Path) -> Path:
    """The corpus plus three copies with every word spelled backwards and fresh ids: four times
    the paragraphs, and (no benchmark query matches a backwards word) the same hits."""
    target = folder / f"four-x-{corpus.name.removesuffix('.gz').removesuffix('.jsonl')}.jsonl"
    opener = gzip.open if corpus.name.endswith(".gz") else open
    with open(target, "w", encoding="utf-8") as out:
        for copy in range(4):
            with opener(corpus, "rt", encoding="utf-8") as source:
                for line in source:
                    if copy:
                        record = json.loads(line)
                        for key in ("id", "doc"):
                            record[key] = f"{record[key]}~{copy}"
                        for key in ("title", "text"):
                            record[key] = _backwards(record.get(key) or "")
                        line = json.dumps(record, ensure_ascii=False) + "\n"
                    out.write(line)
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
        "phases": report.phases,
        "reused": False,
    }


def reuse_ours(index_dir: Path) -> dict | None:
    from search import generations
    from search.generation_format import Meta

    gen = generations.current_generation(index_dir)
    if gen is None:
        return None
    meta = Meta.read(gen)
    return {
        "paragraphs": meta.paragraphs,
        "articles": meta.articles,
        "seconds": meta.build_seconds,
        "skipped": len(meta.skipped),
        "phases": meta.build_phases,
        "generation": gen.name,
        "reused": True,
    }


def build_baseline(kind: str, corpus: Path, folder: Path, corpus_id: str, procs: int) -> dict:
    """Build (or, when ``folder`` holds one from the same corpus, reuse) a baseline index."""
    from bench import baselines

    ledger = folder / "builds.json"
    builds = json.loads(ledger.read_text()) if ledger.exists() else {}
    target = folder / {"stock": "stock-whoosh", "fts5": "fts5.sqlite", "tantivy": "tantivy"}[kind]
    previous = builds.get(kind)
    if previous and previous.get("corpus") == corpus_id and target.exists():
        return {**previous, "reused": True, "path": str(target)}
    if target.is_dir():
        shutil.rmtree(target)
    folder.mkdir(parents=True, exist_ok=True)
    if kind == "stock":
        report = baselines.build_stock(corpus, target, procs=procs)
    elif kind == "tantivy":
        report = baselines.build_tantivy(corpus, target, procs=procs)
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


def _loads(values) -> str:
    return "/".join(f"{v:.1f}" for v in values)


def render(figures: dict) -> str:
    lines: list[str] = []
    add = lines.append
    env = figures["environment"]
    add(f"Zoeklicht benchmark: {figures['corpus']['description']}")
    add(
        f"  {env['cpus']} CPUs, Python {env['python']}, whoosh3 {env['whoosh']}, SQLite {env['sqlite']}, "
        f"tantivy {env['tantivy']}, NumPy {env['numpy']}"
    )
    code, later = figures["code"], figures["code_at_end"]
    uncommitted = ", ".join(code["search_uncommitted"]) or "none"
    add(f"  code: commit {code['commit']}, search/ digest {code['search_digest']} (uncommitted: {uncommitted})")
    if later["search_digest"] != code["search_digest"]:
        add(f"  WARNING: search/ changed on disk during the run (digest now {later['search_digest']})")
    load = figures["load"]
    add(
        f"  load average (1/5/15 min) at start {_loads(load['start'])}, after the builds "
        f"{_loads(load['after_builds'])}, at the end {_loads(load['end'])}: other work on the machine "
        "slows every figure alike"
    )
    add("")
    q = figures["queries"]
    add(
        f"Side by side ({len(QUERIES)} queries of bench/queries.py; each answer: exact total, source and year "
        "facets, top-10 page with snippets)"
    )
    add(
        f"  {'':22}{'build s':>9}{'para/s':>9}{'index MiB':>11}{'median ms':>11}{'p95 ms':>9}"
        f"{'cold open + 1st query':>23}"
    )
    builds = figures["build"]
    for name, label in SYSTEMS.items():
        b = builds.get(name)
        if not b:
            continue
        rate = b["paragraphs"] / b["seconds"] if b["seconds"] else 0
        s = q.get(name)
        cens = bool(s and s["timed_out"])
        cold = figures["cold"].get(name)
        cold_text = f"{cold['open_ms']:,.0f} + {_ms(cold['first_query_ms'])} ms" if cold else "–"
        label += f" (procs={figures['procs']})" if name == "ours" else ""
        label += " [reused]" if b.get("reused") else ""
        add(
            f"  {label:22}{b['seconds']:>9.1f}{rate:>9,.0f}{b['du'] / MIB:>11,.1f}"
            f"{_ms(s and s['median']):>11}{_ms(s and s['p95'], cens):>9}{cold_text:>23}"
        )
    ours_build = builds["ours"]
    if ours_build.get("phases"):
        add("  our build phases (s): " + ", ".join(f"{k} {v:.1f}" for k, v in ours_build["phases"].items()))
    parts = ours_build.get("du_parts") or {}
    if parts:
        big = {k: v for k, v in parts.items() if v >= 0.005 * ours_build["du"]}
        big["other"] = sum(v for k, v in parts.items() if k not in big)
        add(
            "  our index on disk (MiB): "
            + ", ".join(f"{k} {v / MIB:,.1f}" for k, v in sorted(big.items(), key=lambda kv: -kv[1]))
        )
    add("")
    ours = q["ours"]
    add(f"  ours, tantivy, FTS5: 1 warm-up pass, then {PASSES} timed passes ({ours['n']} timings each)")
    if "stock" in q:
        st = q["stock"]
        add(
            f"  stock Whoosh: each query run ONCE, after one facet-cache warm-up query, capped at "
            f"{figures['stock_cap_s']:.0f} s; {st['queries']} of {len(QUERIES)} queries{figures['stock_subset_note']}; "
            f"{len(st['timed_out'])} hit the cap (counted as the cap)"
        )
    add("  cold open + 1st query: a fresh worker process opens the index, then answers "
        f"{COLD_START_QUERY!r} (page cache warm)")  # fmt: skip
    sel = figures["selective"]
    add(
        f"  {SELECTIVE_QUERY!r} ({sel['ours']['total']} hits), median ms: "
        + ", ".join(f"{SYSTEMS[k]} {_ms(v['median'])}" for k, v in sel.items())
    )
    few = figures["few_hits"]
    add(
        f"  queries with ≤ {FEW_HITS:,} hits ({few['ours']['queries']}), median / p95 ms: "
        + ", ".join(f"{SYSTEMS[k]} {_ms(v['median'])} / {_ms(v['p95'])}" for k, v in few.items())
    )
    add("")
    kinds = [*dict.fromkeys(query.kind for query in QUERIES), "without date filter", "with date filter"]
    names = [n for n in SYSTEMS if n in q]
    add("  per class, median ms   " + "".join(f"{n:>10}" for n in names))
    for kind in kinds:
        add(f"    {kind:22}" + "".join(f"{_ms(q[n]['by_kind'].get(kind)):>10}" for n in names))
    add("  5 slowest of ours (median ms): " + "; ".join(f"{lab} {_ms(ms)}" for ms, lab in ours["slowest"]))
    for name in q:
        st = q[name]
        if st["no_results"]:
            add(f"  {name}: no results for " + ", ".join(st["no_results"]))
        if st["errors"]:
            add(f"  {name}: errors: " + "; ".join(f"{k}: {v}" for k, v in st["errors"].items()))
    if "stock" in q and q["stock"]["timed_out"]:
        add("  stock Whoosh hit the cap on: " + ", ".join(q["stock"]["timed_out"]))
    if "four_x" in figures:
        add("")
        _render_four_x(figures, add)
    add("")
    c = figures["completion"]
    add(
        f"Completion: {c['prefixes']} typed prefixes, 1 warm-up pass + {PASSES} timed passes: "
        f"median {_ms(c['median'])} ms, p95 {_ms(c['p95'])} ms, max {_ms(c['max'])} ms"
    )
    add("  slowest: " + "; ".join(f"{t!r} {_ms(ms)} ms" for ms, t in c["slowest"]))
    cs = {k: v * 1000 for k, v in figures["cold_start"].items() if k.endswith("_s")}
    add(
        f"Cold start of ours (fresh interpreter, Engine() to the first answer of {COLD_START_QUERY!r}; page cache "
        f"warm; {COLD_START_RUNS} runs): median {cs['cold_start_s']:,.0f} ms, max {cs['max_cold_start_s']:,.0f} ms "
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
    add(f"  ours / tantivy:      {r['ours_over_tantivy']} (both measured in this run)")
    if "stock_over_ours" in r:
        add(
            f"  stock Whoosh / ours: {r['stock_over_ours']} (on the {q['stock']['queries']} queries stock Whoosh ran; "
            f"ours p95 on them {_ms(r['ours_p95_on_stock_queries'])} ms)"
        )
    add(f"  SQLite FTS5 / ours:  {r['fts5_over_ours']}")
    add("")
    add("Targets" + (" (set for the full corpus; this is the quick slice)" if figures["quick"] else ""))
    for name, (text, ok) in figures["targets"].items():
        add(f"  {_verdict(ok):7} {name}: {text}")
    return "\n".join(lines)


def _render_four_x(figures: dict, add) -> None:
    four = figures["four_x"]
    add("The corpus four times over (3 extra copies, every word spelled backwards, fresh ids: the same hits)")
    add(
        f"  {'':12}{'1× median / p95 ms':>20}{'4× median / p95 ms':>20}{'4×/1× p95':>11}"
        f"{SELECTIVE_QUERY + ' 1× → 4×':>24}{'build 4× s':>12}{'index MiB 4×':>14}{'open + 1st 4×':>18}"
    )
    for name in ("ours", "tantivy"):
        one, big = figures["queries"][name], four["queries"][name]
        s1, s4 = figures["selective"][name]["median"], four["selective"][name]["median"]
        b = four["build"][name]
        cold = four["cold"][name]
        add(
            f"  {SYSTEMS[name]:12}{_ms(one['median']) + ' / ' + _ms(one['p95']):>20}"
            f"{_ms(big['median']) + ' / ' + _ms(big['p95']):>20}{_ratio(big['p95'], one['p95']):>11}"
            f"{_ms(s1) + ' → ' + _ms(s4) + ' ms':>24}{b['seconds']:>12.1f}{b['du'] / MIB:>14,.1f}"
            f"{cold['open_ms']:>10,.0f} + {_ms(cold['first_query_ms'])}"
        )
        if four["same_totals"][name]:
            add(f"  {name}: totals differ from 1× on " + ", ".join(four["same_totals"][name]))
        else:
            add(f"  {name}: every query has the same total as on the 1× corpus")


def _targets(figures: dict) -> dict:
    q = figures["queries"]
    ours_p95 = q["ours"]["p95"]
    t: dict[str, tuple[str, bool | None]] = {}
    t["query p95 ≤ 10 ms"] = (f"{_ms(ours_p95)} ms", ours_p95 <= TARGETS["query_p95_ms"])
    tantivy_p95 = q["tantivy"]["p95"]
    t["p95 ≤ 2× tantivy's (same run)"] = (
        f"{_ms(ours_p95)} vs {_ms(tantivy_p95)} ms ({figures['ratios']['ours_over_tantivy']})",
        ours_p95 <= TARGETS["tantivy_factor"] * tantivy_p95,
    )
    few = figures["few_hits"]["ours"]
    if few["median"] is not None:
        t[f"queries with ≤ {FEW_HITS:,} hits: median ≤ 0.6 ms"] = (
            f"{_ms(few['median'])} ms",
            few["median"] <= TARGETS["few_hits_median_ms"],
        )
    r = figures["ratios"]
    if "stock_over_ours_value" in r:
        t["≥ 1,000× better than stock Whoosh (p95)"] = (
            r["stock_over_ours"],
            r["stock_over_ours_value"] >= TARGETS["stock_ratio"],
        )
    t["below FTS5's p95"] = (f"{_ms(ours_p95)} vs {_ms(q['fts5']['p95'])} ms", ours_p95 < q["fts5"]["p95"])
    if "four_x" in figures:
        one, big = q["ours"], figures["four_x"]["queries"]["ours"]
        worst = max(big["median"] / one["median"], big["p95"] / one["p95"])
        t["4× corpus: median and p95 within 1.2× of 1×"] = (
            f"median {_ratio(big['median'], one['median'])}, p95 {_ratio(big['p95'], one['p95'])}",
            worst <= TARGETS["scaling"],
        )
    c = figures["completion"]["p95"]
    t["completion p95 ≤ 2 ms"] = (f"{_ms(c)} ms", c <= TARGETS["completion_p95_ms"])
    cs = figures["cold_start"]["max_cold_start_s"]
    t["cold start ≤ 1 s"] = (f"max {cs * 1000:,.0f} ms", cs <= TARGETS["cold_start_s"])
    b = figures["build"]["ours"]
    rate = b["paragraphs"] / b["seconds"]
    t["indexing ≥ 2,000 paragraphs/s"] = (f"{rate:,.0f} paragraphs/s", rate >= TARGETS["paragraphs_per_s"])
    stock = figures["build"].get("stock")
    if stock:
        stock_rate = stock["paragraphs"] / stock["seconds"]
        t["build faster than stock Whoosh (procs=2)"] = (
            f"{rate:,.0f} vs {stock_rate:,.0f} paragraphs/s",
            rate > stock_rate,
        )
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
        "load": {"start": os.getloadavg()},
        "code": _code_state(),
        "build": {},
        "queries": {},
        "memory": {},
        "cold": {},
    }

    # builds, one after another (the machine is shared)
    ours = _build_or_reuse_ours(args, corpus, corpus_id, index_dir, baseline_dir, expected)
    figures["build"]["ours"] = ours
    figures["corpus"]["description"] = (
        f"{description}: {ours['paragraphs']:,} paragraphs, {ours['articles']:,} documents"
    )
    _say(f"ours: {ours['paragraphs']:,} paragraphs in {ours['seconds']:.1f} s")
    kinds = ("tantivy", "fts5") + (() if args.skip_stock else ("stock",))
    for kind in kinds:
        _say(f"building {kind} (or reusing it)")
        b = build_baseline(kind, corpus, baseline_dir, corpus_id, 2)
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
        figures["cold"]["ours"] = _first_query(worker)
        ours_records = time_queries(worker, queries, PASSES, warmup=True, cap=60)
        selective = time_queries(worker, [BenchQuery(SELECTIVE_QUERY, "word")], PASSES, warmup=True, cap=60)
        figures["completion"] = time_completions(worker, COMPLETIONS, PASSES)
        figures["memory"]["ours"] = worker.call({"op": "memory"}, 30)
        _say("agreement")
        # every query, the largest too: Whoosh's matcher takes under a second for 53,000 hits
        figures["agreement"] = check_agreement(worker, queries, None)
    finally:
        worker.close()
    figures["queries"]["ours"] = summarise(ours_records)
    figures["selective"] = {"ours": _selective(selective)}
    per_query = {"ours": ours_records}

    for kind in ("tantivy", "fts5"):
        _say(f"{kind} queries")
        worker = Worker(kind, Path(figures["build"][kind]["path"]))
        try:
            figures["cold"][kind] = _first_query(worker)
            per_query[kind] = time_queries(worker, queries, PASSES, warmup=True, cap=60)
            if kind == "tantivy":
                selective = time_queries(worker, [BenchQuery(SELECTIVE_QUERY, "word")], PASSES, warmup=True, cap=60)
                figures["selective"][kind] = _selective(selective)
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
            figures["cold"]["stock"] = _first_query(worker)
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
        ratios["stock_over_ours"] = _ratio(stock["p95"], same["p95"], bool(stock["timed_out"]))
    ratios["fts5_over_ours"] = _ratio(figures["queries"]["fts5"]["p95"], ours_p95)
    ratios["ours_over_tantivy"] = _ratio(ours_p95, figures["queries"]["tantivy"]["p95"])
    figures["ratios"] = ratios
    figures["few_hits"] = {
        kind: _few_hits(per_query[kind], ours_records) for kind in ("ours", "tantivy") if kind in per_query
    }

    if args.four_x:
        figures["four_x"] = _four_x(args, corpus, corpus_id, index_dir, baseline_dir, work, queries, per_query)

    figures["targets"] = _targets(figures)
    figures["load"]["end"] = os.getloadavg()
    figures["code_at_end"] = _code_state()
    figures["per_query"] = per_query
    print(render(figures))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1, ensure_ascii=False), encoding="utf-8")
        _say(f"figures saved to {args.json}")
    return 0


def _build_or_reuse_ours(
    args: argparse.Namespace, corpus: Path, corpus_id: str, index_dir: Path, baseline_dir: Path, expected: int | None
) -> dict:
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
    ours["du_parts"] = disk_parts(gen)
    return ours


def _first_query(worker: Worker) -> dict:
    """A fresh worker's open time and its first answer: what a restarted server pays."""
    answer = worker.call({"op": "search", "query": asdict(BenchQuery(COLD_START_QUERY, "and"))}, 600)
    first_ms = answer["ms"] if answer and "ms" in answer else None
    return {"open_ms": worker.open_s * 1000, "first_query_ms": first_ms}


def _selective(records: list[dict]) -> dict:
    record = records[0]
    return {
        "q": record["query"]["q"],
        "total": record["answer"]["total"] if record["answer"] else None,
        "median": statistics.median(record["times_ms"]) if record["times_ms"] else None,
    }


def _few_hits(records: list[dict], ours_records: list[dict]) -> dict:
    """Timings of the queries for which ours finds at most FEW_HITS paragraphs."""
    few = {r["label"] for r in ours_records if r["answer"] and r["answer"]["total"] <= FEW_HITS}
    return {**_stats([t for r in records if r["label"] in few for t in r["times_ms"]]), "queries": len(few)}


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
    big = folder / f"four-x-{corpus.name.removesuffix('.gz').removesuffix('.jsonl')}.jsonl"
    if not big.exists():
        _say("writing the 4× corpus")
        big = four_times(corpus, folder)
    big_id = f"{corpus_id} ×4"
    result: dict = {"build": {}, "queries": {}, "selective": {}, "same_totals": {}}
    _say("building ours on the 4× corpus")
    ours_dir = folder / "ours"
    fake = argparse.Namespace(**{**vars(args), "keep": ours_dir if args.keep else None})
    result["build"]["ours"] = _build_or_reuse_ours(fake, big, big_id, ours_dir, folder / "ours-ledger", None)
    _say("building tantivy on the 4× corpus")
    b = build_baseline("tantivy", big, folder, big_id, 2)
    b["du"] = disk_usage(Path(b["path"]))
    result["build"]["tantivy"] = b
    for kind, path in (("ours", ours_dir), ("tantivy", Path(b["path"]))):
        _say(f"{kind} queries on the 4× corpus")
        worker = Worker(kind, path)
        try:
            result.setdefault("cold", {})[kind] = _first_query(worker)
            records = time_queries(worker, queries, PASSES, warmup=True, cap=60)
            selective = time_queries(worker, [BenchQuery(SELECTIVE_QUERY, "word")], PASSES, warmup=True, cap=60)
        finally:
            worker.close()
        result["queries"][kind] = summarise(records)
        result["selective"][kind] = _selective(selective)
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
    from importlib.metadata import version

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
