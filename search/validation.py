"""Every rule a request must meet, each with its one message: the API, the CLI, the engine and
the OpenAPI document all take their limits and wording from here.

Why one module: the same rule written in the web layer, the engine and the CLI had drifted into
up to three messages (and the CLI's help into other limits). Values arrive as they do on the wire (strings, a list of
them for each parameter name: a URL's query or a command line) and leave as the library's
request dataclasses; a request built in code is checked with the same rules (``check_search``).
A bad value raises ``QueryError`` naming the parameter. ``labels`` lets a caller name a
parameter as its user typed it (the CLI's ``--limit`` is the API's ``per_page``) while the
message stays the rule's own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from types import MappingProxyType

from . import export, kwic
from .config import Config
from .dates import DateError, parse_date, yyyymmdd
from .errors import QueryError
from .records import MAX_SOURCE_CHARS
from .results import GROUPS, MAX_PER_PAGE, SORTS, SearchRequest

Values = Mapping[str, Sequence[str]]  # parameter name -> every value given for it, as sent

# A date parameter: ASCII digits only (``\d`` also matched fullwidth ones), years 0001-9999,
# months 01-12, days 01-31. An empty value means "no bound", as an HTML form sends it. A day
# past its month's end passes the pattern and is refused by ``date_bounds``.
DATE_PATTERN = (
    r"^((000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3})(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?)?$"
)
DATE = re.compile(DATE_PATTERN)
INTEGER = re.compile(r"[0-9]{1,6}\Z")
TRUE = ("", "1", "true", "yes", "on")  # `prefix` alone (empty value) means true
FALSE = ("0", "false", "no", "off")  # exactly these, as documented: no other spelling
MAX_SOURCES = 20
ECHOED_CHARS = 20  # of a bad value, quoted back in the message
DEFAULT_PER_PAGE = SearchRequest.per_page
SORT_DEFAULT = SearchRequest.sort
GROUP_DEFAULT = SearchRequest.group
KWIC_SORT_DEFAULT = kwic.KwicRequest.sort
FORMAT_DEFAULT = export.FORMATS[0]

NO_LABELS: Mapping[str, str] = MappingProxyType({})  # name parameters as the API does


# -- the messages: one per rule --------------------------------------------------------------


def _shown(raw: str) -> str:
    return repr(raw[:ECHOED_CHARS])


def given_twice(name: str) -> str:
    return f"{name} may be given only once"


def not_a_whole_number(name: str, low: int, high: int, raw: str) -> str:
    return f"{name} must be a whole number from {low} to {high}, not {_shown(raw)}"


def not_one_of(name: str, options: Sequence[str], raw: str) -> str:
    return f"{name} must be one of {', '.join(options)}, not {_shown(raw)}"


def not_true_or_false(name: str, raw: str) -> str:
    return f"{name} must be true or false (1 or 0), not {_shown(raw)}"


def not_a_date(name: str, raw: str) -> str:
    return f"{name} must be a date as YYYY, YYYY-MM or YYYY-MM-DD, not {_shown(raw)}"


def query_too_long(name: str, length: int, limit: int) -> str:
    return f"{name} is {length} characters long; the limit is {limit}"


def too_many_sources(name: str) -> str:
    return f"{name} may be given at most {MAX_SOURCES} times"


def source_too_long() -> str:
    return f"a source name is at most {MAX_SOURCE_CHARS} characters long"


def dates_reversed(low: str, high: str) -> str:
    return f"{low} must not be later than {high}"


# -- typed values: what a request built in code is checked against ---------------------------


def _label(labels: Mapping[str, str], name: str) -> str:
    return labels.get(name, name)


def check_range(name: str, value: int, low: int, high: int, labels: Mapping[str, str] = NO_LABELS) -> int:
    if not low <= value <= high:
        raise QueryError(not_a_whole_number(_label(labels, name), low, high, str(value)), name)
    return value


def check_choice(name: str, value: str, options: Sequence[str], labels: Mapping[str, str] = NO_LABELS) -> str:
    if value not in options:
        raise QueryError(not_one_of(_label(labels, name), options, value), name)
    return value


def check_query(q: str, config: Config, labels: Mapping[str, str] = NO_LABELS) -> str:
    """The query text's one length rule (``ZOEKLICHT_MAX_QUERY_CHARS``), for every endpoint."""
    return check_query_length(q, config.max_query_chars, labels)


def check_query_length(q: str, limit: int, labels: Mapping[str, str] = NO_LABELS) -> str:
    """The same rule for the parser, which is given the limit rather than the Config."""
    if len(q) > limit:
        raise QueryError(query_too_long(_label(labels, "q"), len(q), limit), "q")
    return q


def check_sources(sources: Sequence[str], labels: Mapping[str, str] = NO_LABELS) -> None:
    if len(sources) > MAX_SOURCES:  # counted as sent (empty ones too), as the OpenAPI maxItems counts
        raise QueryError(too_many_sources(_label(labels, "source")), "source")
    if any(len(s) > MAX_SOURCE_CHARS for s in sources):
        raise QueryError(source_too_long(), "source")


def check_date(name: str, value: str | None, labels: Mapping[str, str] = NO_LABELS) -> str | None:
    """A date filter as given; empty means no bound."""
    if value is None or value == "":
        return None
    if not DATE.fullmatch(value):
        raise QueryError(not_a_date(_label(labels, name), value), name)
    return value


