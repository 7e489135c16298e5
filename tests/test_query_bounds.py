"""Any query text within the length limit is answered in bounded time, as results or a 400.

The parse itself is bounded (nesting depth, words, wildcards), Whoosh's grammar no longer
builds a binary operator's sides twice (which made ``(-x (-x …`` exponential), and every
field a user may name either searches or gets a 400 that names it.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.config import Config
from search.engine import Engine
from search.errors import QueryError
from search.indexer import rebuild
from search.query_parser import MAX_CLAUSES, MAX_PATTERNS
from search.results import SearchRequest
from web.app import create_app

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
TIME_LIMIT_MS = 2000
MARGIN_S = 1.0  # generous: the bound is about "never a worker timeout", not about speed


@pytest.fixture(scope="module")
def config(tmp_path_factory) -> Config:
    config = Config(index_dir=tmp_path_factory.mktemp("bounds") / "index", time_limit_ms=TIME_LIMIT_MS)
    rebuild(config, [SEEDS])
    return config


@pytest.fixture(scope="module")
def engine(config) -> Engine:
    return Engine(config)


@pytest.fixture(scope="module")
def client(config):
    return create_app(config).test_client()


def answer_within_bound(engine: Engine, q: str, prefix: bool = False) -> str:
    """Search ``q``; returns "results" or "400" and fails if the answer took longer than allowed."""
    started = time.perf_counter()
    try:
        engine.search(SearchRequest(q=q, prefix=prefix))
        outcome = "results"
    except QueryError as exc:
        assert str(exc)
        outcome = "400"
    elapsed = time.perf_counter() - started
    assert elapsed < TIME_LIMIT_MS / 1000 + MARGIN_S, f"{q!r} took {elapsed:.2f} s"
    return outcome


@pytest.mark.parametrize(
    "q",
    [
        "(-x " * 22,
        "(-x " * 125,
        "(a - " * 100,
        "(kim -" * 80,
        "(kim AND NOT " * 38,
        "(kim ANDMAYBE " * 33,
        "(kim OR " * 62,
        "(" * 250 + "kim",
        "-" * 499 + "x",
    ],
    ids=lambda q: q[:12] + f"…[{len(q)}]",
)
def test_deeply_nested_queries_are_answered_in_bounded_time(engine, q):
    assert len(q) <= 500
    answer_within_bound(engine, q)


def test_nesting_that_people_type_still_searches(engine):
    result = engine.search(SearchRequest(q="(kim OR (moon -trump)) ((ontmoeting))"))
    assert result.total_paragraphs > 0


@pytest.mark.parametrize(
    ("q", "limit"),
    [
        (" ".join(["kim"] * (MAX_CLAUSES + 1)), str(MAX_CLAUSES)),
        (" ".join(f"k{i}*" for i in range(MAX_PATTERNS + 1)), str(MAX_PATTERNS)),
    ],
    ids=["words", "wildcards"],
)
def test_too_many_words_or_wildcards_get_a_message_naming_the_limit(engine, q, limit):
    with pytest.raises(QueryError, match=limit):
        engine.search(SearchRequest(q=q))


# -- field syntax ------------------------------------------------------------------------------

STORED_ONLY = ["url", "para", "precision", "year", "id", "date_first", "date_last"]


@pytest.mark.parametrize("field", STORED_ONLY)
@pytest.mark.parametrize("form", ["{f}:x", '{f}:"x y"', "{f}:x*", "{f}:x?y", "{f}:2018", "kim {f}:(a OR b)"])
def test_a_field_that_cannot_be_searched_is_a_400_naming_it(client, field, form):
    response = client.get("/api/search", query_string={"q": form.format(f=field)})
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["parameter"] == "q"
    assert f"'{field}'" in body["detail"]


@pytest.mark.parametrize("q", ["date:x", 'date:"x y"', "date:x*", "date:x?y", "kim date:(a OR b)", "date:[x TO y]"])
def test_date_syntax_that_is_no_date_is_a_400_naming_date(client, q):
    """``date:`` is a filter (issue 13): what it names must be a date or a range of dates."""
    response = client.get("/api/search", query_string={"q": q})
    assert (response.status_code, response.mimetype) == (400, "application/problem+json")
    assert "'date:" in response.get_json()["detail"]


@pytest.mark.parametrize(
    "q", ["title:korea", "source:seeds", "heading:panmunjeom", "text:korea", 'title:"noord korea"']
)
def test_fields_people_may_name_still_search(client, q):
    response = client.get("/api/search", query_string={"q": q})
    assert response.status_code == 200, response.get_json()


# -- generated queries --------------------------------------------------------------------------

WORDS = st.sampled_from(["kim", "trump", "x", "a", "ontmoeting", "korea*", "k?m", '"noord korea"', "title:kim"])
OPS = st.sampled_from([" ", " AND ", " OR ", " NOT ", " AND NOT ", " ANDMAYBE ", " -", " +", " (", ") ", " ( -"])


@st.composite
def nested_queries(draw) -> str:
    """Words joined by operators, with brackets and minus signs nested to any depth (up to the
    length limit): the structures that made Whoosh's parse exponential."""
    depth = draw(st.integers(0, 60))
    prefix = draw(st.sampled_from(["(-", "(", "(a -", "( NOT ", "(x OR ", "-("]))
    parts = [prefix] * depth
    for _ in range(draw(st.integers(1, 40))):
        parts.append(draw(WORDS))
        parts.append(draw(OPS))
    return "".join(parts)[:500]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=nested_queries(), prefix=st.booleans())
def test_every_nested_query_is_answered_within_the_time_limit(engine, q, prefix):
    answer_within_bound(engine, q, prefix)
