"""Snippets mark exactly the words the index matched, and escape everything else."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from search.analysis import dutch_analyzer
from search.snippets import SNIPPET_CHARS, mark_text, match_spans, snippet

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
@pytest.mark.parametrize("terms", [{"ontmoeting", "trump"}, {"koreaans"}, {"noord-koreaans", "g20"}])
def test_marked_words_are_the_words_the_analyzer_matches(seed, terms):
    text = seed.read_text(encoding="utf-8")
    marked = {text[s:e] for s, e in match_spans(text, terms)}
    matched_tokens = {
        (t.startchar, t.endchar) for t in dutch_analyzer()(text, chars=True, positions=True) if t.text in terms
    }
    assert all(any(s <= ts and te <= e for s, e in match_spans(text, terms)) for ts, te in matched_tokens)
    assert len(marked) > 0 or not matched_tokens


@pytest.mark.parametrize(
    "hostile",
    ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '"><svg onload=alert(1)>', "&lt;b&gt; & <b>"],
)
def test_everything_but_mark_is_escaped(hostile):
    html = snippet(f"De ontmoeting {hostile} was kort.", {"ontmoeting"})
    assert html.startswith("De <mark>ontmoeting</mark> ")
    assert html.replace("<mark>", "").replace("</mark>", "").count("<") == 0
    assert mark_text(hostile, {"alert"}).replace("<mark>", "").replace("</mark>", "").count("<") == 0


def test_long_paragraph_snippet_is_centred_on_matches_and_cut_at_words():
    text = ("Woorden zonder betekenis vullen deze zin. " * 20) + "Hier staat de ontmoeting. " + ("Meer vulling. " * 20)
    html = snippet(text, {"ontmoeting"})
    assert "<mark>ontmoeting</mark>" in html
    assert html.startswith("…") and html.endswith("…")
    assert len(html) < 320


FILLER = "Woorden zonder betekenis vullen deze zin. "


def plain(html: str) -> str:
    return html.replace("<mark>", "").replace("</mark>", "").strip("…")


def test_a_short_paragraph_is_shown_whole():
    text = "De ontmoeting was kort."
    assert snippet(text, {"ontmoeting"}) == mark_text(text, {"ontmoeting"}) == "De <mark>ontmoeting</mark> was kort."


@pytest.mark.parametrize(
    ("text", "cut_before", "cut_after"),
    [
        ("De ontmoeting was kort. " + FILLER * 20, False, True),  # a match at the start: only the end is cut
        (FILLER * 20 + "De ontmoeting was kort.", True, False),  # at the end: only the start is cut
        (FILLER * 10 + "De ontmoeting was kort. " + FILLER * 10, True, True),
    ],
)
def test_a_long_paragraph_is_cut_at_words_around_the_match(text, cut_before, cut_after):
    html = snippet(text, {"ontmoeting"})
    assert "<mark>ontmoeting</mark>" in html
    assert (html.startswith("…"), html.endswith("…")) == (cut_before, cut_after)
    shown = plain(html)
    assert shown in text and len(shown) <= SNIPPET_CHARS
    start = text.index(shown)
    assert start == 0 or text[start - 1] == " "  # whole words only
    assert start + len(shown) == len(text) or text[start + len(shown)] in " ."


def test_the_snippet_shows_where_the_matches_are_densest():
    text = "Een ontmoeting. " + FILLER * 12 + "Ontmoeting na ontmoeting na ontmoeting. " + FILLER * 12
    assert snippet(text, {"ontmoeting"}).count("<mark>") == 3


def test_of_equally_dense_places_the_first_is_shown():
    text = "De ontmoeting was kort. " + FILLER * 12 + "Een ontmoeting later. " + FILLER * 12
    html = snippet(text, {"ontmoeting"})
    assert html.startswith("De <mark>ontmoeting</mark> was kort.")


def test_a_word_too_long_to_keep_whole_is_cut_but_its_context_kept():
    text = FILLER * 10 + "y" * 80 + " ontmoeting " + FILLER * 10  # 80 letters without a space
    shown = plain(snippet(text, {"ontmoeting"}))
    assert "y" * 30 + " ontmoeting" in shown


def test_a_snippet_is_not_shrunk_to_reach_a_space():
    text = "De ontmoeting " + "z" * 300 + " einde."  # the only space in reach is near the start
    shown = plain(snippet(text, {"ontmoeting"}))
    assert shown.startswith("De ontmoeting z") and len(shown) > SNIPPET_CHARS // 2


def _every_word_span(text: str, terms: set[str]) -> list[tuple[int, int]]:
    """The plain definition: every word of the text, analysed, kept when it holds a term."""
    from search.analysis import WORD_PATTERN
    from search.snippets import word_terms

    return [m.span() for m in WORD_PATTERN.finditer(text) if word_terms(m.group()) & terms]


_PIECES = ["belasting", "Belasting", "inkomstenbelasting", "belastingen", "-", "'", "’s-", "'t-", "s-", " ", ".", "x"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=14))
def test_only_whole_words_are_marked_wherever_the_query_word_sits_in_the_text(pieces):
    """A query word inside a longer word (``belasting-x``, ``’s-belasting``, ``xbelasting``)
    is marked exactly when the analyzer reads it as a word of its own or as a compound part."""
    text = "".join(pieces)
    terms = {"belasting"}
    assert match_spans(text, terms) == _every_word_span(text, terms)


_MANY_TERMS = {"belasting", "inkomstenbelasting", "korea", "noord", "leider", "stijg", "g20", "kort", "ontmoeting"}
_SPACED = [*_PIECES, "Noord-Korea's", "leiders,", "\u00a0", "\t", "\n", "\u2009", "(belasting)", "G20-top", "\x1c"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(_SPACED), max_size=20),
    st.sampled_from([{"belasting"}, {"noord", "korea"}, _MANY_TERMS]),
    st.integers(min_value=2, max_value=50),
)
def test_marks_do_not_depend_on_what_was_read_before(pieces, terms, cache_limit):
    """Texts are read by their white-space-separated pieces, remembered across queries: with a
    cache of any size, cleared at any point, with few or many query terms, and any kind of white
    space, the marked words are the ones the plain word-by-word reading gives."""
    from search.analysis import indexing

    text = "".join(pieces)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(indexing, "_WORD_CACHE_LIMIT", cache_limit)
        assert match_spans(text, terms) == _every_word_span(text, terms)
        assert match_spans(text + " " + text, terms) == _every_word_span(text + " " + text, terms)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(_SPACED), max_size=12), min_size=1, max_size=6),
    st.sampled_from([{"belasting"}, {"noord", "korea"}, _MANY_TERMS]),
    st.integers(min_value=2, max_value=50),
    st.sampled_from([0, 4, 10**9]),
)
def test_a_page_read_together_marks_each_text_as_alone(page, terms, cache_limit, probes_per_step):
    """A page's texts are read together; each is then searched for its own words only. Every
    text, and only its own words, is marked as the plain reading of that text alone marks it,
    whichever way the pieces holding a term are found (each term's holders, or each piece's
    terms)."""
    from search.analysis import indexing
    from search.snippets import Highlighter

    texts = ["".join(pieces) for pieces in page]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(indexing, "_WORD_CACHE_LIMIT", cache_limit)
        patch.setattr(indexing, "_PROBES_PER_STEP", probes_per_step)
        highlighter = Highlighter(terms)
        highlighter.read(texts)
        assert [highlighter.spans(text) for text in texts] == [_every_word_span(text, terms) for text in texts]


_PHRASE_PIECES = ["raad", "Raad", "van", "de", "state", "staten", "eerste", "kamer", "Kamer", "minister", "x", "’s-"]
_PHRASES = [(("raad", "staan"), (0, 2)), (("een", "kamer"), (0, 1)), (("minister", "raad", "staan"), (0, 1, 3))]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(_PHRASE_PIECES), max_size=24),
    st.lists(st.sampled_from([" ", ", ", "-", "'"]), max_size=24),
)
def test_phrases_found_from_their_first_words_are_the_phrases_among_every_word(words, joints):
    """A phrase is looked for only after a match of its first word; the plain reading walks every
    word of the text. Both mark the same phrases as one span."""
    from search.snippets import Highlighter

    text = "".join(w + (joints[i] if i < len(joints) else " ") for i, w in enumerate(words))
    terms = {term for phrase, _ in _PHRASES for term in phrase}

    def every_word(self, scan, spans):
        return self._phrase_spans(scan)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Highlighter, "_phrases_from", every_word)
        expected = Highlighter(terms, _PHRASES).keyed_spans(text)
    assert Highlighter(terms, _PHRASES).keyed_spans(text) == expected


@pytest.mark.parametrize("text", ["\x00<b>ontmoeting</b>\x01", "\x01ontmoeting\x00 & <i>", "ontmoeting\x00"])
def test_characters_like_the_mark_placeholders_stay_text(text):
    """Marks are placed with placeholder characters that ingest removes; a text that still holds
    one (from a caller, not the index) gets no extra tags from it."""
    html = mark_text(text, {"ontmoeting"})
    assert html.count("<mark>") == html.count("</mark>") == 1
    assert html.replace("<mark>", "").replace("</mark>", "").count("<") == 0
