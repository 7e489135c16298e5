"""werkzeug's MultiDict in, the library's checked requests out.

The rules, their limits and their messages belong to ``search.validation`` (the CLI and the
engine use them too); this module only adapts the web's container and echoes a request under
the API's parameter names.
"""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from search import kwic, validation
from search.config import Config
from search.results import SearchRequest


def values(args: MultiDict[str, str]) -> dict[str, list[str]]:
    """Every value of every parameter, in the order sent."""
    return args.to_dict(flat=False)


def search_request(args: MultiDict[str, str], config: Config) -> SearchRequest:
    return validation.search_request(values(args), config)


def kwic_request(args: MultiDict[str, str], config: Config) -> kwic.KwicRequest:
    return validation.kwic_request(values(args), config)


def export_request(args: MultiDict[str, str], config: Config) -> tuple[SearchRequest, str, int]:
    return validation.export_request(values(args), config)


def query_text(args: MultiDict[str, str], config: Config) -> str:
    return validation.Reader(values(args)).query(config)


def flag(args: MultiDict[str, str], name: str) -> bool:
    return validation.Reader(values(args)).flag(name)


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
