"""The OpenAPI 3.1 description of the HTTP API, built from the Config so its limits are true.

Tests validate it with openapi-spec-validator and check real responses against its schemas.
"""

from __future__ import annotations

from typing import Any

from search import export, kwic, related, validation
from search.config import Config
from search.records import MAX_SOURCE_CHARS
from search.results import GROUPS, MAX_PER_PAGE, SORTS
from search.validation import DATE_PATTERN, FALSE, MAX_SOURCES, TRUE

from .openapi_schemas import ref, schemas
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


def _problem_responses(config: Config) -> dict[str, Any]:
    def problem(description: str) -> dict[str, Any]:
        return {"description": description, "content": {PROBLEM: {"schema": ref("Problem")}}}

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
    ok = schema if isinstance(schema, dict) else {"content": {JSON: {"schema": ref(schema)}}}
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
            "schemas": schemas(config),
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
