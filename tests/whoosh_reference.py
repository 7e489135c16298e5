"""Whoosh's own matcher as the reference the fast path is held to.

The engine matches on the generation's NumPy arrays; Whoosh, the index of record, can answer
the same parsed query with its own matcher over its own postings. The agreement tests (and
``bench/run.py``'s agreement check) compare the two sets of docnums. Serving never needs
Whoosh's matcher, so this lives with the tests and not in the library.
"""

from __future__ import annotations

from whoosh import query as wq

from search.engine import Engine


def whoosh_matches(engine: Engine, text: str, prefix: bool = False) -> set[int]:
    """Docnums Whoosh's own matcher finds for a query (the fast path must agree)."""
    generation = engine._current()
    parsed = engine.parse(text, prefix, generation)
    q = parsed.query
    if isinstance(q, wq.Not):
        q = wq.And([wq.Every(), q])
    if not parsed.text:
        q = wq.Every()
    with generation.lock:
        return set(generation.searcher.docs_for_query(q))


def fast_matches(engine: Engine, text: str, prefix: bool = False) -> set[int]:
    """Docnums the engine's own matcher (sparse or dense, as it chooses) finds for a query."""
    generation = engine._current()
    ids, _, _ = generation.matcher.matches(engine.parse(text, prefix, generation).query)
    return {int(d) for d in ids}
