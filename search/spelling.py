"""Did-you-mean: replace words the index barely knows by close, frequent ones it knows well."""

from __future__ import annotations

from .analysis import DUTCH_STOPWORDS, fold
from .vocabulary import Vocabulary

MAX_DISTANCE = 2
MAX_CANDIDATES = 20_000


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
    """The most frequent word within two edits that is more frequent than ``word`` itself."""
    key = fold(word.lower())
    if len(key) < 3 or key in DUTCH_STOPWORDS:
        return None
    own = vocabulary.count(key)
    best: tuple[int, int, str] | None = None
    for prefix in {key[:1]}:
        lo, hi = vocabulary.prefix_range(prefix)
        if hi - lo > MAX_CANDIDATES:
            lo, hi = vocabulary.prefix_range(key[:2])
        counts = vocabulary.counts
        for i in range(lo, hi):
            count = int(counts[i])
            if count <= max(own, 1):
                continue
            candidate = vocabulary.keys[i].decode()
            if abs(len(candidate) - len(key)) > MAX_DISTANCE:
                continue
            distance = edit_distance(key, candidate)
            if distance <= MAX_DISTANCE:
                rank = (distance, -count, candidate)
                if best is None or rank < best:
                    best = rank
    if best is None:
        return None
    return vocabulary.shown[vocabulary.prefix_range(best[2])[0]].decode()


def suggest_correction(words: list[str], original: str, vocabulary: Vocabulary, found: int) -> str | None:
    """The query with its misspelt words replaced, or None when nothing better is known."""
    corrected = original
    changed = False
    for word in words:
        better = closest_word(word, vocabulary)
        if better and fold(better.lower()) != fold(word.lower()):
            corrected = corrected.replace(word, better, 1)
            changed = True
    return corrected if changed else None
