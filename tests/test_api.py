"""The HTTP contract through Flask's test client, on real tiny indexes built from files."""

from __future__ import annotations

import json
import logging
import re
from dataclasses import replace
from http import HTTPStatus
from pathlib import Path

import pytest
import werkzeug.exceptions

from search.config import Config
from search.engine import Engine
from search.indexer import rebuild
from web.app import create_app
from web.errors import RETRY_AFTER_S
from web.logs import RequestIdFilter
from web.security import MAX_BODY_BYTES, MAX_HEADER_BYTES, MAX_HEADER_LINE, url_limit

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
PROBLEM = "application/problem+json"

# A corpus with markup in its text, two sources and dated articles.
TINY = [
    {
        "id": "xss",
        "source": "lab",
        "date": "2020-03-04",
        "title": "Brief aan de <b>redactie</b>",
        "text": "De redactie ontving een brief met <script>alert(1)</script> en <img src=x onerror=alert(1)> "
        "over de gemeenteraad & de begroting.",
    },
    {
        "id": "raad-2019",
        "source": "krant",
        "date": "2019-06",
        "title": "Gemeenteraad vergadert",
        "text": "De gemeenteraad vergaderde urenlang over de begroting.",
    },
    {
        "id": "raad-2021",
        "source": "krant",
        "date": "2021-01-15",
        "title": "Gemeenteraad stemt in",
        "text": "De gemeenteraad stemde in met de begroting.\n\nFietsen\n\nDe fietspaden worden breder.",
    },
]


def build(index_dir: Path, *paths: Path) -> Config:
    config = Config(index_dir=index_dir)
    rebuild(config, list(paths))
    return config


def write_tiny(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "tiny.jsonl"
    path.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in TINY), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def seeds_config(tmp_path_factory) -> Config:
    return build(tmp_path_factory.mktemp("seeds-index"), SEEDS)


@pytest.fixture(scope="module")
def client(seeds_config):
    return create_app(seeds_config).test_client()


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    root = tmp_path_factory.mktemp("tiny")
    config = build(root / "index", write_tiny(root / "corpus"))
    return create_app(config).test_client()


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


# -- search -------------------------------------------------------------------------------------


def test_search_ranks_articles_and_marks_the_query_words(client):
    body = search(client, q="onderhandelingen")
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


def test_search_echoes_every_parameter(client):
    body = search(client, q="kim", source=["seeds"], to="2021", sort="oldest", page=2, per_page=2, group="paragraph")
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
def test_empty_query_lists_articles_by_date(client, sort, expected):
    body = search(client, q="", sort=sort)
    articles = [h["article_id"] for h in body["hits"]]
    assert articles[:2] == expected
    assert body["total_articles"] == 5
    assert [h["date"] for h in body["hits"]][:2] == (
        ["2021-02", "2018-05"] if expected[0][:3] == "003" else ["2018-05", "2021-02"]
    )
    assert body["hits"][0]["date_precision"] == "month"


def test_facets_count_articles_per_source_and_year(client):
    body = search(client, q="trump")
    assert body["facets"] == {
        "source": [{"value": "seeds", "count": 5}],
        "year": [{"value": "2021", "count": 1}, {"value": "2018", "count": 1}],
    }


def test_facets_and_filters_on_two_sources(tiny):
    body = search(tiny, q="begroting")
    assert body["facets"]["source"] == [{"value": "krant", "count": 2}, {"value": "lab", "count": 1}]
    assert body["facets"]["year"] == [
        {"value": "2021", "count": 1},
        {"value": "2020", "count": 1},
        {"value": "2019", "count": 1},
    ]
    only_krant = search(tiny, q="begroting", source="krant")
    assert {h["source"] for h in only_krant["hits"]} == {"krant"}
    assert only_krant["total_articles"] == 2
    # a facet ignores its own filter: the other source stays visible, with its count
    assert only_krant["facets"]["source"] == body["facets"]["source"]
    both = search(tiny, q="begroting", source=["krant", "lab"])
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
def test_date_filters(tiny, params, articles):
    body = search(tiny, q="begroting", sort="oldest", **params)
    assert sorted(h["article_id"] for h in body["hits"]) == articles


