"""Every input format becomes the same Article records; what cannot be read is named and skipped."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from pathlib import Path

import pytest

from search import cleaning
from search.errors import IngestError
from search.ingest import iter_source_files, read_articles
from search.paragraphs import derive_title
from search.records import Article
from tests.shared_data import SHARED

SAMPLE = SHARED / "corpus" / "sample-1000.jsonl"


def read(path: Path, source: str | None = None) -> tuple[list[Article], list[IngestError]]:
    problems: list[IngestError] = []
    return list(read_articles(path, source, problems.append)), problems


def seed(seeds_dir: Path, number: str) -> Article:
    (path,) = seeds_dir.glob(f"{number}_*.txt")
    articles, problems = read(path)
    assert problems == []
    (article,) = articles
    return article


# -- the seed articles --------------------------------------------------------------------------


def test_seeds_are_five_articles_named_after_their_folder(seeds_dir):
    problems: list[IngestError] = []
    files = list(iter_source_files([seeds_dir], problems.append))
    articles = [a for f in files for a in read_articles(f, None, problems.append)]
    assert problems == []
    assert [a.id for a in articles] == [f.stem for f in files]
    assert len(articles) == 5
    assert {a.source for a in articles} == {"seeds"}


def test_source_option_overrides_the_folder_name(seeds_dir):
    (path,) = seeds_dir.glob("000_*.txt")
    articles, _ = read(path, source="kranten")
    assert articles[0].source == "kranten"


@pytest.mark.parametrize(
    ("number", "iso", "first", "last"),
    [("003", "2021-02", "2021-02-01", "2021-02-28"), ("004", "2018-05", "2018-05-01", "2018-05-31")],
)
def test_a_month_marker_gives_month_precision_without_inventing_a_day(seeds_dir, number, iso, first, last):
    article = seed(seeds_dir, number)
    assert article.date.precision == "month"
    assert article.date.iso() == iso
    assert (article.date.first_day().isoformat(), article.date.last_day().isoformat()) == (first, last)
    assert not article.paragraphs[0].text.startswith("date")  # the marker is not text


@pytest.mark.parametrize("number", ["000", "001", "002"])
def test_seed_without_marker_has_no_date(seeds_dir, number):
    assert seed(seeds_dir, number).date is None


@pytest.mark.parametrize(
    ("number", "heading", "first_text"),
    [
        ("000", "Kort", "De opzet was dat de twee elkaar even kort"),
        ("000", "Twee ontmoetingen", "Trump en Kim hadden elkaar twee keer eerder"),
        ("001", "Grote eer", ",,Stappen over die lijn was een grote eer"),
        ("003", "Verrassing", "Dat de meeting tussen de twee"),
        # ten words, still a heading: the paragraphs below it are not left under the one before
        ("002", "Trump: 'Koreaans schiereiland is extreem vreedzaam sinds eerste ontmoeting met Kim'", "Bij zijn"),
    ],
)
def test_headings_are_not_paragraphs_but_head_the_ones_that_follow(seeds_dir, number, heading, first_text):
    article = seed(seeds_dir, number)
    assert heading not in [p.text for p in article.paragraphs]
    under = [p.text for p in article.paragraphs if p.heading == heading]
    assert under and under[0].startswith(first_text)


def test_heading_stays_until_the_next_heading(seeds_dir):
    headings = [p.heading for p in seed(seeds_dir, "001").paragraphs]
    assert headings == [""] * 3 + ["Grote eer"] * 2 + ["Nucleaire gesprekken"] * 3 + ["Onderhandelingen"] * 2


def test_title_line_is_the_title_and_datelines_are_not_headings(seeds_dir):
    article = seed(seeds_dir, "004")
    assert article.title == "Kim Jong-un vastberaden om ontmoeting met Trump te laten doorgaan lva"
    assert article.paragraphs[0].text.startswith("Bron: Belga")
    # "27 mei 2018" and "00u37" stand on lines of their own; they head nothing
    assert {p.heading for p in article.paragraphs} == {"", "Vierde ontmoeting ooit tussen Koreaanse leiders"}


def test_title_without_title_line_is_the_first_sentence_cut_at_a_word(seeds_dir):
    article = seed(seeds_dir, "000")
    first = article.paragraphs[0].text
    assert article.title.endswith("…")
    shown = article.title.removesuffix("…")
    assert first.startswith(shown)
    assert first[len(shown)] == " "  # cut between words
    assert shown == "Een stralende Kim wachtte Trump op bij de demarcatielijn, op deze plek een lage betonnen"


@pytest.mark.parametrize(
    ("text", "limit", "title"),
    [
        ("Korte zin. Tweede zin.", 90, "Korte zin"),
        ("Waarom nu? Daarom.", 90, "Waarom nu?"),
        ("aaa bbb ccc ddd", 7, "aaa bbb…"),  # a word that ends exactly at the limit is kept
        ("aaa bbbb ccc", 7, "aaa…"),
        ("x" * 20, 10, "x" * 10 + "…"),  # no space to cut at
    ],
)
def test_derived_titles(text, limit, title):
    assert derive_title(text, limit) == title


def test_text_file_with_a_title_line(corpus):
    path = corpus.txt("kabinet.txt", "Kabinet valt\n\nDe regering is gevallen.\n\nKort\n\nMeer volgt.\n")
    (article,), problems = read(path)
    assert problems == []
    assert article.title == "Kabinet valt"
    assert [(p.heading, p.text) for p in article.paragraphs] == [
        ("", "De regering is gevallen."),
        ("Kort", "Meer volgt."),
    ]
    assert article.source == "corpus"


# -- JSON Lines ---------------------------------------------------------------------------------


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


# -- CSV ----------------------------------------------------------------------------------------


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


# -- cleaning -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Cafe\u0301 de Paris.", "Café de Paris."),  # NFC: one code point for é
        ("geï\u0308soleerd.".replace("ï\u0308", "i\u0308"), "geïsoleerd."),
        ("Bel\x00 de\x07 ba\x1bl.", "Bel de bal."),  # control characters dropped
        ("Eén\ttwee.", "Eén twee."),
        ("De over\u00adheid zegt\u200b iets.", "De overheid zegt iets."),  # soft hyphen, zero width space
        ("Regel\r\nnog een regel.", "Regel nog een regel."),
    ],
)
def test_text_is_normalised(corpus, raw, clean):
    (article,), _ = read(corpus.jsonl("t.jsonl", [{"text": raw}]))
    assert article.paragraphs[0].text == clean


def test_every_character_cleaning_drops_is_dropped_from_an_otherwise_clean_text():
    """Texts without such characters skip the character table (most texts), so each of them
    alone must still be seen: a lone soft hyphen or bidi override is not left in."""
    for code, replacement in cleaning._CONTROL.items():
        kept = "\n" if code == ord("\r") else replacement or ""  # a carriage return is a line break
        assert cleaning.clean_text(f"Over{chr(code)}heid.") == f"Over{kept}heid.", hex(code)


@pytest.mark.parametrize(
    ("raw", "iso"),
    [("27 mei 2018", "2018-05-27"), ("2018-05-27T10:00:00Z", "2018-05-27"), ("2019-06", "2019-06"), (2020, "2020")],
)
def test_dates_in_records(corpus, raw, iso):
    (article,), problems = read(corpus.jsonl("d.jsonl", [{"text": "Een zin.", "date": raw}]))
    assert problems == []
    assert article.date.iso() == iso


def test_bad_date_keeps_the_article_without_a_date(corpus):
    path = corpus.jsonl("d.jsonl", [{"text": "Goed."}, {"text": "Een zin.", "date": "2018-13-45"}])
    articles, problems = read(path)
    assert [a.date for a in articles] == [None, None]
    assert len(articles) == 2
    (problem,) = problems
    assert (problem.path, problem.line) == (str(path), 2)
    assert "'2018-13-45'" in problem.reason and "kept without a date" in problem.reason


def test_bad_date_marker_in_text_file(corpus):
    path = corpus.txt("t.txt", "date 2018-02-30 Een artikel.\n\nMet tekst.")
    (article,), (problem,) = read(path)
    assert article.date is None and problem.line == 1


# -- files and folders --------------------------------------------------------------------------


def test_folders_are_walked_in_order_and_unknown_files_reported(corpus):
    corpus.txt("b/twee.txt", "Twee.")
    corpus.txt("a/een.txt", "Een.")
    corpus.txt("notes.md", "# notities")
    corpus.txt(".hidden/x.txt", "Verborgen.")
    (corpus.root / "gone.txt").symlink_to(corpus.root / "nowhere.txt")
    problems: list[IngestError] = []
    files = list(iter_source_files([corpus.root], problems.append))
    assert [f.relative_to(corpus.root).as_posix() for f in files] == ["a/een.txt", "b/twee.txt"]
    assert sorted((Path(p.path).name, p.reason) for p in problems) == [
        ("gone.txt", "cannot read: broken link"),
        ("notes.md", "unsupported file type .md"),
    ]


def test_missing_path_is_reported(tmp_path):
    problems: list[IngestError] = []
    assert list(iter_source_files([tmp_path / "nope"], problems.append)) == []
    assert [p.reason for p in problems] == ["no such file or folder"]


def test_undecodable_text_file_names_the_line(corpus):
    path = corpus.raw("latin1.txt", "Goed begin.\n\nDaarna caf\xe9.".encode("latin-1"))
    with pytest.raises(IngestError) as info:
        read(path)
    assert (info.value.path, info.value.line) == (str(path), 3)
    assert info.value.reason.startswith("not UTF-8")


def test_empty_text_file_is_an_error(corpus):
    with pytest.raises(IngestError, match="no paragraphs"):
        read(corpus.txt("leeg.txt", "\n\n  \n"))
