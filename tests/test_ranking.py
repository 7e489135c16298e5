"""The fast path ranks and scores as Whoosh's own matcher does, on a real corpus sample.

The index is built from ``../shared/corpus/sample-1000.jsonl`` (1,000 real Dutch paragraphs:
legislation, software help, news sentences). For each query the fast path's top ten, in order,
must be Whoosh's top ten under the same BM25F, with the same scores to float32 precision: the
exported per-posting scores are only worth having if they add up to what Whoosh computes.

Filters score nothing in the fast path: a ``source:`` term or a ``NOT`` clause narrows the
matches and leaves the scores alone. Whoosh's matcher scores each of them as a constant 1.0
(its ID field and its inverse matcher), which shifts every hit alike. For those queries Whoosh
is given the same reading, the filter as its ``filter`` and the excluded clause as its ``mask``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import query as wq
from whoosh.scoring import BM25F

from search.arrays import K1, B
from search.config import Config
from search.engine import Engine
from search.indexer import rebuild
from search.selection import highest
from tests.shared_data import SHARED, require

SAMPLE = SHARED / "corpus" / "sample-1000.jsonl"
TOP = 10


@pytest.fixture(scope="session")
def sample_engine(tmp_path_factory) -> Engine:
    config = Config(index_dir=tmp_path_factory.mktemp("sample-1000") / "index")
    rebuild(config, [require(SAMPLE)])
    engine = Engine(config)
    yield engine
    engine.close()


@dataclass
class Ranked:
    docnums: list[int]
    scores: list[float]
    total: int


def fast_top(engine: Engine, q: str) -> Ranked:
    generation = engine._current()
    mask, scores, _ = generation.matcher.evaluate(engine.parse(q, generation=generation).query)
    ids = np.flatnonzero(mask)
    top = ids[np.lexsort((ids, -scores[ids]))][:TOP]  # the engine's order: score, then docnum
    return Ranked([int(d) for d in top], [float(scores[d]) for d in top], int(ids.size))


def _is_filter(node: wq.Query) -> bool:
    return isinstance(node, wq.Term) and node.fieldname == "source"


def whoosh_top(engine: Engine, q: str) -> Ranked:
    """Whoosh's own matcher and BM25F collector, with filters read as filters (see above)."""
    generation = engine._current()
    query = engine.parse(q, generation=generation).query
    kwargs: dict[str, wq.Query] = {}
    if isinstance(query, wq.And):
        filters = [sub for sub in query.subqueries if _is_filter(sub)]
        masks = [sub.query for sub in query.subqueries if isinstance(sub, wq.Not)]
        scoring = [sub for sub in query.subqueries if not _is_filter(sub) and not isinstance(sub, wq.Not)]
        query = scoring[0] if len(scoring) == 1 else wq.And(scoring)
        if filters:
            kwargs["filter"] = wq.And(filters)
        if masks:
            kwargs["mask"] = wq.Or(masks)
    with generation.lock, generation.index.searcher(weighting=BM25F(B=B, K1=K1)) as searcher:
        results = searcher.search(query, limit=TOP, **kwargs)
        return Ranked([hit.docnum for hit in results], [hit.score for hit in results], len(results))


RANKING_QUERIES = [
    "artikel",  # one word, in many paragraphs
    "minister",
    "wet gemeente",  # AND
    "artikel lid minister",
    "minister OR gemeente",  # OR
    "installeren OR pakket",
    "artikel -lid",  # minus
    "artikel NOT lid",  # infix NOT
    '"eerste lid"',  # phrase
    '"de minister van"',  # a phrase with stop words
    '"eerste lid" OR bestand',
    "bestand*",  # prefix: expansions summed
    "gemeent*",
    "artikel bestand*",  # AND with a prefix: its terms scored in the documents the other word has
    "title:onderwijs",  # a field
    "title:besluit artikel",
    "source:wetten artikel",  # a source
    "source:gimp-help afbeelding",
    "bestand* -source:gimp-help",
]


@pytest.mark.parametrize("q", RANKING_QUERIES)
def test_fast_path_ranks_and_scores_like_whoosh(sample_engine, q):
    fast, whoosh = fast_top(sample_engine, q), whoosh_top(sample_engine, q)
    assert fast.total == whoosh.total > 0
    assert fast.docnums == whoosh.docnums
    assert fast.scores == pytest.approx(whoosh.scores, rel=1e-5, abs=1e-6)  # float32 tolerance
    assert fast.scores[0] > fast.scores[-1]  # a ranking, not a tie


# -- the page's candidates ----------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(
    keys=st.lists(st.integers(0, 40), min_size=1, max_size=3_000),
    take=st.integers(1, 200),
)
def test_the_candidates_for_a_page_hold_every_key_as_high_as_the_take_th(keys, take):
    """A page is cut from these: a missing key is a missing hit, and a tie at the cut that is
    left out makes a page depend on luck. Few distinct values: ties are the common case."""
    key = np.array(keys, dtype=np.float32)
    found = highest(key, take)
    assert key.tolist() == keys  # the scores are read, never reordered: each hit keeps its own
    cut = np.sort(key)[::-1][min(take, key.size) - 1]
    assert set(np.flatnonzero(key >= cut).tolist()) <= set(found.tolist())
    assert len(set(found.tolist())) == found.size


def test_a_threshold_guessed_too_high_falls_back_to_the_exact_cut():
    key = np.zeros(10_000, dtype=np.float32)
    key[0] = 1.0  # the sample's top is the only key that high: fewer than five pass the guess
    assert highest(key, 5).size == 10_000  # the fifth highest is 0: every key is as high
