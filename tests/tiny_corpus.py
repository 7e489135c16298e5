"""A tiny corpus with markup in its text, two sources and dated articles, for the API's tests.

``tests/conftest.py`` serves it once per run as ``tiny_client``; tests that need an index of
their own (to rebuild it, or with other settings) write it with ``write_tiny`` and ``build``.
"""

from __future__ import annotations

import json
from pathlib import Path

from search.config import Config
from search.indexer import rebuild

TINY = [
    {
        "id": "xss",
        "source": "lab",
        "date": "2020-03-04",
        "title": "Brief aan de <b>redactie</b>",
        "text": "De redactie ontving een brief met <script>alert(1)</script> en <img src=x onerror=alert(1)> "
        "over de gemeenteraad & de begroting.",
    },
    {
        "id": "raad-2019",
        "source": "krant",
        "date": "2019-06",
        "title": "Gemeenteraad vergadert",
        "text": "De gemeenteraad vergaderde urenlang over de begroting.",
    },
    {
        "id": "raad-2021",
        "source": "krant",
        "date": "2021-01-15",
        "title": "Gemeenteraad stemt in",
        "text": "De gemeenteraad stemde in met de begroting.\n\nFietsen\n\nDe fietspaden worden breder.",
    },
]


def build(index_dir: Path, *paths: Path) -> Config:
    config = Config(index_dir=index_dir)
    rebuild(config, list(paths))
    return config


def write_tiny(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "tiny.jsonl"
    path.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in TINY), encoding="utf-8")
    return path
