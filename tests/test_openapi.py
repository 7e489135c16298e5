"""The OpenAPI document is valid 3.1, describes every route, and real responses match it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from search.config import Config
from search.results import GROUPS, MAX_PER_PAGE, SORTS
from web.app import create_app
from web.openapi import document
from web.security import MAX_HEADER_LINE, url_limit

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
DOC_URI = "urn:zoeklicht:openapi"
ARTICLE = "001_7f824c05e3695702"


@pytest.fixture(scope="module")
def spec(seed_client) -> dict:
    r = seed_client.get("/api/openapi.json")
    assert (r.status_code, r.mimetype) == (200, "application/json")
    return r.get_json()


def walk(node, path=()):
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from walk(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from walk(value, (*path, i))


def resolve(spec: dict, node: dict) -> dict:
    while "$ref" in node:
        *_, section, name = node["$ref"].split("/")
        node = spec["components"][section][name]
    return node


def response_schema(spec: dict, path: str, status: int, mimetype: str) -> dict:
    responses = spec["paths"][path]["get"]["responses"]
    assert str(status) in responses, f"{status} is not documented for {path}"
    response = resolve(spec, responses[str(status)])
    return response["content"][mimetype]["schema"]


def check(spec: dict, path: str, r) -> None:
    """Validate a real response body against the document's schema for its path and status."""
    schema = response_schema(spec, path, r.status_code, r.mimetype)
    registry = Registry().with_resource(DOC_URI, Resource.from_contents(spec, default_specification=DRAFT202012))
    ref = {"$ref": DOC_URI + "#" + schema["$ref"][1:]} if "$ref" in schema else schema
    Draft202012Validator(ref, registry=registry).validate(json.loads(r.data))


# -- the document itself ------------------------------------------------------------------------


def test_document_is_valid_openapi_3_1(spec):
    assert spec["openapi"].startswith("3.1")
    validate(spec)


def test_no_openapi_3_0_nullable(spec):
    assert not [p for p, _ in walk(spec) if p and p[-1] == "nullable"]
    assert resolve(spec, spec["components"]["schemas"]["SearchResponse"])["properties"]["did_you_mean"]["type"] == [
        "string",
        "null",
    ]


def test_every_route_is_documented_and_every_documented_path_exists(seed_client, spec):
    routes = {
        rule.rule.replace("<article_id>", "{id}")
        for rule in seed_client.application.url_map.iter_rules()
        if rule.endpoint != "static" and rule.rule != "/"
    }
    assert routes == set(spec["paths"])


@pytest.mark.parametrize(
    ("schema", "field"),
    [("Hit", "snippet"), ("ArticleParagraph", "text")],
)
def test_fields_carrying_html_say_so(spec, schema, field):
    description = spec["components"]["schemas"][schema]["properties"][field]["description"]
    assert "HTML" in description and "<mark>" in description and "escaped" in description


@pytest.mark.parametrize("syntax", ['"witte huis"', " OR ", "-bolton", "NOT ", "onderhandel*", "title:", "source:"])
def test_query_syntax_is_documented(spec, syntax):
    q = resolve(spec, spec["components"]["parameters"]["q"])
    assert syntax in q["description"]
    assert syntax in spec["info"]["description"]


def test_limits_follow_the_config(seed_config):
    custom = Config(index_dir=seed_config.index_dir, max_query_chars=123, max_page=7, max_url_chars=2000)
    spec = document(custom)
    params = spec["components"]["parameters"]
    assert params["q"]["schema"]["maxLength"] == 123
    assert params["page"]["schema"]["maximum"] == 7
    assert params["per_page"]["schema"]["maximum"] == MAX_PER_PAGE
    assert params["sort"]["schema"]["enum"] == [*SORTS, ""]  # empty: the default
    assert params["group"]["schema"]["enum"] == [*GROUPS, ""]
    assert str(url_limit(custom)) in spec["components"]["responses"]["URITooLong"]["description"]
    assert str(MAX_HEADER_LINE) in spec["components"]["responses"]["HeadersTooLarge"]["description"]


