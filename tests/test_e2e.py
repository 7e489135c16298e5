"""End to end: a real gunicorn on a free loopback port serving a real index built from the seeds.

gunicorn's output goes to a log file in the test's temporary directory.
"""

from __future__ import annotations

import http.client
import io
import json
import os
import subprocess
import sys
import sysconfig
import threading
import time
from collections import Counter
from http import HTTPStatus
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from search.config import Config
from search.indexer import rebuild
from tests.live_server import free_port, live_server, serving
from web.security import GUNICORN_LINE_LIMIT, MAX_HEADER_LINE, url_limit

pytestmark = pytest.mark.e2e

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
PROBLEM = "application/problem+json"
ARTICLE = "001_7f824c05e3695702"
ORIGIN = "https://krant.example"


class Reply:
    def __init__(self, response: http.client.HTTPResponse) -> None:
        self.status = response.status
        self.headers = response.headers
        self.body = response.read()

    @property
    def mimetype(self) -> str:
        return (self.headers.get("Content-Type") or "").split(";")[0]

    def json(self):
        return json.loads(self.body)


def request(base: str, target: str, method: str = "GET", headers: dict[str, str] | None = None) -> Reply:
    """One request on a fresh connection, the target sent exactly as given."""
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        conn.putrequest(method, target, skip_accept_encoding=True)
        for name, value in (headers or {}).items():
            conn.putheader(name, value)
        conn.endheaders()
        return Reply(conn.getresponse())
    finally:
        conn.close()


def problem(reply: Reply, status: int) -> dict:
    assert (reply.status, reply.mimetype) == (status, PROBLEM), reply.body[:300]
    body = reply.json()
    assert (body["status"], body["type"], body["title"]) == (status, "about:blank", HTTPStatus(status).phrase)
    assert body["detail"]
    assert reply.headers.get("Cache-Control") == "no-store"  # from the app or from gunicorn: never cached
    return body


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory) -> Path:
    index_dir = tmp_path_factory.mktemp("e2e") / "index"
    rebuild(Config(index_dir=index_dir), [SEEDS])
    return index_dir


@pytest.fixture(scope="module")
def log_path(index_dir) -> Path:
    return index_dir.parent / "gunicorn.log"


@pytest.fixture(scope="module")
def server(index_dir, log_path):
    with live_server(index_dir, log_path, {"ZOEKLICHT_CORS_ORIGINS": ORIGIN}) as base:
        yield base


def test_search(server):
    r = request(server, "/api/search?q=onderhandelingen&per_page=3")
    assert (r.status, r.mimetype) == (200, "application/json")
    body = r.json()
    assert body["total_articles"] == 4
    assert [h["id"] for h in body["hits"]] == [
        "001_7f824c05e3695702:8",
        "002_caf8ec7543da77c5:7",
        "000_ebc508246efc8cf3:9",
    ]
    assert all("<mark>" in h["snippet"] for h in body["hits"])
    assert body["facets"]["source"] == [{"value": "seeds", "count": 4}]
    assert "default-src 'self'" in r.headers["Content-Security-Policy"]
    assert r.headers["X-Content-Type-Options"] == "nosniff"


def test_utf8_queries_and_answers(server):
    r = request(server, "/api/search?q=ge%C3%AFsoleerde")
    assert r.status == 200
    assert "geïsoleerde".encode() in r.body
    assert r.json()["query"] == "geïsoleerde"


def test_suggest(server):
    body = request(server, "/api/suggest?q=onder").json()
    assert body["completions"][0] == {"word": "onderhandelingen", "count": 3}


def test_article(server):
    body = request(server, f"/api/articles/{ARTICLE}?q=onderhandelingen").json()
    assert body["id"] == ARTICLE and body["marked"] is True
    assert any("<mark>" in p["text"] for p in body["paragraphs"])
    problem(request(server, "/api/articles/nope"), 404)


def test_stats_and_readiness(server, index_dir):
    stats = request(server, "/api/stats").json()
    assert (stats["articles"], stats["paragraphs"]) == (5, 56)
    assert stats["generation"] == (index_dir / "CURRENT").read_text().strip()
    assert request(server, "/readyz").json() == {"status": "ready", "generation": stats["generation"]}
    assert request(server, "/healthz").json() == {"status": "ok"}


@pytest.mark.parametrize(
    ("method", "target", "status"),
    [
        ("GET", "/api/search?page=0", 400),
        ("GET", "/api/search?sort=willekeurig", 400),
        ("GET", "/api/nope", 404),
        ("POST", "/api/search", 405),
        ("DELETE", f"/api/articles/{ARTICLE}", 405),
        ("PUT", "/api/stats", 405),
    ],
)
def test_errors_are_problems(server, method, target, status):
    problem(request(server, target, method), status)


