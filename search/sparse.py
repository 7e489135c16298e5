"""Selective queries on sorted document ids: the cost follows the postings, not the corpus.

The dense evaluator (``fastpath``) gives every query node a mask and a score array the size
of the corpus, which is the fastest way to combine long posting lists but a fixed floor for a
query with a few hundred hits. Here a node is a pair (ids, scores): ids sorted and unique,
scores aligned with them. Terms are slices of the postings (already sorted by docnum), OR is a
merge that sums the scores of equal ids, AND an intersection, NOT a set difference. Scores
are summed in the same order and precision as the dense path, so both rank alike.

A query goes this way only when its estimated candidates (the postings it would touch) stay
under ``SPARSE_FRACTION`` of the corpus, a crossover measured with ``bench`` (sorting and
merging k postings against scanning arrays of n documents), and only when every node is one
this module knows; anything else raises Dense and the dense path answers: ``source:``, a bare
NOT, and a ``date:`` range that is not a filter on other words (alone, or inside an OR).
Phrases and ``"a b"~N`` read the positions of the documents that hold all their words only,
so their rarest word is their estimate; so is an AND of words' (``word_postings.and_of_terms``, which both
paths use, scores the rarest word's documents at most: the dense path only adds arrays the
size of the corpus to its answer).
A ``date:`` range ANDed with words (``haven date:2019``, ``trump -date:2019``) filters their
ids by the per-document date arrays, as the dense path's ``_date_range`` does, and adds no
score. Compound parts need nothing here: their half weight is in the postings' scores.
"""

from __future__ import annotations

import time

import numpy as np
from whoosh import query as wq

from .date_query import DATE_FIELDS
from .idsets import in_any, intersect, locate, member
from .positions import phrase_owners
from .word_postings import EMPTY, Ids, Words, and_of_words, summed, term_group, terms_summed

# Sparse while the postings a query touches stay under this share of the documents. Measured
# with bench/crossover.py on the full shared corpus (229,654 documents): sparse took 0.15-0.25×
# the dense time below 1%, still won at 8.6% (AND 0.42×, OR 0.57×), and lost from 13% (OR 1.28×).
SPARSE_FRACTION = 0.1


def _is_date_filter(node: wq.Query) -> bool:
    """A ``date:`` query: a NumericRange over a date field, or an AND of them (a closed period)."""
    if isinstance(node, wq.NumericRange):
        return node.fieldname in DATE_FIELDS
    return isinstance(node, wq.And) and bool(node.subqueries) and all(_is_date_filter(q) for q in node.subqueries)


def _date_ok(documents, node: wq.Query, ids: np.ndarray) -> np.ndarray:
    """Which of ``ids`` a date filter keeps: the dense path's ``_date_range``, on ids (undated
    documents, 0 in the arrays, never match)."""
    if isinstance(node, wq.And):
        ok = np.ones(len(ids), bool)
        for sub in node.subqueries:
            ok &= _date_ok(documents, sub, ids)
        return ok
    values = np.asarray(getattr(documents, node.fieldname))[ids]
    ok = np.asarray(documents.date_first)[ids] > 0
    if node.start is not None:
        ok &= values > node.start if node.startexcl else values >= node.start
    if node.end is not None:
        ok &= values < node.end if node.endexcl else values <= node.end
    return ok


class Dense(Exception):
    """This query is better (or only) answered by the dense path."""


