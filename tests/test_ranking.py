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
from whoosh import query as wq
from whoosh.scoring import BM25F

from search.arrays import K1, B
from search.config import Config
from search.engine import Engine
from search.indexer import rebuild
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
