"""The fast path agrees with Whoosh's own matching (``tests/whoosh_reference.py``), on a real
small index: fixed queries, random ones, and phrases with gaps left by stop words.
"""

from __future__ import annotations

import random

import pytest

from search.config import Config
from search.engine import Engine
from search.indexer import rebuild
from search.results import SearchRequest
from tests.news_engine import search
from tests.whoosh_reference import fast_matches, whoosh_matches

AGREEMENT_QUERIES = [
    "trump", "ontmoetingen", "Trump Kim", "trump OR minister", "kim -trump", "NOT trump", '"Noord-Koreaanse leider"',
    '"de amerikaanse president"', "title:trump", "source:nos", "ontm*", "g20", "Noord-Korea", "onderhandel*",
    "title:(kabinet OR trump) kamer", "ontmoeting -kim", "ontmoeting AND NOT kim", "ontmoeting OR NOT kim",
]  # fmt: skip


@pytest.mark.parametrize("q", AGREEMENT_QUERIES)
def test_fast_path_matches_whoosh(news_engine, q):
    assert fast_matches(news_engine, q) == whoosh_matches(news_engine, q)


REFERENCE_QUERIES = ["trump", "minister -onderwijs", "NOT trump", '"Noord-Koreaanse leider"', "source:nos", ""]


@pytest.mark.parametrize("q", REFERENCE_QUERIES)
def test_the_reference_finds_what_a_search_counts(news_engine, q):
    """The reference is held to the engine's answers too, so agreement with it means something."""
    whoosh = whoosh_matches(news_engine, q)
    result = search(news_engine, q, group="paragraph", per_page=50)
    assert whoosh and len(whoosh) == result.total_paragraphs
    generation = news_engine._current()
    assert {hit.id for hit in result.hits} <= {generation.stored(d)["id"] for d in whoosh}


def test_fast_path_matches_whoosh_on_random_queries(news_engine):
    rng = random.Random(20261123)
    vocabulary = news_engine._current().vocabulary
    words = [vocabulary.keys[i].decode() for i in range(len(vocabulary)) if vocabulary.keys[i][:1].isalpha()]
    for _ in range(60):
        picked = rng.sample(words, rng.randint(1, 3))
        op = rng.choice([" ", " OR ", " -"])
        q = op.join(picked)
        if rng.random() < 0.2:
            q = f'"{picked[0]} {picked[-1]}"'
        assert fast_matches(news_engine, q) == whoosh_matches(news_engine, q), q


@pytest.mark.parametrize(
    ("query", "matches"),
    [('"klik op de knop"', {"exact"}), ('"klik knop"', {"adjacent"}), ('"klik de knop"', {"gap"})],
)
def test_phrase_gaps_left_by_stop_words_are_exact_in_both_paths(tmp_path, query, matches):
    folder = tmp_path / "help"
    folder.mkdir()
    texts = {"exact": "Klik op de knop Opslaan.", "gap": "Klik de knop OK aan.", "adjacent": "Klik knop nu."}
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(f"Hulp bij {name}\n\n{text}", encoding="utf-8")
    config = Config(index_dir=tmp_path / "index")
    rebuild(config, [folder])
    engine = Engine(config)
    found = {h.article_id for h in engine.search(SearchRequest(q=query, per_page=50)).hits}
    assert found == matches
    assert fast_matches(engine, query) == whoosh_matches(engine, query)
    engine.close()
