"""Where the sparse path stops paying: dense vs sparse evaluation by the postings a query touches.

    python -m bench.crossover INDEX_DIR

For terms of the text field spread over all document frequencies, times one term, two terms
ANDed and two terms ORed both ways (median of repeated runs, in-process) and prints the share
of the corpus (postings touched / documents) at which sparse evaluation becomes slower than
dense. ``search/sparse.py``'s ``SPARSE_FRACTION`` is set from this.
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

from search import generations, sparse
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


def _term_texts(postings) -> list[str]:
    blob = bytes(postings.terms._blob)
    cuts = np.asarray(postings.terms._offsets)
    return [blob[cuts[i] : cuts[i + 1]].decode("utf-8") for i in range(len(cuts) - 1)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.crossover", description=__doc__.split("\n\n")[0])
    parser.add_argument("index_dir", type=Path)
    args = parser.parse_args(argv)
    gen = generations.current_generation(args.index_dir)
    if gen is None:
        print(f"no index in {args.index_dir}", file=sys.stderr)
        return 2
    matcher = Matcher(gen)
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
