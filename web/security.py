"""Guards that run on every request: request ids, size limits, security headers, CORS.

Limits (the app's own, answered as problem+json; gunicorn's are set looser so that it
never answers first, see ``web/gunicorn_conf.py``):

- the request target (path and query, as sent) longer than ``url_limit(config)`` → 414;
- one header line (name, ": " and value) longer than ``MAX_HEADER_LINE`` bytes, or all
  headers together longer than ``MAX_HEADER_BYTES`` → 431;
- a request body (no endpoint takes one) longer than ``MAX_BODY_BYTES`` → 413.
"""

from __future__ import annotations

import logging
import re
import uuid
from urllib.parse import quote

from flask import Flask, Response, g, request
from flask_cors import CORS

from search.config import Config

from .errors import problem

log = logging.getLogger(__name__)

# gunicorn settings that `zoeklicht serve` and the tests pass: its request line limit at its
# maximum, its header limits above the app's, so the app answers oversized input itself.
GUNICORN_LINE_LIMIT = 8190  # gunicorn's maximum for --limit-request-line (0 would be unbounded)
# The longest request target that still fits in gunicorn's request line next to any method
# ("OPTIONS ", 8 bytes) and " HTTP/1.1" (9 bytes), with room to spare.
URL_CEILING = GUNICORN_LINE_LIMIT - 64
MAX_HEADER_LINE = 8190
MAX_HEADER_BYTES = 32768
MAX_BODY_BYTES = 1024

REQUEST_ID_HEADER = "X-Request-Id"
TOTAL_COUNT_HEADER = "X-Total-Count"  # how many an export matches (more than its rows when capped)
# What a page on another (configured) origin may read of an answer: without the export's
# headers, its file name and row count would be hidden from the script that asked for it.
EXPOSED_HEADERS = ["ETag", REQUEST_ID_HEADER, "Content-Disposition", TOTAL_COUNT_HEADER]
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}\Z")

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def url_limit(config: Config) -> int:
    """The longest request target the app answers; ``max_url_chars``, kept below gunicorn's."""
    return min(config.max_url_chars, URL_CEILING)


def _request_target() -> str:
    environ = request.environ
    raw = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if raw is None:
        query = environ.get("QUERY_STRING", "")
        raw = quote(environ.get("PATH_INFO", "")) + ("?" + query if query else "")
    return raw


def _assign_request_id() -> None:
    incoming = request.headers.get(REQUEST_ID_HEADER, "")
    g.request_id = incoming if _SANE_REQUEST_ID.match(incoming) else uuid.uuid4().hex


def _check_sizes(limit: int) -> Response | None:
    # WSGI strings are latin-1 decoded bytes, so len() counts bytes.
    target = len(_request_target())
    if target > limit:
        return problem(414, f"The URL is {target} characters long; the limit is {limit}.")
    total = 0
    for name, value in request.headers.items():
        line = len(name) + 2 + len(value)
        total += line + 2
        if line > MAX_HEADER_LINE:
            return problem(431, f"The {name} header is {line} bytes long; the limit is {MAX_HEADER_LINE}.")
    if total > MAX_HEADER_BYTES:
        return problem(431, f"The headers are {total} bytes long together; the limit is {MAX_HEADER_BYTES}.")
    length = request.content_length
    if length is not None and length > MAX_BODY_BYTES:
        return problem(413, f"The request body is {length} bytes long; no endpoint accepts more than {MAX_BODY_BYTES}.")
    return None


def _finish(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    response.headers.setdefault("Cache-Control", "no-store")
    request_id = g.get("request_id")
    if request_id:
        response.headers[REQUEST_ID_HEADER] = request_id
    return response


def init_cors(app: Flask, config: Config) -> None:
    """Same-origin only unless ``cors_origins`` names others ("*" for any)."""
    origins = config.cors_origin_list
    if not origins:
        return
    patterns: list[str | re.Pattern[str]] = [
        "*" if o == "*" else re.compile(re.escape(o.rstrip("/")) + r"\Z", re.IGNORECASE) for o in origins
    ]
    CORS(
        app,
        resources={r"/api/*": {"origins": patterns}},
        methods=["GET", "HEAD", "OPTIONS"],
        allow_headers=["If-None-Match", REQUEST_ID_HEADER],
        expose_headers=EXPOSED_HEADERS,
        supports_credentials=False,
        max_age=600,
    )


def _answer_options() -> Response | None:
    """OPTIONS on a route: 204 and the methods it allows (Flask's own answer was an empty HTML
    200). A CORS preflight gets its headers added to this answer by flask-cors."""
    if request.method != "OPTIONS" or request.routing_exception is not None or request.url_rule is None:
        return None
    allowed = sorted(request.url_rule.methods or ())
    response = Response(status=204, headers={"Allow": ", ".join(allowed)})
    del response.headers["Content-Type"]  # no body, so no type
    return response


def refuse_redirects(app: Flask) -> None:
    """werkzeug redirects ``/api//stats`` to ``/api/stats`` with a Location built from the
    request's Host header; with slash merging off, such URLs are simply not found (a 404
    problem). No route ends in a slash, so werkzeug's other redirect (adding one) never applies."""
    app.url_map.merge_slashes = False
    for rule in app.url_map.iter_rules():  # rules added before this call (Flask's static route)
        rule.merge_slashes = False


def register(app: Flask, config: Config) -> None:
    refuse_redirects(app)
    limit = url_limit(config)
    if limit < config.max_url_chars:
        log.warning("max_url_chars=%d is past what gunicorn reads; 414 from %d on", config.max_url_chars, limit + 1)
    app.before_request(_assign_request_id)  # first: every later answer carries the id
    app.before_request(lambda: _check_sizes(limit))
    app.before_request(_answer_options)
    app.after_request(_finish)
    init_cors(app, config)
