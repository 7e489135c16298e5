"""What every API response says in its headers (Flask's test client, real indexes): ETags and
304s, security and cache headers, CORS for configured origins, request ids.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from search.config import Config
from search.indexer import rebuild
from tests.tiny_corpus import build
from web.app import create_app

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


# -- caching ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/api/search?q=trump", "/api/suggest?q=onder", "/api/articles/xss?q=brief", "/api/stats"]
)
def test_repeated_request_with_etag_is_304(tiny_client, path):
    first = tiny_client.get(path)
    etag = first.headers["ETag"]
    assert etag.startswith('W/"')
    assert first.headers["Cache-Control"] == "no-cache"
    again = tiny_client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == etag
    assert tiny_client.get(path, headers={"If-None-Match": 'W/"other"'}).status_code == 200


def test_etag_depends_on_the_request_and_the_generation(tmp_path):
    config = build(tmp_path / "index", SEEDS)
    client = create_app(config).test_client()
    trump = client.get("/api/search?q=trump").headers["ETag"]
    assert client.get("/api/search?q=kim").headers["ETag"] != trump
    assert client.get("/api/search?q=trump&page=2").headers["ETag"] != trump
    newest = client.get("/api/search?q=trump&sort=newest").headers["ETag"]
    assert client.get("/api/search?sort=newest&q=trump").headers["ETag"] == newest  # same request, other order
    rebuild(config, [SEEDS])
    r = client.get("/api/search?q=trump", headers={"If-None-Match": trump})
    assert r.status_code == 200
    assert r.headers["ETag"] != trump


def test_openapi_document_is_cacheable(seed_client):
    first = seed_client.get("/api/openapi.json")
    assert seed_client.get("/api/openapi.json", headers={"If-None-Match": first.headers["ETag"]}).status_code == 304


# -- headers: security, CORS, request ids -----------------------------------------------------


@pytest.mark.parametrize(
    ("path", "cache_control"),
    [
        ("/api/search?q=trump", "no-cache"),  # store, but ask again: the index can change
        ("/api/stats", "no-cache"),
        ("/", "no-cache"),
        ("/nope", "no-store"),  # problems are never stored
        ("/api/search?page=0", "no-store"),
        ("/healthz", "no-store"),  # health is about now
        ("/readyz", "no-store"),
    ],
)
def test_security_and_cache_headers_on_every_response(seed_client, path, cache_control):
    with seed_client.get(path) as response:  # the page is a file response: close it
        headers = response.headers
    assert headers["Cache-Control"] == cache_control
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"


def test_no_cors_headers_by_default(seed_client):
    r = seed_client.get("/api/search?q=trump", headers={"Origin": "https://elders.example"})
    assert "Access-Control-Allow-Origin" not in r.headers


def test_cors_for_a_configured_origin(seed_config):
    config = Config(index_dir=seed_config.index_dir, cors_origins="https://krant.example, https://b.example")
    client = create_app(config).test_client()
    r = client.get("/api/search?q=trump", headers={"Origin": "https://krant.example"})
    assert r.headers["Access-Control-Allow-Origin"] == "https://krant.example"
    assert "ETag" in r.headers["Access-Control-Expose-Headers"]
    export = client.get("/api/export?q=trump&format=csv", headers={"Origin": "https://krant.example"})
    exposed = {h.strip().lower() for h in export.headers["Access-Control-Expose-Headers"].split(",")}
    # a script on the newsroom's page names the file and shows the count from these
    assert {"content-disposition", "x-total-count"} <= exposed
    assert export.headers["X-Total-Count"].isdigit()
    other = client.get("/api/search?q=trump", headers={"Origin": "https://krantXexample"})
    assert "Access-Control-Allow-Origin" not in other.headers
    preflight = client.options(
        "/api/search",
        headers={"Origin": "https://b.example", "Access-Control-Request-Method": "GET"},
    )
    assert preflight.headers["Access-Control-Allow-Origin"] == "https://b.example"
    assert "POST" not in preflight.headers["Access-Control-Allow-Methods"]


@pytest.mark.parametrize(
    ("incoming", "kept"),
    [("abc-123", True), ("a" * 128, True), ("a" * 129, False), ("bad id", False), ("<x>", False), (None, False)],
)
def test_request_id(seed_client, incoming, kept):
    headers = {"X-Request-Id": incoming} if incoming is not None else {}
    r = seed_client.get("/api/stats", headers=headers)
    echoed = r.headers["X-Request-Id"]
    if kept:
        assert echoed == incoming
    else:
        assert echoed != incoming and re.fullmatch(r"[0-9a-f]{32}", echoed)
    problem = seed_client.get("/nope", headers={"X-Request-Id": "abc-123"}).get_json(force=True)
    assert problem["request_id"] == "abc-123"
