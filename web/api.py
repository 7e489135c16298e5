"""The JSON API: thin routes that turn parameters into engine calls and results into JSON.

GET responses that depend on the index carry ``Cache-Control: no-cache`` and a weak ETag
made from the serving generation and the request, so a repeated request is answered with
304 without searching again, and a new generation changes every ETag.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Callable
from dataclasses import asdict
from urllib.parse import quote

from flask import Blueprint, Response, current_app, jsonify, request, stream_with_context

from search import export as exports
from search.engine import Engine
from search.errors import NotFoundError

from . import params
from .engines import engine
from .security import TOTAL_COUNT_HEADER

bp = Blueprint("api", __name__)

API_VERSION = "2"  # part of every ETag: a changed response format must not match old ones
ARTICLE_ID = re.compile(r"[A-Za-z0-9._-]{1,200}\Z")
CACHE_CONTROL = "no-cache"  # store, but revalidate: the index can change at any moment


def _etag(generation: str) -> str:
    key = json.dumps([API_VERSION, generation, request.path, sorted(request.args.items(multi=True))])
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def _not_modified(etag: str) -> Response | None:
    if request.if_none_match.contains_weak(etag):
        response = Response(status=304)
        response.set_etag(etag, weak=True)
        response.headers["Cache-Control"] = CACHE_CONTROL
        return response
    return None


def _answer(make_body: Callable[[Engine], dict]) -> Response:
    """The body for the serving generation, or a 304 when the client has it already."""
    eng = engine()
    etag = _etag(eng.generation_name)
    if (cached := _not_modified(etag)) is not None:
        return cached
    response = jsonify(make_body(eng))
    response.set_etag(etag, weak=True)
    response.headers["Cache-Control"] = CACHE_CONTROL
    return response


@bp.get("/search")
def search() -> Response:
    config = current_app.config["ZOEKLICHT"]
    search_request = params.search_request(request.args, config)

    def body(eng: Engine) -> dict:
        result = eng.search(search_request)
        total = result.total_articles if search_request.group == "article" else result.total_paragraphs
        fields = asdict(result)
        return {
            "query": fields.pop("query"),
            "params": params.echo(search_request),
            **fields,
            "pages": min(math.ceil(total / search_request.per_page), config.max_page),
        }

    return _answer(body)


@bp.get("/suggest")
def suggest() -> Response:
    q = params.query_text(request.args, current_app.config["ZOEKLICHT"])
    return _answer(lambda eng: {"query": q, "completions": [asdict(c) for c in eng.suggest(q)]})


@bp.get("/articles/<article_id>")
def article(article_id: str) -> Response:
    q = params.query_text(request.args, current_app.config["ZOEKLICHT"])
    if not ARTICLE_ID.match(article_id):
        raise NotFoundError("no article has an id like that")
    prefix = params.flag(request.args, "prefix")
    return _answer(lambda eng: asdict(eng.article(article_id, q, prefix)))


@bp.get("/articles/<article_id>/related")
def related(article_id: str) -> Response:
    if not ARTICLE_ID.match(article_id):
        raise NotFoundError("no article has an id like that")
    return _answer(lambda eng: asdict(eng.related(article_id)))


@bp.get("/kwic")
def kwic() -> Response:
    kwic_request = params.kwic_request(request.args, current_app.config["ZOEKLICHT"])
    return _answer(lambda eng: asdict(eng.kwic(kwic_request)))


@bp.get("/export")
def export() -> Response:
    """All matches (up to the configured maximum) as CSV or JSON Lines, streamed as they are read."""
    search_request, fmt, limit = params.export_request(request.args, current_app.config["ZOEKLICHT"])
    total, rows = engine().export(search_request, limit)  # errors are raised here, before streaming
    name = exports.filename(
        search_request.q, search_request.sources, search_request.date_from, search_request.date_to, fmt
    )
    body = (chunk.encode("utf-8") for chunk in exports.chunks(rows, fmt))
    response = Response(stream_with_context(body), mimetype=exports.MEDIA_TYPES[fmt].split(";")[0])
    response.headers["Content-Type"] = exports.MEDIA_TYPES[fmt]
    response.headers["Content-Disposition"] = f"attachment; filename=\"{name}\"; filename*=UTF-8''{quote(name)}"
    response.headers[TOTAL_COUNT_HEADER] = str(total)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/stats")
def stats() -> Response:
    return _answer(lambda eng: asdict(eng.stats()))


@bp.get("/openapi.json")
def openapi_document() -> Response:
    document = current_app.extensions["zoeklicht_openapi"]
    response = jsonify(document)
    response.headers["Cache-Control"] = CACHE_CONTROL
    response.add_etag()
    return response.make_conditional(request)
