"""Building each system's index from a corpus, or reusing one built from the same corpus.

Our index is built by the library's own ``rebuild`` (its report carries the build's phases);
a baseline is built by ``bench/baselines.py``, ``peer_fts5.py`` or ``peer_tantivy.py`` into a
folder whose ledger, ``builds.json``, records the corpus each index came from, so a kept folder
is reused only for the same corpus.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from tqdm import tqdm

from bench import baselines, peer_fts5, peer_tantivy
from search import generations
from search.config import Config
from search.generation_format import Meta
from search.indexer import rebuild

BASELINE_NAMES = {"stock": "stock-whoosh", "fts5": "fts5.sqlite", "tantivy": "tantivy"}  # in the folder
BASELINE_PROCS = 2  # processes of stock Whoosh's build, indexing threads of tantivy's


def _progress_bar(total: int | None, desc: str) -> tqdm:
    return tqdm(total=total, unit="para", unit_scale=True, desc=desc, disable=not sys.stderr.isatty())


def build_ours(corpus: Path, index_dir: Path, procs: int, expected: int | None) -> dict:
    with _progress_bar(expected, "ours") as bar:
        report = rebuild(Config(index_dir=index_dir), [corpus], procs=procs, progress=bar.update)
    return {
        "paragraphs": report.paragraphs,
        "articles": report.articles,
        "seconds": report.seconds,
        "skipped": len(report.skipped),
        "generation": report.generation,
        "phases": report.phases,
        "reused": False,
    }


def reuse_ours(index_dir: Path) -> dict | None:
    gen = generations.current_generation(index_dir)
    if gen is None:
        return None
    meta = Meta.read(gen)
    return {
        "paragraphs": meta.paragraphs,
        "articles": meta.articles,
        "seconds": meta.build_seconds,
        "skipped": len(meta.skipped),
        "phases": meta.build_phases,
        "generation": gen.name,
        "reused": True,
    }


def build_baseline(kind: str, corpus: Path, folder: Path, corpus_id: str, procs: int = BASELINE_PROCS) -> dict:
    """Build (or, when ``folder`` holds one from the same corpus, reuse) a baseline index."""
    ledger = folder / "builds.json"
    builds = json.loads(ledger.read_text()) if ledger.exists() else {}
    target = folder / BASELINE_NAMES[kind]
    previous = builds.get(kind)
    if previous and previous.get("corpus") == corpus_id and target.exists():
        return {**previous, "reused": True, "path": str(target)}
    if target.is_dir():
        shutil.rmtree(target)
    folder.mkdir(parents=True, exist_ok=True)
    if kind == "stock":
        report = baselines.build_stock(corpus, target, procs=procs)
    elif kind == "tantivy":
        report = peer_tantivy.build_tantivy(corpus, target, procs=procs)
    else:
        report = peer_fts5.build_fts5(corpus, target)
    builds[kind] = {**report, "corpus": corpus_id}
    ledger.write_text(json.dumps(builds, indent=1))
    return {**builds[kind], "reused": False, "path": str(target)}
