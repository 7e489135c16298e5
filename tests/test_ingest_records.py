"""JSON Lines and CSV files become Article records (one article or one paragraph a line);
a line or row that cannot be read is named and skipped, the rest kept.
"""

from __future__ import annotations

import gzip
import json
from collections import Counter

import pytest

from search.errors import IngestError
from search.ingest import read_articles
from search.records import Article
from tests.ingested import read
from tests.shared_data import SHARED

SAMPLE = SHARED / "corpus" / "sample-1000.jsonl"


# -- JSON Lines -------------------------------------------------------------------------------


def test_jsonl_one_article_per_line(corpus):
    path = corpus.jsonl(
        "nieuws.jsonl",
        [
            {
                "id": "nos-1",
                "title": "Storm op komst",
                "text": "Het KNMI waarschuwt voor storm.\n\nBlijf binnen.",
                "date": "27 mei 2018",
                "source": "nos",
                "url": "https://example.org/1",
            },
            {"text": "Zonder titel. En meer tekst."},
        ],
    )
    (first, second), problems = read(path)
    assert problems == []
    assert (first.id, first.title, first.source, first.url) == (
        "nos-1",
        "Storm op komst",
        "nos",
        "https://example.org/1",
    )
    assert first.date.iso() == "2018-05-27"
    assert [p.text for p in first.paragraphs] == ["Het KNMI waarschuwt voor storm.", "Blijf binnen."]
    assert (second.id, second.title, second.source, second.date) == ("nieuws-2", "Zonder titel", "corpus", None)


def test_explicit_source_wins_over_the_source_of_a_line(corpus):
    path = corpus.jsonl("n.jsonl", [{"text": "Een zin.", "source": "nos"}])
    assert read(path)[0][0].source == "nos"
    assert read(path, source="kranten")[0][0].source == "kranten"


PARAGRAPH_ROWS = [
    {"id": "w-1", "source": "wetten", "doc": "wetten:a", "title": "Wet A", "date": "2014-10-16", "text": "Eerste lid."},
    {"id": "w-2", "source": "wetten", "doc": "wetten:a", "title": "Wet A", "date": "2014-10-16", "text": "Tweede lid."},
    {
        "id": "k-1",
        "source": "kde-docs",
        "doc": "kde-docs:b/index#3",
        "title": "",
        "date": "2001-01-02",
        "text": "Start het spel. Klik.",
    },
]


@pytest.mark.parametrize("name", ["par.jsonl", "par.jsonl.gz"])
def test_jsonl_one_paragraph_per_line_grouped_by_doc(corpus, name):
    articles, problems = read(corpus.jsonl(name, PARAGRAPH_ROWS))
    assert problems == []
    assert [(a.title, a.source, a.date.iso(), [p.text for p in a.paragraphs]) for a in articles] == [
        ("Wet A", "wetten", "2014-10-16", ["Eerste lid.", "Tweede lid."]),
        ("Start het spel", "kde-docs", "2001-01-02", ["Start het spel. Klik."]),  # empty title: derived
    ]
    assert len({a.id for a in articles}) == 2
    assert all("/" not in a.id and "#" not in a.id for a in articles)  # ids are URL-safe


@pytest.mark.skipif(not SAMPLE.is_file(), reason="shared/corpus/sample-1000.jsonl is not beside the repository")
def test_real_sample_groups_into_its_documents():
    rows = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()]
    articles, problems = read(SAMPLE)
    assert problems == []
    assert len(articles) == len({r["doc"] for r in rows})
    assert sum(len(a.paragraphs) for a in articles) == len(rows) == 1000
    assert Counter(a.source for a in articles) == Counter({r["doc"]: r["source"] for r in rows}.values())


def test_malformed_lines_are_reported_by_line_and_the_rest_kept(corpus):
    path = corpus.jsonl(
        "mixed.jsonl",
        [
            {"text": "Goed."},
            '{"text": "kapot',
            "[1, 2]",
            {"title": "leeg"},
            '{"text": "x", "n": ' + "9" * 5000 + "}",
            {"text": "Ook goed."},
        ],
    )
    articles, problems = read(path)
    assert [p.text for a in articles for p in a.paragraphs] == ["Goed.", "Ook goed."]
    assert [(p.line, p.reason.split(" (")[0]) for p in problems] == [
        (2, "malformed JSON"),
        (3, "a JSON line must be an object"),
        (4, "no text"),
        (5, "malformed JSON"),
    ]
    assert all(p.path == str(path) for p in problems)


