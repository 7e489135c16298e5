"""The OpenAPI document and the code agree on what a parameter accepts: a value the schema
allows is answered, a value it refuses is a 400 (Schemathesis checks the same in CI)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from search.config import Config
from search.indexer import rebuild
from web.app import create_app

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    config = Config(index_dir=tmp_path_factory.mktemp("agreement") / "index")
    rebuild(config, [SEEDS])
    return create_app(config).test_client()


@pytest.fixture(scope="module")
def parameters(client) -> dict:
    return client.get("/api/openapi.json").get_json()["components"]["parameters"]


def schema_accepts(schema: dict, value: str) -> bool:
    if "enum" in schema:
        return value in schema["enum"]
    if "pattern" in schema:
        return re.search(schema["pattern"], value) is not None
    raise AssertionError(schema)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("from", "0000"),
        ("from", "0001"),
        ("from", ""),
        ("to", "２０１８"),
        ("to", "2018-13"),
        ("to", "2018-00"),
        ("to", "2018-1"),
        ("from", "2018-05-31"),
        ("prefix", "TRUE"),
        ("prefix", "True"),
        ("prefix", "true"),
        ("prefix", ""),
        ("sort", ""),
        ("sort", "Newest"),
        ("group", "paragraph"),
    ],
)
def test_a_value_is_answered_exactly_when_the_schema_allows_it(client, parameters, name, value):
    response = client.get("/api/search", query_string={"q": "kim", name: value})
    assert response.status_code == (200 if schema_accepts(parameters[name]["schema"], value) else 400)
    if response.status_code == 400:
        assert response.get_json()["parameter"] == name


def test_source_count_is_bounded_as_sent(client, parameters):
    limit = parameters["source"]["schema"]["maxItems"]
    too_many = [("source", "")] * (limit + 1)
    assert client.get("/api/search", query_string=too_many).status_code == 400
    assert client.get("/api/search", query_string=[("source", "")] * limit).status_code == 200
