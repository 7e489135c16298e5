"""Bad and odd input to the HTTP API (Flask's test client, real indexes): each refusal is a 400
problem naming the parameter, values at the limits are taken, odd queries never a 500.
"""

from __future__ import annotations

import re

import pytest

from tests.api_answers import assert_problem, hit_ids, search


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
def test_bad_search_parameter_is_a_400_naming_it(seed_client, params, parameter):
    r = seed_client.get("/api/search", query_string=params)
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
def test_a_400_says_in_words_what_is_wrong(seed_client, params, detail):
    assert assert_problem(seed_client.get("/api/search", query_string=params), 400)["detail"] == detail


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
def test_values_at_the_limits_are_accepted(seed_client, params):
    body = search(seed_client, **params)
    assert body["page"] == int(params.get("page", 1)) and body["per_page"] == int(params.get("per_page", 10))


def test_sources_are_trimmed_and_given_once(tiny_client):
    body = search(tiny_client, q="begroting", source=[" krant ", "krant", "", "lab"])
    assert body["params"]["source"] == ["krant", "lab"]
    assert body["total_articles"] == 3


@pytest.mark.parametrize("path", ["/api/suggest?q=" + "x" * 501, "/api/articles/001_7f824c05e3695702?q=" + "x" * 501])
def test_long_q_is_400_everywhere(seed_client, path):
    assert_problem(seed_client.get(path), 400, "q")


READER_PARAGRAPHS = 10  # of article 001_7f824c05e3695702, as the plain reader shows it


def test_the_reader_shows_every_paragraph(seed_client):
    body = seed_client.get("/api/articles/001_7f824c05e3695702").get_json()
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
def test_odd_queries_are_answered_or_refused_with_a_reason(seed_client, q, prefix):
    """Each odd query is either searched (a well-formed answer, escaped) or refused as a 400
    naming ``q``; the reader shows the whole article either way, and completion never fails."""
    r = seed_client.get("/api/search", query_string={"q": q, "prefix": prefix})
    if r.status_code == 400:
        assert_problem(r, 400, "q")
    else:
        body = search(seed_client, q=q, prefix=prefix)
        assert body["query"] == q and body["params"]["q"] == q
        assert len(body["hits"]) == min(body["total_articles"], 10)
        assert all(re.sub(r"</?mark>", "", h["snippet"]).count("<") == 0 for h in body["hits"])

    suggest = seed_client.get("/api/suggest", query_string={"q": q})
    assert suggest.status_code == 200, suggest.get_data(as_text=True)
    counts = [c["count"] for c in suggest.get_json()["completions"]]
    assert len(counts) <= 10 and counts == sorted(counts, reverse=True)

    article = seed_client.get("/api/articles/001_7f824c05e3695702", query_string={"q": q, "prefix": prefix})
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
def test_stray_plus_or_minus_before_a_bracket_is_read_leniently(seed_client, q, meant):
    typed, intended = search(seed_client, q=q, group="paragraph"), search(seed_client, q=meant, group="paragraph")
    assert (typed["total_paragraphs"], hit_ids(typed)) == (intended["total_paragraphs"], hit_ids(intended))


def test_bytes_that_are_not_utf8_are_not_a_500(seed_client):
    r = seed_client.get("/api/search?q=%ff%fe&source=%c3")
    assert r.status_code == 200
    body = r.get_json()
    assert (body["query"], body["params"]["source"]) == ("%FF%FE", ["%C3"])  # shown as they were sent
    assert (body["total_paragraphs"], body["hits"]) == (0, [])


@pytest.mark.parametrize("name", ["page", "per_page", "sort", "group", "from", "to", "q"])
def test_an_empty_value_means_the_default(seed_client, name):
    body = search(seed_client, **{name: ""})
    assert body["params"] == search(seed_client)["params"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("", True), ("1", True), ("true", True), ("yes", True), ("on", True)]
    + [("off", False), ("0", False), ("false", False), ("no", False)],
)
def test_prefix_values(seed_client, value, expected):
    assert search(seed_client, q="ontmoe", prefix=value)["params"]["prefix"] is expected


@pytest.mark.parametrize("value", ["True", "ON", "No", "2", "ja"])
def test_prefix_spellings_outside_the_documented_enum_are_a_400(seed_client, value):
    r = seed_client.get("/api/search", query_string={"q": "ontmoe", "prefix": value})
    assert (r.status_code, r.mimetype, r.json["parameter"]) == (400, "application/problem+json", "prefix")
