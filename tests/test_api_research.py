"""The research endpoints over HTTP: timeline in the search answer, KWIC, related, export, date: and ~N."""

from __future__ import annotations

import csv
import io
import json

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from search import export, kwic
from tests.research_corpus import build_index
from web.app import create_app

PROBLEM = "application/problem+json"
DOC_URI = "urn:zoeklicht:openapi"


def check(spec: dict, path: str, r) -> None:
    """Validate a real JSON response against the document's schema for its path and status."""
    response = spec["paths"][path]["get"]["responses"][str(r.status_code)]
    while "$ref" in response:
        *_, section, name = response["$ref"].split("/")
        response = spec["components"][section][name]
    schema = response["content"][r.mimetype]["schema"]
    registry = Registry().with_resource(DOC_URI, Resource.from_contents(spec, default_specification=DRAFT202012))
    ref = {"$ref": DOC_URI + "#" + schema["$ref"][1:]} if "$ref" in schema else schema
    Draft202012Validator(ref, registry=registry).validate(json.loads(r.data))


@pytest.fixture(scope="module")
def config(tmp_path_factory):
    return build_index(tmp_path_factory.mktemp("api-research"), max_export=5)


@pytest.fixture(scope="module")
def client(config):
    return create_app(config).test_client()


@pytest.fixture(scope="module")
def spec(client) -> dict:
    return client.get("/api/openapi.json").get_json()


def get(client, url: str, **params):
    r = client.get(url, query_string=params)
    return r, (r.get_json() if r.mimetype in ("application/json", PROBLEM) else None)


# -- timeline --------------------------------------------------------------------------------------


def test_search_answer_carries_the_timeline(client):
    _, body = get(client, "/api/search", q="haven")
    assert body["timeline"] == {
        "unit": "month",
        "buckets": [{"period": p, "count": c} for p, c in
                    [("2018-11", 1), ("2018-12", 0), ("2019-01", 1), ("2019-02", 0), ("2019-03", 2)]],
        "year_only": [{"period": "2019", "count": 1}],
        "undated": 1,
    }  # fmt: skip


def test_a_timeline_bar_as_filter_finds_its_count(client):
    _, body = get(client, "/api/search", q="")
    for bucket in body["timeline"]["buckets"]:
        _, narrowed = get(client, "/api/search", q="", **{"from": bucket["period"], "to": bucket["period"]})
        assert narrowed["total_articles"] == bucket["count"]


# -- date: and proximity ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("q", "articles"),
    [("date:[2019 TO 2020]", 5), ("haven date:2018", 1), ("date:[2019 TO *] -haven", 1), ('"trump kim"~10', 1)],
)
def test_date_and_proximity_queries_answer(client, q, articles):
    r, body = get(client, "/api/search", q=q)
    assert r.status_code == 200 and body["total_articles"] == articles


@pytest.mark.parametrize("q", ["date:2019-13", "date:[2020 TO 2019]", "haven date:[gisteren TO morgen]"])
def test_a_bad_date_in_the_query_is_a_400_problem(client, q):
    r, body = get(client, "/api/search", q=q)
    assert (r.status_code, r.mimetype, body["parameter"]) == (400, PROBLEM, "q")
    assert "date:" in body["detail"]


# -- KWIC ------------------------------------------------------------------------------------------


def test_kwic_lines(client):
    r, body = get(client, "/api/kwic", q="containers", sort="after", per_page=3)
    assert r.status_code == 200
    assert [line["match"] for line in body["lines"]] == ["containers"] * 3
    assert body["more"] and body["total_paragraphs"] == 6
    assert r.headers["ETag"] and r.headers["Cache-Control"] == "no-cache"


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"q": "haven", "per_page": kwic.MAX_PER_PAGE + 1}, "per_page"),
        ({"q": "haven", "sort": "relevance"}, "sort"),
        ({"q": ""}, "q"),
        ({"q": "haven", "from": "gisteren"}, "from"),
    ],
)
def test_kwic_bad_requests_are_400_problems(client, params, parameter):
    r, body = get(client, "/api/kwic", **params)
    assert (r.status_code, r.mimetype, body["parameter"]) == (400, PROBLEM, parameter)


# -- related ---------------------------------------------------------------------------------------


def test_related_articles(client):
    r, body = get(client, "/api/articles/voetbal-2/related")
    assert r.status_code == 200
    assert [a["id"] for a in body["articles"]] == ["voetbal-1"]
    assert body["article_id"] == "voetbal-2" and "ajax" in body["terms"]


