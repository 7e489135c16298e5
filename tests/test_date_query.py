"""``date:`` in the query filters like the date parameters, agrees with Whoosh, and rejects bad dates."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from search import date_query
from search.engine import Engine
from search.errors import QueryError
from search.results import SearchRequest
from tests.research_corpus import build_index
from tests.whoosh_reference import fast_matches, whoosh_matches


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    eng = Engine(build_index(tmp_path_factory.mktemp("datequery")))
    yield eng
    eng.close()


def articles(engine, q: str, **filters) -> set[str]:
    result = engine.search(SearchRequest(q=q, per_page=50, **filters))
    return {hit.article_id for hit in result.hits}


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("haven date:2019", {"haven-1", "haven-2", "haven-3", "formule-1"}),
        ("haven date:2019-03", {"haven-1", "haven-2", "haven-3"}),  # the year "2019" overlaps March
        ("haven date:2019-03-05", {"haven-1", "haven-2", "haven-3"}),
        ("haven date:[2018-06 TO 2019-01]", {"haven-5", "haven-3", "formule-1"}),
        ("date:[2016 TO *]", {"voetbal-2", "haven-5", "haven-1", "haven-2", "haven-3", "top-1", "formule-1"}),
        ("date:[* TO 2016]", {"voetbal-1", "voetbal-2"}),
        ("haven -date:2019", {"haven-4", "haven-5"}),  # undated articles are not "in 2019"
        ("ajax OR date:2018", {"voetbal-1", "voetbal-2", "haven-5"}),
        ("haven DATE:[2018 to 2018]", {"haven-5"}),
        ('haven date:"2018"', {"haven-5"}),
        ('"haven" date:[2019-03 TO 2019-03', {"haven-1", "haven-2", "haven-3"}),  # unclosed bracket
    ],
)
def test_date_in_the_query_filters(engine, q, expected):
    assert articles(engine, q) == expected


@pytest.mark.parametrize(
    ("q", "frm", "to"),
    [("date:2019", "2019", "2019"), ("date:[2018-06 TO 2019]", "2018-06", "2019"), ("date:[2019 TO *]", "2019", None)],
)
def test_date_in_the_query_means_the_same_as_the_date_parameters(engine, q, frm, to):
    assert articles(engine, f"containers {q}") == articles(engine, "containers", date_from=frm, date_to=to)


@pytest.mark.parametrize(
    "q",
    ["date:2019", "date:[2018-06 TO 2019]", "date:[2019 TO *]", "haven -date:2019", "ajax OR date:2018",
     "date:[* TO *]", "trump date:2019-06-30", "date:2019 date:2019-03"],
)  # fmt: skip
@pytest.mark.parametrize("prefix", [False, True])
def test_fast_path_agrees_with_whoosh(engine, q, prefix):
    assert fast_matches(engine, q, prefix) == whoosh_matches(engine, q, prefix)


@pytest.mark.parametrize(
    "q",
    [
        "date:2019-13",
        "date:[2019 TO 2018]",
        "date:[nooit TO 2019]",
        "date:[2019]",
        "date:gisteren",
        'date:"2019 05"',
        'date:"',
        "date:[20190101 TO 2020]",
    ],
)
def test_a_bad_date_is_a_query_error_that_says_how(engine, q):
    with pytest.raises(QueryError, match=r"date:"):
        engine.search(SearchRequest(q=q))


def test_date_is_not_a_word_to_correct(engine):
    parsed = engine.parse("havn date:2019")
    assert parsed.words == ["havn"]


def test_date_inside_a_phrase_is_text(engine):
    assert engine.parse('"date:2019"').query is not None  # no filter, no error


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["date:", "DATE:", "Date:", "dAtE:", "datum", "2019", "2019-05", "[2018 TO 2019]", "[2019 TO *]"]
            + ['"', " ", ":", "-", "(", "haven", "ıſK", "İ", "x"]
        ),
        max_size=8,
    ).map("".join)
)
def test_the_shortcut_for_queries_without_a_date_changes_nothing(text):
    """Most queries hold no ``date:`` and skip the token pass: the answer (or the error) must be
    what the pass gives, whatever the case of the letters or the look-alikes around them."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(date_query, "_has_date", lambda text: True)  # every text through the pass
        stripped = date_query.strip(text)
        try:
            rewritten, error = date_query.rewrite(text), None
        except QueryError as raised:
            rewritten, error = None, str(raised)
    assert date_query.strip(text) == stripped
    if error is None:
        assert date_query.rewrite(text) == rewritten
    else:
        with pytest.raises(QueryError) as raised:
            date_query.rewrite(text)
        assert str(raised.value) == error
