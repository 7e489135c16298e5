"""Export: every match in result order, CSV that spreadsheets read safely, JSON Lines, bounded."""

from __future__ import annotations

import csv
import io
import json

import pytest

from search import export
from search.engine import Engine
from search.errors import QueryError
from search.export import ExportRow
from search.results import SearchRequest
from tests.research_corpus import build_index


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    eng = Engine(build_index(tmp_path_factory.mktemp("export"), max_export=4))
    yield eng
    eng.close()


def read_csv(text: str) -> list[dict[str, str]]:
    assert text.startswith(export.BOM)
    return list(csv.DictReader(io.StringIO(text.removeprefix(export.BOM), newline="")))


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ("=SOM(A1)", "'=SOM(A1)"),
        ("+31 6", "'+31 6"),
        ("-5 graden", "'-5 graden"),
        ("@gebruiker", "'@gebruiker"),
        ("\t=1", "'\t=1"),
        ("haven", "haven"),
        ("a=b", "a=b"),
        (None, ""),
        (3, "3"),
    ],
)
def test_cells_a_spreadsheet_would_run_are_neutralised(cell, shown):
    assert export.neutralise(cell) == shown


def row(**changes) -> ExportRow:
    values = dict(id="a", article_id="a", paragraph=0, title="t", source="s", date=None, url="", matching_paragraphs=1,
                  text="x")  # fmt: skip
    return ExportRow(**{**values, **changes})


def test_csv_has_a_header_and_reads_back_with_commas_quotes_and_newlines():
    text = "".join(export.csv_chunks([row(text='Komma, "aanhalingstekens"\nen een nieuwe regel'), row(id="b")]))
    rows = read_csv(text)
    assert list(rows[0]) == list(export.COLUMNS)
    assert rows[0]["text"] == 'Komma, "aanhalingstekens"\nen een nieuwe regel'
    assert [r["id"] for r in rows] == ["a", "b"]
    assert text.count("\r\n") >= 3  # RFC 4180 line ends


def test_jsonl_is_one_object_per_line_unescaped():
    lines = "".join(export.jsonl_chunks([row(title="Geïsoleerd"), row(date="2019-03")])).splitlines()
    assert [json.loads(line)["date"] for line in lines] == [None, "2019-03"]
    assert "Geïsoleerd" in lines[0] and json.loads(lines[0])["matching_paragraphs"] == 1


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (("trump kim", (), None, None, "csv"), "zoeklicht-trump-kim.csv"),
        (('"Witte Huis" geïsoleerd', ("nos",), "2019", "2020-05", "jsonl"),
         "zoeklicht-witte-huis-geisoleerd-nos-2019-2020-05.jsonl"),
        (("", (), None, None, "csv"), "zoeklicht-alles.csv"),
        (("../../etc/passwd", (), None, None, "csv"), "zoeklicht-etc-passwd.csv"),
    ],
)  # fmt: skip
def test_file_name_says_what_was_searched(args, name):
    assert export.filename(*args) == name


def test_export_has_every_match_in_result_order(engine):
    total, rows = engine.export(SearchRequest(q="haven"), 4)
    rows = list(rows)
    page = engine.search(SearchRequest(q="haven", per_page=4))
    assert total == page.total_articles == 6
    assert [r.id for r in rows] == [h.article_id for h in page.hits]
    assert all(r.matching_paragraphs == h.matching_paragraphs for r, h in zip(rows, page.hits, strict=True))
    assert all("<mark>" not in r.text and r.text for r in rows)


def test_export_by_paragraph_has_whole_paragraphs(engine):
    total, rows = engine.export(SearchRequest(q="haven", group="paragraph"), 4)
    rows = list(rows)
    assert total == 7 and len(rows) == 4
    assert all(r.id == f"{r.article_id}:{r.paragraph}" for r in rows)
    for r in rows:
        assert r.text == engine.article(r.article_id).paragraphs[r.paragraph].text


def test_export_is_bounded_by_the_configured_maximum(engine):
    with pytest.raises(QueryError) as caught:
        engine.export(SearchRequest(q="haven"), 5)
    assert caught.value.parameter == "limit"
    total, rows = engine.export(SearchRequest(q=""))  # no limit given: the maximum
    assert total == 9 and len(list(rows)) == 4


def test_exported_csv_of_hostile_cells_is_safe(engine):
    _, rows = engine.export(SearchRequest(q="graden"))
    [record] = read_csv("".join(export.csv_chunks(rows)))
    assert record["title"] == "'=SOM(A1) in de haven"
    assert record["text"].startswith("'+31")
