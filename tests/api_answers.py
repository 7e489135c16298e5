"""Reading the HTTP API's answers in tests: a search that must succeed, its hits and marks, and
the one RFC 9457 shape every error must have."""

from __future__ import annotations

import re
from http import HTTPStatus

PROBLEM = "application/problem+json"


def search(client, **params):
    r = client.get("/api/search", query_string=params)
    assert (r.status_code, r.mimetype) == (200, "application/json"), r.get_data(as_text=True)
    return r.get_json()


def hit_ids(body) -> list[str]:
    return [h["id"] for h in body["hits"]]


def marked(snippet: str) -> list[str]:
    return re.findall(r"<mark>(.*?)</mark>", snippet)


PROBLEM_MEMBERS = {"type", "title", "status", "detail"}
PROBLEM_EXTENSIONS = {"parameter", "request_id"}


def assert_problem(r, status: int, parameter: str | None = None) -> dict:
    """One RFC 9457 shape for every error; never stored by a cache (a 503 during a build or a
    400 must not be served again from a proxy once the index or the request is fine)."""
    assert (r.status_code, r.mimetype) == (status, PROBLEM), r.get_data(as_text=True)
    assert r.headers["Cache-Control"] == "no-store"
    body = r.get_json(force=True)
    assert PROBLEM_MEMBERS <= body.keys() <= PROBLEM_MEMBERS | PROBLEM_EXTENSIONS
    assert body["status"] == status
    assert body["type"] == "about:blank"
    assert body["title"] == HTTPStatus(status).phrase
    assert body["detail"]
    assert "Traceback" not in body["detail"]
    if parameter is not None:
        assert body["parameter"] == parameter
        assert body["detail"].split()[0].rstrip(":") == parameter
    return body
