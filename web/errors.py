"""Every error becomes one shape: an RFC 9457 ``application/problem+json`` body.

``type`` is ``about:blank`` (the status says what kind of problem it is), ``title`` the
status phrase, ``detail`` what went wrong in words meant for the person who sent the
request. A 400 also names the offending ``parameter``; every problem carries the
``request_id`` that the logs show. Nothing internal (tracebacks, paths) ever leaves.
"""

from __future__ import annotations

import json
import logging
from http import HTTPStatus

from flask import Flask, Response, g
from werkzeug.exceptions import HTTPException

from search.errors import NoIndexError, NotFoundError, QueryError

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"
RETRY_AFTER_S = 5  # a missing index is usually being built right now


def problem(status: int, detail: str, *, headers: dict[str, str] | None = None, **extra: object) -> Response:
    """A problem response; ``extra`` becomes RFC 9457 extension members (``parameter``)."""
    body: dict[str, object] = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        **extra,
    }
    request_id = g.get("request_id")
    if request_id:
        body["request_id"] = request_id
    response = Response(json.dumps(body, ensure_ascii=False), status, mimetype=PROBLEM_JSON)
    response.headers["Cache-Control"] = "no-store"
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _query_error(error: QueryError) -> Response:
    detail = str(error)
    if not detail.startswith(f"{error.parameter} "):
        detail = f"{error.parameter}: {detail}"
    return problem(400, detail, parameter=error.parameter)


def _not_found(error: NotFoundError) -> Response:
    return problem(404, str(error))


def _no_index(error: NoIndexError) -> Response:
    log.warning("no index: %s", error)
    return problem(
        503, "No search index is available yet; try again shortly.", headers={"Retry-After": str(RETRY_AFTER_S)}
    )


def _http_error(error: HTTPException) -> Response:
    code = error.code or 500
    headers = {}
    if code == 405:  # keep the Allow header werkzeug computed
        headers = {k: v for k, v in error.get_headers() if k.lower() == "allow"}
    detail = {
        404: "There is nothing at this URL.",
        405: "This URL only answers GET (and HEAD); nothing here can be changed.",
    }.get(code, error.description or HTTPStatus(code).description)
    return problem(code, detail, headers=headers)


def _unexpected(error: Exception) -> Response:
    """A bug: log the traceback with the request id, tell the client nothing internal."""
    log.error("unhandled error", exc_info=error)
    return problem(500, "The server failed to answer this request; the error has been logged.")


def register(app: Flask) -> None:
    app.register_error_handler(QueryError, _query_error)
    app.register_error_handler(NotFoundError, _not_found)
    app.register_error_handler(NoIndexError, _no_index)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)
