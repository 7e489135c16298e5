"""The OpenAPI document's schemas: the shape of every answer body, named under components.

The document (``openapi``) says which operation returns which of these; the response tests
check real answers against them. Limits come from the library's constants, as in the document.
"""

from __future__ import annotations

from typing import Any

from search import kwic, related, timeline
from search.config import Config
from search.engine import COMPLETIONS
from search.results import GROUPS, MAX_PER_PAGE, SORTS


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {**schema, "type": [schema["type"], "null"]}


def obj(properties: dict[str, Any], description: str = "") -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


def schemas(config: Config) -> dict[str, Any]:
    date = {"type": "string", "description": "ISO date at its precision: `2018`, `2018-05` or `2018-05-27`."}
    precision = {"type": ["string", "null"], "enum": ["day", "month", "year", None]}
    facet_list = {"type": "array", "items": ref("FacetValue")}
    # What the reader's article and a related article both say about an article, in this order.
    article = {
        "id": {"type": "string"},
        "title": {"type": "string"},
        "source": {"type": "string"},
        "date": nullable(date),
        "date_precision": precision,
        "url": {"type": "string"},
    }
    return {
        "Problem": {
            "type": "object",
            "description": "An RFC 9457 problem. Every error has this shape.",
            "properties": {
                "type": {"type": "string", "description": "Always `about:blank`: the status says what it is."},
                "title": {"type": "string", "description": "The HTTP status phrase."},
                "status": {"type": "integer", "minimum": 400, "maximum": 599},
                "detail": {"type": "string", "description": "What went wrong, for the person who asked."},
                "parameter": {"type": "string", "description": "400 only: the query parameter at fault."},
                "request_id": {"type": "string", "description": "As in the `X-Request-Id` header and the logs."},
            },
            "required": ["type", "title", "status", "detail"],
        },
        "FacetValue": obj({"value": {"type": "string"}, "count": {"type": "integer", "minimum": 0}}),
        "Hit": obj(
            {
                "id": {"type": "string", "description": "Paragraph id, `<article id>:<paragraph number>`."},
                "article_id": {"type": "string", "description": "For `/api/articles/{id}`."},
                "paragraph": {"type": "integer", "minimum": 0, "description": "Paragraph number in the article."},
                "title": {"type": "string", "description": "Article title (plain text)."},
                "title_html": {
                    "type": "string",
                    "description": "HTML: the title with the matched words wrapped in `<mark>`, everything else "
                    "escaped, as in `snippet`. Safe to insert as HTML; contains no other tags.",
                },
                "section": {"type": "string", "description": "Heading above the paragraph; empty when none."},
                "source": {"type": "string"},
                "date": nullable(date),
                "date_precision": precision,
                "url": {"type": "string", "description": "Original URL; empty when unknown."},
                "score": {"type": "number", "description": "Relevance (BM25F); higher is better."},
                "snippet": {
                    "type": "string",
                    "description": "HTML: about 260 characters of the paragraph around the matches, the matched "
                    "words wrapped in `<mark>`, everything else escaped; `…` where text was cut. Safe to insert "
                    "as HTML; contains no other tags.",
                },
                "matching_paragraphs": {
                    "type": "integer",
                    "minimum": 0,
                    "description": "How many paragraphs of this article match with a word of the query in their "
                    "own text or heading (a match in the title alone does not count), as the article's `matches` "
                    "flags.",
                },
            },
            "One result: a paragraph, the best one of its article when `group=article`.",
        ),
        "SearchParams": obj(
            {
                "q": {"type": "string"},
                "source": {"type": "array", "items": {"type": "string"}},
                "from": {"type": ["string", "null"]},
                "to": {"type": ["string", "null"]},
                "sort": {"type": "string", "enum": list(SORTS)},
                "page": {"type": "integer"},
                "per_page": {"type": "integer"},
                "group": {"type": "string", "enum": list(GROUPS)},
                "prefix": {"type": "boolean"},
            },
            "The parameters as the server understood them, defaults filled in.",
        ),
        "SearchResponse": obj(
            {
                "query": {"type": "string", "description": "`q` echoed back."},
                "params": ref("SearchParams"),
                "total_articles": {"type": "integer", "minimum": 0, "description": "Articles that match."},
                "total_paragraphs": {"type": "integer", "minimum": 0, "description": "Paragraphs that match."},
                "page": {"type": "integer", "minimum": 1},
                "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
                "took_ms": {"type": "number", "minimum": 0, "description": "Time the engine took."},
                "hits": {"type": "array", "items": ref("Hit"), "description": "The results on this page."},
                "facets": obj(
                    {"source": facet_list, "year": facet_list},
                    "Counts (articles, or paragraphs with `group=paragraph`) per source, most first, and per "
                    "year, newest first. Each facet ignores its own filter, so other values stay selectable.",
                ),
                "timeline": ref("Timeline"),
                "did_you_mean": {
                    "type": ["string", "null"],
                    "description": "A corrected query (plain text) when few results were found and the "
                    "correction finds more, else null.",
                },
                "words_alone": {
                    "type": "array",
                    "items": ref("WordCount"),
                    "description": "When a query of two or more plain words finds nothing: what each searched "
                    "word finds on its own, with the same filters. Empty otherwise.",
                },
                "matching_paragraphs": {
                    "type": "integer",
                    "minimum": 0,
                    "description": "Of `total_paragraphs`, those with a word of the query in their own text or "
                    "heading: the sum of the hits' `matching_paragraphs` over all pages (`group=article`).",
                },
                "stop_words": {
                    "type": "array",
                    "items": {"type": "string"},
                    "description": "Words of the query that are not searched (stop words such as `het`).",
                },
                "partial": {
                    "type": "boolean",
                    "description": f"True when the {config.time_limit_ms} ms time limit cut the search short.",
                },
                "pages": {
                    "type": "integer",
                    "minimum": 0,
                    "description": f"Pages of results there are to ask for (at most {config.max_page}).",
                },
            }
        ),
        "Bucket": obj(
            {
                "period": {
                    "type": "string",
                    "pattern": r"^\d{4}(-\d{2})?$",
                    "description": "`2019` or `2019-03`; usable as it is as `from` and `to`.",
                },
                "count": {"type": "integer", "minimum": 0},
            }
        ),
        "Timeline": obj(
            {
                "unit": {"type": "string", "enum": list(timeline.UNITS), "description": "The size of the buckets."},
                "buckets": {
                    "type": "array",
                    "items": ref("Bucket"),
                    "description": "Every period from the first match to the last, oldest first, empty ones too.",
                },
                "year_only": {
                    "type": "array",
                    "items": ref("Bucket"),
                    "description": "With `unit` `month`: matches dated only by their year, per year (never put "
                    "on a month). Empty with `unit` `year`.",
                },
                "undated": {"type": "integer", "minimum": 0, "description": "Matches without a date."},
            },
            f"Matches (articles, or paragraphs with `group=paragraph`) over time, with every filter applied: per "
            f"month when they lie within {timeline.MONTHLY_MAX_YEARS} calendar years, else per year.",
        ),
        "KwicLine": obj(
            {
                "article_id": {"type": "string"},
                "paragraph": {"type": "integer", "minimum": 0},
                "title": {"type": "string"},
                "source": {"type": "string"},
                "date": nullable(date),
                "date_precision": precision,
                "left": {
                    "type": "string",
                    "description": "HTML: the escaped text before the match, `…` where it was cut; no tags.",
                },
                "match": {
                    "type": "string",
                    "description": "HTML: the matched word, or a phrase's words, escaped; no tags.",
                },
                "right": {"type": "string", "description": "HTML: the escaped text after the match; no tags."},
            },
            "One occurrence of the query's words with its context.",
        ),
        "KwicResponse": obj(
            {
                "query": {"type": "string"},
                "sort": {"type": "string", "enum": list(kwic.SORTS)},
                "page": {"type": "integer", "minimum": 1},
                "per_page": {"type": "integer", "minimum": 1, "maximum": kwic.MAX_PER_PAGE},
                "total_paragraphs": {"type": "integer", "minimum": 0, "description": "Paragraphs that match."},
                "scanned_paragraphs": {
                    "type": "integer",
                    "minimum": 0,
                    "maximum": kwic.SCAN_PARAGRAPHS,
                    "description": f"Paragraphs read for this answer (at most {kwic.SCAN_PARAGRAPHS}).",
                },
                "complete": {
                    "type": "boolean",
                    "description": "Every matching paragraph was read. When false, a sort by word (`after`, "
                    "`before`) covers only the paragraphs read, the first in date order.",
                },
                "more": {"type": "boolean", "description": "A next page has lines."},
                "lines": {"type": "array", "items": ref("KwicLine"), "maxItems": kwic.MAX_PER_PAGE},
            }
        ),
        "RelatedArticle": obj(
            {
                **article,
                "score": {"type": "number", "minimum": 0, "description": "Summed weights of the shared terms."},
                "shared": {
                    "type": "array",
                    "items": {"type": "string"},
                    "description": "The distinctive terms it shares (index terms), most distinctive first.",
                },
            }
        ),
        "Related": obj(
            {
                "article_id": {"type": "string"},
                "terms": {
                    "type": "array",
                    "items": {"type": "string"},
                    "maxItems": related.TERMS,
                    "description": "The article's distinctive terms (index terms: stemmed), by tf-idf weight.",
                },
                "articles": {"type": "array", "items": ref("RelatedArticle"), "maxItems": related.COUNT},
            }
        ),
        "WordCount": obj(
            {
                "word": {"type": "string"},
                "total_articles": {"type": "integer", "minimum": 0, "description": "Articles it finds alone."},
            }
        ),
        "Completion": obj(
            {
                "word": {
                    "type": "string",
                    "description": "As usually written in the articles, e.g. `geïsoleerde`, `Rutte`; matched "
                    "regardless of capitals.",
                },
                "count": {"type": "integer", "minimum": 0, "description": "Occurrences in the index."},
            }
        ),
        "SuggestResponse": obj(
            {
                "query": {"type": "string"},
                "completions": {"type": "array", "items": ref("Completion"), "maxItems": COMPLETIONS},
            }
        ),
        "ArticleParagraph": obj(
            {
                "number": {"type": "integer", "minimum": 0},
                "heading": {"type": "string", "description": "Heading above the paragraph; empty when none."},
                "text": {
                    "type": "string",
                    "description": "Plain text; but when the article was asked for with `q` (`marked` is true), "
                    "HTML: the query's words in `<mark>`, everything else escaped.",
                },
                "matches": {
                    "type": "boolean",
                    "description": "Matched by `q`, with a word of it in its text or heading (false without `q`).",
                },
            }
        ),
        "Article": obj(
            {
                **article,
                "paragraphs": {"type": "array", "items": ref("ArticleParagraph")},
                "marked": {"type": "boolean", "description": "Paragraph texts are HTML with `<mark>` tags."},
                "title_html": {
                    "type": "string",
                    "description": "HTML: the title, escaped, with the words of `q` wrapped in `<mark>`.",
                },
                "title_matches": {"type": "boolean", "description": "The title contains a word of `q`."},
            }
        ),
        "Stats": obj(
            {
                "generation": {"type": "string", "description": "The index generation being served."},
                "built_at": {"type": "string", "format": "date-time"},
                "build_seconds": {"type": "number"},
                "articles": {"type": "integer", "minimum": 0},
                "paragraphs": {"type": "integer", "minimum": 0},
                "sources": {"type": "array", "items": ref("FacetValue"), "description": "Paragraphs per source."},
                "date_min": {"type": ["string", "null"], "format": "date"},
                "date_max": {"type": ["string", "null"], "format": "date"},
                "analyzer": {"type": "string", "description": "Analyzer version; queries and index must agree."},
                "stemmer": {"type": "string"},
                "lexicon": {"type": "string"},
            }
        ),
        "Health": obj({"status": {"const": "ok"}}),
        "Ready": obj({"status": {"const": "ready"}, "generation": {"type": "string"}}),
    }
