"""Sets of docnums as sorted, duplicate-free NumPy arrays: membership, intersection and union.

Both query paths and the answers combine posting lists through these. Each picks between a
sort or binary search (cost in the ids at hand) and a bitmap (a pass over the span of the
docnums at hand, never the corpus's, so a query's cost follows its postings and not the size of
the index), at a crossover measured on the shared corpus (``bench/crossover.py --sets``).
"""

from __future__ import annotations

import numpy as np

BITMAP_FROM = 1024  # ids looked up in a bitmap rather than binary-searched (see member)
BITMAP_IDS = 1 << 24  # ... when they are docnums, not (docnum, position) keys
SEARCH_STEPS = 16  # about what one binary search costs, in postings scanned: log2 of a long list
PROBE_STEPS = 8  # ... and one posting looked up among a few hundred ids (measured: half the above)
BITMAP_STEPS = 2  # what marking one posting in a bitmap costs, in binary-search steps (measured:
# 4,140 ids searched in 52,000 take 63 µs, mapped 158; 20,000 searched 570, mapped 179; and
# ``bench.crossover --sets``: ids looked up in 2 to 50 terms' runs, marking wins from 1.5-3 steps)
INT32_MAX = np.iinfo(np.int32).max
# A union of several terms (``summed``) sorts its postings or sums them on a bitmap over their
# span: SORT_STEPS per posting against SCAN_STEPS per document of the span (``bench.crossover
# --sets`` on the shared corpus: the bitmap wins below 8 to 17 documents of span a posting)
SORT_STEPS = 12
SCAN_STEPS = 1


def member(ids: np.ndarray, other: np.ndarray) -> np.ndarray:
    """Which of ``ids`` are in ``other`` (both ascending, duplicate-free).

    ``np.isin`` and ``np.intersect1d`` sort both arrays together: milliseconds at 50,000 ids
    (18 ms with int32 against int64). Ids that are few, or few against a long ``other``, are
    binary-searched (k log n); many are looked up in a bitmap over the docnums, which costs a
    pass over ``other`` (0.2 ms at 50,000): ``"eerste kamer"`` keeps the 4,140 paragraphs with
    ``kamer`` that hold ``een`` (52,000) by searching.
    """
    if ids.size == 0 or other.size == 0:
        return np.zeros(ids.size, dtype=bool)
    if _mapped(ids, other):
        return _bitmap(ids, other)
    return _search(ids, other)[0]


