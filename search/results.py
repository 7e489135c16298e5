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
    title_html: str  # HTML: the title with <mark> around matches, everything else escaped
    section: str  # heading above the paragraph, "" when none
    source: str
    date: str | None  # ISO at its precision: "2018-05" for a month
    date_precision: str | None  # "day" | "month" | "year" | None
    url: str
    score: float
    snippet: str  # HTML: <mark> around matches, everything else escaped
    matching_paragraphs: int  # matched paragraphs of this article whose text or heading holds a query word


@dataclass
class FacetValue:
    value: str
    count: int


@dataclass
class WordCount:
    word: str
    total_articles: int  # articles the word finds on its own, with the same filters


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
    did_you_mean: str | None = None  # only when the corrected query finds more
    partial: bool = False  # the time limit cut the search short
    words_alone: list[WordCount] = field(default_factory=list)  # when all words together find nothing
    stop_words: list[str] = field(default_factory=list)  # words of the query that are not searched
    matching_paragraphs: int = 0  # of total_paragraphs, those with a query word in their text or heading


@dataclass
class Completion:
    word: str  # as readers wrote it, e.g. "geïsoleerde"
    count: int  # occurrences in the index


@dataclass
class ArticleParagraph:
    number: int
    heading: str
    text: str  # plain text, or HTML with <mark> when the article was asked for with a query
    matches: bool = False  # matched, and its text or heading holds a query word (only with a query)


@dataclass
class ArticleFacts:
    """What names an article wherever one is shown whole (the reader, a related article)."""

    id: str
    title: str
    source: str
    date: str | None
    date_precision: str | None
    url: str

    @staticmethod
    def stored(fields: dict) -> dict[str, str | None]:
        """These facts from a paragraph's stored fields (every paragraph carries its article's)."""
        return {
            "id": fields["article"],
            "title": fields.get("title", ""),
            "source": fields.get("source", ""),
            "date": fields.get("date"),
            "date_precision": fields.get("precision"),
            "url": fields.get("url") or "",
        }


@dataclass
class ArticleView(ArticleFacts):
    paragraphs: list[ArticleParagraph]
    marked: bool = False  # paragraphs and title_html are HTML with <mark> tags
    title_html: str = ""  # HTML: the title, escaped, with <mark> around matches when marked
    title_matches: bool = False  # the title holds a query word


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