def test_paragraph_grouping_and_pages(client):
    first = search(client, q="trump", group="paragraph", per_page=5)
    second = search(client, q="trump", group="paragraph", per_page=5, page=2)
    assert len(first["hits"]) == len(second["hits"]) == 5
    assert not set(hit_ids(first)) & set(hit_ids(second))
    assert first["pages"] == -(-first["total_paragraphs"] // 5)
    by_article = search(client, q="trump", per_page=5)
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


def test_prefix_completes_the_last_word(client):
    assert search(client, q="ontmoe")["total_paragraphs"] == 0
    body = search(client, q="ontmoe", prefix="1")
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
def test_did_you_mean_for_a_misspelling(client, q, suggestion):
    assert search(client, q=q)["did_you_mean"] == suggestion


def test_no_did_you_mean_when_the_word_is_known(client):
    assert search(client, q="trump")["did_you_mean"] is None


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ('"witte huis"', {"000_ebc508246efc8cf3"}),
        ("title:vastberaden", {"004_4ec734f60fdfd72d"}),
        ("kim -trump", set()),
    ],
)
def test_query_syntax(client, q, expected):
    body = search(client, q=q)
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
def test_source_syntax_leaves_other_sources_out(tiny, q, articles):
    body = search(tiny, q=q)
    assert sorted(h["article_id"] for h in body["hits"]) == articles
    assert body["total_articles"] == len(articles)