def test_a_url_just_over_the_apps_limit_is_its_414(server):
    limit = url_limit(Config.from_env())
    base = "/api/search?q=kim&pad="
    assert request(server, base + "x" * (limit - len(base))).status == 200
    body = problem(request(server, base + "x" * (limit - len(base) + 1)), 414)
    assert str(limit) in body["detail"]


def test_a_very_long_url_still_gets_the_apps_414(server):
    """Longer than gunicorn's default limit (4094), up to the longest request line it reads."""
    longest = GUNICORN_LINE_LIMIT - len("GET ") - len(" HTTP/1.1")
    base = "/api/search?q=kim&pad="
    problem(request(server, base + "x" * (longest - len(base))), 414)


def test_past_gunicorns_limit_gunicorn_answers_414_itself(server):
    """Documented: a request line over 8190 bytes never reaches the app (reading it would need an
    unbounded buffer); gunicorn answers with its own 414, and keeps serving."""
    r = request(server, "/api/search?q=" + "x" * 20_000)
    assert r.status == 414
    assert request(server, "/healthz").status == 200


def test_a_large_header_is_the_apps_431(server):
    problem(request(server, "/api/stats", headers={"X-Big": "x" * (MAX_HEADER_LINE + 100)}), 431)
    assert request(server, "/api/stats", headers={"X-Big": "x" * (MAX_HEADER_LINE - 100)}).status == 200


def test_a_header_past_gunicorns_limit_is_still_refused(server):
    r = request(server, "/api/stats", headers={"X-Big": "x" * 40_000})
    assert r.status in (400, 431)
    assert request(server, "/healthz").status == 200


def test_repeated_query_is_304(server):
    first = request(server, "/api/search?q=kim")
    again = request(server, "/api/search?q=kim", headers={"If-None-Match": first.headers["ETag"]})
    assert (again.status, again.body) == (304, b"")
    assert again.headers["ETag"] == first.headers["ETag"]


def test_cors_origin_from_the_environment(server):
    allowed = request(server, "/api/search?q=kim", headers={"Origin": ORIGIN})
    assert allowed.headers["Access-Control-Allow-Origin"] == ORIGIN
    other = request(server, "/api/search?q=kim", headers={"Origin": "https://elders.example"})
    assert other.headers["Access-Control-Allow-Origin"] is None


def test_request_id_is_echoed_and_logged(server, log_path):
    r = request(server, "/api/search?q=moon", headers={"X-Request-Id": "e2e-req-42"})
    assert r.headers["X-Request-Id"] == "e2e-req-42"
    generated = request(server, "/api/search?q=moon").headers["X-Request-Id"]
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        log = log_path.read_text()
        if "rid=e2e-req-42" in log and f"rid={generated}" in log:
            break
        time.sleep(0.05)
    assert '"GET /api/search?q=moon HTTP/1.1" 200' in log
    assert "rid=e2e-req-42" in log and f"rid={generated}" in log
    assert any("search.follower" in line and "serving gen-" in line for line in log.splitlines())  # app log


# -- generations: an index that appears, and one that is replaced under load --------------------


def test_server_started_before_any_index_becomes_ready(tmp_path):
    index_dir = tmp_path / "index"
    with live_server(index_dir, tmp_path / "gunicorn.log", workers=2) as base:
        assert request(base, "/healthz").status == 200
        not_ready = request(base, "/readyz")
        problem(not_ready, 503)
        assert not_ready.headers["Retry-After"]
        problem(request(base, "/api/search?q=kim"), 503)
        rebuild(Config(index_dir=index_dir), [SEEDS])
        for _ in range(6):  # every worker, with no restart
            assert request(base, "/readyz").status == 200
            assert request(base, "/api/search?q=kim").json()["total_articles"] == 5


def write_extra(folder: Path) -> Path:
    folder.mkdir()
    path = folder / "extra.jsonl"
    line = {"id": "raad", "source": "krant", "date": "2021-01-15", "text": "De gemeenteraad stemde in."}
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    return path


def zoeklicht() -> list[str]:
    """The ``zoeklicht`` script that ``pip install -e .`` put beside this interpreter's scripts."""
    for script in (Path(sysconfig.get_path("scripts")) / "zoeklicht", Path(sys.executable).with_name("zoeklicht")):
        if script.is_file():
            return [str(script)]
    return [sys.executable, "-m", "search.cli"]  # the same main(), when the script went elsewhere


