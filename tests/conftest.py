"""Shared fixtures: tiny real corpora and real indexes, built in tmp_path.

Add new fixtures under a heading of their own; keep helpers that only one test module uses
in that module.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from search.config import Config
from search.engine import Engine
from search.indexer import BuildReport, rebuild
from tests.live_server import live_server
from tests.news_engine import build_news_engine
from tests.tiny_corpus import build, write_tiny
from tests.ui_corpus import WIDE_MAX_PAGE, build_page_index, build_wide_index
from web.app import create_app

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from tests.ui_page import Watched

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


@pytest.fixture(scope="session")
def tiny_client(tmp_path_factory):
    """A test client of the app over ``tests/tiny_corpus.py`` (markup, two sources, dates),
    indexed once for the whole run, for modules that only read the index."""
    root = tmp_path_factory.mktemp("tiny")
    return create_app(build(root / "index", write_tiny(root / "corpus"))).test_client()


@pytest.fixture(scope="session")
def news_engine(tmp_path_factory) -> Engine:
    """An engine over ``tests/news_engine.py``'s news and the seeds, built once for the whole run;
    tests only read it (a test that rebuilds or reconfigures makes an engine of its own)."""
    return build_news_engine(tmp_path_factory.mktemp("engine"))


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


# -- the search page: its servers and pages ------------------------------------------------------
# The servers are shared by every UI module of the run (each starts gunicorn over an index built
# once); no test writes to their index. Pages are opened per test. ``tests.ui_page`` is imported
# inside the fixtures for the same reason as ``tests.browser`` above.


@pytest.fixture(scope="session")
def ui_index_dir(tmp_path_factory) -> Path:
    """The seeds, one hostile article and twelve press releases, indexed for real (tests.ui_corpus)."""
    return build_page_index(tmp_path_factory.mktemp("ui"))


@pytest.fixture(scope="session")
def base_url(ui_index_dir) -> Iterator[str]:
    """A real gunicorn serving ``ui_index_dir``."""
    with live_server(ui_index_dir, ui_index_dir.parent / "gunicorn.log") as url:
        yield url


@pytest.fixture(scope="session")
def wide_url(tmp_path_factory) -> Iterator[str]:
    """Fifty cabinet articles from 17 sources over 25 years, served with paging capped at 3 pages."""
    root = tmp_path_factory.mktemp("wide")
    index_dir = build_wide_index(root)
    env = {"ZOEKLICHT_MAX_PAGE": str(WIDE_MAX_PAGE)}
    with live_server(index_dir, root / "gunicorn.log", extra_env=env) as url:
        yield url


@pytest.fixture
def watched(browser) -> Iterator[Watched]:
    """A desktop-sized page that must open no dialog and raise no uncaught exception."""
    from tests.browser import DESKTOP
    from tests.ui_page import open_page

    yield from open_page(browser, DESKTOP)


@pytest.fixture
def page(watched) -> Page:
    return watched.page


@pytest.fixture
def phone(browser) -> Iterator[Watched]:
    from tests.browser import PHONE
    from tests.ui_page import open_page

    yield from open_page(browser, PHONE, is_mobile=True, has_touch=True)


@pytest.fixture
def wide(browser) -> Iterator[Watched]:
    from tests.ui_page import WIDE, open_page

    yield from open_page(browser, WIDE)


@pytest.fixture
def csp_off(browser) -> Iterator[Watched]:
    """Without the server's CSP, so only the page's own rendering stands between text and script."""
    from tests.browser import DESKTOP
    from tests.ui_page import open_page

    yield from open_page(browser, DESKTOP, bypass_csp=True)