def test_snippets_escape_markup_and_keep_only_mark_tags(tiny):
    body = search(tiny, q="alert")
    (hit,) = body["hits"]
    snippet = hit["snippet"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in snippet.replace("<mark>", "").replace("</mark>", "")
    assert "&lt;img src=x onerror=alert(1)&gt;" in snippet.replace("<mark>", "").replace("</mark>", "")
    assert "&amp;" in snippet
    assert re.findall(r"</?[a-z][^>]*>", snippet) == ["<mark>", "</mark>"] * 2
    assert marked(snippet) == ["alert", "alert"]


def test_json_is_utf8_not_ascii_escaped(client):
    r = client.get("/api/search", query_string={"q": "geïsoleerde"})
    assert "geïsoleerde".encode() in r.data
    assert b"\\u00ef" not in r.data


# -- suggest ------------------------------------------------------------------------------------


def test_suggest_completes_the_word_being_typed(client):
    r = client.get("/api/suggest", query_string={"q": "kim onder"})
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
def test_suggest_caps_or_stays_empty(client, q, expected):
    """Ten completions at most, all starting with the word being typed; none after a space."""
    completions = client.get("/api/suggest", query_string={"q": q}).get_json()["completions"]
    assert len(completions) == expected
    assert all(c["word"].lower().startswith(q) for c in completions)


# -- articles -----------------------------------------------------------------------------------


def test_article_has_metadata_and_every_paragraph(client):
    r = client.get("/api/articles/001_7f824c05e3695702")
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


def test_article_marks_the_query(client):
    body = client.get("/api/articles/001_7f824c05e3695702", query_string={"q": "onderhandelingen"}).get_json()
    assert body["marked"] is True
    matching = [p["number"] for p in body["paragraphs"] if p["matches"]]
    assert 8 in matching
    # a paragraph matches through its own words: its text, or the section heading it sits under
    assert all(p["matches"] == ("<mark>" in p["text"] or "Onderhandel" in p["heading"]) for p in body["paragraphs"])
    assert all(w.lower().startswith("onderhandel") for p in body["paragraphs"] for w in marked(p["text"]))


def test_article_text_is_escaped_only_when_marked(tiny):
    plain = tiny.get("/api/articles/xss").get_json()
    assert "<script>alert(1)</script>" in plain["paragraphs"][0]["text"]  # plain text: the page escapes it
    html = tiny.get("/api/articles/xss", query_string={"q": "brief"}).get_json()
    text = html["paragraphs"][0]["text"]
    assert "&lt;script&gt;" in text and "<script>" not in text and "<img" not in text
    assert re.findall(r"</?[a-z][^>]*>", text) == ["<mark>", "</mark>"]


@pytest.mark.parametrize("article_id", ["nope", "001_7f824c05e3695702x", "a b", "..", "%00", "x" * 300])
def test_unknown_article_is_404(client, article_id):
    detail = assert_problem(client.get(f"/api/articles/{article_id}"), 404)["detail"]
    possible = re.fullmatch(r"[A-Za-z0-9._-]{1,200}", article_id)  # the shape of an article id
    assert detail == (f"no article with id {article_id!r}" if possible else "no article has an id like that")


@pytest.mark.parametrize(("status", "kind"), [(410, "Gone"), (418, "ImATeapot"), (429, "TooManyRequests")])
def test_any_http_error_becomes_a_problem_with_werkzeugs_description(seeds_config, status, kind):
    """Routes added later that abort with some other status still answer in the one shape."""
    app = create_app(seeds_config)
    error = getattr(werkzeug.exceptions, kind)

    def broken() -> None:
        raise error()

    app.add_url_rule("/api/broken", view_func=broken)
    body = assert_problem(app.test_client().get("/api/broken"), status)
    assert body["detail"] == error.description


# -- stats, health ------------------------------------------------------------------------------


def test_stats_describe_the_index(client, seeds_config):
    body = client.get("/api/stats").get_json()
    assert body["generation"] == Engine(seeds_config).generation_name
    assert (body["articles"], body["paragraphs"]) == (5, 56)
    assert body["sources"] == [{"value": "seeds", "count": 56}]
    assert (body["date_min"], body["date_max"]) == ("2018-05-01", "2021-02-28")
    assert body["analyzer"] and "snowball" in body["stemmer"]
    assert body["built_at"][:2] == "20"


def test_health_and_readiness(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}
    ready = client.get("/readyz").get_json()
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


# -- bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"page": "0"}, "page"),
        ({"page": "101"}, "page"),
        ({"page": "-1"}, "page"),
        ({"page": "twee"}, "page"),
        ({"page": "1.5"}, "page"),
        ({"page": "9" * 40}, "page"),
        ({"page": ["1", "2"]}, "page"),
        ({"per_page": "0"}, "per_page"),
        ({"per_page": "51"}, "per_page"),
        ({"per_page": "tien"}, "per_page"),
        ({"sort": "date"}, "sort"),
        ({"sort": "Newest"}, "sort"),
        ({"sort": ["newest", "oldest"]}, "sort"),
        ({"group": "sentence"}, "group"),
        ({"prefix": "misschien"}, "prefix"),
        ({"from": "gisteren"}, "from"),
        ({"from": "27-05-2018"}, "from"),
        ({"from": "2018-13"}, "from"),
        ({"from": "2018-02-30"}, "from"),
        ({"from": "0000"}, "from"),
        ({"to": "2018-5"}, "to"),
        ({"to": "2018-05-01T00:00"}, "to"),
        ({"from": "2021", "to": "2018"}, "from"),
        ({"q": ["trump", "kim"]}, "q"),
        ({"q": "x" * 501}, "q"),
        ({"q": "*"}, "q"),
        ({"q": "-"}, "q"),
        ({"q": "a*"}, None),  # fine: expands
        ({"source": [f"s{i}" for i in range(21)]}, "source"),
        ({"source": "s" * 101}, "source"),
    ],
)
def test_bad_search_parameter_is_a_400_naming_it(client, params, parameter):
    r = client.get("/api/search", query_string=params)
    if parameter is None:
        assert r.status_code == 200
    else:
        assert_problem(r, 400, parameter)


