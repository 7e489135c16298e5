"""A query's words as postings: the terms of a word (in every text field) or of a prefix's
expansions, where their postings lie, their contributions summed per document, and an AND of
words that scores only the documents holding every word. Both the sparse path and the dense
one read terms through here, so they sum the same contributions in the same order.
"""

from __future__ import annotations

import numpy as np
from whoosh import query as wq

from . import idsets
from .idsets import Span, member

Ids = tuple[np.ndarray, np.ndarray]  # (sorted unique docnums, float32 scores aligned with them)
EMPTY: Ids = (np.zeros(0, np.int64), np.zeros(0, np.float32))


class Words:
    """Some text-field terms (a word in every field, a prefix's expansions): where each one's
    postings lie, field by field, looked up once per query (an estimate, then the evaluation,
    read them; a typed prefix is 150 terms)."""

    __slots__ = ("parts", "size", "single")

    def __init__(self, fields: dict, nodes: list[wq.Term]) -> None:
        parts: dict[str, tuple] = {}  # field -> (its postings, spans, boosts), in query order
        size = 0
        for node in nodes:
            postings = fields[node.fieldname]
            lo, hi = postings.span(node.text)
            if hi > lo:
                part = parts.get(node.fieldname)
                if part is None:
                    part = parts[node.fieldname] = (postings, [], [])
                part[1].append((lo, hi))
                part[2].append(node.boost)
                size += hi - lo
        self.parts = list(parts.values())
        self.size = size  # postings
        self.single = len(self.parts) == 1 and len(self.parts[0][1]) == 1  # one term's

    def docs(self) -> np.ndarray:
        """The docnums of the terms' postings, concatenated (unscored)."""
        runs = [postings.docs[lo:hi] for postings, spans, _ in self.parts for lo, hi in spans]
        return runs[0] if len(runs) == 1 else np.concatenate(runs) if runs else np.zeros(0, np.int32)

    def postings(self, within: Span | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The terms' postings (only those of documents in ``within``, when given), field by
        field, concatenated: docnums and contributions (boosts applied)."""
        doc_parts: list[np.ndarray] = []
        score_parts: list[np.ndarray] = []
        for postings, spans, boosts in self.parts:
            keep = None if within is None else within.holds
            docs, scores = postings.gather(spans, keep, None if all(b == 1 for b in boosts) else boosts)
            doc_parts.append(docs)
            score_parts.append(scores)
        if len(doc_parts) == 1:
            return doc_parts[0], score_parts[0]
        if not doc_parts:
            return np.zeros(0, np.int32), np.zeros(0, np.float32)
        return np.concatenate(doc_parts), np.concatenate(score_parts)


def term_postings(fields: dict, nodes: list[wq.Term]) -> tuple[np.ndarray, np.ndarray, bool]:
    """Some text-field terms' postings, field by field, concatenated: docnums, contributions
    (boosts applied), and whether they are one term's (ascending, no docnum twice). Both paths
    read terms through here, so they sum the same contributions in the same order."""
    words = Words(fields, nodes)
    return *words.postings(), words.single


def term_docs(fields: dict, nodes: list[wq.Term]) -> np.ndarray:
    """The docnums of some text-field terms' postings, concatenated (unscored)."""
    return Words(fields, nodes).docs()


def term_group(node: wq.Query, fields: dict) -> list[wq.Term] | None:
    """A text-field term, or an OR of nothing but such terms (a word in every field, a
    prefix's expansions), as its terms (in ``or_parts`` order); None for anything else."""
    if isinstance(node, wq.Term):
        return [node] if node.fieldname in fields else None
    if isinstance(node, wq.Or):
        terms: list[wq.Term] = []
        return terms if _gather_terms(node, fields, terms) else None
    return None


def _gather_terms(node: wq.Or, fields: dict, terms: list[wq.Term]) -> bool:
    """``or_parts(node)``'s terms appended to ``terms``, while there are no others: a prefix
    is 150 terms, looked at one by one."""
    for sub in node.subqueries:
        if isinstance(sub, wq.Term):
            if sub.fieldname not in fields:
                return False
            terms.append(sub)
        elif not isinstance(sub, wq.Or) or not _gather_terms(sub, fields, terms):
            return False
    return True


def and_of_terms(fields: dict, groups: list[list[wq.Term]]) -> Ids:
    """An AND of words (each a list of terms, ``term_group``'s), as ``and_of_words``."""
    return and_of_words([Words(fields, group) for group in groups])


def and_of_words(groups: list[Words]) -> Ids:
    """An AND of words: only the documents holding every word are scored, not every document
    with one of them. The rarest word's documents are the first candidates; each other word,
    rarest first, keeps those it has, in one pass over its postings that also scores the ones
    kept (``minister onderwijs``: 5,439 of 61,000 scored; ``raad van st``: one pass over the
    192,000 postings of ``st``'s fifty expansions). The candidates are a bitmap over their own
    span (``idsets.Span``), so the pass costs what the postings do, not what the corpus does.
    The rarest word's own contributions are then looked up for the few documents left
    (``summed_at``). Each document sums the same contributions in the same order as an AND of
    scored parts (and as the dense path)."""
    if len(groups) == 1:
        return summed(groups[0])
    rarest, *others = sorted(range(len(groups)), key=lambda i: groups[i].size)
    ids = groups[rarest].docs()
    if ids.size == 0:
        return EMPTY
    candidates = Span(ids, ascending=groups[rarest].single)
    found: dict[int, Ids] = {}
    for n, i in enumerate(others):
        found[i] = ids, _ = summed(groups[i], candidates)
        if ids.size == 0:
            return EMPTY
        if n + 1 < len(others):
            candidates = Span(ids, ascending=True)
    found[rarest] = ids, _ = summed_at(groups[rarest], ids)  # ids: every word's
    scores = np.zeros(ids.size, dtype=np.float32)
    for i in range(len(groups)):
        group_ids, group_scores = found[i]
        scores += group_scores if group_ids.size == ids.size else group_scores[member(group_ids, ids)]
    return ids, scores


SEARCHED_TERMS = 4  # at most this many terms (a word in a few fields, with a derivation) are searched


def summed_at(words: Words, ids: np.ndarray) -> Ids:
    """``summed(words, Span(ids))`` for ``ids`` (ascending, int64, not empty), all of them
    among the words' documents: a word of a few terms (a field or two, a derivation) looks
    its postings up by binary search in each term's docnums, which costs what the few ids do,
    not what the word's postings do (``gemeente subsidie``: 246 ids against 7,815 postings).
    The contributions are added term by term in float64 from 0.0, in the order
    ``idsets.summed``'s ``np.bincount`` adds them (an absent term adds 0.0, which changes no
    sum), then rounded to float32."""
    terms = [
        (postings, lo, hi, boost)
        for postings, spans, boosts in words.parts
        for (lo, hi), boost in zip(spans, boosts, strict=True)
    ]
    if len(terms) > SEARCHED_TERMS or len(terms) * ids.size * idsets.SEARCH_STEPS > words.size * idsets.BITMAP_STEPS:
        return summed(words, Span(ids, ascending=True))
    keys = ids.astype(terms[0][0].docs.dtype)  # a term's docnums' type: none converted per search
    if words.single:
        ((postings, lo, hi, boost),) = terms
        return ids, _boosted(postings.scores(lo, hi, postings.docs[lo:hi].searchsorted(keys)), boost)
    sums = np.zeros(ids.size, dtype=np.float64)
    for postings, lo, hi, boost in terms:
        found, at = idsets.locate(keys, postings.docs[lo:hi])
        sums[found] += _boosted(postings.scores(lo, hi, at), boost)
    return ids, sums.astype(np.float32)


def _boosted(scores: np.ndarray, boost: float) -> np.ndarray:
    """Contributions times their term's boost, as ``FieldPostings.gather`` applies it."""
    if boost != 1:
        scores *= np.float32(boost)
    return scores


def terms_summed(fields: dict, nodes: list[wq.Term]) -> Ids:
    return summed(Words(fields, nodes))


def summed(words: Words, within: Span | None = None) -> Ids:
    """The union of some terms (only their documents in ``within``, when given), their
    contributions summed per document as the dense path sums them (in float64, then float32)."""
    docs, scores = words.postings(within)
    if words.single or docs.size == 0:
        return docs.astype(np.int64), scores
    return idsets.summed(docs, scores)
