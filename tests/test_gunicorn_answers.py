"""Every answer is problem+json (or the page, or JSON) with the same headers, including the
answers gunicorn gives itself, and a worker that dies mid-request is replaced."""

from __future__ import annotations

import json
import os
import signal
import socket
import time
import urllib.request
from pathlib import Path

import pytest

from search.config import Config
from search.indexer import rebuild
from tests.live_server import child_pids, live_server
from web.security import GUNICORN_LINE_LIMIT, MAX_HEADER_LINE, SECURITY_HEADERS

pytestmark = pytest.mark.e2e

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory) -> Path:
    index_dir = tmp_path_factory.mktemp("answers") / "index"
    rebuild(Config(index_dir=index_dir), [SEEDS])
    return index_dir


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("home")


@pytest.fixture(scope="module")
def server(index_dir, home):
    env = {"HOME": str(home), "XDG_RUNTIME_DIR": ""}
    with live_server(index_dir, index_dir.parent / "gunicorn.log", extra_env=env, workers=2, threads=1) as base:
        yield base


def raw(base: str, data: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send bytes as they are (no client library would send these) and read the whole answer."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        try:
            sock.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed before reading everything we sent
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
            if b"\r\n\r\n" in answer:
                head, _, body = answer.partition(b"\r\n\r\n")
                length = next(
                    (
                        int(line.split(b":")[1])
                        for line in head.split(b"\r\n")
                        if line.lower().startswith(b"content-length:")
                    ),
                    None,
                )
                if length is not None and len(body) >= length:
                    break
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in lines[1:] if ":" in line)}
    return int(lines[0].split()[1]), headers, body


def assert_problem(answer: tuple[int, dict[str, str], bytes], status: int) -> dict:
    got, headers, body = answer
    assert got == status
    assert headers["content-type"].startswith("application/problem+json")
    for name, value in SECURITY_HEADERS.items():
        assert headers[name.lower()] == value
    problem = json.loads(body)
    assert problem["status"] == status and problem["detail"]
    assert b"<html" not in body.lower()
    return problem


@pytest.mark.parametrize(
    ("request_bytes", "status"),
    [
        (b"GET /api/search?q=" + b"x" * (GUNICORN_LINE_LIMIT + 10) + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414),
        (b"GET /api/stats HTTP/1.1\r\nHost: x\r\nX-Big: " + b"x" * (4 * MAX_HEADER_LINE) + b"\r\n\r\n", 431),
        (b"GET /api/stats HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-%d: 1\r\n" % i for i in range(300)) + b"\r\n", 431),
        (b"G\x01T / HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        (b"GET / HTTP/9.9\r\nHost: x\r\n\r\n", 400),
        (b"GET /\x00 HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        (b"GET /api/stats HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n\r\n", 400),
    ],
    ids=[
        "request-line",
        "huge-header",
        "too-many-headers",
        "bad-method",
        "bad-version",
        "nul-in-target",
        "bad-header-name",
    ],
)
def test_gunicorns_own_answers_are_problems_with_our_headers(server, request_bytes, status):
    assert_problem(raw(server, request_bytes), status)
    with urllib.request.urlopen(server + "/healthz", timeout=5) as r:  # and it keeps serving
        assert r.status == 200


@pytest.mark.parametrize("target", ["/api//stats", "/api/search//", "/static//app.js"])
def test_doubled_slashes_are_not_redirected_to_the_host_header(server, target):
    answer = raw(server, f"GET {target} HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n".encode())
    assert "location" not in answer[1]
    assert_problem(answer, 404)


def test_options_says_what_a_route_allows_and_nothing_else(server):
    status, headers, body = raw(server, b"OPTIONS /api/search HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert status == 204 and body == b""
    assert set(headers["allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    assert headers["x-content-type-options"] == "nosniff"


def test_servers_share_no_control_socket(server, home):
    assert not (home / ".gunicorn").exists()


def test_a_worker_killed_mid_request_is_replaced_and_others_keep_answering(index_dir, tmp_path):
    with live_server(index_dir, tmp_path / "gunicorn.log", workers=2, threads=1) as base:
        with urllib.request.urlopen(base + "/api/stats", timeout=5) as r:
            assert r.status == 200
        port = base.rsplit(":", 1)[1].encode()
        [master] = [pid for pid in child_pids(os.getpid()) if port in Path(f"/proc/{pid}/cmdline").read_bytes()]
        before = child_pids(master)
        assert len(before) == 2
        victim = before[0]
        os.kill(victim, signal.SIGKILL)
        answered = 0
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with urllib.request.urlopen(base + "/api/search?q=kim", timeout=10) as r:
                assert r.status == 200
                answered += 1
            now = child_pids(master)
            if len(now) == 2 and victim not in now and answered >= 20:
                break
        assert victim not in child_pids(master) and len(child_pids(master)) == 2
        assert answered >= 20