@pytest.mark.parametrize(
    ("params", "detail"),
    [
        ({"page": "0"}, "page must be a whole number from 1 to 100, not '0'"),
        ({"per_page": "tien"}, "per_page must be a whole number from 1 to 50, not 'tien'"),
        ({"sort": "date"}, "sort must be one of relevance, newest, oldest, not 'date'"),
        ({"group": "x"}, "group must be one of article, paragraph, not 'x'"),
        ({"prefix": "misschien"}, "prefix must be true or false (1 or 0), not 'misschien'"),
        ({"from": "gisteren"}, "from must be a date as YYYY, YYYY-MM or YYYY-MM-DD, not 'gisteren'"),
        ({"to": "x" * 30}, f"to must be a date as YYYY, YYYY-MM or YYYY-MM-DD, not {'x' * 20!r}"),  # echoes 20
        ({"q": ["a", "b"]}, "q may be given only once"),
        ({"q": "x" * 501}, "q is 501 characters long; the limit is 500"),
        ({"source": [f"s{i}" for i in range(21)]}, "source may be given at most 20 times"),
        ({"source": "s" * 101}, "source: a source name is at most 100 characters long"),
    ],
)
def test_a_400_says_in_words_what_is_wrong(client, params, detail):
    assert assert_problem(client.get("/api/search", query_string=params), 400)["detail"] == detail


@pytest.mark.parametrize(
    "params",
    [
        {"page": "100", "per_page": "50"},  # the last values allowed
        {"page": "1", "per_page": "1"},
        {"source": [f"s{i}" for i in range(20)]},
        {"source": "s" * 100},
        {"q": "x" * 500},
    ],
)
def test_values_at_the_limits_are_accepted(client, params):
    body = search(client, **params)
    assert body["page"] == int(params.get("page", 1)) and body["per_page"] == int(params.get("per_page", 10))


def test_sources_are_trimmed_and_given_once(tiny):
    body = search(tiny, q="begroting", source=[" krant ", "krant", "", "lab"])
    assert body["params"]["source"] == ["krant", "lab"]
    assert body["total_articles"] == 3


@pytest.mark.parametrize("path", ["/api/suggest?q=" + "x" * 501, "/api/articles/001_7f824c05e3695702?q=" + "x" * 501])
def test_long_q_is_400_everywhere(client, path):
    assert_problem(client.get(path), 400, "q")


READER_PARAGRAPHS = 10  # of article 001_7f824c05e3695702, as the plain reader shows it


def test_the_reader_shows_every_paragraph(client):
    body = client.get("/api/articles/001_7f824c05e3695702").get_json()
    assert [p["number"] for p in body["paragraphs"]] == list(range(READER_PARAGRAPHS))


@pytest.mark.parametrize(
    "q",
    [
        "\x00",
        "trump\x00kim",
        "(((",
        ")",
        '"',
        '""',
        "title:",
        "source:",
        "title:(",
        "NOT",
        "OR OR AND",
        "trump OR",
        "ANDNOT kim",
        "?",
        "k?m",
        "*kim",
        "x" * 500,
        "é" * 500,
        "🔍 zoeken",
        "<script>alert(1)</script>",
        "%",
        "\\",
        "title:source:trump",
        "source:",
        "trump^5",
        "[a TO z]",
        "kim~2",
        "'s-Hertogenbosch",
        "a" * 60 + "*",
        "onderhandel* ANDMAYBE kim",  # an operator the fast path does not take: refused, not a 500
    ],
)
@pytest.mark.parametrize("prefix", ["0", "1"])
def test_odd_queries_are_answered_or_refused_with_a_reason(client, q, prefix):
    """Each odd query is either searched (a well-formed answer, escaped) or refused as a 400
    naming ``q``; the reader shows the whole article either way, and completion never fails."""
    r = client.get("/api/search", query_string={"q": q, "prefix": prefix})
    if r.status_code == 400:
        assert_problem(r, 400, "q")
    else:
        body = search(client, q=q, prefix=prefix)
        assert body["query"] == q and body["params"]["q"] == q
        assert len(body["hits"]) == min(body["total_articles"], 10)
        assert all(re.sub(r"</?mark>", "", h["snippet"]).count("<") == 0 for h in body["hits"])

    suggest = client.get("/api/suggest", query_string={"q": q})
    assert suggest.status_code == 200, suggest.get_data(as_text=True)
    counts = [c["count"] for c in suggest.get_json()["completions"]]
    assert len(counts) <= 10 and counts == sorted(counts, reverse=True)

    article = client.get("/api/articles/001_7f824c05e3695702", query_string={"q": q, "prefix": prefix})
    if article.status_code == 400:
        assert_problem(article, 400, "q")
        assert r.status_code == 400  # refused by the reader only when refused by the search
    else:
        assert article.status_code == 200
        body = article.get_json()
        assert body["marked"] is True
        assert [p["number"] for p in body["paragraphs"]] == list(range(READER_PARAGRAPHS))
        for paragraph in body["paragraphs"]:
            assert re.sub(r"</?mark>", "", paragraph["text"]).count("<") == 0
            # a matching paragraph shows why: a mark in its text, or a query word in its heading
            if paragraph["matches"] and "<mark>" not in paragraph["text"]:
                assert paragraph["heading"]


