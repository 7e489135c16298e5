"""A build in several processes gives the same index, document for document, as one process."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import numpy as np
import pytest

from search import generations
from search.config import Config
from search.engine import Engine
from search.generation_format import ARRAYS
from search.indexer import rebuild
from search.results import SearchRequest
from search.segments import split

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module")
def engines(tmp_path_factory) -> dict[int, Engine]:
    built = {}
    for procs in (1, 2):
        config = Config(index_dir=tmp_path_factory.mktemp(f"procs{procs}") / "index")
        rebuild(config, [SEEDS], procs=procs)
        built[procs] = Engine(config)
    return built


def test_every_array_is_the_same(engines):
    folders = [generations.current_generation(e.config.index_dir) / ARRAYS for e in engines.values()]
    names = sorted(p.name for p in folders[0].iterdir())
    assert names == sorted(p.name for p in folders[1].iterdir())
    for name in names:
        one, two = (folder / name for folder in folders)
        if name.endswith(".npy"):
            assert np.array_equal(np.load(one), np.load(two)), name
        else:
            assert one.read_bytes() == two.read_bytes(), name


@pytest.mark.parametrize("q", ["ontmoeting", "kim OR trump", '"noord-korea"', "title:trump", "ont*", "-kim"])
def test_answers_are_the_same(engines, q):
    pages = []
    for engine in engines.values():
        page = asdict(engine.search(SearchRequest(q=q, group="paragraph", per_page=50)))
        page.pop("took_ms")
        pages.append(page)
    assert pages[0] == pages[1]
    assert pages[0]["total_paragraphs"] > 0


@pytest.mark.parametrize("parts", [1, 2, 3, 7])
def test_parts_are_contiguous_and_keep_every_article(engines, parts):
    from search.ingest import read_articles

    articles = [a for path in sorted(SEEDS.iterdir()) for a in read_articles(path, None, lambda e: None)]
    runs = split(articles, parts)
    assert [a.id for run in runs for a in run] == [a.id for a in articles]
    assert len(runs) == min(parts, len(articles))
