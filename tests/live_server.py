"""Run the real app under gunicorn on a free loopback port, for end-to-end and browser tests.

    with live_server(index_dir, tmp_path / "gunicorn.log") as base_url:
        urllib.request.urlopen(base_url + "/api/stats")

gunicorn's output goes to ``log_path`` (never a pipe: a full pipe stalls the server). The
server is always stopped on exit, killed if it does not stop in time.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from search.serve_command import gunicorn_command

REPO = Path(__file__).resolve().parents[1]
START_TIMEOUT_S = 20.0
STOP_TIMEOUT_S = 10.0


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def log_tail(log_path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(log_path.read_text(errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return "(no log)"


def _wait_until_up(proc: subprocess.Popen[bytes], url: str, log_path: Path, timeout: float = START_TIMEOUT_S) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {proc.returncode}:\n{log_tail(log_path)}")
        try:
            with urllib.request.urlopen(url, timeout=1) as r:
                if r.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.05)
    raise RuntimeError(f"gunicorn did not answer {url} within {timeout:.0f} s:\n{log_tail(log_path)}")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=STOP_TIMEOUT_S)


@contextmanager
def serving(
    proc: subprocess.Popen[bytes], base: str, log_path: Path, timeout: float = START_TIMEOUT_S
) -> Iterator[str]:
    """Wait until the server ``proc`` answers ``/healthz`` at ``base``; yield ``base``; always stop it."""
    try:
        _wait_until_up(proc, base + "/healthz", log_path, timeout)
        yield base
    finally:
        _stop(proc)


@contextmanager
def live_server(
    index_dir: Path,
    log_path: Path,
    extra_env: dict[str, str] | None = None,
    workers: int = 1,
    threads: int = 2,
) -> Iterator[str]:
    """Start ``gunicorn web.wsgi:app`` serving ``index_dir``; yield its base URL; always stop it."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "ZOEKLICHT_INDEX_DIR": str(index_dir), **(extra_env or {})}
    cmd = gunicorn_command(f"127.0.0.1:{port}", workers, threads, "--graceful-timeout", "5")
    with open(log_path, "ab") as log:
        proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
        with serving(proc, base, log_path) as url:
            yield url


def child_pids(parent: int) -> list[int]:
    """The processes whose parent is ``parent`` right now (gunicorn's workers, a build's helpers),
    read from /proc: the fault tests kill and count them."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == parent:
                found.append(int(entry.name))
    return found