def estimate(fields: dict, node: wq.Query, memo: dict | None = None) -> int:
    """The postings a query would touch; raises Dense for nodes this module does not handle.
    ``memo`` keeps the words looked up on the way (``_words``) for the evaluation."""
    memo = {} if memo is None else memo
    if isinstance(node, wq.Term):
        postings = fields.get(node.fieldname)
        if postings is None:
            raise Dense(node)
        lo, hi = postings.span(node.text)
        return hi - lo
    if isinstance(node, wq.AndNot):
        if _is_date_filter(node.b):  # ``trump -date:2019``: a filter, no postings
            return estimate(fields, node.a, memo)
        return estimate(fields, node.a, memo) + estimate(fields, node.b, memo)
    if isinstance(node, wq.Or) and (words := _words(fields, node, memo)) is not None:
        return words.size
    if isinstance(node, (wq.Or, wq.And)):
        subs = [q.query if isinstance(q, wq.Not) else q for q in node.subqueries]
        if isinstance(node, wq.And):
            positives = [q for q in node.subqueries if not isinstance(q, wq.Not)]
            if all(isinstance(q, wq.Not) or _is_date_filter(q) for q in positives):
                raise Dense(node)  # everything but, or dates alone: dense
            subs = [q for q in subs if not _is_date_filter(q)]  # filters: no postings
            groups = [_words(fields, q, memo) for q in positives if not _is_date_filter(q)]
            if len(groups) > 1 and all(group is not None for group in groups):
                # both paths answer an AND of words with ``and_of_terms``, which scores the
                # documents of its rarest word at most; the dense one then spreads them over
                # corpus-sized arrays (``gemeente onderw``: 0.2 ms of its 0.6)
                negatives = [q.query for q in node.subqueries if isinstance(q, wq.Not)]
                rarest = min(group.size for group in groups)
                return rarest + sum(estimate(fields, q, memo) for q in negatives if not _is_date_filter(q))
        return sum(estimate(fields, q, memo) for q in subs)
    if isinstance(node, wq.Phrase):
        postings = fields.get(node.fieldname)
        if postings is None:
            raise Dense(node)
        # its rarest word bounds the documents whose positions are read; intersecting the
        # words' ids costs less than the dense path's passes over the corpus (measured:
        # "eerste kamer", 59,334 postings, 0.66 ms against 1.39; "artikel lid", 144,771, 6.2 against 7.0)
        return min(hi - lo for lo, hi in (postings.span(word) for word in node.words))
    if node is wq.NullQuery or isinstance(node, type(wq.NullQuery)):
        return 0
    raise Dense(node)


def evaluate(
    fields: dict, node: wq.Query, size: int, deadline: float | None, documents=None
) -> tuple[np.ndarray, np.ndarray, bool]:
    """(ids, scores, partial); raises Dense when the dense path should answer instead.
    ``documents`` (``generation_format.DocumentArrays``) lets date filters be answered here."""
    memo: dict[int, Words | None] = {}
    if estimate(fields, node, memo) > size * SPARSE_FRACTION:
        raise Dense(node)
    state = {"partial": False, "deadline": deadline, "documents": documents, "memo": memo}
    ids, scores = _eval(fields, node, state)
    return ids.astype(np.int64, copy=False), scores, state["partial"]


def or_parts(node: wq.Or, scattered) -> tuple[list[wq.Term], list[wq.Query]]:
    """An OR's terms, those of the ORs inside it too, and its other children.

    A prefix typed in three fields is an OR of three ORs of fifty terms (``query`` expands it
    after Whoosh's normalize(), which would have flattened it): taken as one list of terms it
    is merged once, not three times and then twice more. Both paths flatten alike, so their
    scores are summed in the same order. ``scattered(term)`` says which terms can be.
    """
    terms: list[wq.Term] = []
    others: list[wq.Query] = []
    for sub in node.subqueries:
        if isinstance(sub, wq.Term) and scattered(sub):
            terms.append(sub)
        elif isinstance(sub, wq.Or):
            inner_terms, inner_others = or_parts(sub, scattered)
            terms += inner_terms
            others += inner_others
        else:
            others.append(sub)
    return terms, others


def _eval(fields: dict, node: wq.Query, state: dict) -> Ids:
    if isinstance(node, wq.Term):
        return terms_summed(fields, [node])
    if isinstance(node, wq.AndNot):
        ids, scores = _eval(fields, node.a, state)
        if _is_date_filter(node.b):
            if state["documents"] is None:
                raise Dense(node)
            keep = ~_date_ok(state["documents"], node.b, ids)
        else:
            keep = ~_matching(fields, node.b, ids, state)
        return ids[keep], scores[keep]
    if isinstance(node, wq.Or):
        words = _words(fields, node, state["memo"])
        if words is not None:
            return summed(words)
        terms, others = or_parts(node, lambda q: isinstance(q, wq.Term))
        ids, scores = terms_summed(fields, terms) if terms else EMPTY  # a phrase in each field: no terms
        for sub in others:
            if state["deadline"] is not None and time.perf_counter() > state["deadline"]:
                state["partial"] = True
                break
            ids, scores = _union(ids, scores, *_eval(fields, sub, state))
        return ids, scores
    if isinstance(node, wq.And):
        subs = node.subqueries
        positives = [q for q in subs if not isinstance(q, wq.Not) and not _is_date_filter(q)]
        negatives = [q.query for q in subs if isinstance(q, wq.Not) and not _is_date_filter(q.query)]
        filters = [(q, True) for q in subs if _is_date_filter(q)]
        filters += [(q.query, False) for q in subs if isinstance(q, wq.Not) and _is_date_filter(q.query)]
        if not positives or (filters and state["documents"] is None):
            raise Dense(node)
        groups = [_words(fields, q, state["memo"]) for q in positives]
        if all(group is not None for group in groups):
            ids, scores = and_of_words(groups)
        else:
            ids, scores = _eval(fields, positives[0], state)
            for sub in positives[1:]:
                other, other_scores = _eval(fields, sub, state)
                ids, mine, theirs = intersect(ids, other)
                scores = scores[mine] + other_scores[theirs]
        for sub in negatives:
            keep = ~_matching(fields, sub, ids, state)
            ids, scores = ids[keep], scores[keep]
        for sub, wanted in filters:  # a date range scores nothing, in the dense path as here
            keep = _date_ok(state["documents"], sub, ids) == wanted
            ids, scores = ids[keep], scores[keep]
        return ids, scores
    if isinstance(node, wq.Phrase):
        return _phrase(fields[node.fieldname], node)
    if node is wq.NullQuery or isinstance(node, type(wq.NullQuery)):
        return EMPTY
    raise Dense(node)


