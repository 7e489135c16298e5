"""The corpora the search page's browser tests run against, written as files and indexed for real.

The main index holds the seeds, one article of a source of its own ("proefbron") whose title and
text contain HTML that must never run, and twelve short press releases ("haven": two pages of
results). The broad one holds fifty cabinet articles from 17 sources over 25 years. No
Playwright here: ``tests/conftest.py`` builds these for every UI module of the run.
"""

from __future__ import annotations

from pathlib import Path

from search.config import Config
from search.indexer import rebuild

SEEDS = Path(__file__).resolve().parents[1] / "seeds"

XSS_TITLE = "Verslag van <b>ontmoetingen</b> <img src=x onerror=window.__xss=1>"
XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = "<img src=x onerror=window.__xss=1>"
XSS_SVG = "<svg onload=alert(2)>"
XSS_ARTICLE = f"""date 2021-02
{XSS_TITLE}

Bij de ontmoetingen stond {XSS_SCRIPT} op het bord, en ook {XSS_IMG} in de hoek.

Tussen de gesprekken door tekende iemand {XSS_SVG} op een servet.
"""
RELEASES = 12  # more than one page of ten

WIDE_SOURCES = 17
WIDE_YEARS = range(2000, 2025)
WIDE_ARTICLES = 50
WIDE_MAX_PAGE = 3  # so that paging ends before the results do (the real default is 100)


def press_release(n: int) -> str:
    return f"date 2019-03-{n:02d}\nPersbericht {n}\n\nDe haven meldt in persbericht {n} een record voor overslag.\n"


def build_page_index(root: Path) -> Path:
    """The seeds, one hostile article and the press releases, each in a source folder, indexed for real."""
    hostile, releases = root / "proefbron", root / "haven"
    hostile.mkdir()
    releases.mkdir()
    (hostile / "proef.txt").write_text(XSS_ARTICLE, encoding="utf-8")
    for n in range(1, RELEASES + 1):
        (releases / f"persbericht-{n:02d}.txt").write_text(press_release(n), encoding="utf-8")
    config = Config(index_dir=root / "index")
    report = rebuild(config, [SEEDS, hostile, releases])
    assert report.articles == 6 + RELEASES and not report.skipped
    return config.index_dir


def build_wide_index(root: Path) -> Path:
    """Fifty cabinet articles from 17 sources over 25 years, indexed for real."""
    for n in range(WIDE_ARTICLES):
        folder = root / f"bron{n % WIDE_SOURCES:02d}"
        folder.mkdir(exist_ok=True)
        year = WIDE_YEARS[n % len(WIDE_YEARS)]
        (folder / f"kabinet-{n:02d}.txt").write_text(
            f"date {year}-06-01\nKabinet bespreekt punt {n}\n\nHet kabinet besprak punt {n} van de begroting.\n",
            encoding="utf-8",
        )
    config = Config(index_dir=root / "index")
    assert rebuild(config, [root]).articles == WIDE_ARTICLES
    return config.index_dir
