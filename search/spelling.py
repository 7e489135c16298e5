"""Did-you-mean: replace words the index barely knows by close, frequent ones it knows well."""

from __future__ import annotations

import numpy as np

from .analysis import DUTCH_STOPWORDS, fold, index_terms
from .vocabulary import Vocabulary

MAX_DISTANCE = 2
KNOWN_WORD_COUNT = 3  # a word the index holds this often is not a typo, just a rare combination
MAX_CANDIDATES = 3_000


def edit_distance(a: str, b: str, limit: int = MAX_DISTANCE) -> int:
    """Damerau-Levenshtein (adjacent transpositions) distance, giving up above ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = ca != cb
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def closest_word(word: str, vocabulary: Vocabulary) -> str | None:
    """The closest word within two edits that is more frequent than ``word`` itself.

    Candidates share the first letter (typos rarely hit it), have a length within two of the
    word's and a higher count; the most frequent few thousand of them are compared.
    """
    key = fold(word.lower())
    if len(key) < 3 or key in DUTCH_STOPWORDS:
        return None
    own = vocabulary.count(key)
    if own >= KNOWN_WORD_COUNT:
        return None
    # Most typos keep the first two letters: look there first, then among the first letter's.
    for prefix, limit in ((key[:2], MAX_CANDIDATES), (key[:1], MAX_CANDIDATES // 3)):
        found = _closest_with_prefix(key, own, prefix, limit, vocabulary)
        if found is not None:
            return vocabulary.shown[vocabulary.prefix_range(found)[0]].decode()
    return None


def _closest_with_prefix(key: str, own: int, prefix: str, limit: int, vocabulary: Vocabulary) -> str | None:
    lo, hi = vocabulary.prefix_range(prefix)
    if hi <= lo:
        return None
    keys = vocabulary.keys[lo:hi]
    counts = np.asarray(vocabulary.counts[lo:hi])
    lengths = np.char.str_len(keys)
    size = len(key.encode())
    candidates = np.flatnonzero((np.abs(lengths - size) <= MAX_DISTANCE) & (counts > max(own, 1)))
    if candidates.size > limit:
        candidates = candidates[np.argpartition(-counts[candidates], limit - 1)[:limit]]
    best: tuple[int, int, str] | None = None
    for i in candidates:
        candidate = keys[i].decode()
        distance = edit_distance(key, candidate)
        if distance <= MAX_DISTANCE:
            rank = (distance, -int(counts[i]), candidate)
            if best is None or rank < best:
                best = rank
    return None if best is None else best[2]


def suggest_correction(words: list[str], original: str, vocabulary: Vocabulary, found: int) -> str | None:
    """The query with its misspelt words replaced, or None when nothing better is known."""
    corrected = original
    changed = False
    for word in words:
        better = closest_word(word, vocabulary)
        if better and index_terms(better) != index_terms(word):  # "ontmoeting" is no fix for "ontmoetingen"
            corrected = corrected.replace(word, better, 1)
            changed = True
    return corrected if changed else None
