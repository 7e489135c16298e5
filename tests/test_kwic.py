"""Words in context: every occurrence one line, aligned on the match, escaped, sorted, paged, bounded."""

from __future__ import annotations

import pytest

from search import kwic
from search.engine import Engine
from search.errors import QueryError
from search.kwic import KwicRequest, context, occurrences
from tests.research_corpus import build_index


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    eng = Engine(build_index(tmp_path_factory.mktemp("kwic")))
    yield eng
    eng.close()


def test_every_occurrence_is_a_line_with_its_article(engine):
    result = engine.kwic(KwicRequest(q="containers"))
    # haven-1 twice in one paragraph... once per paragraph there, twice in haven-2, once in haven-3/4/5
    assert [line.match for line in result.lines] == ["containers"] * 7
    assert {line.article_id for line in result.lines} == {"haven-1", "haven-2", "haven-3", "haven-4", "haven-5"}
    assert result.complete and not result.more
    first = result.lines[0]  # the newest
    assert (first.title, first.source, first.date, first.date_precision) == (
        "Haven Rotterdam meldt record", "krant", "2019-03-05", "day",
    )  # fmt: skip


def test_newest_first_and_oldest_first_by_the_articles_date(engine):
    newest = [line.date for line in engine.kwic(KwicRequest(q="containers", sort="newest")).lines]
    oldest = [line.date for line in engine.kwic(KwicRequest(q="containers", sort="oldest")).lines]
    assert newest[:3] == ["2019-03-05", "2019-03-05", "2019-03"] and newest[-1] is None  # undated last
    assert oldest[0] == "2018-11-20" and oldest[-1] is None


@pytest.mark.parametrize("sort", ["after", "before"])
def test_lines_sort_by_the_word_after_or_before(engine, sort):
    lines = engine.kwic(KwicRequest(q="containers", sort=sort)).lines
    side = [line.right if sort == "after" else line.left for line in lines]
    keys = [kwic._words(text)[:1] if sort == "after" else kwic._words(text)[-1:] for text in side]
    assert keys == sorted(keys) and len(set(map(tuple, keys))) > 2


def test_left_context_ends_and_right_context_starts_at_the_match(engine):
    line = next(l for l in engine.kwic(KwicRequest(q="rederijen")).lines)  # noqa: E741
    assert (line.left, line.match) == ("De overslag van containers in de haven bleef hoog. ", "Rederijen")
    assert line.right == " brengen meer containers naar Rotterdam."


def test_a_phrase_is_one_match_even_across_a_stop_word(engine):
    matches = [line.match for line in engine.kwic(KwicRequest(q='"overslag van containers"')).lines]
    assert matches and set(matches) == {"overslag van containers"}


def test_words_of_a_query_are_separate_matches(engine):
    matches = {line.match for line in engine.kwic(KwicRequest(q="trump kim")).lines}
    assert matches == {"Trump", "Kim"}


def test_context_is_escaped_like_snippets(engine):
    line = engine.kwic(KwicRequest(q="graden")).lines[0]
    assert "<b>" not in line.right and "&lt;b&gt;vet&lt;/b&gt;" in line.right
    assert "&amp;" in line.right and "&#34;aanhalingstekens&#34;" in line.right


def test_long_contexts_are_cut_between_words():
    text = " ".join(f"woord{i}" for i in range(60)) + " haven " + " ".join(f"tekst{i}" for i in range(60))
    start = text.index("haven")
    left, match, right = context(text, (start, start + 5))
    assert left.startswith("…woord") and right.endswith("…") and match == "haven"
    assert len(left) <= kwic.CONTEXT_CHARS + 1 and len(right) <= kwic.CONTEXT_CHARS + 1
    assert left[1:].split(" ")[0] in text.split(" ") and right[:-1].split(" ")[-1] in text.split(" ")


def test_occurrences_merge_only_the_words_of_one_phrase():
    text = "De overslag van containers, en containers over de overslag in de haven."
    spans = occurrences(text, {"overslag", "container", "haven"}, [["overslag", "container"]])
    assert [text[s:e] for s, e in spans] == ["overslag van containers", "haven"]


def test_pages_follow_each_other(engine):
    whole = engine.kwic(KwicRequest(q="containers", per_page=7)).lines
    first = engine.kwic(KwicRequest(q="containers", per_page=4))
    second = engine.kwic(KwicRequest(q="containers", per_page=4, page=2))
    assert first.more and not second.more
    assert first.lines + second.lines == whole


def test_a_request_reads_a_bounded_number_of_paragraphs(engine, monkeypatch):
    monkeypatch.setattr(kwic, "SCAN_PARAGRAPHS", 2)
    result = engine.kwic(KwicRequest(q="containers", sort="after"))
    assert result.scanned_paragraphs == 2 and not result.complete
    assert len(result.lines) == 2  # the two newest paragraphs, both of haven-1


@pytest.mark.parametrize(
    ("request_", "parameter"),
    [
        (KwicRequest(q=""), "q"),
        (KwicRequest(q="-haven"), "q"),
        (KwicRequest(q="haven", per_page=kwic.MAX_PER_PAGE + 1), "per_page"),
        (KwicRequest(q="haven", sort="random"), "sort"),
        (KwicRequest(q="haven", page=0), "page"),
    ],
)
def test_requests_that_cannot_be_answered_say_why(engine, request_, parameter):
    with pytest.raises(QueryError) as caught:
        engine.kwic(request_)
    assert caught.value.parameter == parameter