def _phrase(postings, node: wq.Phrase) -> Ids:
    """A phrase (or ``"a b"~N``) on its words' postings: the documents holding every word are
    intersected first (the rarest word's, then each other word's kept), each word's posting in
    each of them is found, and only those postings' positions are read (``positions``). A
    match scores the sum of its words' contributions, added in word order as the dense path
    adds them."""
    spans = [postings.span(word) for word in node.words]
    if any(hi == lo for lo, hi in spans):
        return EMPTY
    runs = [postings.docs[lo:hi] for lo, hi in spans]
    rarest, *others = sorted(range(len(runs)), key=lambda i: runs[i].size)
    owners = runs[rarest]
    picks: list = [None] * len(runs)  # the rarest word's: None while it is every one of its postings
    for i in others:
        found, at = locate(owners, runs[i])
        if not found.all():
            kept = found.nonzero()[0]
            if kept.size == 0:
                return EMPTY
            owners = owners.take(kept)
            picks = [None if p is None else p.take(kept) for p in picks]
            if picks[rarest] is None:  # it was every one of the rarest word's postings
                picks[rarest] = kept
        picks[i] = at
    if picks[rarest] is None:
        picks[rarest] = np.arange(owners.size)
    where = phrase_owners(node, postings, spans, picks, owners.size)
    scores = np.zeros(where.size, dtype=np.float32)
    for (lo, hi), at in zip(spans, picks, strict=True):
        scores += postings.scores(lo, hi, at.take(where))
    return owners.take(where), scores * node.boost if node.boost != 1 else scores


def _words(fields: dict, node: wq.Query, memo: dict) -> Words | None:
    """``term_group(node)`` as Words, looked up once per query: ``memo`` maps the query's
    nodes (alive while it is evaluated, so their ids stay theirs) to what they were found to be."""
    key = id(node)
    if key not in memo:
        group = term_group(node, fields)
        memo[key] = None if group is None else Words(fields, group)
    return memo[key]


def _matching(fields: dict, node: wq.Query, ids: np.ndarray, state: dict) -> np.ndarray:
    """Which of ``ids`` match ``node``, where only that counts (an exclusion): a word's
    postings are looked up, not scored or merged."""
    group = term_group(node, fields)
    if group is None:
        return member(ids, _eval(fields, node, state)[0])
    return in_any(ids, [run for term in group for run in fields[term.fieldname].doc_runs((term.text,))])


def _union(ids: np.ndarray, scores: np.ndarray, other: np.ndarray, other_scores: np.ndarray) -> Ids:
    """Two sparse results OR-ed: a stable merge (no hashing), scores of equal ids added in
    float32, as the dense path's ``+=``. An empty side adds nothing (a phrase's field without
    its words)."""
    if other.size == 0 or ids.size == 0:
        return (ids, scores) if other.size == 0 else (other, other_scores)
    both = np.concatenate((ids, other))
    order = np.argsort(both, kind="stable")
    both = both[order]
    starts = np.concatenate(([True], both[1:] != both[:-1])).nonzero()[0]
    summed = np.add.reduceat(np.concatenate((scores, other_scores))[order], starts)
    return both[starts], summed.astype(np.float32, copy=False)
