"""The corpora a benchmark run indexes, and what an index costs on disk.

The quick slice and the 4× corpus are written into the run's work directory (or ``--keep``),
never into the repository; disk usage counts allocated blocks, as ``du`` does.
"""

from __future__ import annotations

import gzip
import itertools
import json
import os
from pathlib import Path
from typing import TextIO

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "nl-paragraphs.jsonl.gz"
QUICK_LINES = 20_000


def _open_text(corpus: Path) -> TextIO:
    opener = gzip.open if corpus.name.endswith(".gz") else open
    return opener(corpus, "rt", encoding="utf-8")


def quick_slice(corpus: Path, folder: Path, lines: int = QUICK_LINES) -> Path:
    """The first ``lines`` lines of the corpus as a .jsonl file in ``folder``."""
    target = folder / f"quick-{lines}.jsonl"
    with _open_text(corpus) as source, open(target, "w", encoding="utf-8") as out:
        out.writelines(itertools.islice(source, lines))
    return target


def _backwards(text: str) -> str:
    return " ".join(word[::-1] for word in text.split(" "))


def four_times_path(corpus: Path, folder: Path) -> Path:
    """Where ``four_times`` writes the 4× corpus of ``corpus``: a run reuses it when it exists."""
    return folder / f"four-x-{corpus.name.removesuffix('.gz').removesuffix('.jsonl')}.jsonl"


def four_times(corpus: Path, folder: Path) -> Path:
    """The corpus plus three copies with every word spelled backwards and fresh ids: four times
    the paragraphs, and (no benchmark query matches a backwards word) the same hits."""
    target = four_times_path(corpus, folder)
    with open(target, "w", encoding="utf-8") as out:
        for copy in range(4):
            with _open_text(corpus) as source:
                for line in source:
                    if copy:
                        record = json.loads(line)
                        for key in ("id", "doc"):
                            record[key] = f"{record[key]}~{copy}"
                        for key in ("title", "text"):
                            record[key] = _backwards(record.get(key) or "")
                        line = json.dumps(record, ensure_ascii=False) + "\n"
                    out.write(line)
    return target


def disk_usage(path: Path, exclude: str | None = None) -> int:
    """Bytes on disk, like ``du``: allocated blocks, not apparent sizes."""
    if path.is_file():
        return path.stat().st_blocks * 512
    total = 0
    for root, dirs, files in os.walk(path):
        if exclude is not None and Path(root) == path and exclude in dirs:
            dirs.remove(exclude)
        for name in files:
            total += os.lstat(os.path.join(root, name)).st_blocks * 512
    return total


def disk_parts(gen: Path) -> dict[str, int]:
    """What each part of a generation costs on disk: arrays by field and kind, Whoosh's files
    by kind, the vocabulary and the rest."""
    parts: dict[str, int] = {}
    for root, _dirs, files in os.walk(gen):
        folder = Path(root).relative_to(gen)
        for name in files:
            size = os.lstat(os.path.join(root, name)).st_blocks * 512
            if folder == Path("."):
                suffix = Path(name).suffix
                key = name if suffix in (".json", ".pickle") else f"whoosh {suffix}"
            elif folder.parts[0] == "arrays":
                key = "arrays/" + name.removesuffix(".npy").removesuffix(".json")
            else:
                key = folder.parts[0] + "/"
            parts[key] = parts.get(key, 0) + size
    return parts
