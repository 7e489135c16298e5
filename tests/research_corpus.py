"""A small dated corpus for the research tools (timeline, date:, proximity, KWIC, related, export).

Dates of every precision (day, month, year, none) over several years, two sources, a subject
spread over five articles (the harbour), one over two (football), and cells that a spreadsheet
would run as formulae. Test modules build it into a real index with ``build_index``.
"""

from __future__ import annotations

import json
from pathlib import Path

from search.config import Config
from search.indexer import rebuild

ARTICLES = [
    {"id": "haven-1", "source": "krant", "date": "2019-03-05", "title": "Haven Rotterdam meldt record",
     "text": "De haven van Rotterdam meldt een record voor de overslag van containers.\n\n"
             "De overslag van containers groeide vooral in maart, meldt de haven."},
    {"id": "haven-2", "source": "krant", "date": "2019-03", "title": "Containers in de haven",
     "text": "De overslag van containers in de haven bleef hoog. Rederijen brengen meer containers naar Rotterdam."},
    {"id": "haven-3", "source": "krant", "date": "2019", "title": "Jaaroverzicht van de haven",
     "text": "De haven sloot het jaar af met veel containers en een hoge overslag."},
    {"id": "haven-4", "source": "krant", "title": "Bericht zonder datum",
     "text": "Een bericht over de haven van Rotterdam zonder datum, over containers en overslag."},
    {"id": "haven-5", "source": "archief", "date": "2018-11-20", "title": "Drukte in november",
     "text": "In november was het druk in de haven met containers."},
    {"id": "voetbal-1", "source": "archief", "date": "2015-05-01", "title": "Ajax wint in de Kuip",
     "text": "Ajax won met drie doelpunten van Feyenoord in de Kuip."},
    {"id": "voetbal-2", "source": "archief", "date": "2016-08-10", "title": "Feyenoord verliest van Ajax",
     "text": "Feyenoord verloor thuis van Ajax; de Kuip was stil na drie doelpunten."},
    {"id": "top-1", "source": "krant", "date": "2019-06-30", "title": "Ontmoeting bij de grens",
     "text": "Trump en Kim gaven elkaar de hand.\n\n"
             "Trump zei gisteren tegen journalisten dat hij graag opnieuw met Kim wil praten.\n\n"
             "Kim ontmoette Trump bij de grens."},
    {"id": "formule-1", "source": "krant", "date": "2019-01-01", "title": "=SOM(A1) in de haven",
     "text": "+31 is het landnummer; @gebruiker meldt -5 graden in de haven en <b>vet</b> & \"aanhalingstekens\"."},
]  # fmt: skip


def write_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "research.jsonl"
    path.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in ARTICLES), encoding="utf-8")
    return path


def build_index(root: Path, **settings) -> Config:
    """The corpus indexed for real under ``root``; ``settings`` go into the Config."""
    config = Config(index_dir=root / "index", **settings)
    report = rebuild(config, [write_corpus(root / "corpus")])
    assert report.articles == len(ARTICLES) and not report.skipped
    return config