@pytest.mark.parametrize(
    ("q", "meant"),
    [
        ("kim(-", "kim"),
        ("trump(+", "trump"),
        ("kim (-bolton", "kim -bolton"),
        ("trump(-bolton)", "trump -bolton"),
        ("+kim (trump", "kim trump"),
        ("(+)/", "/"),
        ('+t"7', "t 7"),
    ],
)
def test_stray_plus_or_minus_before_a_bracket_is_read_leniently(client, q, meant):
    typed, intended = search(client, q=q, group="paragraph"), search(client, q=meant, group="paragraph")
    assert (typed["total_paragraphs"], hit_ids(typed)) == (intended["total_paragraphs"], hit_ids(intended))


def test_bytes_that_are_not_utf8_are_not_a_500(client):
    r = client.get("/api/search?q=%ff%fe&source=%c3")
    assert r.status_code == 200
    body = r.get_json()
    assert (body["query"], body["params"]["source"]) == ("%FF%FE", ["%C3"])  # shown as they were sent
    assert (body["total_paragraphs"], body["hits"]) == (0, [])


@pytest.mark.parametrize("path", ["/nope", "/api", "/api/", "/api/search/", "/api/articles/", "/static/nope.js"])
def test_unknown_url_is_404(client, path):
    assert assert_problem(client.get(path), 404)["detail"] == "There is nothing at this URL."


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize(
    "path", ["/api/search", "/api/suggest", "/api/articles/xss", "/api/stats", "/api/openapi.json", "/healthz", "/"]
)
def test_nothing_can_be_written(client, method, path):
    r = client.open(path, method=method)
    assert assert_problem(r, 405)["detail"] == "This URL only answers GET (and HEAD); nothing here can be changed."
    assert set(r.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


def test_url_over_the_limit_is_414(client, seeds_config):
    limit = url_limit(seeds_config)
    base = "/api/search?q=trump&x="
    assert client.get(base + "y" * (limit - len(base))).status_code == 200
    body = assert_problem(client.get(base + "y" * (limit - len(base) + 1)), 414)
    assert str(limit) in body["detail"]


def test_url_limit_follows_config(tmp_path, seeds_config):
    client = create_app(Config(index_dir=seeds_config.index_dir, max_url_chars=100)).test_client()
    assert client.get("/api/search?q=" + "k" * 80).status_code == 200
    assert_problem(client.get("/api/search?q=" + "k" * 90), 414)


@pytest.mark.parametrize(
    "headers",
    [
        {"X-Big": "x" * MAX_HEADER_LINE},
        {f"X-Many-{i}": "x" * 4000 for i in range(MAX_HEADER_BYTES // 4000 + 1)},
    ],
)
def test_oversized_headers_are_431(client, headers):
    assert_problem(client.get("/api/stats", headers=headers), 431)


def test_a_header_just_under_the_limit_is_fine(client):
    assert client.get("/api/stats", headers={"X-Big": "x" * (MAX_HEADER_LINE - 20)}).status_code == 200


def test_a_request_body_is_413(client):
    assert_problem(client.open("/api/search", method="GET", data=b"x" * (MAX_BODY_BYTES + 1)), 413)


def test_unexpected_error_is_a_500_problem_without_internals(seeds_config, monkeypatch, caplog):
    def broken(self, request):
        raise RuntimeError("secret detail /etc/zoeklicht")

    monkeypatch.setattr(Engine, "search", broken)
    client = create_app(seeds_config).test_client()
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


# -- caching ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/api/search?q=trump", "/api/suggest?q=onder", "/api/articles/xss?q=brief", "/api/stats"]
)
def test_repeated_request_with_etag_is_304(tiny, path):
    first = tiny.get(path)
    etag = first.headers["ETag"]
    assert etag.startswith('W/"')
    assert first.headers["Cache-Control"] == "no-cache"
    again = tiny.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == etag
    assert tiny.get(path, headers={"If-None-Match": 'W/"other"'}).status_code == 200


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


def test_openapi_document_is_cacheable(client):
    first = client.get("/api/openapi.json")
    assert client.get("/api/openapi.json", headers={"If-None-Match": first.headers["ETag"]}).status_code == 304


# -- headers: security, CORS, request ids -------------------------------------------------------


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
def test_security_and_cache_headers_on_every_response(client, path, cache_control):
    with client.get(path) as response:  # the page is a file response: close it
        headers = response.headers
    assert headers["Cache-Control"] == cache_control
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"


def test_no_cors_headers_by_default(client):
    r = client.get("/api/search?q=trump", headers={"Origin": "https://elders.example"})
    assert "Access-Control-Allow-Origin" not in r.headers


def test_cors_for_a_configured_origin(seeds_config):
    config = Config(index_dir=seeds_config.index_dir, cors_origins="https://krant.example, https://b.example")
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
def test_request_id(client, incoming, kept):
    headers = {"X-Request-Id": incoming} if incoming is not None else {}
    r = client.get("/api/stats", headers=headers)
    echoed = r.headers["X-Request-Id"]
    if kept:
        assert echoed == incoming
    else:
        assert echoed != incoming and re.fullmatch(r"[0-9a-f]{32}", echoed)
    problem = client.get("/nope", headers={"X-Request-Id": "abc-123"}).get_json(force=True)
    assert problem["request_id"] == "abc-123"


# -- the page -----------------------------------------------------------------------------------


def test_index_html_at_root_and_assets_under_static(seeds_config, tmp_path):
    (tmp_path / "index.html").write_text("<!doctype html><title>Zoeklicht</title>", encoding="utf-8")
    (tmp_path / "app.js").write_text("console.log('zoek')", encoding="utf-8")
    client = create_app(seeds_config, static_dir=tmp_path).test_client()
    with client.get("/") as page:
        assert (page.status_code, page.mimetype) == (200, "text/html")
        assert b"<title>Zoeklicht</title>" in page.data
        assert page.headers["Content-Security-Policy"].startswith("default-src 'self'")
    with client.get("/static/app.js") as script:
        assert script.status_code == 200 and script.mimetype in ("text/javascript", "application/javascript")
    assert_problem(client.get("/static/missing.js"), 404)


@pytest.mark.parametrize("name", ["page", "per_page", "sort", "group", "from", "to", "q"])
def test_an_empty_value_means_the_default(client, name):
    body = search(client, **{name: ""})
    assert body["params"] == search(client)["params"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("", True), ("1", True), ("true", True), ("yes", True), ("on", True)]
    + [("off", False), ("0", False), ("false", False), ("no", False)],
)
def test_prefix_values(client, value, expected):
    assert search(client, q="ontmoe", prefix=value)["params"]["prefix"] is expected


@pytest.mark.parametrize("value", ["True", "ON", "No", "2", "ja"])
def test_prefix_spellings_outside_the_documented_enum_are_a_400(client, value):
    r = client.get("/api/search", query_string={"q": "ontmoe", "prefix": value})
    assert (r.status_code, r.mimetype, r.json["parameter"]) == (400, "application/problem+json", "prefix")


def test_reader_marks_an_as_you_type_prefix(client):
    r = client.get("/api/articles/000_ebc508246efc8cf3", query_string={"q": "ontmoe", "prefix": "1"})
    assert r.status_code == 200 and r.json["marked"]
    assert any("<mark>ontmoeting</mark>" in p["text"] for p in r.json["paragraphs"])
