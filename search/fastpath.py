"""Match and score a parsed query on a generation's NumPy arrays.

Each node of the Whoosh query tree becomes a dense pair (mask, scores) over all documents:
scattering a posting list into a float32 array the size of the corpus costs far less than
walking Whoosh's matchers, and masks make exact totals and facet counts one ``bincount``
away. Term scores are the BM25F contributions Whoosh itself would compute (exported per
posting), so totals and matched ids agree with Whoosh's matcher.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
from whoosh import query as wq

from . import idsets, sparse, word_postings
from .date_query import DATE_FIELDS  # yyyymmdd, indexed for dated articles only
from .errors import QueryError
from .field_postings import FieldPostings
from .generation_format import ARRAYS, DocumentArrays
from .positions import phrase_matches
from .schema import TEXT_FIELDS


class Matcher:
    """Evaluates query trees for one generation; safe to share between threads."""

    def __init__(self, gen: Path) -> None:
        folder = gen / ARRAYS
        self.documents = DocumentArrays.open(folder)
        self.fields = {f: FieldPostings(folder, f) for f in TEXT_FIELDS}
        self.source_lookup = {s.lower(): i for i, s in enumerate(self.documents.sources)}
        self.article_lookup = {a: i for i, a in enumerate(self.documents.article_ids)}
        self.size = self.documents.size

    def known_term(self, field: str, term: str) -> bool:
        postings = self.fields.get(field)
        return postings is not None and term in postings.terms

    def holding(self, fields: tuple[str, ...], terms: set[str], ids: np.ndarray) -> np.ndarray:
        """Which of ``ids`` (ascending docnums) have one of ``terms`` in one of ``fields``."""
        return idsets.in_any(ids, [run for name in fields for run in self.fields[name].doc_runs(terms)])

    def matches(self, node: wq.Query, deadline: float | None = None) -> tuple[np.ndarray, np.ndarray, bool]:
        """(ids, scores, partial): the matching docnums in ascending order and their scores.

        A selective query is answered on its postings alone (``sparse``); the rest by the
        dense evaluator below."""
        try:
            return sparse.evaluate(self.fields, node, self.size, deadline, self.documents)
        except sparse.Dense:
            group = word_postings.term_group(node, self.fields)
            if group is not None:  # one word or prefix: its ids and sums, no dense float32 copy
                return *word_postings.terms_summed(self.fields, group), False
            mask, scores, partial = self.evaluate(node, deadline)
            ids = np.flatnonzero(mask)
            return ids, scores[ids], partial

    def evaluate(self, node: wq.Query, deadline: float | None = None) -> tuple[np.ndarray, np.ndarray, bool]:
        """(mask, scores, partial) for a query; a top-level NOT means "everything but"."""
        state = {"partial": False, "deadline": deadline}
        if isinstance(node, wq.Not):
            return ~self._mask(node.query, state), np.zeros(self.size, np.float32), state["partial"]
        mask, scores = self._eval(node, state)
        return mask, scores, state["partial"]

    # -- nodes -------------------------------------------------------------------------------

    def _empty(self) -> tuple[np.ndarray, np.ndarray]:
        return np.zeros(self.size, bool), np.zeros(self.size, np.float32)

    def _eval(self, node: wq.Query, state: dict) -> tuple[np.ndarray, np.ndarray]:
        if node is wq.NullQuery or isinstance(node, type(wq.NullQuery)):
            return self._empty()
        if isinstance(node, wq.Every):
            return np.ones(self.size, bool), np.zeros(self.size, np.float32)
        if isinstance(node, wq.Term):
            return self._term(node)
        if isinstance(node, wq.Phrase):
            return self._phrase(node)
        if isinstance(node, wq.NumericRange) and node.fieldname in DATE_FIELDS:
            return self._date_range(node)
        if isinstance(node, wq.AndNot):
            mask, scores = self._eval(node.a, state)
            other = self._mask(node.b, state)
            mask &= ~other
            return mask, np.multiply(scores, mask, out=scores)  # an excluded document scores nothing
        if isinstance(node, wq.Or):
            # Terms of one OR (a word in several fields, a prefix's expansions, nested ORs of
            # them) are scattered in one pass; other children are evaluated and added one by one.
            terms, others = sparse.or_parts(node, lambda q: q.fieldname in self.fields)
            mask, scores = self._terms(terms)
            for sub in others:
                if state["deadline"] is not None and time.perf_counter() > state["deadline"]:
                    state["partial"] = True  # return what we have
                    break
                m, s = self._eval(sub, state)
                mask |= m
                scores += s
            return mask, scores
        if isinstance(node, wq.And):
            positives = [q for q in node.subqueries if not isinstance(q, wq.Not)]
            negatives = [q.query for q in node.subqueries if isinstance(q, wq.Not)]
            groups = [word_postings.term_group(q, self.fields) for q in positives]
            if positives and all(group is not None for group in groups):
                return self._and_of_terms(groups, negatives, state)
            if positives:
                mask, scores = self._eval(positives[0], state)
                for sub in positives[1:]:
                    m, s = self._eval(sub, state)
                    mask &= m
                    scores += s
            else:
                mask, scores = np.ones(self.size, bool), np.zeros(self.size, np.float32)
            for sub in negatives:
                mask &= ~self._mask(sub, state)
            # A document that misses a part scores nothing here, or an OR above would add the
            # parts it has (``kim OR (trump AND bolton)`` ranking a kim-and-trump paragraph up).
            return mask, np.multiply(scores, mask, out=scores)
        if isinstance(node, wq.Not):
            return ~self._mask(node.query, state), np.zeros(self.size, np.float32)
        raise QueryError(f"This kind of query is not supported: {node}")

    def _term(self, node: wq.Term) -> tuple[np.ndarray, np.ndarray]:
        if node.fieldname == "source":
            mask, scores = self._empty()
            index = self.source_lookup.get(str(node.text).lower())
            if index is not None:
                mask = np.asarray(self.documents.source_idx) == index
            return mask, scores
        if node.fieldname == "article":
            mask, scores = self._empty()
            index = self.article_lookup.get(str(node.text))
            if index is not None:
                mask = np.asarray(self.documents.article_idx) == index
            return mask, scores
        if node.fieldname not in self.fields:
            raise QueryError(f"Unknown field '{node.fieldname}'.")
        return self._terms([node])

    def _mask(self, node: wq.Query, state: dict) -> np.ndarray:
        """Which documents match ``node``, where only that counts (an exclusion): words are
        looked up, not scored."""
        group = word_postings.term_group(node, self.fields)
        if group is None:
            return self._eval(node, state)[0]
        mask = np.zeros(self.size, bool)
        mask[word_postings.term_docs(self.fields, group)] = True
        return mask

    def _and_of_terms(self, groups: list[list[wq.Term]], negatives: list[wq.Query], state: dict):
        """An AND of words (and exclusions), answered as the sparse path answers one
        (``word_postings.and_of_terms``): only the documents holding every word are scored, not every
        document with one of them (``minister onderwijs``: 5,439 of 61,000)."""
        if len(groups) == 1:  # one word: its postings scattered (the sparse merge is for few)
            within, scores = self._terms(groups[0])
        else:
            ids, found = word_postings.and_of_terms(self.fields, groups)
            within, scores = self._empty()
            within[ids] = True
            scores[ids] = found
        for sub in negatives:
            within &= ~self._mask(sub, state)
        return within, np.multiply(scores, within, out=scores)

    def _terms(self, nodes: list[wq.Term]) -> tuple[np.ndarray, np.ndarray]:
        """The union of some text-field terms, their BM25F contributions summed per document."""
        docs, found, single = word_postings.term_postings(self.fields, nodes)
        mask, scores = self._empty()
        if docs.size == 0:
            return mask, scores
        mask[docs] = True
        if single:
            scores[docs] = found
            return mask, scores
        scores = np.bincount(docs, weights=found, minlength=self.size).astype(np.float32)
        return mask, scores

    def _date_range(self, node: wq.NumericRange) -> tuple[np.ndarray, np.ndarray]:
        """A ``date:`` range over the document date arrays (0 there means undated: never matches)."""
        values = np.asarray(getattr(self.documents, node.fieldname))
        mask = np.asarray(self.documents.date_first) > 0
        if node.start is not None:
            mask &= values > node.start if node.startexcl else values >= node.start
        if node.end is not None:
            mask &= values < node.end if node.endexcl else values <= node.end
        return mask, np.zeros(self.size, np.float32)

    def _all_words(self, postings, words) -> tuple[np.ndarray, list[tuple[int, int]]] | None:
        """The documents holding every word of a phrase, and each word's posting span; None when
        no document can match, so a phrase never walks positions it cannot use."""
        mask = np.ones(self.size, bool)
        spans = []
        for word in words:
            lo, hi = postings.span(word)
            if hi == lo:
                return None
            word_mask = np.zeros(self.size, bool)
            word_mask[postings.docs[lo:hi]] = True
            mask &= word_mask
            spans.append((lo, hi))
        return (mask, spans) if mask.any() else None

    def _phrase(self, node: wq.Phrase) -> tuple[np.ndarray, np.ndarray]:
        """A phrase over the documents holding all its words; a match scores what its words do."""
        postings = self.fields[node.fieldname]
        found_all = self._all_words(postings, node.words)
        if found_all is None:
            return self._empty()
        mask, spans = found_all
        picks = [np.flatnonzero(mask[postings.docs[lo:hi]]) for lo, hi in spans]
        matched = phrase_matches(node, postings, spans, picks, np.flatnonzero(mask))
        if matched.size == 0:
            return self._empty()
        result = np.zeros(self.size, bool)
        result[matched] = True
        scores = np.zeros(self.size, np.float32)
        for lo, hi in spans:
            scores[postings.docs[lo:hi]] += postings.scores(lo, hi)
        scores[~result] = 0
        return result, scores * node.boost
