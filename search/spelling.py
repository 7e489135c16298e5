"""Did-you-mean: replace words the index barely knows by close, frequent ones it knows well."""

from __future__ import annotations

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA

from .analysis import DUTCH_STOPWORDS, fold, index_terms
from .vocabulary import Vocabulary

MAX_DISTANCE = 2
KNOWN_WORD_COUNT = 3  # a word the index holds this often is not a typo, just a rare combination
MAX_CANDIDATES = 3_000


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
    # Damerau-Levenshtein with adjacent transpositions (optimal string alignment), computed in
    # C for the whole batch: a Python loop over three thousand candidates took 40 ms.
    choices = [keys[i].decode() for i in candidates.tolist()]
    close = process.extract(key, choices, scorer=OSA.distance, score_cutoff=MAX_DISTANCE, limit=None)
    best = min(((distance, -int(counts[candidates[at]]), word) for word, distance, at in close), default=None)
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
