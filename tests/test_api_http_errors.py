"""HTTP errors of the API as RFC 9457 problems (Flask's test client, a real index): unknown
URLs, writes, oversized URLs, headers and bodies, and an unexpected error without internals.
"""

from __future__ import annotations

import logging

import pytest
import werkzeug.exceptions

from search.config import Config
from search.engine import Engine
from tests.api_answers import assert_problem
from web.app import create_app
from web.logs import RequestIdFilter
from web.security import MAX_BODY_BYTES, MAX_HEADER_BYTES, MAX_HEADER_LINE, url_limit


@pytest.mark.parametrize("path", ["/nope", "/api", "/api/", "/api/search/", "/api/articles/", "/static/nope.js"])
def test_unknown_url_is_404(seed_client, path):
    assert assert_problem(seed_client.get(path), 404)["detail"] == "There is nothing at this URL."


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize(
    "path", ["/api/search", "/api/suggest", "/api/articles/xss", "/api/stats", "/api/openapi.json", "/healthz", "/"]
)
def test_nothing_can_be_written(seed_client, method, path):
    r = seed_client.open(path, method=method)
    assert assert_problem(r, 405)["detail"] == "This URL only answers GET (and HEAD); nothing here can be changed."
    assert set(r.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


def test_url_over_the_limit_is_414(seed_client, seed_config):
    limit = url_limit(seed_config)
    base = "/api/search?q=trump&x="
    assert seed_client.get(base + "y" * (limit - len(base))).status_code == 200
    body = assert_problem(seed_client.get(base + "y" * (limit - len(base) + 1)), 414)
    assert str(limit) in body["detail"]


def test_url_limit_follows_config(tmp_path, seed_config):
    client = create_app(Config(index_dir=seed_config.index_dir, max_url_chars=100)).test_client()
    assert client.get("/api/search?q=" + "k" * 80).status_code == 200
    assert_problem(client.get("/api/search?q=" + "k" * 90), 414)


@pytest.mark.parametrize(
    "headers",
    [
        {"X-Big": "x" * MAX_HEADER_LINE},
        {f"X-Many-{i}": "x" * 4000 for i in range(MAX_HEADER_BYTES // 4000 + 1)},
    ],
)
def test_oversized_headers_are_431(seed_client, headers):
    assert_problem(seed_client.get("/api/stats", headers=headers), 431)


def test_a_header_just_under_the_limit_is_fine(seed_client):
    assert seed_client.get("/api/stats", headers={"X-Big": "x" * (MAX_HEADER_LINE - 20)}).status_code == 200


def test_a_request_body_is_413(seed_client):
    assert_problem(seed_client.open("/api/search", method="GET", data=b"x" * (MAX_BODY_BYTES + 1)), 413)


@pytest.mark.parametrize(("status", "kind"), [(410, "Gone"), (418, "ImATeapot"), (429, "TooManyRequests")])
def test_any_http_error_becomes_a_problem_with_werkzeugs_description(seed_config, status, kind):
    """Routes added later that abort with some other status still answer in the one shape."""
    app = create_app(seed_config)
    error = getattr(werkzeug.exceptions, kind)

    def broken() -> None:
        raise error()

    app.add_url_rule("/api/broken", view_func=broken)
    body = assert_problem(app.test_client().get("/api/broken"), status)
    assert body["detail"] == error.description


def test_unexpected_error_is_a_500_problem_without_internals(seed_config, monkeypatch, caplog):
    def broken(self, request):
        raise RuntimeError("secret detail /etc/zoeklicht")

    monkeypatch.setattr(Engine, "search", broken)
    client = create_app(seed_config).test_client()
    caplog.handler.addFilter(RequestIdFilter())
    with caplog.at_level(logging.ERROR, logger="web"):
        r = client.get("/api/search?q=trump", headers={"X-Request-Id": "req-500"})
    body = assert_problem(r, 500)
    assert body["detail"] == "The server failed to answer this request; the error has been logged."
    assert "secret" not in r.get_data(as_text=True)
    assert body["request_id"] == "req-500"
    (record,) = [rec for rec in caplog.records if rec.exc_info]
    assert record.request_id == "req-500"
    assert "secret detail" in caplog.text