@pytest.mark.parametrize("article", ["bestaat-niet", "a%20b"])
def test_related_of_an_unknown_article_is_404(client, article):
    r, _ = get(client, f"/api/articles/{article}/related")
    assert (r.status_code, r.mimetype) == (404, PROBLEM)


# -- export ----------------------------------------------------------------------------------------


def test_export_csv_downloads_every_match(client):
    r = client.get("/api/export", query_string={"q": "containers", "format": "csv"})
    assert r.status_code == 200 and r.headers["Content-Type"] == "text/csv; charset=utf-8"
    disposition = r.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and 'filename="zoeklicht-containers.csv"' in disposition
    rows = list(csv.DictReader(io.StringIO(r.data.decode("utf-8-sig"), newline="")))
    _, search = get(client, "/api/search", q="containers", per_page=50)
    assert len(rows) == search["total_articles"] == int(r.headers["X-Total-Count"]) == 5
    assert [row["id"] for row in rows] == [hit["article_id"] for hit in search["hits"]]
    assert r.data.startswith(export.BOM.encode("utf-8"))


def test_export_jsonl_by_paragraph_with_filters(client):
    params = {"q": "haven", "format": "jsonl", "group": "paragraph", "source": "krant", "from": "2019"}
    r = client.get("/api/export", query_string=params)
    assert r.headers["Content-Type"].startswith("application/x-ndjson")
    rows = [json.loads(line) for line in r.data.decode("utf-8").splitlines()]
    assert {row["source"] for row in rows} == {"krant"} and all(row["date"] >= "2019" for row in rows)
    assert "zoeklicht-haven-krant-2019.jsonl" in r.headers["Content-Disposition"]


def test_export_is_capped_by_the_configured_maximum(client):
    r = client.get("/api/export", query_string={"q": ""})
    assert r.headers["X-Total-Count"] == "9"
    assert len(r.data.decode("utf-8-sig").strip().splitlines()) == 1 + 5  # header and five rows
    r, body = get(client, "/api/export", q="", limit=6)
    assert (r.status_code, body["parameter"]) == (400, "limit")


@pytest.mark.parametrize(("params", "parameter"), [({"format": "xlsx"}, "format"), ({"q": "date:2019-13"}, "q")])
def test_export_bad_requests_are_400_problems_before_anything_is_sent(client, params, parameter):
    r, body = get(client, "/api/export", **params)
    assert (r.status_code, r.mimetype, body["parameter"]) == (400, PROBLEM, parameter)


# -- the OpenAPI document describes them -----------------------------------------------------------

CASES = [
    ("/api/search", "/api/search?q=haven"),
    ("/api/search", "/api/search?q=&group=paragraph"),
    ("/api/search", "/api/search?q=nergens"),
    ("/api/search", "/api/search?q=date:2019-13"),
    ("/api/kwic", "/api/kwic?q=haven&sort=before&per_page=2"),
    ("/api/kwic", '/api/kwic?q="overslag van containers"'),
    ("/api/kwic", "/api/kwic?q="),
    ("/api/articles/{id}/related", "/api/articles/haven-1/related"),
    ("/api/articles/{id}/related", "/api/articles/top-1/related"),
    ("/api/articles/{id}/related", "/api/articles/nope/related"),
    ("/api/export", "/api/export?format=pdf"),
]


@pytest.mark.parametrize(("path", "url"), CASES, ids=[c[1] for c in CASES])
def test_responses_match_the_document(client, spec, path, url):
    check(spec, path, client.get(url))


@pytest.mark.parametrize("fmt", export.FORMATS)
def test_export_is_documented_with_its_media_types(client, spec, fmt):
    r = client.get("/api/export", query_string={"q": "haven", "format": fmt})
    documented = spec["paths"]["/api/export"]["get"]["responses"]["200"]
    assert r.mimetype in documented["content"]
    assert set(documented["headers"]) <= set(r.headers.keys())
    assert all(f"`{c}`" in documented["description"] for c in export.COLUMNS)


@pytest.mark.parametrize("syntax", ['"trump kim"~5', "date:2019", "date:[2018-06 TO 2019]", "date:[2019 TO *]"])
def test_new_query_syntax_is_documented(spec, syntax):
    assert syntax in spec["info"]["description"]
