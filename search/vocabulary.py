"""The surface vocabulary of a generation: every word as readers wrote it, with its count.

Index terms are lemmas and stems, which are no use for completing a word being typed or for
expanding ``minister*`` (it must not become ``mini*``). So each generation also keeps the
folded surface words, sorted for prefix search, with the most common spelling to show.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from .analysis import fold

VOCABULARY = "vocabulary.tsv"


def write_vocabulary(gen: Path, words: Counter[str]) -> None:
    merged: dict[str, tuple[str, int, int]] = {}  # folded -> (display, display count, total)
    for word, count in words.items():
        key = fold(word)
        shown, shown_count, total = merged.get(key, (word, 0, 0))
        if count > shown_count:
            shown, shown_count = word, count
        merged[key] = (shown, shown_count, total + count)
    with open(gen / VOCABULARY, "w", encoding="utf-8") as out:
        for key in sorted(merged):
            shown, _, total = merged[key]
            out.write(f"{key}\t{shown}\t{total}\n")
