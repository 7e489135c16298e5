"""The OpenAPI 3.1 description of the HTTP API, built from the Config so its limits are true.

Tests validate it with openapi-spec-validator and check real responses against its schemas.
"""

from __future__ import annotations

from typing import Any

from search import export, kwic, related, timeline, validation
from search.config import Config
from search.engine import COMPLETIONS
from search.records import MAX_SOURCE_CHARS
from search.results import GROUPS, MAX_PER_PAGE, SORTS
from search.validation import DATE_PATTERN, FALSE, MAX_SOURCES, TRUE

from .security import MAX_BODY_BYTES, MAX_HEADER_BYTES, MAX_HEADER_LINE, TOTAL_COUNT_HEADER, url_limit

QUERY_SYNTAX = """\
Query syntax (Dutch analysis: words are lower-cased, accents folded and stemmed, so `ontmoetingen`
also finds `ontmoeting`; stop words such as `de` and `het` are ignored):

- `kim trump`: all words must occur (words are ANDed).
- `"witte huis"`: a phrase, the words next to each other in this order.
- `"trump kim"~5`: the words in this order, each at most 5 positions after the one before.
- `kim OR moon`: either word.
- `-bolton` or `NOT bolton`: leave out paragraphs with the word.
- `onderhandel*`: words that begin with `onderhandel`, as written (unstemmed); the most frequent
  expansions are kept.
- `title:trump`: the word in the article's title; `source:seeds`: articles from that source.
- `date:2019`, `date:2019-05`, `date:[2018-06 TO 2019]`, `date:[2019 TO *]`: articles of that period
  (an article dated only by month or year counts when its period overlaps); undated articles never.
- Parentheses group: `trump (kim OR moon)`.

Mistakes are repaired rather than rejected: an unclosed quote or bracket, or a dangling operator.
A query with no word to search for (`*`, `-`) is a 400."""

JSON = "application/json"
PROBLEM = "application/problem+json"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {**schema, "type": [schema["type"], "null"]}


def _obj(properties: dict[str, Any], description: str = "") -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


