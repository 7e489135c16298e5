"""Latency of ``/api/search`` under load, on loopback, at 1 and 8 concurrent clients.

Starts gunicorn (``web.wsgi:app``, with the limits ``zoeklicht serve`` passes) on a free
127.0.0.1 port, serving the index directory given on the command line; or, with ``--url``,
measures a server that already runs on 127.0.0.1. Each client is a thread with one
keep-alive ``http.client`` connection that cycles through a fixed list of Dutch queries:
plain words, phrases, OR/NOT, fields, filters and sorts, and as-you-type prefix queries
(``prefix=1``, one letter more each time). Every level is bounded by a request count and
a time limit, after one warm-up pass over the queries. Prints p50/p95/p99 per level; the
target is p95 <= 50 ms at 8 clients on 2 cores (on the full corpus).

Usage::

    zoeklicht index --index-dir /tmp/ix seeds           # or the full corpus
    python bench/load.py /tmp/ix                          # as served (2 workers x 1 thread), 1 and 8 clients
    python bench/load.py /tmp/ix --workers 2 --threads 1 --clients 1 8 16 --requests 3000 --seconds 30
    python bench/load.py --url http://127.0.0.1:8000      # a server that is already running

Exit status: 0, or 1 when any request failed (a non-200 answer or a connection error).
The gunicorn log goes to a file (``--log``, default in a temporary directory).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from search.config import Config  # noqa: E402
from search.serve_command import gunicorn_command  # noqa: E402

TARGET_P95_MS = 50.0
TARGET_CLIENTS = 8

QUERIES = [
    "trump",
    "kim jong-un",
    "noord-korea",
    "onderhandelingen",
    '"witte huis"',
    "kernwapens",
    "president OR leider",
    "top -vietnam",
    "trump NOT bolton",
    "title:trump",
    "ontmoeting grens",
    "gemeenteraad",
    "verkiezingen",
    "klimaat",
    "stikstof boeren",
    "woningmarkt",
    "corona maatregelen",
    "kabinet rutte",
    "europese unie",
    "onderwijs leraren",
    "zorg ziekenhuis",
    "politie",
    "economie groei",
    "amerikaanse president",
]
# (query, extra parameters): filters, sorts, paging, grouping and an empty query.
FILTERED = [
    ("trump", "&sort=newest"),
    ("kim", "&from=2018&to=2019-12-31"),
    ("president", "&source=seeds"),
    ("", "&sort=newest"),
    ("onderhandelingen", "&group=paragraph&per_page=20"),
    ("trump", "&page=2"),
]
# As-you-type: each word typed one letter at a time, the last word a prefix.
TYPED = ["ontmoeting", "onderhandel", "kabinet", "verkiezing", "noord-korea", "trump kernw", "europese commi"]


def targets() -> list[str]:
    items = [f"/api/search?q={quote(q)}" for q in QUERIES]
    items += [f"/api/search?q={quote(q)}{extra}" for q, extra in FILTERED]
    for word in TYPED:
        start = word.rfind(" ") + 2 if " " in word else 1
        items += [f"/api/search?q={quote(word[:n])}&prefix=1" for n in range(start, len(word) + 1)]
    return items


@dataclass
class Level:
    clients: int
    latencies_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def loopback(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    if parts.scheme != "http" or parts.hostname != "127.0.0.1" or not parts.port:
        raise SystemExit(f"--url must be http://127.0.0.1:<port>, not {url!r}")
    return parts.hostname, parts.port


def get(conn: http.client.HTTPConnection, target: str) -> tuple[int, bytes]:
    conn.request("GET", target)
    response = conn.getresponse()
    return response.status, response.read()


def run_level(host: str, port: int, clients: int, items: list[str], max_requests: int, max_seconds: float) -> Level:
    level = Level(clients)
    lock = threading.Lock()
    issued = 0
    deadline = time.monotonic() + max_seconds

    def take() -> int | None:
        nonlocal issued
        with lock:
            if issued >= max_requests or time.monotonic() >= deadline:
                return None
            issued += 1
            return issued

    def client(offset: int) -> None:
        conn = http.client.HTTPConnection(host, port, timeout=30)
        own: list[float] = []
        try:
            while (n := take()) is not None:
                target = items[(offset * 7 + n) % len(items)]
                started = time.perf_counter()
                try:
                    status, body = get(conn, target)
                except (OSError, http.client.HTTPException) as exc:
                    conn.close()
                    conn = http.client.HTTPConnection(host, port, timeout=30)
                    with lock:
                        level.errors.append(f"{target}: {exc!r}")
                    continue
                own.append((time.perf_counter() - started) * 1000)
                if status != 200:
                    with lock:
                        level.errors.append(f"{target}: {status} {body[:120]!r}")
        finally:
            conn.close()
            with lock:
                level.latencies_ms.extend(own)

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(max_seconds + 60)
    level.seconds = time.perf_counter() - started
    return level


def wait_until_up(proc: subprocess.Popen[bytes], host: str, port: int, log: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"gunicorn exited with {proc.returncode}; see {log}")
        conn = http.client.HTTPConnection(host, port, timeout=1)
        try:
            if get(conn, "/readyz")[0] == 200:
                return
        except (OSError, http.client.HTTPException):
            pass
        finally:
            conn.close()
        time.sleep(0.1)
    raise SystemExit(f"gunicorn was not ready within {timeout:.0f} s; see {log}")


def start_server(index_dir: Path, workers: int, threads: int, log: Path) -> tuple[subprocess.Popen[bytes], int]:
    if not (index_dir / "CURRENT").is_file():
        raise SystemExit(f"{index_dir} has no index; build one with `zoeklicht index --index-dir {index_dir} ...`")
    port = free_port()
    # no access log: it would measure the disk too
    command = gunicorn_command(f"127.0.0.1:{port}", workers, threads, "--access-logfile", "/dev/null")
    env = {**os.environ, "ZOEKLICHT_INDEX_DIR": str(index_dir.resolve())}
    with open(log, "ab") as out:
        proc = subprocess.Popen(command, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
    return proc, port


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


def measure(host: str, port: int, args: argparse.Namespace, out=sys.stdout) -> int:
    items = targets()
    conn = http.client.HTTPConnection(host, port, timeout=30)
    try:
        stats = json.loads(get(conn, "/api/stats")[1])
        for target in items:  # warm-up: every query once
            get(conn, target)
    finally:
        conn.close()
    print(
        f"/api/search on {host}:{port}: {stats['generation']}, {stats['articles']} articles, "
        f"{stats['paragraphs']} paragraphs; {len(items)} queries; {os.cpu_count()} CPUs",
        file=out,
    )
    print(
        f"{'clients':>7} {'requests':>8} {'errors':>6} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}", file=out
    )
    failed = False
    results = {}
    for clients in args.clients:
        level = run_level(host, port, clients, items, args.requests, args.seconds)
        results[clients] = level
        rate = len(level.latencies_ms) / level.seconds if level.seconds else 0.0
        print(
            f"{clients:>7} {len(level.latencies_ms):>8} {len(level.errors):>6} {rate:>7.0f} "
            f"{level.percentile(50):>7.1f} {level.percentile(95):>7.1f} {level.percentile(99):>7.1f}",
            file=out,
        )
        for error in level.errors[:5]:
            print(f"  error: {error}", file=out)
        failed |= bool(level.errors)
    if TARGET_CLIENTS in results:
        p95 = results[TARGET_CLIENTS].percentile(95)
        verdict = "met" if p95 <= TARGET_P95_MS else "NOT met"
        print(f"target p95 <= {TARGET_P95_MS:.0f} ms at {TARGET_CLIENTS} clients: {verdict} ({p95:.1f} ms)", file=out)
    return 1 if failed else 0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("index_dir", type=Path, nargs="?", help="index directory to serve")
    parser.add_argument("--url", help="measure a running server at http://127.0.0.1:<port> instead")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, TARGET_CLIENTS], help="concurrency levels")
    parser.add_argument("--requests", type=int, default=2000, help="at most this many requests per level")
    parser.add_argument("--seconds", type=float, default=20.0, help="at most this long per level")
    defaults = Config()
    parser.add_argument("--workers", type=int, default=defaults.workers, help="gunicorn workers (default: as served)")
    parser.add_argument("--threads", type=int, default=defaults.threads, help="threads per worker (default: as served)")
    parser.add_argument("--log", type=Path, help="gunicorn's log file")
    args = parser.parse_args(argv)
    if (args.index_dir is None) == (args.url is None):
        parser.error("give an index directory or --url, not both")
    if args.requests < 1 or args.seconds <= 0 or any(c < 1 for c in args.clients):
        parser.error("--requests, --seconds and --clients must be positive")
    return args


def main(argv: list[str] | None = None, out=sys.stdout) -> int:
    args = parse_args(argv)
    if args.url:
        host, port = loopback(args.url)
        return measure(host, port, args, out)
    log = args.log or Path(tempfile.mkdtemp(prefix="zoeklicht-load-")) / "gunicorn.log"
    proc, port = start_server(args.index_dir, args.workers, args.threads, log)
    try:
        wait_until_up(proc, "127.0.0.1", port, log)
        print(f"gunicorn: {args.workers} workers x {args.threads} threads, log in {log}", file=out)
        return measure("127.0.0.1", port, args, out)
    finally:
        stop_server(proc)


if __name__ == "__main__":
    sys.exit(main())
