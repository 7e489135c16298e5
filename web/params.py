"""Query parameters in, a validated SearchRequest out; a bad value is a QueryError naming it."""

from __future__ import annotations

import re

from werkzeug.datastructures import MultiDict

from search import export, kwic
from search.config import Config
from search.errors import QueryError
from search.records import MAX_SOURCE_CHARS
from search.results import GROUPS, MAX_PER_PAGE, SORTS, SearchRequest

# The one definition of a date parameter, shared with the OpenAPI document: ASCII digits only
# (``\d`` also matched fullwidth ones), years 0001-9999, months 01-12, days 01-31. An empty
# value means "no bound", as an HTML form sends it. A day past its month's end is still a 400.
DATE_PATTERN = (
    r"^((000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3})(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?)?$"
)
DATE = re.compile(DATE_PATTERN)
INTEGER = re.compile(r"[0-9]{1,6}\Z")
TRUE = ("", "1", "true", "yes", "on")  # `prefix` alone (empty value) means true
FALSE = ("0", "false", "no", "off")  # exactly these, as documented: no other spelling
MAX_SOURCES = 20


def single(args: MultiDict[str, str], name: str, default: str | None = None) -> str | None:
    """The one value of ``name``; an empty value counts as given (callers decide what it means)."""
    values = args.getlist(name)
    if len(values) > 1:
        raise QueryError(f"{name} may be given only once", name)
    return values[0] if values else default


def integer(args: MultiDict[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = single(args, name)
    if not raw:  # absent or empty (as an HTML form sends it): the default
        return default
    if not INTEGER.match(raw) or not low <= int(raw) <= high:
        raise QueryError(f"{name} must be a whole number from {low} to {high}, not {raw[:20]!r}", name)
    return int(raw)


def choice(args: MultiDict[str, str], name: str, options: tuple[str, ...], default: str) -> str:
    raw = single(args, name) or default  # empty: the default
    if raw not in options:
        raise QueryError(f"{name} must be one of {', '.join(options)}, not {raw[:20]!r}", name)
    return raw


def flag(args: MultiDict[str, str], name: str) -> bool:
    raw = single(args, name)
    if raw is None:
        return False
    if raw in TRUE:
        return True
    if raw in FALSE:
        return False
    raise QueryError(f"{name} must be true or false (1 or 0), not {raw[:20]!r}", name)


def date(args: MultiDict[str, str], name: str) -> str | None:
    raw = single(args, name)
    if raw is None or raw == "":
        return None
    if not DATE.fullmatch(raw):
        raise QueryError(f"{name} must be a date as YYYY, YYYY-MM or YYYY-MM-DD, not {raw[:20]!r}", name)
    return raw


def query_text(args: MultiDict[str, str], config: Config) -> str:
    q = single(args, "q", "") or ""
    if len(q) > config.max_query_chars:
        raise QueryError(f"q is {len(q)} characters long; the limit is {config.max_query_chars}", "q")
    return q


def sources(args: MultiDict[str, str]) -> tuple[str, ...]:
    given = args.getlist("source")
    if len(given) > MAX_SOURCES:  # counted as sent (empty ones too), as the OpenAPI maxItems counts
        raise QueryError(f"source may be given at most {MAX_SOURCES} times", "source")
    values = tuple(dict.fromkeys(v.strip() for v in given if v.strip()))
    for value in values:
        if len(value) > MAX_SOURCE_CHARS:
            raise QueryError(f"a source name is at most {MAX_SOURCE_CHARS} characters long", "source")
    return values


def search_request(args: MultiDict[str, str], config: Config) -> SearchRequest:
    """Parse ``/api/search`` parameters; unknown parameters are ignored."""
    return SearchRequest(
        q=query_text(args, config),
        sources=sources(args),
        date_from=date(args, "from"),
        date_to=date(args, "to"),
        sort=choice(args, "sort", SORTS, "relevance"),
        page=integer(args, "page", 1, 1, config.max_page),
        per_page=integer(args, "per_page", 10, 1, MAX_PER_PAGE),
        group=choice(args, "group", GROUPS, "article"),
        prefix=flag(args, "prefix"),
    )


def echo(request: SearchRequest) -> dict[str, object]:
    """The request as the API understood it, under the API's parameter names."""
    return {
        "q": request.q,
        "source": list(request.sources),
        "from": request.date_from,
        "to": request.date_to,
        "sort": request.sort,
        "page": request.page,
        "per_page": request.per_page,
        "group": request.group,
        "prefix": request.prefix,
    }


def kwic_request(args: MultiDict[str, str], config: Config) -> kwic.KwicRequest:
    """Parse ``/api/kwic`` parameters: the search's filters, and KWIC's own sort and paging."""
    return kwic.KwicRequest(
        q=query_text(args, config),
        sources=sources(args),
        date_from=date(args, "from"),
        date_to=date(args, "to"),
        sort=choice(args, "sort", kwic.SORTS, "newest"),
        page=integer(args, "page", 1, 1, config.max_page),
        per_page=integer(args, "per_page", kwic.DEFAULT_PER_PAGE, 1, kwic.MAX_PER_PAGE),
        prefix=flag(args, "prefix"),
    )


def export_request(args: MultiDict[str, str], config: Config) -> tuple[SearchRequest, str, int]:
    """Parse ``/api/export`` parameters: (the search, the format, the most rows wanted)."""
    request = SearchRequest(
        q=query_text(args, config),
        sources=sources(args),
        date_from=date(args, "from"),
        date_to=date(args, "to"),
        sort=choice(args, "sort", SORTS, "relevance"),
        group=choice(args, "group", GROUPS, "article"),
        prefix=flag(args, "prefix"),
    )
    fmt = choice(args, "format", export.FORMATS, "csv")
    limit = integer(args, "limit", config.max_export, 1, config.max_export)
    return request, fmt, limit
