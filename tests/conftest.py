"""Shared fixtures: tiny real corpora and real indexes, built in tmp_path.

Add new fixtures under a heading of their own; keep helpers that only one test module uses
in that module.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from search.config import Config
from search.indexer import BuildReport, rebuild
from web.app import create_app

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"

# -- corpora -----------------------------------------------------------------------------------


@pytest.fixture
def seeds_dir() -> Path:
    """The five seed articles of the repository (read them, never write to them)."""
    return SEEDS


@dataclass
class Corpus:
    """Writes small input files of every supported format into one folder."""

    root: Path

    def _path(self, name: str) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def txt(self, name: str, text: str) -> Path:
        path = self._path(name)
        path.write_text(text, encoding="utf-8")
        return path

    def raw(self, name: str, data: bytes) -> Path:
        path = self._path(name)
        path.write_bytes(data)
        return path

    def jsonl(self, name: str, rows: list[dict | str]) -> Path:
        """One line per row; a str row is written as it is (for malformed lines).

        A name ending in ``.gz`` is gzip-compressed.
        """
        lines = "".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in rows)
        data = lines.encode("utf-8")
        return self.raw(name, gzip.compress(data) if name.endswith(".gz") else data)

    def csv(
        self, name: str, header: list[str], rows: list[list[str]], *, bom: bool = False, delimiter: str = ","
    ) -> Path:
        out = io.StringIO(newline="")
        writer = csv.writer(out, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
        return self.raw(name, (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode("utf-8"))


@pytest.fixture
def corpus(tmp_path) -> Corpus:
    """An empty corpus folder named ``corpus`` (so its articles' default source is "corpus")."""
    root = tmp_path / "corpus"
    root.mkdir()
    return Corpus(root)


# -- indexes -----------------------------------------------------------------------------------


@dataclass
class BuiltIndex:
    config: Config
    report: BuildReport

    @property
    def index_dir(self) -> Path:
        return self.config.index_dir


@pytest.fixture
def index_config(tmp_path) -> Config:
    """A Config whose index directory is an empty folder in tmp_path."""
    return Config(index_dir=tmp_path / "index", seeds_dir=SEEDS)


@pytest.fixture
def built_index(index_config) -> BuiltIndex:
    """The seeds indexed for real into a fresh index directory (one generation)."""
    return BuiltIndex(index_config, rebuild(index_config, [SEEDS]))


@pytest.fixture(scope="session")
def seed_config(tmp_path_factory) -> Config:
    """The seeds indexed once for the whole run, for modules that only read the index."""
    config = Config(index_dir=tmp_path_factory.mktemp("seed-index"), seeds_dir=SEEDS)
    rebuild(config, [SEEDS])
    return config


@pytest.fixture(scope="session")
def seed_client(seed_config):
    """A test client of the app over the session's seed index."""
    return create_app(seed_config).test_client()


# -- a browser -------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for every UI test of the run (pages are opened per test)."""
    # Imported here: CI also runs the library's tests in an environment without Playwright
    # (against whoosh-reloaded), and this module is loaded for every test.
    from tests.browser import CHROMIUM, chromium

    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    with chromium() as running:
        yield running
