"""The surface vocabulary of a generation: every word as readers wrote it, with its count.

Index terms are lemmas and stems, which are no use for completing a word being typed or for
expanding ``minister*`` (it must not become ``mini*``). So each generation also keeps its
folded surface words, sorted for prefix search (``searchsorted`` on memory-mapped byte
strings: nothing to load at start-up), with the most common spelling to show and a count.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .analysis import fold, normalize_word
from .mapped import open_array, save_array

VOCABULARY_DIR = "vocabulary"
MAX_WORD_BYTES = 40  # longer "words" are codes and URLs, not something anyone types


def _shown_form(word: str) -> str:
    """``word`` as written, less what lookup drops (a possessive ``'s``); lower-cased only when
    lower-casing changes its length (a rare letter), so the cut stays in the right place."""
    looked_up = normalize_word(word)
    written = word.replace("’", "'")
    if len(written) != len(written.lower()):
        return looked_up
    return written[: len(looked_up)]


def write_vocabulary(gen: Path, words: Counter[str]) -> None:
    """Keys are folded lookup forms (lower-cased); each shows its most frequent written form."""
    forms: dict[str, dict[str, int]] = {}  # key -> written form -> count
    for word, count in words.items():
        written = forms.setdefault(fold(normalize_word(word)), {})
        form = _shown_form(word)
        written[form] = written.get(form, 0) + count
    merged: dict[str, tuple[str, int]] = {}  # key -> (form shown, total count)
    for key, written in forms.items():
        shown = min(written, key=lambda form: (-written[form], form))
        merged[key] = (shown, sum(written.values()))
    keys = sorted(k for k in merged if len(k.encode()) <= MAX_WORD_BYTES)
    out = gen / VOCABULARY_DIR
    out.mkdir(exist_ok=True)
    save_array(out / "keys.npy", np.array([k.encode() for k in keys], dtype=f"S{MAX_WORD_BYTES}"))
    shown_words = [merged[k][0].encode() for k in keys]
    width = max((len(w) for w in shown_words), default=1)
    save_array(out / "shown.npy", np.array(shown_words, dtype=f"S{max(width, 1)}"))
    save_array(out / "counts.npy", np.array([merged[k][1] for k in keys], dtype=np.int64))


@dataclass
class Vocabulary:
    keys: np.ndarray  # folded words, UTF-8, sorted
    shown: np.ndarray  # most common spelling of each
    counts: np.ndarray

    @classmethod
    def open(cls, gen: Path) -> Vocabulary:
        folder = gen / VOCABULARY_DIR
        columns = (open_array(folder / f"{name}.npy") for name in ("keys", "shown", "counts"))
        return cls(*columns)

    def prefix_range(self, prefix: str) -> tuple[int, int]:
        """Keys are lower-cased: ``Rutt`` (a name, a sentence start) completes like ``rutt``."""
        key = fold(prefix.lower()).encode()
        lo = int(self.keys.searchsorted(key))  # the array's own method: no wrapper's checks a call
        hi = int(self.keys.searchsorted(key + b"\xff"))
        return lo, hi

    def most_frequent(self, prefix: str, limit: int) -> list[tuple[str, str, int]]:
        """(folded, shown, count) of the ``limit`` most frequent words starting with ``prefix``."""
        top = self._most_frequent(prefix, limit)
        if top is None:
            return []
        lo, hi, at, counts = top
        keys = self.keys[lo:hi][at].tolist()  # one gather, not a numpy scalar per word
        shown = self.shown[lo:hi][at].tolist()
        return [(k.decode(), s.decode(), c) for k, s, c in zip(keys, shown, counts[at].tolist(), strict=True)]

    def most_frequent_keys(self, prefix: str, limit: int) -> list[str]:
        """The folded words alone of ``most_frequent``: what a prefix expands to needs no
        spelling to show or count (fifty words decoded and paired for nothing)."""
        top = self._most_frequent(prefix, limit)
        if top is None:
            return []
        lo, hi, at, _ = top
        return [k.decode() for k in self.keys[lo:hi][at].tolist()]

    def _most_frequent(self, prefix: str, limit: int) -> tuple[int, int, np.ndarray, np.ndarray] | None:
        """Where the words starting with ``prefix`` are (lo, hi), which of them are the ``limit``
        most frequent (indexes from lo, most frequent first; ties alphabetical) and the counts
        of lo..hi."""
        lo, hi = self.prefix_range(prefix)
        if hi <= lo:
            return None
        counts = np.asarray(self.counts[lo:hi])
        if hi - lo > limit:
            top = (-counts).argpartition(limit - 1)[:limit]
        else:
            top = np.arange(hi - lo)
        top = top[np.lexsort((top, -counts[top]))]
        return lo, hi, top, counts

    def count(self, word: str) -> int:
        key = fold(word.lower()).encode()
        i = int(self.keys.searchsorted(key))
        return int(self.counts[i]) if i < len(self.keys) and self.keys[i] == key else 0

    def __len__(self) -> int:
        return len(self.keys)
