"""The worker protocol: one system in a process of its own, answering one request at a time.

    python -m bench.workers KIND PATH      # KIND: ours, tantivy, fts5 or stock

A worker opens the index at PATH, says it is ready (with its open time), then reads one JSON
request a line on stdin and writes one JSON answer a line on stdout. Each system runs in its own
process so that its memory can be reported and a query that runs away can be killed without
taking the benchmark down; ``Worker`` is the parent's end.
"""

from __future__ import annotations

import json
import os
import resource
import select
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from bench.queries import BenchQuery

REPO = Path(__file__).resolve().parents[1]

# The engine and the baselines are imported inside the worker when it opens its system, not at
# module level: the parent never needs them, and a worker's open time includes importing them.


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
    from bench import baselines, peer_fts5, peer_tantivy

    return {"stock": baselines.StockWhoosh, "fts5": peer_fts5.Fts5, "tantivy": peer_tantivy.Tantivy}[kind](path)


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
            [sys.executable, "-m", "bench.workers", self.kind, str(self.path)],
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


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python -m bench.workers KIND PATH")
    sys.exit(worker_main(sys.argv[1], Path(sys.argv[2])))
