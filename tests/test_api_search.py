"""Searching through the HTTP API (Flask's test client, real indexes of the seeds and of
``tests/tiny_corpus.py``): ranking, marks, facets, filters, pages, did-you-mean and syntax.
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from tests.api_answers import assert_problem, hit_ids, marked, search
from tests.tiny_corpus import build, write_tiny
from web.app import create_app


def test_search_ranks_articles_and_marks_the_query_words(seed_client):
    body = search(seed_client, q="onderhandelingen")
    assert body["query"] == "onderhandelingen"
    assert (body["total_articles"], body["total_paragraphs"]) == (4, 8)  # onderhandelingskamer: a compound of it
    assert hit_ids(body) == [
        "001_7f824c05e3695702:8",
        "002_caf8ec7543da77c5:7",
        "000_ebc508246efc8cf3:9",
        "004_4ec734f60fdfd72d:1",
    ]
    first = body["hits"][0]
    assert first["article_id"] == "001_7f824c05e3695702"
    assert first["paragraph"] == 8
    assert first["section"] == "Onderhandelingen"
    assert first["matching_paragraphs"] == 2
    assert [h["score"] for h in body["hits"]] == sorted((h["score"] for h in body["hits"]), reverse=True)
    for hit in body["hits"]:
        words = marked(hit["snippet"])
        assert words, hit["snippet"]
        assert all(w.lower().startswith("onderhandel") for w in words)


def test_search_echoes_every_parameter(seed_client):
    body = search(
        seed_client, q="kim", source=["seeds"], to="2021", sort="oldest", page=2, per_page=2, group="paragraph"
    )
    assert body["params"] == {
        "q": "kim",
        "source": ["seeds"],
        "from": None,
        "to": "2021",
        "sort": "oldest",
        "page": 2,
        "per_page": 2,
        "group": "paragraph",
        "prefix": False,
    }
    assert (body["page"], body["per_page"]) == (2, 2)
    assert body["took_ms"] >= 0
    assert body["partial"] is False


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("newest", ["003_b4ec18b8cba0ac6d", "004_4ec734f60fdfd72d"]),
        ("oldest", ["004_4ec734f60fdfd72d", "003_b4ec18b8cba0ac6d"]),
        ("relevance", ["003_b4ec18b8cba0ac6d", "004_4ec734f60fdfd72d"]),  # empty q: newest first
    ],
)
def test_empty_query_lists_articles_by_date(seed_client, sort, expected):
    body = search(seed_client, q="", sort=sort)
    articles = [h["article_id"] for h in body["hits"]]
    assert articles[:2] == expected
    assert body["total_articles"] == 5
    assert [h["date"] for h in body["hits"]][:2] == (
        ["2021-02", "2018-05"] if expected[0][:3] == "003" else ["2018-05", "2021-02"]
    )
    assert body["hits"][0]["date_precision"] == "month"


def test_facets_count_articles_per_source_and_year(seed_client):
    body = search(seed_client, q="trump")
    assert body["facets"] == {
        "source": [{"value": "seeds", "count": 5}],
        "year": [{"value": "2021", "count": 1}, {"value": "2018", "count": 1}],
    }


def test_facets_and_filters_on_two_sources(tiny_client):
    body = search(tiny_client, q="begroting")
    assert body["facets"]["source"] == [{"value": "krant", "count": 2}, {"value": "lab", "count": 1}]
    assert body["facets"]["year"] == [
        {"value": "2021", "count": 1},
        {"value": "2020", "count": 1},
        {"value": "2019", "count": 1},
    ]
    only_krant = search(tiny_client, q="begroting", source="krant")
    assert {h["source"] for h in only_krant["hits"]} == {"krant"}
    assert only_krant["total_articles"] == 2
    # a facet ignores its own filter: the other source stays visible, with its count
    assert only_krant["facets"]["source"] == body["facets"]["source"]
    both = search(tiny_client, q="begroting", source=["krant", "lab"])
    assert both["total_articles"] == 3


@pytest.mark.parametrize(
    ("params", "articles"),
    [
        ({"from": "2020"}, ["raad-2021", "xss"]),
        ({"to": "2019-12-31"}, ["raad-2019"]),
        ({"from": "2019-06-15", "to": "2020-03"}, ["raad-2019", "xss"]),  # a month overlaps a day
        ({"from": "2022"}, []),
    ],
)
def test_date_filters(tiny_client, params, articles):
    body = search(tiny_client, q="begroting", sort="oldest", **params)
    assert sorted(h["article_id"] for h in body["hits"]) == articles


def test_paragraph_grouping_and_pages(seed_client):
    first = search(seed_client, q="trump", group="paragraph", per_page=5)
    second = search(seed_client, q="trump", group="paragraph", per_page=5, page=2)
    assert len(first["hits"]) == len(second["hits"]) == 5
    assert not set(hit_ids(first)) & set(hit_ids(second))
    assert first["pages"] == -(-first["total_paragraphs"] // 5)
    by_article = search(seed_client, q="trump", per_page=5)
    assert len({h["article_id"] for h in by_article["hits"]}) == len(by_article["hits"])
    assert by_article["pages"] == 1


def test_pages_stop_at_the_deepest_page_allowed(tmp_path):
    config = build(tmp_path / "index", write_tiny(tmp_path / "corpus"))
    client = create_app(replace(config, max_page=2)).test_client()
    body = search(client, q="begroting", per_page=1)
    assert (body["total_articles"], body["pages"]) == (3, 2)  # three articles, but only two pages to ask for
    assert len(search(client, q="begroting", per_page=1, page=2)["hits"]) == 1
    assert_problem(client.get("/api/search", query_string={"q": "begroting", "per_page": 1, "page": 3}), 400, "page")
    assert search(client, q="begroting", per_page=2)["pages"] == 2


def test_prefix_completes_the_last_word(seed_client):
    assert search(seed_client, q="ontmoe")["total_paragraphs"] == 0
    body = search(seed_client, q="ontmoe", prefix="1")
    assert body["total_articles"] == 5
    assert body["params"]["prefix"] is True
    assert all(w.lower().startswith("ontmoe") for h in body["hits"] for w in marked(h["snippet"]))


@pytest.mark.parametrize(
    ("q", "suggestion"),
    [
        ("ontmoetign", "ontmoeting"),
        ("trmp", "Trump"),  # as the articles usually write it
        ("onderhandelingn", "onderhandelingen"),
    ],
)
def test_did_you_mean_for_a_misspelling(seed_client, q, suggestion):
    assert search(seed_client, q=q)["did_you_mean"] == suggestion


def test_no_did_you_mean_when_the_word_is_known(seed_client):
    assert search(seed_client, q="trump")["did_you_mean"] is None


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ('"witte huis"', {"000_ebc508246efc8cf3"}),
        ("title:vastberaden", {"004_4ec734f60fdfd72d"}),
        ("kim -trump", set()),
    ],
)
def test_query_syntax(seed_client, q, expected):
    body = search(seed_client, q=q)
    articles = {h["article_id"] for h in body["hits"]}
    assert articles >= expected if expected else not articles


@pytest.mark.parametrize(
    ("q", "articles"),
    [
        ("source:krant begroting", ["raad-2019", "raad-2021"]),
        ("source:lab begroting", ["xss"]),
        ("source:Krant begroting", ["raad-2019", "raad-2021"]),  # source names are not case-sensitive
        ("begroting -source:krant", ["xss"]),
        ("source:nergens begroting", []),
        ("begroting", ["raad-2019", "raad-2021", "xss"]),
    ],
)
def test_source_syntax_leaves_other_sources_out(tiny_client, q, articles):
    body = search(tiny_client, q=q)
    assert sorted(h["article_id"] for h in body["hits"]) == articles
    assert body["total_articles"] == len(articles)


def test_snippets_escape_markup_and_keep_only_mark_tags(tiny_client):
    body = search(tiny_client, q="alert")
    (hit,) = body["hits"]
    snippet = hit["snippet"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in snippet.replace("<mark>", "").replace("</mark>", "")
    assert "&lt;img src=x onerror=alert(1)&gt;" in snippet.replace("<mark>", "").replace("</mark>", "")
    assert "&amp;" in snippet
    assert re.findall(r"</?[a-z][^>]*>", snippet) == ["<mark>", "</mark>"] * 2
    assert marked(snippet) == ["alert", "alert"]


def test_json_is_utf8_not_ascii_escaped(seed_client):
    r = seed_client.get("/api/search", query_string={"q": "geïsoleerde"})
    assert "geïsoleerde".encode() in r.data
    assert b"\\u00ef" not in r.data
