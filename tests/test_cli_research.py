"""``zoeklicht search --kwic`` and ``--format csv|jsonl --limit N`` from the terminal."""

from __future__ import annotations

import csv
import io
import json

import pytest

from search.cli import EXIT_OK, EXIT_USAGE, main
from tests.research_corpus import build_index


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    return str(build_index(tmp_path_factory.mktemp("cli-research")).index_dir)


def test_kwic_aligns_every_occurrence_on_the_match(index_dir, capsys):
    assert main(["search", "containers", "--kwic", "--index-dir", index_dir]) == EXIT_OK
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 7
    columns = {line.index("«containers»") for line in lines}
    assert len(columns) == 1  # one column of matches
    assert "krant · 2019-03-05 · Haven Rotterdam meldt record" in lines[0]


def test_kwic_limit_and_the_note_that_there_is_more(index_dir, capsys):
    assert main(["search", "containers", "--kwic", "--limit", "2", "--index-dir", index_dir]) == EXIT_OK
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3 and lines[-1].startswith("(the first 2 occurrences")


def test_kwic_shows_text_not_html(index_dir, capsys):
    assert main(["search", "graden", "--kwic", "--index-dir", index_dir]) == EXIT_OK
    assert '<b>vet</b> & "aanhal' in capsys.readouterr().out


def test_export_csv_to_stdout(index_dir, capsys):
    assert main(["search", "haven", "--format", "csv", "--limit", "3", "--index-dir", index_dir]) == EXIT_OK
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out.removeprefix("\ufeff"), newline="")))
    assert len(rows) == 3 and rows[0]["id"].startswith("haven-")


def test_export_jsonl_of_every_paragraph(index_dir, capsys):
    argv = ["search", "haven", "--format", "jsonl", "--group", "paragraph", "--index-dir", index_dir]
    assert main(argv) == EXIT_OK
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == 7 and all(":" in row["id"] for row in rows)


@pytest.mark.parametrize(
    "argv",
    [
        ["search", "haven", "--limit", "51"],
        ["search", "haven", "--kwic", "--limit", "501"],
        ["search", "haven", "--format", "csv", "--limit", "10001"],
        ["search", "haven", "--format", "xlsx"],
        ["search", "haven", "--kwic", "--format", "csv"],
    ],
)
def test_bad_limits_and_formats_are_usage_errors(index_dir, argv, capsys):
    assert main([*argv, "--index-dir", index_dir]) == EXIT_USAGE
    assert "usage: zoeklicht" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["search", "date:2019-13", "--kwic"], ["search", "NOT haven", "--kwic"]])
def test_queries_kwic_cannot_answer_are_usage_errors(index_dir, argv, capsys):
    assert main([*argv, "--index-dir", index_dir]) == EXIT_USAGE
    assert capsys.readouterr().err.startswith("zoeklicht: ")
