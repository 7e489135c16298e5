"""Whoosh's own matcher as the reference the fast path is held to.

The engine matches on the generation's NumPy arrays; Whoosh, the index of record, can answer
the same parsed query with its own matcher over its own postings. The agreement tests (and
``bench/measure.py``'s agreement check) compare the two sets of docnums. Serving never needs
Whoosh's matcher, so this lives with the tests and not in the library.
"""

from __future__ import annotations

from whoosh import query as wq

from search.engine import Engine


def whoosh_matches(engine: Engine, text: str, prefix: bool = False) -> set[int]:
    """Docnums Whoosh's own matcher finds for a query (the fast path must agree)."""
    generation = engine._current()
    parsed = engine.parse(text, prefix, generation)
    q = _without_andnot(parsed.query)
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


def _without_andnot(node: wq.Query) -> wq.Query:
    """``a ANDNOT b`` as ``a AND NOT b``, which means the same.

    Whoosh's ``AndNotMatcher`` keeps the first document of ``a`` when ``b``'s first document
    comes before it (``_find_first`` only compares the two for equality): on the seeds,
    ``ontmoeting -kim`` gave a paragraph with Kim in it. ``And`` with a ``Not`` excludes it.
    """
    if isinstance(node, wq.AndNot):
        return wq.And([_without_andnot(node.a), wq.Not(_without_andnot(node.b))])
    if isinstance(node, wq.Not):
        return wq.Not(_without_andnot(node.query))
    if isinstance(node, wq.compound.CompoundQuery):
        return type(node)([_without_andnot(q) for q in node.subqueries], boost=node.boost)
    return node
