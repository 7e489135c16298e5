"""What the page needs to explain an answer, beyond the matches themselves.

A paragraph can match through its article's title alone (``Rutte`` in the headline), so
"paragraphs that match" means, in the result list and in the reader alike, a matched paragraph
whose own text or section heading holds a word of the query. A query that finds nothing is
explained by what its words find on their own, and a query of stop words by saying they are
not searched.
"""

from __future__ import annotations

import functools
import re

import numpy as np

from .analysis import query_terms
from .fastpath import Matcher
from .repair import OPERATORS

OWN_FIELDS = ("heading", "text")  # what the reader shows of a paragraph itself, unlike the title
_PLAIN_WORDS = re.compile(r"[^\W_][\w'’-]*(?: [^\W_][\w'’-]*)+\*?")  # "kabinet Rutte", no syntax


def in_own_text(matcher: Matcher, terms: set[str], ids: np.ndarray) -> np.ndarray:
    """Which of ``ids`` (ascending docnums) hold one of ``terms`` in their own text or heading,
    not only in the article's title."""
    return matcher.holding(OWN_FIELDS, terms, ids)


def stop_words(words: list[str]) -> list[str]:
    """The query's words that are not searched at all (``het``, ``de``): they have no terms."""
    return [w for w in words if not _searched(w)]


@functools.lru_cache(maxsize=1 << 14)
def _searched(word: str) -> bool:
    """Whether a word has terms: an analysis per word of every answer, the same few words
    keystroke after keystroke (as ``query._word_terms``)."""
    return bool(query_terms(word))


def separate_words(normalised: str) -> list[str]:
    """The words of a query that is nothing but two or more plain words (ANDed), else []."""
    if not _PLAIN_WORDS.fullmatch(normalised):
        return []
    words = normalised.rstrip("*").split()
    # "trump NOT kim" is no list of plain words: its NOT alone would be no query at all
    return [] if any(w in OPERATORS for w in words) else words