def _schemas(config: Config) -> dict[str, Any]:
    date = {"type": "string", "description": "ISO date at its precision: `2018`, `2018-05` or `2018-05-27`."}
    precision = {"type": ["string", "null"], "enum": ["day", "month", "year", None]}
    facet_list = {"type": "array", "items": _ref("FacetValue")}
    # What the reader's article and a related article both say about an article, in this order.
    article = {
        "id": {"type": "string"},
        "title": {"type": "string"},
        "source": {"type": "string"},
        "date": _nullable(date),
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
        "FacetValue": _obj({"value": {"type": "string"}, "count": {"type": "integer", "minimum": 0}}),
        "Hit": _obj(
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
                "date": _nullable(date),
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
        "SearchParams": _obj(
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
        "SearchResponse": _obj(
            {
                "query": {"type": "string", "description": "`q` echoed back."},
                "params": _ref("SearchParams"),
                "total_articles": {"type": "integer", "minimum": 0, "description": "Articles that match."},
                "total_paragraphs": {"type": "integer", "minimum": 0, "description": "Paragraphs that match."},
                "page": {"type": "integer", "minimum": 1},
                "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
                "took_ms": {"type": "number", "minimum": 0, "description": "Time the engine took."},
                "hits": {"type": "array", "items": _ref("Hit"), "description": "The results on this page."},
                "facets": _obj(
                    {"source": facet_list, "year": facet_list},
                    "Counts (articles, or paragraphs with `group=paragraph`) per source, most first, and per "
                    "year, newest first. Each facet ignores its own filter, so other values stay selectable.",
                ),
                "timeline": _ref("Timeline"),
                "did_you_mean": {
                    "type": ["string", "null"],
                    "description": "A corrected query (plain text) when few results were found and the "
                    "correction finds more, else null.",
                },
                "words_alone": {
                    "type": "array",
                    "items": _ref("WordCount"),
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
        "Bucket": _obj(
            {
                "period": {
                    "type": "string",
                    "pattern": r"^\d{4}(-\d{2})?$",
                    "description": "`2019` or `2019-03`; usable as it is as `from` and `to`.",
                },
                "count": {"type": "integer", "minimum": 0},
            }
        ),
        "Timeline": _obj(
            {
                "unit": {"type": "string", "enum": list(timeline.UNITS), "description": "The size of the buckets."},
                "buckets": {
                    "type": "array",
                    "items": _ref("Bucket"),
                    "description": "Every period from the first match to the last, oldest first, empty ones too.",
                },
                "year_only": {
                    "type": "array",
                    "items": _ref("Bucket"),
                    "description": "With `unit` `month`: matches dated only by their year, per year (never put "
                    "on a month). Empty with `unit` `year`.",
                },
                "undated": {"type": "integer", "minimum": 0, "description": "Matches without a date."},
            },
            f"Matches (articles, or paragraphs with `group=paragraph`) over time, with every filter applied: per "
            f"month when they lie within {timeline.MONTHLY_MAX_YEARS} calendar years, else per year.",
        ),
        "KwicLine": _obj(
            {
                "article_id": {"type": "string"},
                "paragraph": {"type": "integer", "minimum": 0},
                "title": {"type": "string"},
                "source": {"type": "string"},
                "date": _nullable(date),
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
        "KwicResponse": _obj(
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
                "lines": {"type": "array", "items": _ref("KwicLine"), "maxItems": kwic.MAX_PER_PAGE},
            }
        ),
        "RelatedArticle": _obj(
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
        "Related": _obj(
            {
                "article_id": {"type": "string"},
                "terms": {
                    "type": "array",
                    "items": {"type": "string"},
                    "maxItems": related.TERMS,
                    "description": "The article's distinctive terms (index terms: stemmed), by tf-idf weight.",
                },
                "articles": {"type": "array", "items": _ref("RelatedArticle"), "maxItems": related.COUNT},
            }
        ),
        "WordCount": _obj(
            {
                "word": {"type": "string"},
                "total_articles": {"type": "integer", "minimum": 0, "description": "Articles it finds alone."},
            }
        ),
        "Completion": _obj(
            {
                "word": {
                    "type": "string",
                    "description": "As usually written in the articles, e.g. `geïsoleerde`, `Rutte`; matched "
                    "regardless of capitals.",
                },
                "count": {"type": "integer", "minimum": 0, "description": "Occurrences in the index."},
            }
        ),
        "SuggestResponse": _obj(
            {
                "query": {"type": "string"},
                "completions": {"type": "array", "items": _ref("Completion"), "maxItems": COMPLETIONS},
            }
        ),
        "ArticleParagraph": _obj(
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
        "Article": _obj(
            {
                **article,
                "paragraphs": {"type": "array", "items": _ref("ArticleParagraph")},
                "marked": {"type": "boolean", "description": "Paragraph texts are HTML with `<mark>` tags."},
                "title_html": {
                    "type": "string",
                    "description": "HTML: the title, escaped, with the words of `q` wrapped in `<mark>`.",
                },
                "title_matches": {"type": "boolean", "description": "The title contains a word of `q`."},
            }
        ),
        "Stats": _obj(
            {
                "generation": {"type": "string", "description": "The index generation being served."},
                "built_at": {"type": "string", "format": "date-time"},
                "build_seconds": {"type": "number"},
                "articles": {"type": "integer", "minimum": 0},
                "paragraphs": {"type": "integer", "minimum": 0},
                "sources": {"type": "array", "items": _ref("FacetValue"), "description": "Paragraphs per source."},
                "date_min": {"type": ["string", "null"], "format": "date"},
                "date_max": {"type": ["string", "null"], "format": "date"},
                "analyzer": {"type": "string", "description": "Analyzer version; queries and index must agree."},
                "stemmer": {"type": "string"},
                "lexicon": {"type": "string"},
            }
        ),
        "Health": _obj({"status": {"const": "ok"}}),
        "Ready": _obj({"status": {"const": "ready"}, "generation": {"type": "string"}}),
    }


def _problem_responses(config: Config) -> dict[str, Any]:
    def problem(description: str) -> dict[str, Any]:
        return {"description": description, "content": {PROBLEM: {"schema": _ref("Problem")}}}

    return {
        "BadParameter": problem("A parameter has a bad value or the query was rejected; `parameter` names it."),
        "NotFound": problem("Nothing at this URL, or no article with this id."),
        "MethodNotAllowed": problem("Only GET and HEAD are allowed: nothing can be written."),
        "ContentTooLarge": problem(f"A request body over {MAX_BODY_BYTES} bytes."),
        "URITooLong": problem(
            f"The URL (path and query as sent) is over {url_limit(config)} characters. A request line over 8190 "
            "bytes is refused by gunicorn itself, with its own 414."
        ),
        "HeadersTooLarge": problem(
            f"A header line over {MAX_HEADER_LINE} bytes, or headers over {MAX_HEADER_BYTES} bytes together."
        ),
        "Unavailable": problem("No index is available yet (it is being built); retry after `Retry-After` seconds."),
        "ServerError": problem("A bug; the details are in the server log under the request id."),
    }


def _parameters(config: Config) -> dict[str, Any]:
    return {
        "q": {
            "name": "q",
            "in": "query",
            "description": "The query; empty (with or without filters) lists the newest articles. `maxLength` "
            f"counts characters; the URL as sent (percent-encoded) is also bounded, at {url_limit(config)} "
            "characters (a 414).\n\n" + QUERY_SYNTAX,
            "schema": {"type": "string", "maxLength": config.max_query_chars, "default": ""},
        },
        "source": {
            "name": "source",
            "in": "query",
            "description": "Only these sources (repeat the parameter for more than one).",
            "schema": {
                "type": "array",
                "items": {"type": "string", "maxLength": MAX_SOURCE_CHARS},
                "maxItems": MAX_SOURCES,
            },
            "style": "form",
            "explode": True,
        },
        "from": {
            "name": "from",
            "in": "query",
            "description": "Only articles dated on or after this date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`); an "
            "article dated only by month or year counts when that period overlaps. Empty means no bound; a day "
            "its month does not have (`2018-02-30`) is a 400.",
            "schema": {"type": "string", "pattern": DATE_PATTERN},
        },
        "to": {
            "name": "to",
            "in": "query",
            "description": "Only articles dated on or before this date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`). Empty "
            "means no bound.",
            "schema": {"type": "string", "pattern": DATE_PATTERN},
        },
        "sort": {
            "name": "sort",
            "in": "query",
            "description": "`relevance` (newest when `q` is empty), `newest` or `oldest`; empty means the default.",
            "schema": {"type": "string", "enum": [*SORTS, ""], "default": validation.SORT_DEFAULT},
        },
        "page": {
            "name": "page",
            "in": "query",
            "description": "1-based page number. Empty means the default (as an HTML form sends it).",
            "schema": {
                "type": ["integer", "string"],
                "minimum": 1,
                "maximum": config.max_page,
                "maxLength": 0,
                "default": 1,
            },
        },
        "per_page": {
            "name": "per_page",
            "in": "query",
            "description": "Results per page. Empty means the default.",
            "schema": {
                "type": ["integer", "string"],
                "minimum": 1,
                "maximum": MAX_PER_PAGE,
                "maxLength": 0,
                "default": validation.DEFAULT_PER_PAGE,
            },
        },
        "group": {
            "name": "group",
            "in": "query",
            "description": "`article`: one result per article (its best paragraph); `paragraph`: every paragraph. "
            "Empty means the default (as an HTML form sends it).",
            "schema": {"type": "string", "enum": [*GROUPS, ""], "default": validation.GROUP_DEFAULT},
        },
        "kwic_sort": {
            "name": "sort",
            "in": "query",
            "description": "`newest` or `oldest` (the article's date), or `after`/`before`: alphabetically by the "
            "words after (before) the match.",
            "schema": {"type": "string", "enum": list(kwic.SORTS), "default": validation.KWIC_SORT_DEFAULT},
        },
        "kwic_per_page": {
            "name": "per_page",
            "in": "query",
            "schema": {"type": "integer", "minimum": 1, "maximum": kwic.MAX_PER_PAGE, "default": kwic.DEFAULT_PER_PAGE},
        },
        "format": {
            "name": "format",
            "in": "query",
            "description": "`csv` or `jsonl` (JSON Lines).",
            "schema": {"type": "string", "enum": list(export.FORMATS), "default": validation.FORMAT_DEFAULT},
        },
        "limit": {
            "name": "limit",
            "in": "query",
            "description": f"The most rows to export (`ZOEKLICHT_MAX_EXPORT`: {config.max_export}).",
            "schema": {"type": "integer", "minimum": 1, "maximum": config.max_export, "default": config.max_export},
        },
        "prefix": {
            "name": "prefix",
            "in": "query",
            "description": "As-you-type: the last word is a prefix. `1`, `true`, `yes`, `on` or empty mean true; "
            "`0`, `false`, `no`, `off` false.",
            "schema": {"type": "string", "enum": [*TRUE, *FALSE]},
        },
    }


def _get(
    summary: str,
    description: str,
    schema: str | dict[str, Any],  # a JSON schema's name, or a whole 200 response (the export's)
    parameters: list[dict[str, Any]] | None = None,
    problems: tuple[str, ...] = (),
    cached: bool = True,
) -> dict[str, Any]:
    headers: dict[str, Any] = {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}}
    if cached:
        headers |= {
            "ETag": {"$ref": "#/components/headers/ETag"},
            "Cache-Control": {"$ref": "#/components/headers/Cache-Control"},
        }
    ok = schema if isinstance(schema, dict) else {"content": {JSON: {"schema": _ref(schema)}}}
    responses: dict[str, Any] = {"200": {"description": "OK", "headers": headers, **ok}}
    if cached:
        responses["304"] = {"description": "Not modified: the `If-None-Match` ETag is still current."}
    codes = {
        "400": "BadParameter",
        "404": "NotFound",
        "405": "MethodNotAllowed",
        "413": "ContentTooLarge",
        "414": "URITooLong",
        "431": "HeadersTooLarge",
        "500": "ServerError",
        "503": "Unavailable",
    }
    for code, name in codes.items():
        if code in problems or code not in ("400", "404", "503"):
            responses[code] = {"$ref": f"#/components/responses/{name}"}
    operation: dict[str, Any] = {"summary": summary, "description": description, "responses": responses}
    if parameters:
        operation["parameters"] = parameters
    return {"get": operation}


def _export_response() -> dict[str, Any]:
    """The export's 200: a download, not JSON."""
    return {
        "description": "The rows, streamed. CSV: UTF-8 with a byte order mark, a header row, `\\r\\n` line "
        "ends; a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with `'`. JSON "
        "Lines: one object per line. Columns (keys): " + ", ".join(f"`{c}`" for c in export.COLUMNS) + ".",
        "headers": {
            "Content-Disposition": {
                "description": "`attachment` with a file name that says what was searched.",
                "schema": {"type": "string"},
            },
            TOTAL_COUNT_HEADER: {
                "description": "How many articles (or paragraphs) match; more than the rows when capped.",
                "schema": {"type": "integer"},
            },
            "X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"},
        },
        "content": {
            "text/csv": {"schema": {"type": "string"}},
            "application/x-ndjson": {"schema": {"type": "string"}},
        },
    }


def _export(p: dict[str, Any]) -> dict[str, Any]:
    return _get(
        "Export the results",
        "Every matching article (or paragraph with `group=paragraph`) in result order, up to `limit` rows: "
        "CSV or JSON Lines, as a download.",
        _export_response(),
        [p[n] for n in ("q", "source", "from", "to", "sort", "group", "prefix", "format", "limit")],
        ("400", "503"),
        cached=False,
    )


def document(config: Config) -> dict[str, Any]:
    p = {name: {"$ref": f"#/components/parameters/{name}"} for name in _parameters(config)}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Zoeklicht",
            "version": "1",
            "summary": "Full-text search in Dutch news articles.",
            "description": "Every response is JSON in UTF-8; every error an RFC 9457 `application/problem+json` "
            "body. Nothing can be written: other methods than GET and HEAD get a 405. Unknown query parameters "
            "are ignored; a parameter other than `source` given twice is a 400.\n\n" + QUERY_SYNTAX,
        },
        "paths": {
            "/api/search": _get(
                "Search",
                "Matching articles (or paragraphs), with snippets, facets, a timeline and a did-you-mean.",
                "SearchResponse",
                [p[n] for n in ("q", "source", "from", "to", "sort", "page", "per_page", "group", "prefix")],
                ("400", "503"),
            ),
            "/api/suggest": _get(
                "Complete the word being typed",
                "Up to 10 words of the index that begin with the last word of `q`, most frequent first. None when "
                "`q` is empty or ends in a space.",
                "SuggestResponse",
                [{**_parameters(config)["q"], "description": "The text typed so far."}],
                ("400", "503"),
            ),
            "/api/articles/{id}": _get(
                "Read one article",
                "Its metadata and every paragraph with its heading. With `q`, the query's words are marked: "
                "paragraph texts are then HTML.",
                "Article",
                [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
                    {
                        **_parameters(config)["q"],
                        "description": "Mark this query's words (the paragraphs become HTML).",
                    },
                    {
                        **_parameters(config)["prefix"],
                        "description": "The last word of `q` is a prefix, as in an as-you-type search.",
                    },
                ],
                ("400", "404", "503"),
            ),
            "/api/articles/{id}/related": _get(
                "Related articles",
                f"Up to {related.COUNT} other articles that share the most of this article's distinctive terms "
                "(by tf-idf weight against the index; stop words and terms in more than "
                f"{related.MAX_DOC_SHARE:.0%} of all paragraphs left out).",
                "Related",
                [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                ("404", "503"),
            ),
            "/api/kwic": _get(
                "Words in context",
                "Every occurrence of the query's words in the matching paragraphs (the same filters as a search), "
                "one line each: left context, match, right context. A phrase's words are one match. A request "
                f"reads at most {kwic.SCAN_PARAGRAPHS} paragraphs.",
                "KwicResponse",
                [p[n] for n in ("q", "source", "from", "to", "kwic_sort", "page", "kwic_per_page", "prefix")],
                ("400", "503"),
            ),
            "/api/export": _export(p),
            "/api/stats": _get(
                "Describe the index",
                "The generation being served and when it was built, counts, sources, date range, analyzer.",
                "Stats",
                problems=("503",),
            ),
            "/api/openapi.json": {
                "get": {
                    "summary": "This document",
                    "responses": {
                        "200": {"description": "OpenAPI 3.1", "content": {JSON: {"schema": {"type": "object"}}}}
                    },
                }
            },
            "/healthz": _get("Liveness", "The process lives. Says nothing about the index.", "Health", cached=False),
            "/readyz": _get(
                "Readiness", "An index is open and served; 503 otherwise.", "Ready", problems=("503",), cached=False
            ),
        },
        "components": {
            "schemas": _schemas(config),
            "parameters": _parameters(config),
            "responses": _problem_responses(config),
            "headers": {
                "ETag": {
                    "description": "Weak ETag of the index generation and the request; send it back in "
                    "`If-None-Match` to get a 304 while the index is unchanged.",
                    "schema": {"type": "string"},
                },
                "Cache-Control": {"description": "`no-cache`: store, but revalidate.", "schema": {"type": "string"}},
                "X-Request-Id": {
                    "description": "The request id in the logs: the client's own `X-Request-Id` when it is 1-128 "
                    "characters of `A-Z a-z 0-9 . _ : -`, otherwise a new one.",
                    "schema": {"type": "string"},
                },
            },
        },
    }
