"""A damaged index never takes the server down, and a full disk never costs the served index.

Real processes: gunicorn started on a generation whose files are truncated or missing (it
serves the previous generation, or answers 503 with a clear log line, and keeps running), and
``zoeklicht index`` on a small tmpfs that fills up mid-build.
"""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from search import generations
from search.cli import EXIT_FAILED, EXIT_OK
from search.config import Config
from search.engine import Engine
from search.generation_format import ARRAYS, ARTICLES_BLOB
from search.indexer import rebuild
from search.results import SearchRequest
from tests.live_server import live_server, log_tail

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
EXTRA = {"id": "extra", "title": "Nieuw", "text": "De zeppelin landde gisteren op het plein."}


def get(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


@pytest.fixture
def two_generations(tmp_path) -> tuple[Path, Path, Path]:
    """An index whose previous generation has the seeds and whose current one adds EXTRA."""
    index_dir = tmp_path / "index"
    config = Config(index_dir=index_dir)
    rebuild(config, [SEEDS])
    previous = generations.current_generation(index_dir)
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "extra.jsonl").write_text(json.dumps(EXTRA) + "\n")
    rebuild(config, [SEEDS, extra])
    current = generations.current_generation(index_dir)
    assert previous != current and previous.is_dir()
    return index_dir, previous, current


def truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def remove_vocabulary(gen: Path) -> None:
    for child in sorted((gen / "vocabulary").rglob("*"), reverse=True):
        child.unlink() if child.is_file() else child.rmdir()


DAMAGE = {
    "truncated-postings": lambda gen: truncate(gen / ARRAYS / "text.docs.npy"),
    "truncated-terms": lambda gen: truncate(gen / ARRAYS / "text.terms.bin"),
    "truncated-article-facts": lambda gen: truncate(gen / ARRAYS / ARTICLES_BLOB),
    "missing-arrays": lambda gen: [p.unlink() for p in (gen / ARRAYS).glob("*.npy")],
    "missing-vocabulary": remove_vocabulary,
}


@pytest.mark.parametrize("damage", DAMAGE, ids=list(DAMAGE))
def test_a_damaged_generation_at_start_up_serves_the_previous_one(two_generations, tmp_path, damage):
    index_dir, previous, current = two_generations
    DAMAGE[damage](current)
    log = tmp_path / "gunicorn.log"
    with live_server(index_dir, log, workers=2, threads=1) as base:
        for _ in range(6):  # both workers, several requests: no crash loop
            status, body = get(base + "/readyz")
            assert (status, body["generation"]) == (200, previous.name)
            status, body = get(base + "/api/search?q=kim")
            assert status == 200 and body["total_articles"] > 0
        assert get(base + "/api/search?q=zeppelin")[1]["total_articles"] == 0  # the previous one, really
    text = log_tail(log, 200)
    assert f"cannot open index generation {current.name}" in text
    assert f"serving {previous.name} instead of the damaged {current.name}" in text
    assert "Traceback" not in text


def test_with_no_generation_that_opens_the_server_answers_503_and_keeps_running(two_generations, tmp_path):
    index_dir, previous, current = two_generations
    for gen in (previous, current):
        truncate(gen / ARRAYS / "text.docs.npy")
    log = tmp_path / "gunicorn.log"
    with live_server(index_dir, log, workers=2, threads=1) as base:
        for _ in range(4):
            status, body = get(base + "/api/search?q=kim")
            assert status == 503 and body["status"] == 503
            assert get(base + "/healthz")[0] == 200
        rebuild(Config(index_dir=index_dir), [SEEDS])  # repaired: served from the next request on
        assert get(base + "/api/search?q=kim")[0] == 200
    assert f"cannot open index generation {current.name}" in log_tail(log, 200)


@pytest.fixture
def small_disk(tmp_path):
    """A 14 MB tmpfs: room for one seeds generation (about 4 MB), not for a second, larger one."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=14m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode:
        pytest.skip(f"cannot mount a small tmpfs here ({done.stderr.decode().strip()}): needs root")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_disk_that_fills_during_a_build_leaves_the_old_index_served(small_disk, tmp_path):
    index_dir = small_disk / "index"
    first = subprocess.run(
        [sys.executable, "-m", "search.cli", "index", "-q", "--index-dir", str(index_dir), str(SEEDS)],
        cwd=REPO, capture_output=True, text=True,
    )  # fmt: skip
    assert first.returncode == EXIT_OK, first.stderr
    served = generations.current_generation(index_dir)
    engine = Engine(Config(index_dir=index_dir))
    big = tmp_path / "big"
    big.mkdir()
    with open(big / "big.jsonl", "w") as out:
        for n in range(12_000):  # about 18 MB indexed
            out.write(json.dumps({"id": f"b{n}", "title": f"Titel {n}", "text": f"Tekst nummer {n} " * 60}) + "\n")
    second = subprocess.run(
        [sys.executable, "-m", "search.cli", "index", "-q", "--index-dir", str(index_dir), str(SEEDS), str(big)],
        cwd=REPO, capture_output=True, text=True,
    )  # fmt: skip
    assert second.returncode == EXIT_FAILED
    assert "No space left on device" in second.stderr and "the index being served is unchanged" in second.stderr
    assert "Traceback" not in second.stderr
    assert generations.current_generation(index_dir) == served
    assert list(index_dir.glob(generations.TMP_PREFIX + "*")) == []
    assert engine.search(SearchRequest(q="kim")).total_articles > 0
    engine.close()
