"""Typed requests and results of the query engine, ready to become JSON (``asdict``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .timeline import Timeline

SORTS = ("relevance", "newest", "oldest")
GROUPS = ("article", "paragraph")
MAX_PER_PAGE = 50


@dataclass(frozen=True)
class SearchRequest:
    q: str = ""
    sources: tuple[str, ...] = ()
    date_from: str | None = None  # YYYY, YYYY-MM or YYYY-MM-DD
    date_to: str | None = None
    sort: str = "relevance"  # relevance | newest | oldest
    page: int = 1  # 1-based
    per_page: int = 10  # 1..50
    group: str = "article"  # article | paragraph
    prefix: bool = False  # as-you-type: the last word is a prefix


@dataclass
class Hit:
    id: str  # paragraph id, "<article id>:<paragraph number>"
    article_id: str
    paragraph: int
    title: str
    section: str  # heading above the paragraph, "" when none
    source: str
    date: str | None  # ISO at its precision: "2018-05" for a month
    date_precision: str | None  # "day" | "month" | "year" | None
    url: str
    score: float
    snippet: str  # HTML: <mark> around matches, everything else escaped
    matching_paragraphs: int  # paragraphs of this article that match


@dataclass
class FacetValue:
    value: str
    count: int


@dataclass
class SearchResult:
    query: str
    total_articles: int
    total_paragraphs: int
    page: int
    per_page: int
    took_ms: float
    hits: list[Hit]
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)  # "source", "year"
    timeline: Timeline | None = None  # matches per year or month, over the same filters
    did_you_mean: str | None = None
    partial: bool = False  # the time limit cut the search short


@dataclass
class Completion:
    word: str  # as readers wrote it, e.g. "geïsoleerde"
    count: int  # occurrences in the index


@dataclass
class ArticleParagraph:
    number: int
    heading: str
    text: str  # plain text, or HTML with <mark> when the article was asked for with a query
    matches: bool = False  # contains a query word (only with a query)


@dataclass
class ArticleView:
    id: str
    title: str
    source: str
    date: str | None
    date_precision: str | None
    url: str
    paragraphs: list[ArticleParagraph]
    marked: bool = False  # paragraphs are HTML with <mark> tags


@dataclass
class Stats:
    generation: str
    built_at: str
    build_seconds: float
    articles: int
    paragraphs: int
    sources: list[FacetValue]
    date_min: str | None
    date_max: str | None
    analyzer: str
    stemmer: str
    lexicon: str
