"""Snippets show as many query words as fit, a phrase as one mark, at a bounded cost."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from search.config import Config
from search.engine import Engine
from search.fragments import ELLIPSIS
from search.indexer import rebuild
from search.results import SearchRequest
from search.snippets import SNIPPET_CHARS, mark_text, snippet

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
MARK = re.compile(r"<mark>(.*?)</mark>")

RAAD = {
    "id": "raad",
    "title": "Uitspraak",
    "text": "De Raad van State oordeelde dinsdag over het besluit. "
    + "Daarna volgde een lange uitleg over de gevolgen voor gemeenten. " * 8
    + "De raad zelf zweeg, en de staat ook.",
}
HOSTILE = {
    "id": "hostile",
    "title": "Vijandig",
    "text": "Begin met kim <script>alert(1)</script>. "
    + "Vulling zonder betekenis <b>vet</b>. " * 12
    + "Dan trump <img src=x onerror=alert(1)>. "
    + "Meer vulling & zo. " * 12
    + "En moon tot slot.",
}


@pytest.fixture(scope="module")
def engine(tmp_path_factory) -> Engine:
    root = tmp_path_factory.mktemp("fragments")
    extra = root / "extra"
    extra.mkdir()
    (extra / "extra.jsonl").write_text("".join(json.dumps(a) + "\n" for a in (RAAD, HOSTILE)), encoding="utf-8")
    config = Config(index_dir=root / "index")
    rebuild(config, [SEEDS, extra])
    return Engine(config)


def visible(html: str) -> str:
    return MARK.sub(r"\1", html)


def test_a_paragraph_matching_several_words_shows_each_of_them(engine):
    """The seed paragraph that mentions Panmunjeom ends with "…tussen beide Korea's"."""
    hits = engine.search(SearchRequest(q="Korea Panmunjeom")).hits
    [hit] = [h for h in hits if "Panmunjeom" in h.snippet]
    marked = MARK.findall(hit.snippet)
    assert "Panmunjeom" in marked and "Korea&#39;s" in marked
    assert f" {ELLIPSIS} " in hit.snippet  # two fragments, joined


def test_one_window_when_it_holds_every_word(engine):
    [hit] = engine.search(SearchRequest(q='"Noord-Koreaanse leider" hand')).hits[:1]
    assert f" {ELLIPSIS} " not in hit.snippet


@pytest.mark.parametrize("q", ['"Raad van State"', '"raad van state" uitspraak'])
def test_a_phrase_is_one_mark_in_snippets_and_the_article(engine, q):
    [hit] = [h for h in engine.search(SearchRequest(q=q)).hits if h.article_id == "raad"]
    assert "<mark>Raad van State</mark>" in hit.snippet
    view = engine.article("raad", q=q)
    assert "<mark>Raad van State</mark>" in view.paragraphs[0].text


def test_fragments_escape_everything_but_our_marks(engine):
    [hit] = [h for h in engine.search(SearchRequest(q="kim trump moon")).hits if h.article_id == "hostile"]
    assert {"kim", "trump", "moon"} <= {m.lower() for m in MARK.findall(hit.snippet)}
    assert hit.snippet.replace("<mark>", "").replace("</mark>", "").count("<") == 0


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("kim trump moon bolton " * 3200, {"kim", "trump", "moon", "bolton"}),
        ("kim " * 45000, {"kim"}),
        ("kim " * 20 + "x" * 100_000 + " trump", {"kim", "trump"}),
    ],
    ids=["four-words-3200-times", "one-word-45000-times", "one-huge-word"],
)
def test_snippets_of_huge_paragraphs_stay_small(text, terms):
    html = snippet(text, terms)
    assert len(visible(html)) <= SNIPPET_CHARS + 2 * len(ELLIPSIS) + 8
    assert html.count("<mark>") == html.count("</mark>") > 0
    assert mark_text(text[:2000], terms).count("<mark>") == mark_text(text[:2000], terms).count("</mark>")
