"""Completing, reading and describing through the HTTP API (Flask's test client, real
indexes): suggest, an article with its marks, stats and health, a new generation, the page.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from search.config import Config
from search.engine import Engine
from search.indexer import rebuild
from tests.api_answers import assert_problem, marked, search
from tests.tiny_corpus import build, write_tiny
from web.app import create_app
from web.errors import RETRY_AFTER_S

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


# -- suggest ----------------------------------------------------------------------------------


def test_suggest_completes_the_word_being_typed(seed_client):
    r = seed_client.get("/api/suggest", query_string={"q": "kim onder"})
    assert r.status_code == 200
    body = r.get_json()
    assert body["query"] == "kim onder"
    words = [c["word"] for c in body["completions"]]
    assert words[0] == "onderhandelingen"
    assert set(words) >= {"onderhandeling", "onderhandelaars", "onderhoud"}
    assert all(w.startswith("onder") for w in words)
    counts = [c["count"] for c in body["completions"]]
    assert counts == sorted(counts, reverse=True)


@pytest.mark.parametrize(("q", "expected"), [("", 0), ("onder ", 0), ("de", 10), ("e", 10), ("onderh", 5)])
def test_suggest_caps_or_stays_empty(seed_client, q, expected):
    """Ten completions at most, all starting with the word being typed; none after a space."""
    completions = seed_client.get("/api/suggest", query_string={"q": q}).get_json()["completions"]
    assert len(completions) == expected
    assert all(c["word"].lower().startswith(q) for c in completions)


# -- articles ---------------------------------------------------------------------------------


def test_article_has_metadata_and_every_paragraph(seed_client):
    r = seed_client.get("/api/articles/001_7f824c05e3695702")
    assert r.status_code == 200
    body = r.get_json()
    assert body["id"] == "001_7f824c05e3695702"
    assert body["title"].startswith("update/videoAmerika en Noord-Korea")
    assert body["marked"] is False
    numbers = [p["number"] for p in body["paragraphs"]]
    assert numbers == list(range(len(numbers)))
    headings = [p["heading"] for p in body["paragraphs"]]
    assert headings[3] == "Grote eer" and headings[8] == "Onderhandelingen"
    assert not any(p["matches"] or "<mark>" in p["text"] for p in body["paragraphs"])


def test_article_marks_the_query(seed_client):
    body = seed_client.get("/api/articles/001_7f824c05e3695702", query_string={"q": "onderhandelingen"}).get_json()
    assert body["marked"] is True
    matching = [p["number"] for p in body["paragraphs"] if p["matches"]]
    assert 8 in matching
    # a paragraph matches through its own words: its text, or the section heading it sits under
    assert all(p["matches"] == ("<mark>" in p["text"] or "Onderhandel" in p["heading"]) for p in body["paragraphs"])
    assert all(w.lower().startswith("onderhandel") for p in body["paragraphs"] for w in marked(p["text"]))


def test_article_text_is_escaped_only_when_marked(tiny_client):
    plain = tiny_client.get("/api/articles/xss").get_json()
    assert "<script>alert(1)</script>" in plain["paragraphs"][0]["text"]  # plain text: the page escapes it
    html = tiny_client.get("/api/articles/xss", query_string={"q": "brief"}).get_json()
    text = html["paragraphs"][0]["text"]
    assert "&lt;script&gt;" in text and "<script>" not in text and "<img" not in text
    assert re.findall(r"</?[a-z][^>]*>", text) == ["<mark>", "</mark>"]


def test_reader_marks_an_as_you_type_prefix(seed_client):
    r = seed_client.get("/api/articles/000_ebc508246efc8cf3", query_string={"q": "ontmoe", "prefix": "1"})
    assert r.status_code == 200 and r.json["marked"]
    assert any("<mark>ontmoeting</mark>" in p["text"] for p in r.json["paragraphs"])


@pytest.mark.parametrize("article_id", ["nope", "001_7f824c05e3695702x", "a b", "..", "%00", "x" * 300])
def test_unknown_article_is_404(seed_client, article_id):
    detail = assert_problem(seed_client.get(f"/api/articles/{article_id}"), 404)["detail"]
    possible = re.fullmatch(r"[A-Za-z0-9._-]{1,200}", article_id)  # the shape of an article id
    assert detail == (f"no article with id {article_id!r}" if possible else "no article has an id like that")


# -- stats, health ----------------------------------------------------------------------------


def test_stats_describe_the_index(seed_client, seed_config):
    body = seed_client.get("/api/stats").get_json()
    assert body["generation"] == Engine(seed_config).generation_name
    assert (body["articles"], body["paragraphs"]) == (5, 56)
    assert body["sources"] == [{"value": "seeds", "count": 56}]
    assert (body["date_min"], body["date_max"]) == ("2018-05-01", "2021-02-28")
    assert body["analyzer"] and "snowball" in body["stemmer"]
    assert body["built_at"][:2] == "20"


def test_health_and_readiness(seed_client):
    assert seed_client.get("/healthz").get_json() == {"status": "ok"}
    ready = seed_client.get("/readyz").get_json()
    assert ready["status"] == "ready" and ready["generation"].startswith("gen-")


def test_app_started_before_any_index_becomes_ready(tmp_path):
    config = Config(index_dir=tmp_path / "index")
    client = create_app(config).test_client()
    assert client.get("/healthz").status_code == 200
    for path in ("/readyz", "/api/search?q=trump", "/api/stats", "/api/suggest?q=on", "/api/articles/x"):
        r = client.get(path)
        assert assert_problem(r, 503)["detail"] == "No search index is available yet; try again shortly."
        assert r.headers["Retry-After"] == str(RETRY_AFTER_S)
    rebuild(config, [SEEDS])
    assert client.get("/readyz").status_code == 200
    assert search(client, q="trump")["total_articles"] == 5


def test_a_new_generation_is_served_from_the_next_request(tmp_path):
    config = build(tmp_path / "index", SEEDS)
    client = create_app(config).test_client()
    before = client.get("/api/stats").get_json()["generation"]
    assert search(client, q="gemeenteraad")["total_articles"] == 0
    rebuild(config, [SEEDS, write_tiny(tmp_path / "tiny")])
    after = client.get("/api/stats").get_json()
    assert after["generation"] != before
    assert after["articles"] == 8
    assert search(client, q="gemeenteraad")["total_articles"] == 3


# -- the page ---------------------------------------------------------------------------------


def test_index_html_at_root_and_assets_under_static(seed_config, tmp_path):
    (tmp_path / "index.html").write_text("<!doctype html><title>Zoeklicht</title>", encoding="utf-8")
    (tmp_path / "app.js").write_text("console.log('zoek')", encoding="utf-8")
    client = create_app(seed_config, static_dir=tmp_path).test_client()
    with client.get("/") as page:
        assert (page.status_code, page.mimetype) == (200, "text/html")
        assert b"<title>Zoeklicht</title>" in page.data
        assert page.headers["Content-Security-Policy"].startswith("default-src 'self'")
    with client.get("/static/app.js") as script:
        assert script.status_code == 200 and script.mimetype in ("text/javascript", "application/javascript")
    assert_problem(client.get("/static/missing.js"), 404)