def date_bounds(date_from: str | None, date_to: str | None) -> tuple[int | None, int | None]:
    """The filter's first and last day (yyyymmdd); a day past its month's end is no date."""
    days = []
    for name, given in (("from", date_from), ("to", date_to)):
        value = check_date(name, given)
        try:  # every value the pattern passes is ISO to parse_date: only an impossible day fails
            days.append(parse_date(value) if value else None)
        except DateError as exc:
            raise QueryError(not_a_date(name, value or ""), name) from exc
    start, end = days
    if start and end and start.first_day() > end.last_day():
        raise QueryError(dates_reversed("from", "to"), "from")
    return (yyyymmdd(start.first_day()) if start else None, yyyymmdd(end.last_day()) if end else None)


def check_search(request: SearchRequest, config: Config) -> SearchRequest:
    """Every rule of ``SearchRequest`` but the dates, which ``date_bounds`` checks as it reads them."""
    check_query(request.q, config)
    check_sources(request.sources)
    check_choice("sort", request.sort, SORTS)
    check_choice("group", request.group, GROUPS)
    check_range("page", request.page, 1, config.max_page)
    check_range("per_page", request.per_page, 1, MAX_PER_PAGE)
    return request


def check_kwic(request: kwic.KwicRequest, config: Config) -> kwic.KwicRequest:
    check_query(request.q, config)
    check_sources(request.sources)
    check_choice("sort", request.sort, kwic.SORTS)
    check_range("page", request.page, 1, config.max_page)
    check_range("per_page", request.per_page, 1, kwic.MAX_PER_PAGE)
    return request


def check_limit(limit: int, config: Config) -> int:
    """Rows one export may return: ``ZOEKLICHT_MAX_EXPORT`` at most."""
    return check_range("limit", limit, 1, config.max_export)


# -- values as sent: strings in, typed requests out ------------------------------------------


class Reader:
    """Reads one request's values; unknown parameters are ignored."""

    def __init__(self, values: Values, labels: Mapping[str, str] | None = None) -> None:
        self.values = values
        self.labels = labels or NO_LABELS

    def label(self, name: str) -> str:
        return _label(self.labels, name)

    def single(self, name: str) -> str | None:
        """The one value of ``name``; an empty value counts as given (callers decide what it means)."""
        given = self.values.get(name) or ()
        if len(given) > 1:
            raise QueryError(given_twice(self.label(name)), name)
        return given[0] if given else None

    def integer(self, name: str, default: int, low: int, high: int) -> int:
        raw = self.single(name)
        if not raw:  # absent or empty (as an HTML form sends it): the default
            return default
        if not INTEGER.match(raw):
            raise QueryError(not_a_whole_number(self.label(name), low, high, raw), name)
        return check_range(name, int(raw), low, high, self.labels)

    def choice(self, name: str, options: Sequence[str], default: str) -> str:
        return check_choice(name, self.single(name) or default, options, self.labels)  # empty: the default

    def flag(self, name: str) -> bool:
        raw = self.single(name)
        if raw is None:
            return False
        if raw in TRUE:
            return True
        if raw in FALSE:
            return False
        raise QueryError(not_true_or_false(self.label(name), raw), name)

    def date(self, name: str) -> str | None:
        return check_date(name, self.single(name), self.labels)

    def query(self, config: Config) -> str:
        return check_query(self.single("q") or "", config, self.labels)

    def sources(self) -> tuple[str, ...]:
        given = list(self.values.get("source") or ())
        check_sources([s.strip() for s in given], self.labels)
        return tuple(dict.fromkeys(v.strip() for v in given if v.strip()))


def search_request(values: Values, config: Config, labels: Mapping[str, str] | None = None) -> SearchRequest:
    """``/api/search``'s parameters (and ``zoeklicht search``'s) as a checked ``SearchRequest``."""
    read = Reader(values, labels)
    return SearchRequest(
        q=read.query(config),
        sources=read.sources(),
        date_from=read.date("from"),
        date_to=read.date("to"),
        sort=read.choice("sort", SORTS, SORT_DEFAULT),
        page=read.integer("page", 1, 1, config.max_page),
        per_page=read.integer("per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE),
        group=read.choice("group", GROUPS, GROUP_DEFAULT),
        prefix=read.flag("prefix"),
    )


def kwic_request(values: Values, config: Config, labels: Mapping[str, str] | None = None) -> kwic.KwicRequest:
    """``/api/kwic``'s parameters: the search's filters, and KWIC's own sort and paging."""
    read = Reader(values, labels)
    return kwic.KwicRequest(
        q=read.query(config),
        sources=read.sources(),
        date_from=read.date("from"),
        date_to=read.date("to"),
        sort=read.choice("sort", kwic.SORTS, KWIC_SORT_DEFAULT),
        page=read.integer("page", 1, 1, config.max_page),
        per_page=read.integer("per_page", kwic.DEFAULT_PER_PAGE, 1, kwic.MAX_PER_PAGE),
        prefix=read.flag("prefix"),
    )


def export_request(
    values: Values, config: Config, labels: Mapping[str, str] | None = None
) -> tuple[SearchRequest, str, int]:
    """``/api/export``'s parameters: (the search, the format, the most rows wanted)."""
    read = Reader(values, labels)
    request = SearchRequest(
        q=read.query(config),
        sources=read.sources(),
        date_from=read.date("from"),
        date_to=read.date("to"),
        sort=read.choice("sort", SORTS, SORT_DEFAULT),
        group=read.choice("group", GROUPS, GROUP_DEFAULT),
        prefix=read.flag("prefix"),
    )
    fmt = read.choice("format", export.FORMATS, FORMAT_DEFAULT)
    limit = read.integer("limit", config.max_export, 1, config.max_export)
    return request, fmt, limit