def test_every_documented_enum_value_is_accepted(seed_client, spec):
    for name in ("sort", "group", "prefix"):
        for value in spec["components"]["parameters"][name]["schema"]["enum"]:
            r = seed_client.get("/api/search", query_string={"q": "kim", name: value})
            assert r.status_code == 200, (name, value)


def test_documented_parameter_bounds_are_enforced(seed_client, spec):
    params = spec["components"]["parameters"]
    for name in ("page", "per_page"):
        schema = params[name]["schema"]
        assert seed_client.get("/api/search", query_string={name: schema["maximum"]}).status_code == 200
        assert seed_client.get("/api/search", query_string={name: schema["maximum"] + 1}).status_code == 400
        assert seed_client.get("/api/search", query_string={name: schema["minimum"] - 1}).status_code == 400
    longest = params["q"]["schema"]["maxLength"]
    assert seed_client.get("/api/search", query_string={"q": "k" * longest}).status_code == 200
    assert seed_client.get("/api/search", query_string={"q": "k" * (longest + 1)}).status_code == 400


# -- real responses match the schemas -----------------------------------------------------------

CASES = [
    ("/api/search", "/api/search?q=trump"),
    ("/api/search", "/api/search?q=onderhandelingn"),
    ("/api/search", "/api/search?q=ontmoe&prefix=1&group=paragraph&per_page=50"),
    ("/api/search", "/api/search?q=&source=seeds&from=2018&to=2021-12-31&sort=oldest"),
    ("/api/search", "/api/search?q=nergens"),
    ("/api/search", "/api/search?page=0"),
    ("/api/search", "/api/search?sort=random"),
    ("/api/search", "/api/search?q=" + "x" * 9000),
    ("/api/suggest", "/api/suggest?q=onder"),
    ("/api/suggest", "/api/suggest?q="),
    ("/api/articles/{id}", f"/api/articles/{ARTICLE}"),
    ("/api/articles/{id}", f"/api/articles/{ARTICLE}?q=kim"),
    ("/api/articles/{id}", "/api/articles/nope"),
    ("/api/stats", "/api/stats"),
    ("/healthz", "/healthz"),
    ("/readyz", "/readyz"),
]


@pytest.mark.parametrize(("path", "url"), CASES, ids=[c[1][:60] for c in CASES])
def test_responses_match_the_document(seed_client, spec, path, url):
    check(spec, path, seed_client.get(url))


@pytest.mark.parametrize("method", ["POST", "DELETE"])
def test_405_matches_the_document(seed_client, spec, method):
    r = seed_client.open("/api/search", method=method)
    assert r.status_code == 405
    check(spec, "/api/search", r)


@pytest.mark.parametrize(
    ("kwargs", "status"),
    [
        ({"headers": {"X-Big": "x" * (MAX_HEADER_LINE + 1)}}, 431),
        ({"data": b"x" * 5000}, 413),
    ],
)
def test_oversized_input_matches_the_document(seed_client, spec, kwargs, status):
    r = seed_client.open("/api/stats", method="GET", **kwargs)
    assert r.status_code == status
    check(spec, "/api/stats", r)


def test_503_matches_the_document(spec, tmp_path):
    seed_client = create_app(Config(index_dir=tmp_path)).test_client()
    for path, url in [("/api/search", "/api/search?q=kim"), ("/api/stats", "/api/stats"), ("/readyz", "/readyz")]:
        r = seed_client.get(url)
        assert r.status_code == 503
        check(spec, path, r)


def test_304_is_documented(seed_client, spec):
    etag = seed_client.get("/api/stats").headers["ETag"]
    assert seed_client.get("/api/stats", headers={"If-None-Match": etag}).status_code == 304
    assert "304" in spec["paths"]["/api/stats"]["get"]["responses"]
