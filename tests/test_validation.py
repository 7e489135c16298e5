"""One rule, one message: the API, the CLI and the engine refuse the same bad value in the same
words, and the OpenAPI document states the limits the rules enforce."""

from __future__ import annotations

from pathlib import Path

import pytest

from search import export, kwic, validation
from search.cli import EXIT_USAGE, main
from search.config import Config
from search.engine import Engine
from search.errors import QueryError
from search.records import MAX_SOURCE_CHARS
from search.results import GROUPS, MAX_PER_PAGE, SORTS, SearchRequest
from web.openapi import document

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.fixture(scope="module")
def engine(seed_config) -> Engine:
    return Engine(seed_config)


def cli_error(argv: list[str], config: Config, capsys) -> str:
    """What ``zoeklicht search`` says about a bad option (the last line of its usage error)."""
    assert main(["search", *argv, "--index-dir", str(config.index_dir)]) == EXIT_USAGE
    return capsys.readouterr().err.strip().splitlines()[-1].removeprefix("zoeklicht: error: ")


@pytest.mark.parametrize(
    ("path", "params", "argv", "name", "option"),
    [
        ("/api/search", {"per_page": "51"}, ["kim", "--limit", "51"], "per_page", "--limit"),
        ("/api/search", {"per_page": "0"}, ["kim", "--limit", "0"], "per_page", "--limit"),
        ("/api/search", {"per_page": "tien"}, ["kim", "--limit", "tien"], "per_page", "--limit"),
        ("/api/search", {"q": "x" * 501}, ["x" * 501], "q", "QUERY"),
        ("/api/kwic", {"q": "kim", "per_page": "501"}, ["kim", "--kwic", "--limit", "501"], "per_page", "--limit"),
        ("/api/export", {"limit": "10001"}, ["kim", "--format", "csv", "--limit", "10001"], "limit", "--limit"),
        ("/api/export", {"format": "xlsx"}, ["kim", "--format", "xlsx"], "format", "--format"),
        ("/api/export", {"group": "bron"}, ["kim", "--format", "csv", "--group", "bron"], "group", "--group"),
    ],
)
def test_api_and_cli_refuse_a_bad_value_in_the_same_words(
    seed_client, seed_config, capsys, path, params, argv, name, option
):
    r = seed_client.get(path, query_string=params)
    assert (r.status_code, r.get_json()["parameter"]) == (400, name)
    detail = r.get_json()["detail"]
    assert detail.startswith(f"{name} ")
    assert cli_error(argv, seed_config, capsys) == option + detail.removeprefix(name)  # the option's name, same words


@pytest.mark.parametrize(
    ("params", "request_"),
    [
        ({"page": "0"}, SearchRequest(page=0)),
        ({"page": "101"}, SearchRequest(page=101)),
        ({"per_page": "51"}, SearchRequest(per_page=51)),
        ({"sort": "random"}, SearchRequest(sort="random")),
        ({"group": "bron"}, SearchRequest(group="bron")),
        ({"from": "2019-13"}, SearchRequest(date_from="2019-13")),
        ({"to": "gisteren"}, SearchRequest(date_to="gisteren")),
        ({"from": "2020", "to": "2019"}, SearchRequest(date_from="2020", date_to="2019")),
        ({"from": "2019-02-30"}, SearchRequest(date_from="2019-02-30")),
        ({"q": "x" * 501}, SearchRequest(q="x" * 501)),
        ({"source": ["s"] * 21}, SearchRequest(sources=("s",) * 21)),
    ],
)
def test_the_engine_refuses_a_request_built_in_code_in_the_apis_words(seed_client, engine, params, request_):
    r = seed_client.get("/api/search", query_string=params)
    assert r.status_code == 400
    with pytest.raises(QueryError) as raised:
        engine.search(request_)
    assert (raised.value.parameter, str(raised.value)) == (r.get_json()["parameter"], r.get_json()["detail"])


def test_the_openapi_document_states_the_rules_limits():
    seed_config = Config(max_query_chars=321, max_page=7, max_export=99)
    params = document(seed_config)["components"]["parameters"]
    schema = {name: p["schema"] for name, p in params.items()}
    assert schema["q"]["maxLength"] == seed_config.max_query_chars
    assert (schema["source"]["maxItems"], schema["source"]["items"]["maxLength"]) == (
        validation.MAX_SOURCES,
        MAX_SOURCE_CHARS,
    )
    assert schema["from"]["pattern"] == schema["to"]["pattern"] == validation.DATE_PATTERN
    assert (schema["sort"]["enum"], schema["sort"]["default"]) == ([*SORTS, ""], validation.SORT_DEFAULT)
    assert (schema["group"]["enum"], schema["group"]["default"]) == ([*GROUPS, ""], validation.GROUP_DEFAULT)
    assert (schema["page"]["minimum"], schema["page"]["maximum"]) == (1, seed_config.max_page)
    assert (schema["per_page"]["maximum"], schema["per_page"]["default"]) == (MAX_PER_PAGE, validation.DEFAULT_PER_PAGE)
    assert (schema["kwic_sort"]["enum"], schema["kwic_sort"]["default"]) == (list(kwic.SORTS), "newest")
    assert (schema["kwic_per_page"]["maximum"], schema["kwic_per_page"]["default"]) == (
        kwic.MAX_PER_PAGE,
        kwic.DEFAULT_PER_PAGE,
    )
    assert schema["format"]["enum"] == list(export.FORMATS)
    assert (schema["limit"]["maximum"], schema["limit"]["default"]) == (seed_config.max_export, seed_config.max_export)
    assert schema["prefix"]["enum"] == [*validation.TRUE, *validation.FALSE]


@pytest.mark.parametrize(
    ("value", "accepted"),
    [("2019", True), ("2019-05-31", True), ("0001", True), ("2019-5", False), ("２０１９", False), ("19", False)],
)
def test_a_date_the_documented_pattern_refuses_is_refused(seed_client, value, accepted):
    """The pattern is the rule itself, not a copy of it: what it refuses is a 400 naming the parameter."""
    r = seed_client.get("/api/search", query_string={"from": value})
    assert (r.status_code != 400) == accepted
    assert bool(validation.DATE.fullmatch(value)) == accepted
