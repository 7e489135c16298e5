"""What ingest cleans in every record: Unicode normalised, control and invisible characters
dropped, dates read in their usual spellings, and a bad date that keeps its article.
"""

from __future__ import annotations

import pytest

from search import cleaning
from tests.ingested import read


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
