"""A build that dies, however it dies, leaves nothing that blocks the next one.

Each test runs ``zoeklicht index --procs 2`` as a real process on a generated corpus large
enough to still be running when it is killed, kills it (``kill -9`` or SIGTERM) while its
writer processes work, then starts the next build at once.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from search import generations
from search.cli import EXIT_INTERRUPTED, EXIT_OK
from tests.live_server import child_pids

# Real multi-process builds, a minute in all: run with the e2e tests, not the fast suite.
pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
WORDS = (
    "regering minister kabinet gemeente raad vergadering begroting onderwijs school leraar "
    "verkiezing partij stem politiek nieuws krant wereld oorlog vrede overleg akkoord korea "
    "leider top ontmoeting president verdrag handel economie markt prijs bedrijf werk"
).split()


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory) -> Path:
    """About 30,000 generated paragraphs: long enough for the build to be caught mid-way."""
    rng = random.Random(11)
    folder = tmp_path_factory.mktemp("big")
    with open(folder / "big.jsonl", "w", encoding="utf-8") as out:
        for article in range(3000):
            paragraphs = ["De " + " ".join(rng.choices(WORDS, k=40)) + "." for _ in range(10)]
            row = {"id": f"a{article}", "title": " ".join(rng.choices(WORDS, k=5)), "text": "\n\n".join(paragraphs)}
            out.write(json.dumps(row) + "\n")
    return folder


def zoeklicht(index_dir: Path, *args: str, **popen) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "search.cli", "index", "--index-dir", str(index_dir), *args],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **popen,
    )


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_for_writers(build: subprocess.Popen, index_dir: Path) -> list[int]:
    """The build's helper processes, once it has some and its temporary generation exists."""
    limit = time.monotonic() + 120
    while time.monotonic() < limit:
        assert build.poll() is None, build.communicate(timeout=30)
        helpers = child_pids(build.pid)
        if len(helpers) >= 2 and list(index_dir.glob(generations.TMP_PREFIX + "*")):
            time.sleep(0.5)  # let them get to work
            return helpers
        time.sleep(0.05)
    pytest.fail("the build never started its writer processes")


def wait_gone(pids: list[int], seconds: float = 10) -> list[int]:
    limit = time.monotonic() + seconds
    while (left := [p for p in pids if alive(p)]) and time.monotonic() < limit:
        time.sleep(0.05)
    return left


@pytest.fixture
def index_dir(tmp_path) -> Path:
    """An index that already serves the seeds, so that a killed build has something to spare."""
    index_dir = tmp_path / "index"
    done = zoeklicht(index_dir, "-q", str(SEEDS))
    assert done.wait(timeout=120) == EXIT_OK, done.communicate(timeout=30)
    done.communicate(timeout=30)
    return index_dir


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=["kill-9", "sigterm"])
def test_a_killed_build_blocks_nothing(index_dir, big_corpus, how):
    served = generations.current_generation(index_dir)
    build = zoeklicht(index_dir, "-q", "--procs", "2", str(big_corpus))
    helpers = wait_for_writers(build, index_dir)
    os.kill(build.pid, how)
    build.wait(timeout=60)
    _, stderr = build.communicate(timeout=30)
    assert wait_gone(helpers) == [], "writer processes outlived their build"
    assert generations.current_generation(index_dir) == served  # nothing half-built is served

    if how == signal.SIGTERM:  # cleaned up like Ctrl-C: its own temporary files, one line
        assert build.returncode == EXIT_INTERRUPTED
        assert list(index_dir.glob(generations.TMP_PREFIX + "*")) == []
        assert "Traceback" not in stderr
        assert stderr.strip().splitlines() == ["zoeklicht: interrupted; the index being served is unchanged"]

    started = time.monotonic()
    nxt = zoeklicht(index_dir, "-q", "--procs", "2", str(SEEDS))
    assert nxt.wait(timeout=120) == EXIT_OK, nxt.communicate(timeout=30)
    nxt.communicate(timeout=30)
    assert time.monotonic() - started < 60  # it ran at once instead of waiting for orphans
    assert list(index_dir.glob(generations.TMP_PREFIX + "*")) == []
    assert generations.current_generation(index_dir) != served


def _ctrl_c_as_in_a_terminal() -> None:
    """A shell starts a background job (``cmd &``, no job control: CI scripts, nohup) with
    SIGINT ignored, and Python keeps it ignored; in a terminal it has its default action."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_of_a_build_prints_one_line(index_dir, big_corpus):
    """A terminal's Ctrl-C signals the whole process group: the build and its helpers."""
    build = zoeklicht(
        index_dir, "-q", "--procs", "2", str(big_corpus), start_new_session=True, preexec_fn=_ctrl_c_as_in_a_terminal
    )
    try:
        helpers = wait_for_writers(build, index_dir)
        os.killpg(build.pid, signal.SIGINT)
        code = build.wait(timeout=60)
        _, stderr = build.communicate(timeout=30)
    finally:  # a failed assertion below must not leave the build's pipes open for a later test
        if build.poll() is None:
            build.kill()
            build.communicate(timeout=30)
    assert code == EXIT_INTERRUPTED, stderr
    assert wait_gone(helpers) == []
    assert "Traceback" not in stderr
    assert stderr.strip().splitlines() == ["zoeklicht: interrupted; the index being served is unchanged"]
    assert list(index_dir.glob(generations.TMP_PREFIX + "*")) == []
