"""Small news corpora written as files and indexed for real, for modules that need their own."""

from __future__ import annotations

from pathlib import Path

from search.config import Config
from search.indexer import rebuild


def index_news(root: Path, news: dict[str, str], *also: Path) -> Config:
    """Write ``news`` (a path under ``root/news`` -> its text) and index it, with ``also``,
    into ``root/index``."""
    for name, text in news.items():
        path = root / "news" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    config = Config(index_dir=root / "index")
    rebuild(config, [*also, root / "news"])
    return config
