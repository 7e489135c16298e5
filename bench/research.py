"""Timings of the research tools next to the search they build on, in one run, on one index.

    python -m bench.research                      # builds the shared corpus into a temporary dir
    python -m bench.research --index DIR          # reuses (or builds and keeps) the index in DIR
    python -m bench.research --lines 50000        # a slice of the corpus, when the full build is too slow

Measured in this process, one warm-up pass first:

- **search** (``Engine.search``: the benchmark queries with totals, facets, snippets and now the
  timeline), and the same searches with the timeline switched off: the same-run baseline whose
  ratio is the timeline's cost;
- **KWIC** (``Engine.kwic``, first page of 100 lines, newest first and sorted by the word after);
- **related** articles of articles spread over the index;
- **export** of every match (up to 10,000 rows) as CSV, consumed to the last byte.

Medians and p95s in ms, with the load average: the machine is shared, so compare ratios.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from bench.queries import QUERIES
from search import export, generations, timeline
from search.config import Config
from search.engine import Engine
from search.errors import QueryError
from search.indexer import rebuild
from search.kwic import KwicRequest
from search.results import SearchRequest

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "nl-paragraphs.jsonl.gz"
EXPORT_QUERIES = ("artikel", "minister", '"eerste kamer"', "software OR debian", "wet*")
RELATED_ARTICLES = 50


def _stats(values: list[float]) -> dict:
    if not values:
        return {"n": 0, "median": None, "p95": None}
    return {"n": len(values), "median": statistics.median(values), "p95": float(np.percentile(values, 95))}


def _time(call: Callable[[], object], passes: int) -> list[float]:
    """``passes`` timings (ms) of ``call`` after one untimed warm-up call."""
    call()
    times = []
    for _ in range(passes):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return times


def _requests() -> list[SearchRequest]:
    return [
        SearchRequest(q=q.q, date_from=q.date_from, date_to=q.date_to, prefix=q.prefix, per_page=10) for q in QUERIES
    ]


def time_search(engine: Engine, passes: int) -> dict:
    with_timeline, without = [], []
    real = timeline.histogram
    for request in _requests():
        with_timeline += _time(lambda r=request: engine.search(r), passes)
        timeline.histogram = lambda codes, selected, per_year=None: timeline.Timeline("year")  # baseline: none
        try:
            without += _time(lambda r=request: engine.search(r), passes)
        finally:
            timeline.histogram = real
    return {"search": _stats(with_timeline), "search_without_timeline": _stats(without)}


def time_histogram(engine: Engine, passes: int) -> dict:
    """The histogram alone, on each query's selection (per article, as the page asks): the
    timeline's own cost, without the noise of the whole search around it."""
    times = []
    for request in _requests():
        selection = engine._select(request, time.perf_counter())
        articles = selection.generation.article_dates
        times += _time(lambda s=selection, a=articles: timeline.histogram(a, s.articles), passes)
    return {"timeline_alone": _stats(times)}


def time_kwic(engine: Engine, passes: int) -> dict:
    figures = {}
    for sort in ("newest", "after"):
        times = []
        for q in QUERIES:
            try:
                times += _time(lambda q=q, s=sort: engine.kwic(KwicRequest(q=q.q, sort=s, prefix=q.prefix)), passes)
            except QueryError:
                continue  # a query with no word to show in context
        figures[f"kwic_{sort}"] = _stats(times)
    return figures


def time_related(engine: Engine, passes: int) -> dict:
    ids = engine._current().matcher.documents.article_ids
    step = max(1, len(ids) // RELATED_ARTICLES)
    times, found = [], []
    for article in ids[::step][:RELATED_ARTICLES]:
        times += _time(lambda a=article: engine.related(a), passes)
        found.append(len(engine.related(article).articles))
    return {"related": _stats(times), "related_found_mean": statistics.mean(found) if found else 0}


def time_export(engine: Engine) -> dict:
    times, rows_per_s = [], []
    for q in EXPORT_QUERIES:

        def run(q: str = q) -> int:
            total, rows = engine.export(SearchRequest(q=q))
            return sum(1 for _ in export.chunks(rows, "csv")) - 1

        run()
        started = time.perf_counter()
        rows = run()
        seconds = time.perf_counter() - started
        times.append(seconds * 1000)
        rows_per_s.append(rows / seconds if seconds else 0.0)
    return {"export_csv": _stats(times), "export_rows_per_s_median": statistics.median(rows_per_s)}


def _slice(corpus: Path, folder: Path, lines: int) -> Path:
    target = folder / f"slice-{lines}.jsonl"
    with gzip.open(corpus, "rt", encoding="utf-8") as source, open(target, "w", encoding="utf-8") as out:
        for n, line in enumerate(source):
            if n >= lines:
                break
            out.write(line)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.research", description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--index", type=Path, help="index dir: reused when it holds an index, else built there")
    parser.add_argument("--lines", type=int, help="only the first N lines of the corpus")
    parser.add_argument("--passes", type=int, default=5)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="zl-research-") as tmp:
        index_dir = args.index or Path(tmp) / "index"
        if generations.current_generation(index_dir) is None:
            if not args.corpus.is_file():
                print(f"no corpus at {args.corpus} (see --corpus)", file=sys.stderr)
                return 1
            source = _slice(args.corpus, Path(tmp), args.lines) if args.lines else args.corpus
            print(f"building {source} into {index_dir} …", file=sys.stderr)
            rebuild(Config(index_dir=index_dir), [source], procs=2)
        engine = Engine(Config(index_dir=index_dir))
        meta = engine._current().meta
        figures: dict = {"paragraphs": meta.paragraphs, "articles": meta.articles, "load_before": os.getloadavg()}
        figures |= time_search(engine, args.passes)
        figures |= time_histogram(engine, args.passes)
        figures |= time_kwic(engine, max(1, args.passes // 2))
        figures |= time_related(engine, max(1, args.passes // 2))
        figures |= time_export(engine)
        figures["load_after"] = os.getloadavg()
        engine.close()
    print(render(figures))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


def render(f: dict) -> str:
    def ms(stats: dict) -> str:
        if not stats["n"]:
            return "-"
        return f"median {stats['median']:7.2f} ms   p95 {stats['p95']:8.2f} ms   (n={stats['n']})"

    base = f["search_without_timeline"]["p95"] or 0
    before, after = (" ".join(f"{x:.1f}" for x in f[k]) for k in ("load_before", "load_after"))
    lines = [
        f"Research tools on {f['paragraphs']:,} paragraphs ({f['articles']:,} articles); "
        f"load average {before} before, {after} after",
        f"  search (with timeline)      {ms(f['search'])}",
        f"  search without timeline     {ms(f['search_without_timeline'])}",
        f"  timeline alone              {ms(f['timeline_alone'])}",
    ]
    for name, label in (("kwic_newest", "KWIC, newest first"), ("kwic_after", "KWIC, by word after"),
                        ("related", "related articles"), ("export_csv", "export CSV (all rows)")):  # fmt: skip
        ratio = f"   {f[name]['p95'] / base:6.1f}x search p95" if base and f[name]["n"] else ""
        lines.append(f"  {label:<27} {ms(f[name])}{ratio}")
    ratio = f["search"]["p95"] / base if base else float("nan")
    lines.append(f"  timeline cost: search p95 ratio with/without {ratio:.2f}")
    lines.append(f"  related articles found per article (mean): {f['related_found_mean']:.1f}")
    lines.append(f"  export throughput (median): {f['export_rows_per_s_median']:,.0f} rows/s")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
