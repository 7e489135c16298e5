"""Where the sparse path stops paying: dense vs sparse evaluation by the postings a query touches.

    python -m bench.crossover INDEX_DIR [--sets]

For terms of the text field spread over all document frequencies, times one term, two terms
ANDed and two terms ORed both ways (median of repeated runs, in-process) and prints the share
of the corpus (postings touched / documents) at which sparse evaluation becomes slower than
dense. ``search/sparse.py``'s ``SPARSE_FRACTION`` is set from this.

``--sets`` times ``search/idsets.py``'s two choices on real postings instead: a union of
several terms summed by a sort or on a bitmap over the postings' span (by span / postings:
``SORT_STEPS`` / ``SCAN_STEPS``), and ids looked up in several terms by binary searches or by
marking every posting (by searched steps / postings: ``BITMAP_STEPS``).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/crossover.py`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np
from whoosh import query as wq

from search import generations, idsets, sparse
from search.fastpath import Matcher

REPEATS = 15


def _time(fn) -> float:
    samples = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1e6


def _dense(matcher: Matcher, node: wq.Query) -> None:
    mask, scores, _ = matcher.evaluate(node)
    ids = np.flatnonzero(mask)
    scores[ids]  # what the engine gathers


def _sparse(matcher: Matcher, node: wq.Query) -> None:
    sparse.evaluate(matcher.fields, node, matcher.size, None)


def measure(matcher: Matcher, steps: int = 20) -> list[dict]:
    """Terms whose postings are 1/10,000 to 1/2 of the documents (two terms: half each)."""
    postings = matcher.fields["text"]
    df = np.diff(np.asarray(postings.offsets))
    order = np.argsort(df, kind="stable")
    terms = _term_texts(postings)
    rows = []
    sparse.SPARSE_FRACTION = float("inf")
    for fraction in np.geomspace(1e-4, 0.5, steps):
        one = order[min(np.searchsorted(df[order], fraction * matcher.size), len(order) - 1)]
        i = min(np.searchsorted(df[order], fraction * matcher.size / 2), len(order) - 2)
        a, b = terms[order[i]], terms[order[i + 1]]
        for shape, node in (
            ("term", wq.Term("text", terms[one])),
            ("and", wq.And([wq.Term("text", a), wq.Term("text", b)])),
            ("or", wq.Or([wq.Term("text", a), wq.Term("text", b)])),
        ):
            touched = sparse.estimate(matcher.fields, node)
            rows.append(
                {
                    "shape": shape,
                    "fraction": touched / matcher.size,
                    "dense_us": _time(lambda n=node: _dense(matcher, n)),
                    "sparse_us": _time(lambda n=node: _sparse(matcher, n)),
                }
            )
    return rows


def _forced(name: str, value: float, fn) -> float:
    """The time of ``fn`` with ``idsets.<name>`` set to ``value`` (to force one way)."""
    old = getattr(idsets, name)
    setattr(idsets, name, value)
    try:
        return _time(fn)
    finally:
        setattr(idsets, name, old)


def measure_sets(matcher: Matcher, seed: int = 0) -> list[dict]:
    """Unions and lookups over 2 to 60 real terms of 300 to 200,000 postings in all."""
    postings = matcher.fields["text"]
    offsets = np.asarray(postings.offsets)
    df = np.diff(offsets)
    rng = np.random.default_rng(seed)

    def runs_of(count: int, total: float) -> list[np.ndarray]:
        near = np.flatnonzero((df > total / count / 2) & (df < total / count * 2))
        chosen = rng.choice(near, count, replace=False) if near.size >= count else []
        return [np.asarray(postings.docs[offsets[i] : offsets[i + 1]]) for i in chosen]

    rows = []
    for count in (3, 20, 60):
        for total in np.geomspace(300, 200_000, 8):
            runs = runs_of(count, total)
            if not runs:
                continue
            docs = np.concatenate(runs)
            scores = rng.random(docs.size).astype(np.float32)
            span = int(docs.max()) - int(docs.min()) + 1
            rows.append(
                {
                    "kind": "union",
                    "terms": count,
                    "postings": docs.size,
                    "x": span / docs.size,
                    "sorted_us": _forced("SCAN_STEPS", float("inf"), lambda d=docs, s=scores: idsets.summed(d, s)),
                    "mapped_us": _forced("SORT_STEPS", float("inf"), lambda d=docs, s=scores: idsets.summed(d, s)),
                }
            )
    for few in (300, 3_000, 30_000):
        ids = np.unique(np.concatenate(runs_of(1, few) or [np.zeros(1, np.int32)])).astype(np.int64)
        for count in (2, 50):
            for total in (1_000, 10_000, 60_000, 200_000):
                runs = runs_of(count, total)
                if not runs:
                    continue
                per_run = ids.size * idsets.SEARCH_STEPS  # as in_any counts them
                steps = sum(min(per_run, run.size * idsets.PROBE_STEPS) for run in runs)
                posted = sum(run.size for run in runs)
                rows.append(
                    {
                        "kind": "in_any",
                        "terms": count,
                        "postings": posted,
                        "x": steps / posted,
                        "sorted_us": _forced("BITMAP_STEPS", float("inf"), lambda i=ids, r=runs: idsets.in_any(i, r)),
                        "mapped_us": _forced("BITMAP_STEPS", 0, lambda i=ids, r=runs: idsets.in_any(i, r)),
                    }
                )
    return rows


def print_sets(rows: list[dict]) -> None:
    """Per row, what the sorting or searching way costs against the bitmap's (>1: the bitmap wins)."""
    names = {"union": ("span/postings", "sort µs", "bitmap µs"), "in_any": ("steps/posting", "search µs", "mark µs")}
    for kind, (x, sorted_name, mapped_name) in names.items():
        print(f"{kind:7}{'terms':>6}{'postings':>10}{x:>15}{sorted_name:>11}{mapped_name:>11}{'ratio':>7}")
        for row in sorted((r for r in rows if r["kind"] == kind), key=lambda r: r["x"]):
            print(
                f"{'':7}{row['terms']:>6}{row['postings']:>10,}{row['x']:>15.1f}{row['sorted_us']:>11.0f}"
                f"{row['mapped_us']:>11.0f}{row['sorted_us'] / row['mapped_us']:>7.2f}"
            )


