"""The engine over a small news corpus (two sources, dates of every precision, markup) and the
seeds, indexed for real: ``tests/conftest.py`` serves it once per run as ``news_engine``."""

from __future__ import annotations

from pathlib import Path

from search.engine import Engine
from search.results import SearchRequest
from tests.news_files import index_news

SEEDS = Path(__file__).resolve().parents[1] / "seeds"

NEWS = {
    "nos/parlement.txt": "date 2019-03-12 Kabinet en Kamer\n\n"
    "De minister van Onderwijs sprak in de Eerste Kamer over het budget voor scholen.\n\n"
    "Gemeenten vragen meer geld voor onderwijs aan nieuwkomers.",
    "nos/mini.txt": "date 2020-06 Mini-camping\n\nDe mini-camping bij de boerderij was vol. Een mini vakantie.",
    "rtl/xss.txt": "date 2018 Gevaarlijke tekst\n\n"
    "Een lezer stuurde <script>alert(1)</script> en <img src=x onerror=alert(2)> over de ontmoetingen.",
    "rtl/onderhandeling.txt": "date 2018-05-27 Onderhandelingen hervat\n\n"
    "De onderhandelingen tussen de partijen zijn hervat na een moeizame week.\n\n"
    "Tijdens de onderhandeling bleek het standpunt van de minister onveranderd.",
}


def build_news_engine(root: Path) -> Engine:
    """``NEWS`` and the seeds indexed under ``root``, and an engine over them."""
    return Engine(index_news(root, NEWS, SEEDS))


def search(engine: Engine, q: str = "", **kwargs):
    return engine.search(SearchRequest(q=q, **kwargs))