def locate(ids: np.ndarray, other: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Which of ``ids`` are in ``other`` (both ascending, duplicate-free), as ``member``, and
    where each of those sits in ``other``: a search answers both at once."""
    if ids.size == 0 or other.size == 0:
        return np.zeros(ids.size, dtype=bool), np.zeros(0, dtype=np.intp)
    if _mapped(ids, other):
        found = _bitmap(ids, other)
        return found, np.searchsorted(other, ids[found])
    found, at = _search(ids, other)
    return found, at[found]


def _mapped(ids: np.ndarray, other: np.ndarray) -> bool:
    """Whether a bitmap answers ``member`` faster than binary searches (both non-empty)."""
    many = ids.size > BITMAP_FROM and ids.size * SEARCH_STEPS > other.size * BITMAP_STEPS
    return many and max(ids[-1], other[-1]) < BITMAP_IDS


def _bitmap(ids: np.ndarray, other: np.ndarray) -> np.ndarray:
    present = np.zeros(int(max(ids[-1], other[-1])) + 1, dtype=bool)
    present[_index(other)] = True
    return present.take(ids)


def _index(ids: np.ndarray, offset: int = 0) -> np.ndarray:
    """``ids - offset`` as the platform's index type: NumPy converts an int32 index array (a
    term's docnums) before it scatters, which made marking 7,800 postings in a bitmap cost
    24 µs against 11."""
    return np.subtract(ids, offset, dtype=np.intp)


def _search(ids: np.ndarray, other: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Which of ``ids`` are in ``other``, and where each would be inserted in it."""
    at = other.searchsorted(ids)  # the array's own method: no wrapper's checks a call
    np.minimum(at, other.size - 1, out=at)
    return other[at] == ids, at


def intersect(ids: np.ndarray, other: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The ids in both ascending, duplicate-free arrays, and where each sits in ``ids`` and in
    ``other`` (as ``np.intersect1d(..., return_indices=True)``, without its sort)."""
    found, theirs = locate(ids, other)
    mine = np.flatnonzero(found)
    return ids[mine], mine, theirs


class Span:
    """Membership in a set of docnums as a bitmap over their own span, from the lowest to the
    highest, not over the corpus: what it costs follows the ids (and the postings looked up),
    however many documents the index holds. A False on either side of the span answers every
    docnum outside it, so a posting is looked up in one clipped ``take``."""

    __slots__ = ("offset", "bits")

    def __init__(self, ids: np.ndarray, ascending: bool = False) -> None:
        """``ids``: not empty, in any order, repeats allowed (several terms' postings);
        ``ascending`` says they are sorted, so their ends bound them (no pass for min and max)."""
        low, high = (ids[0], ids[-1]) if ascending else (ids.min(), ids.max())
        self.offset = int(low) - 1
        self.bits = np.zeros(int(high) - self.offset + 2, dtype=bool)
        self.bits[_index(ids, self.offset)] = True

    def holds(self, docs: np.ndarray) -> np.ndarray:
        """Which of ``docs`` (any order, repeats allowed) are in the set."""
        return self.bits.take(docs - self.offset, mode="clip")


def summed(docs: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct docnums (int64, ascending) of postings of several terms concatenated (each
    term's ascending, no docnum twice), and the scores of each one's postings added in float64
    in the order given, then rounded to float32: what ``np.bincount(docs, weights=scores)``
    gives the dense path, so both rank alike.

    A bitmap and a sum over the postings' span cost a pass over the span (``SCAN_STEPS`` per
    document); a stable sort costs ``SORT_STEPS`` per posting and nothing per document. The
    cheaper is taken, so a prefix's fifty terms cost what their postings cost, not what the
    corpus does."""
    if docs.size == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.float32)
    low, high = int(docs.min()), int(docs.max())
    if docs.size * SORT_STEPS < (high - low + 1) * SCAN_STEPS:
        order = np.argsort(docs, kind="stable")  # merges the terms' sorted runs; equal docnums keep their order
        docs = docs[order]
        first = np.empty(docs.size, dtype=bool)
        first[0] = True
        np.not_equal(docs[1:], docs[:-1], out=first[1:])
        sums = np.bincount(first.cumsum() - 1, weights=scores[order])
        return docs[first].astype(np.int64), sums.astype(np.float32)
    at = _index(docs, low)
    sums = np.bincount(at, weights=scores)
    present = np.zeros(high - low + 1, dtype=bool)
    present[at] = True
    found = present.nonzero()[0]
    return found + low, sums[found].astype(np.float32)


def in_any(ids: np.ndarray, runs: list[np.ndarray]) -> np.ndarray:
    """Which of ``ids`` are in one of ``runs`` (each ascending, duplicate-free: a term's
    docnums).

    Few ids are looked up in the runs: the ids are binary-searched in each long run, and the
    postings of the short runs, together, in the ids (a posting looked up costs about half an
    id: ``PROBE_STEPS``), so forty prefix expansions cost two NumPy calls, not forty. Many ids
    are looked up in a bitmap of every posting over the ids' span (``BITMAP_STEPS`` a posting;
    zeroing it costs next to nothing), never over the corpus. ``"eerste kamer"`` finds
    207 paragraphs among 60,000 postings of its words: searched, not mapped."""
    per_run = ids.size * SEARCH_STEPS  # the ids searched in one run
    long: list[np.ndarray] = []
    short: list[np.ndarray] = []
    total = probed = 0
    for run in runs:  # one pass: a typed prefix's forty runs were walked four times
        size = run.size
        if not size:
            continue
        total += size
        if size * PROBE_STEPS >= per_run:
            long.append(run)
        else:
            short.append(run)
            probed += size
    if not total or ids.size == 0:
        return np.zeros(ids.size, dtype=bool)
    if len(long) * per_run + probed * PROBE_STEPS >= total * BITMAP_STEPS:
        return _marked(ids, long + short)
    # the ids as int32, a term's docnums' type, when they fit: no run converted to int64 per search
    small = ids[-1] <= INT32_MAX and all(run.dtype == np.int32 for run in (*long, *short))
    keys = ids.astype(np.int32) if small else ids
    found = np.zeros(ids.size, dtype=bool)
    for run in long:
        found |= _search(keys, run)[0]
    if short:
        postings = np.concatenate(short) if len(short) > 1 else short[0]
        present, at = _search(postings, keys)
        found[at[present]] = True
    return found


def _marked(ids: np.ndarray, runs: list[np.ndarray]) -> np.ndarray:
    """``in_any`` by a bitmap over the span of ``ids``: every posting marked (those outside the
    span on the slot either side of it), then each id read."""
    offset = int(ids[0]) - 1
    bits = np.zeros(int(ids[-1]) - offset + 2, dtype=bool)
    at = _index(np.concatenate(runs) if len(runs) > 1 else runs[0], offset)
    # two ufuncs, not np.clip, whose own checks cost more than clipping a few hundred postings
    np.minimum(at, bits.size - 1, out=at)
    np.maximum(at, 0, out=at)
    bits[at] = True
    return bits.take(ids - offset)


def distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values of a non-decreasing array (no sort: ``article_idx`` gathered at
    ascending docnums is non-decreasing), each where its run starts."""
    if values.size == 0:
        return values
    starts = np.empty(values.size, dtype=bool)
    starts[0] = True
    np.not_equal(values[1:], values[:-1], out=starts[1:])
    return values[starts]
