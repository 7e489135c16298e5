"""Reading one input file in tests: its articles and what ingest named as unreadable in it."""

from __future__ import annotations

from pathlib import Path

from search.errors import IngestError
from search.ingest import read_articles
from search.records import Article


def read(path: Path, source: str | None = None) -> tuple[list[Article], list[IngestError]]:
    problems: list[IngestError] = []
    return list(read_articles(path, source, problems.append)), problems