def test_undecodable_line_is_skipped(corpus):
    path = corpus.raw("bytes.jsonl", b'{"text": "Goed."}\n{"text": "caf\xe9"}\n{"text": "Ook goed."}\n')
    articles, problems = read(path)
    assert len(articles) == 2
    assert [(p.line, p.reason.startswith("not UTF-8")) for p in problems] == [(2, True)]


def test_truncated_gzip_names_the_line_and_keeps_what_came_before(corpus):
    rows = [{"doc": f"d{i // 3}", "text": f"Zin nummer {i}."} for i in range(3000)]
    data = gzip.compress("".join(json.dumps(r) + "\n" for r in rows).encode())
    path = corpus.raw("cut.jsonl.gz", data[: len(data) // 2])
    problems: list[IngestError] = []
    articles: list[Article] = []
    with pytest.raises(IngestError) as info:
        for article in read_articles(path, None, problems.append):
            articles.append(article)
    read_lines = sum(len(a.paragraphs) for a in articles)
    assert 0 < read_lines < 3000
    assert info.value.path == str(path)
    assert info.value.line == read_lines + 1  # the first line that could not be read
    assert "cannot read" in info.value.reason


def test_corrupt_gzip_is_an_ingest_error(corpus):
    data = bytearray(gzip.compress(b'{"text": "Een zin."}\n' * 200))
    data[30:60] = bytes(b ^ 0xFF for b in data[30:60])
    with pytest.raises(IngestError, match="cannot read"):
        read(corpus.raw("corrupt.jsonl.gz", bytes(data)))


# -- CSV --------------------------------------------------------------------------------------


@pytest.mark.parametrize("bom", [False, True], ids=["plain", "bom"])
@pytest.mark.parametrize("delimiter", [",", ";"], ids=["comma", "semicolon"])
def test_csv_with_header_other_columns_ignored(corpus, bom, delimiter):
    path = corpus.csv(
        "export.csv",
        ["ID", "Title", "Text", "Date", "views", "Source"],
        [
            ["a1", "Storm", "Het waait hard.\n\nBlijf binnen.", "2018-05-27", "123", "nos"],
            ["a2", "", "Kort bericht zonder punt", "", "7", ""],
        ],
        bom=bom,
        delimiter=delimiter,
    )
    (first, second), problems = read(path)
    assert problems == []
    assert (first.id, first.title, first.source, first.date.iso()) == ("a1", "Storm", "nos", "2018-05-27")
    assert [p.text for p in first.paragraphs] == ["Het waait hard.", "Blijf binnen."]
    # a one-line text without final punctuation is not mistaken for a heading and lost
    assert (second.title, [p.text for p in second.paragraphs], second.source) == (
        "Kort bericht zonder punt",
        ["Kort bericht zonder punt"],
        "corpus",
    )
    assert not any("views" in p.text or "123" in p.text for p in first.paragraphs)


def test_csv_row_without_text_is_reported_by_line(corpus):
    path = corpus.csv("rows.csv", ["id", "text"], [["1", "Eerste."], ["2", "  "], ["3", "Derde."]])
    articles, problems = read(path)
    assert [a.id for a in articles] == ["1", "3"]
    assert [(p.path, p.line, p.reason) for p in problems] == [(str(path), 3, "row without text")]


def test_csv_row_over_the_field_limit_is_reported_and_the_rest_kept(corpus):
    path = corpus.csv("big.csv", ["id", "text"], [["1", "woord " * 30_000], ["2", "Tweede."]])
    articles, problems = read(path)
    assert [a.id for a in articles] == ["2"]
    assert [(p.line, p.reason.split(" (")[0]) for p in problems] == [(2, "bad CSV row")]


def test_csv_without_text_column_is_an_error(corpus):
    with pytest.raises(IngestError, match="no 'text' column"):
        read(corpus.csv("wrong.csv", ["id", "body"], [["1", "Tekst."]]))