def _term_texts(postings) -> list[str]:
    blob = bytes(postings.terms._blob)
    cuts = np.asarray(postings.terms._offsets)
    return [blob[cuts[i] : cuts[i + 1]].decode("utf-8") for i in range(len(cuts) - 1)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.crossover", description=__doc__.split("\n\n")[0])
    parser.add_argument("index_dir", type=Path)
    parser.add_argument("--sets", action="store_true", help="time idsets' sort/bitmap choices instead")
    args = parser.parse_args(argv)
    gen = generations.current_generation(args.index_dir)
    if gen is None:
        print(f"no index in {args.index_dir}", file=sys.stderr)
        return 2
    matcher = Matcher(gen)
    if args.sets:
        print(f"{matcher.size:,} documents; medians of {REPEATS} runs; load average {os.getloadavg()[0]:.1f}")
        print_sets(measure_sets(matcher))
        return 0
    rows = measure(matcher)
    print(f"{matcher.size:,} documents; medians of {REPEATS} runs; load average {os.getloadavg()[0]:.1f}")
    print(f"{'shape':6}{'postings/docs':>15}{'dense µs':>10}{'sparse µs':>11}{'sparse/dense':>14}")
    for row in sorted(rows, key=lambda r: (r["shape"], r["fraction"])):
        ratio = row["sparse_us"] / row["dense_us"]
        print(
            f"{row['shape']:6}{row['fraction']:>15.5f}{row['dense_us']:>10.0f}{row['sparse_us']:>11.0f}{ratio:>14.2f}"
        )
    for shape in ("term", "and", "or"):
        slower = [r["fraction"] for r in rows if r["shape"] == shape and r["sparse_us"] > r["dense_us"]]
        verdict = f"slower from {min(slower):.4f} of the documents" if slower else "never slower"
        print(f"{shape}: sparse {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
