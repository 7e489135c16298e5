"""Text files become Article records: the seeds' titles, dates, headings and paragraphs, derived
titles, and text files that cannot be read, named by their line.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from search.errors import IngestError
from search.ingest import iter_source_files, read_articles
from search.paragraphs import derive_title
from search.records import Article
from tests.ingested import read


def seed(seeds_dir: Path, number: str) -> Article:
    (path,) = seeds_dir.glob(f"{number}_*.txt")
    articles, problems = read(path)
    assert problems == []
    (article,) = articles
    return article


# -- the seed articles ------------------------------------------------------------------------


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


# -- other text files -------------------------------------------------------------------------


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


def test_bad_date_marker_in_text_file(corpus):
    path = corpus.txt("t.txt", "date 2018-02-30 Een artikel.\n\nMet tekst.")
    (article,), (problem,) = read(path)
    assert article.date is None and problem.line == 1


def test_undecodable_text_file_names_the_line(corpus):
    path = corpus.raw("latin1.txt", "Goed begin.\n\nDaarna caf\xe9.".encode("latin-1"))
    with pytest.raises(IngestError) as info:
        read(path)
    assert (info.value.path, info.value.line) == (str(path), 3)
    assert info.value.reason.startswith("not UTF-8")


def test_empty_text_file_is_an_error(corpus):
    with pytest.raises(IngestError, match="no paragraphs"):
        read(corpus.txt("leeg.txt", "\n\n  \n"))
