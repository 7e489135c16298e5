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
from dataclasses import asdict

from flask import Blueprint, Response, current_app, jsonify, request

from search.errors import NotFoundError

from . import params
from .engines import engine

bp = Blueprint("api", __name__)

API_VERSION = "1"  # part of every ETag: a changed response format must not match old ones
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


def _cached(body: dict, etag: str) -> Response:
    response = jsonify(body)
    response.set_etag(etag, weak=True)
    response.headers["Cache-Control"] = CACHE_CONTROL
    return response


@bp.get("/search")
def search() -> Response:
    config = current_app.config["ZOEKLICHT"]
    search_request = params.search_request(request.args, config)
    eng = engine()
    etag = _etag(eng.generation_name)
    if (cached := _not_modified(etag)) is not None:
        return cached
    result = eng.search(search_request)
    body = asdict(result)
    total = result.total_articles if search_request.group == "article" else result.total_paragraphs
    body = {
        "query": body.pop("query"),
        "params": params.echo(search_request),
        **body,
        "pages": min(math.ceil(total / search_request.per_page), config.max_page),
    }
    return _cached(body, etag)


@bp.get("/suggest")
def suggest() -> Response:
    config = current_app.config["ZOEKLICHT"]
    q = params.query_text(request.args, config)
    eng = engine()
    etag = _etag(eng.generation_name)
    if (cached := _not_modified(etag)) is not None:
        return cached
    completions = [asdict(c) for c in eng.suggest(q)]
    return _cached({"query": q, "completions": completions}, etag)


@bp.get("/articles/<article_id>")
def article(article_id: str) -> Response:
    config = current_app.config["ZOEKLICHT"]
    q = params.query_text(request.args, config)
    if not ARTICLE_ID.match(article_id):
        raise NotFoundError("no article has an id like that")
    eng = engine()
    etag = _etag(eng.generation_name)
    if (cached := _not_modified(etag)) is not None:
        return cached
    return _cached(asdict(eng.article(article_id, q, params.flag(request.args, "prefix"))), etag)


@bp.get("/stats")
def stats() -> Response:
    eng = engine()
    etag = _etag(eng.generation_name)
    if (cached := _not_modified(etag)) is not None:
        return cached
    return _cached(asdict(eng.stats()), etag)


@bp.get("/openapi.json")
def openapi_document() -> Response:
    document = current_app.extensions["zoeklicht_openapi"]
    response = jsonify(document)
    response.headers["Cache-Control"] = CACHE_CONTROL
    response.add_etag()
    return response.make_conditional(request)
