"""Where a phrase's words stand: the positional part of matching, for the dense and sparse paths.

Both paths first narrow a phrase to the documents that hold all of its words (``owners``) and
find each word's posting in each of them (``picks``); only those postings' positions are read.
A position is keyed as ``document << POS_BITS | position`` (the document's index among those
``owners``), so one sorted array orders them by document, then place.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .field_postings import FieldPostings
from .idsets import distinct, member

POS_BITS = 24  # positions in a field stay below 2**24 (a paragraph is at most 10,000 characters)

Spans = Sequence[tuple[int, int]]  # each word's postings: (first, past the last)
Picks = Sequence[np.ndarray]  # each word's postings (counted from its first) in some documents


def _keys(postings: FieldPostings, lo: int, picks: np.ndarray, base: np.ndarray, back: int = 0) -> np.ndarray:
    """Sorted keys of one term's positions in some documents, each ``back`` places earlier
    (where a phrase starts whose word this is), where ``picks`` says which of the term's
    postings (counted from ``lo``, its first) is each document's, and ``base`` holds each
    document's index among them, shifted up by POS_BITS. Only those postings' positions are
    read, and their offsets are summed only up to the last.

    A posting lists its positions in order and postings come in docnum order, so the keys are
    sorted as read. A position less than ``back`` makes a key in the previous document's range
    that no position there reaches (they stay far below ``2**POS_BITS``), so it matches nothing."""
    if picks.size == 0:
        return np.zeros(0, dtype=np.int64)
    starts = postings.position_offsets(lo, lo + int(picks[-1]) + 1)
    begin = starts.take(picks)
    counts = starts.take(picks + 1)
    counts -= begin
    ends = counts.cumsum()
    total = int(ends[-1])
    ends -= counts  # where each document's keys start among the keys
    begin -= ends
    keys = (base - back if back else base).repeat(counts)
    keys += postings.pos.take(np.arange(total) + begin.repeat(counts))
    return keys


def phrase_documents(
    postings: FieldPostings, spans: Spans, offsets: Sequence[int], picks: Picks, base: np.ndarray
) -> np.ndarray:
    """Indexes of the documents (ascending) where every word stands at its offset from the
    first (whose offset is 0; stop words between them leave gaps in the offsets)."""
    keys = None
    for (lo, _), at, offset in zip(spans, picks, offsets, strict=True):
        word_keys = _keys(postings, lo, at, base, offset)
        keys = word_keys if keys is None else keys[member(keys, word_keys)]
        if keys.size == 0:
            return np.zeros(0, dtype=np.int64)
    return distinct(keys >> POS_BITS)  # the documents of sorted keys


def near_documents(
    postings: FieldPostings, spans: Spans, slops: Sequence[int], picks: Picks, base: np.ndarray
) -> np.ndarray:
    """Indexes of the documents (ascending) where the words follow in order, each 1..slop
    positions after the last word matched so far: the chain of Whoosh's nested
    ``SpanNear2(ordered=True, mindist=1)`` (see ``whoosh_query.NearPhrase``)."""
    ends = _keys(postings, spans[0][0], picks[0], base)
    for (lo, _), at, slop in zip(spans[1:], picks[1:], slops, strict=True):
        keys = _keys(postings, lo, at, base)
        # the last chain end before each position, if any: it must lie 1..slop back, same document
        before = np.searchsorted(ends, keys, side="left") - 1
        found = before >= 0
        previous = ends[np.maximum(before, 0)]
        found &= (keys - previous <= slop) & (previous >> POS_BITS == keys >> POS_BITS)
        ends = keys[found]
        if ends.size == 0:
            return np.zeros(0, dtype=np.int64)
    return distinct(ends >> POS_BITS)


def phrase_owners(node, postings: FieldPostings, spans: Spans, picks: Picks, count: int) -> np.ndarray:
    """Which of the documents holding every word a phrase node matches, as their indexes
    (ascending) among those ``count`` documents: ``"a b"~N`` (a ``NearPhrase``, which knows its
    slops) or a phrase with its words' offsets (a ``GapPhrase``, or a plain one). ``picks[i]``
    is the posting of word ``i`` in each of them (counted from ``spans[i][0]``). Indexes, not
    docnums: the caller finds each match's postings at them without a search."""
    base = np.arange(count, dtype=np.int64) << POS_BITS
    if hasattr(node, "pair_slops"):
        return near_documents(postings, spans, node.pair_slops(), picks, base)
    offsets = getattr(node, "offsets", None) or list(range(len(node.words)))
    return phrase_documents(postings, spans, offsets, picks, base)


def phrase_matches(node, postings: FieldPostings, spans: Spans, picks: Picks, owners: np.ndarray) -> np.ndarray:
    """Docnums (ascending) where a phrase node matches; ``owners`` are the documents holding
    every word (ascending), as ``phrase_owners`` takes them."""
    return owners[phrase_owners(node, postings, spans, picks, owners.size)]