def test_zoeklicht_serve_indexes_the_seeds_then_serves_them(tmp_path):
    """The README's first command, for real: with no index, ``zoeklicht serve`` builds one from
    the seeds, becomes gunicorn, answers the API and the page, and stops cleanly on SIGTERM."""
    index_dir, log_path, port = tmp_path / "generations", tmp_path / "serve.log", free_port()  # not the default
    command = [*zoeklicht(), "serve", "--index-dir", str(index_dir), "--port", str(port), "--workers", "1"]
    env = {**os.environ, "ZOEKLICHT_SEEDS_DIR": str(SEEDS)}
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(command, cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT)
        with serving(proc, f"http://127.0.0.1:{port}", log_path, timeout=60) as base:
            body = request(base, "/api/search?q=trump").json()
            assert (body["total_articles"], body["hits"][0]["source"]) == (5, "seeds")
            stats = request(base, "/api/stats").json()
            assert stats["generation"] == (index_dir / "CURRENT").read_text().strip()
            page = request(base, "/")
            assert page.status == 200 and b"<html" in page.body.lower()
            proc.terminate()
            assert proc.wait(timeout=15) == 0  # gunicorn itself (the CLI exec'd it) stopped gracefully
    assert "indexing" in log_path.read_text() and "Listening at" in log_path.read_text()


def index(index_dir: Path, *paths: Path) -> None:
    """`zoeklicht index` in a subprocess."""
    command = [sys.executable, "-m", "search.cli", "index", "-q", "--index-dir", str(index_dir), *map(str, paths)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr


def test_rebuilding_under_load_fails_no_request(tmp_path):
    index_dir = tmp_path / "index"
    config = Config(index_dir=index_dir)
    rebuild(config, [SEEDS])
    extra = write_extra(tmp_path / "extra")
    targets = [
        "/api/search?q=kim",
        "/api/search?q=onderhandel&prefix=1",
        "/api/search?q=&sort=newest&group=paragraph",
        "/api/suggest?q=onder",
        f"/api/articles/{ARTICLE}?q=trump",
        "/api/stats",
        "/readyz",
    ]
    failures: list[str] = []
    statuses: Counter[int] = Counter()
    generations: set[str] = set()
    stop = threading.Event()

    def client(base: str, offset: int) -> None:
        i = offset
        while not stop.is_set():
            target = targets[i % len(targets)]
            i += 1
            try:
                r = request(base, target)
            except OSError as exc:
                failures.append(f"{target}: {exc!r}")
                continue
            statuses[r.status] += 1
            if r.status != 200:
                failures.append(f"{target}: {r.status} {r.body[:200]!r}")
            elif target == "/api/stats":
                generations.add(r.json()["generation"])

    with live_server(index_dir, tmp_path / "gunicorn.log", workers=2, threads=2) as base:
        threads = [threading.Thread(target=client, args=(base, n)) for n in range(4)]
        for t in threads:
            t.start()
        try:
            time.sleep(0.3)
            for paths in ([SEEDS, extra], [SEEDS], [SEEDS, extra]):
                index(index_dir, *paths)  # the CLI, in its own process, as an operator would run it
            time.sleep(0.3)
        finally:
            stop.set()
            for t in threads:
                t.join(timeout=15)
        assert not failures, failures[:5]
        assert sum(statuses.values()) > 50
        assert len(generations) >= 2
        current = (index_dir / "CURRENT").read_text().strip()
        served = [request(base, "/api/stats").json() for _ in range(12)]  # both workers, many times
        assert {stats["generation"] for stats in served} == {current}  # no worker stays on an old one
        assert {stats["articles"] for stats in served} == {6}
        assert request(base, "/api/search?q=gemeenteraad").json()["total_articles"] == 1


def test_load_benchmark_runs_against_a_seeds_index(index_dir, tmp_path):
    """bench/load.py starts its own gunicorn and reports percentiles per level (no timing asserts)."""
    from bench.load import main

    out = io.StringIO()
    argv = [str(index_dir), "--clients", "1", "2", "--requests", "30", "--seconds", "10", "--workers", "1"]
    assert main([*argv, "--threads", "2", "--log", str(tmp_path / "load.log")], out=out) == 0
    lines = out.getvalue().splitlines()
    rows = [line.split() for line in lines if line.strip()[:1].isdigit()]
    assert [(row[0], row[1], row[2]) for row in rows] == [("1", "30", "0"), ("2", "30", "0")]
    assert "p95" in out.getvalue()
