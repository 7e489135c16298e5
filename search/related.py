"""Related articles ("Meer zoals dit"): the articles that share the most of this one's distinctive terms.

An article's distinctive terms are its index terms weighted by tf-idf against the index: frequent
in the article, rare in the corpus. Stop words never become terms; terms in more than
``MAX_DOC_SHARE`` of all paragraphs (and at least ``MIN_CEILING``) say nothing about a subject,
and terms found in no other paragraph than this article's relate it to nothing, so both are
left out. Each other article
then scores the summed weights of the distinctive terms it contains (each term once, however
often it occurs), which favours articles about the same things over merely long ones. The
work is one scatter per term over its posting list: the same class of cost as a search.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np

from .analysis import WORD_PATTERN, word_terms
from .results import ArticleFacts

COUNT = 5  # related articles shown
TERMS = 12  # distinctive terms an article is compared by
MAX_DOC_SHARE = 0.05  # terms in more paragraphs than this share of the index are too common
MIN_CEILING = 50  # ... but in a small index, a term in a few paragraphs is not common yet
TITLE_WEIGHT = 2  # a title word counts as this many occurrences
MIN_SHARED = 2  # an article must share at least this many distinctive terms


@dataclass
class RelatedArticle(ArticleFacts):
    score: float  # summed weights of the shared terms
    shared: list[str]  # the distinctive terms it shares, most distinctive first (index terms)


@dataclass
class Related:
    article_id: str
    terms: list[str]  # the article's distinctive terms, most distinctive first (index terms)
    articles: list[RelatedArticle] = field(default_factory=list)


@dataclass
class ArticleTerms:
    counts: Counter[str]  # occurrences in the article, a title word counting TITLE_WEIGHT times
    paragraphs: Counter[str]  # the article's own paragraphs that contain each term


def article_terms(title: str, texts: Iterable[str]) -> ArticleTerms:
    """Index terms of an article's title and paragraphs."""
    counts: Counter[str] = Counter()
    paragraphs: Counter[str] = Counter()
    for word in WORD_PATTERN.findall(title):
        for term in word_terms(word):
            counts[term] += TITLE_WEIGHT
    for text in texts:
        seen: set[str] = set()
        for word in WORD_PATTERN.findall(text):
            terms = word_terms(word)
            counts.update(terms)
            seen.update(terms)
        paragraphs.update(seen)
    return ArticleTerms(counts, paragraphs)


def distinctive_terms(
    terms: ArticleTerms, doc_frequency: Callable[[str], int], total: int, limit: int = TERMS
) -> list[tuple[str, float]]:
    """The ``limit`` terms with the highest tf-idf weight, common and unshared terms left out."""
    ceiling = max(MIN_CEILING, int(total * MAX_DOC_SHARE))
    weighted = []
    for term, tf in terms.counts.items():
        df = doc_frequency(term)
        if df - terms.paragraphs[term] < 1 or df > ceiling or term.isdigit():
            continue
        weight = (1 + math.log(tf)) * (math.log(total / (df + 1)) + 1)
        weighted.append((term, weight))
    weighted.sort(key=lambda tw: (-tw[1], tw[0]))
    return weighted[:limit]


def rank(
    terms: list[tuple[str, float]],
    postings_of: Callable[[str], np.ndarray],
    article_of: np.ndarray,
    articles: int,
    exclude: int,
    count: int = COUNT,
) -> list[tuple[int, float, list[str]]]:
    """(article index, score, shared terms) of the best ``count`` other articles."""
    scores = np.zeros(articles, np.float64)
    shared = np.zeros(articles, np.int32)
    present = np.zeros((len(terms), articles), bool)
    for row, (term, weight) in enumerate(terms):
        present[row, article_of[postings_of(term)]] = True
        scores += weight * present[row]
        shared += present[row]
    scores[exclude] = 0
    scores[shared < MIN_SHARED] = 0
    candidates = np.flatnonzero(scores)
    if candidates.size == 0:
        return []
    best = candidates[np.lexsort((candidates, -scores[candidates]))][:count]
    return [(int(a), float(scores[a]), [terms[r][0] for r in np.flatnonzero(present[:, a])]) for a in best]
