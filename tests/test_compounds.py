"""Dutch compounds as searchers meet them: a word finds the compounds it is part of, and nothing
that merely contains its letters.

Parts are compared as terms, not pinned: ``belasting`` must find ``inkomstenbelasting`` whatever
the lemmas are called.
"""

from __future__ import annotations

import doctest
import subprocess
import sys
from pathlib import Path

import pytest

from bench import score_compounds
from search.analysis import dutch_analyzer, index_terms, query_terms, splitter
from search.engine import Engine
from search.results import SearchRequest
from tests.news_files import index_news
from tests.whoosh_reference import fast_matches, whoosh_matches

REPO = Path(__file__).resolve().parent.parent
GOLD = Path(__file__).resolve().parents[2] / "shared" / "testdata" / "ud-dutch" / "alpino-lemmas.tsv"


def found_in(query: str, word: str) -> bool:
    """Whether a one-word query looks for a term the word is indexed under."""
    return not set(query_terms(query)).isdisjoint(index_terms(word))


# -- the splitter --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "compound"),
    [
        # heads
        ("belasting", "inkomstenbelasting"),
        ("belasting", "omzetbelasting"),
        ("belasting", "vennootschapsbelasting"),
        ("verzekering", "zorgverzekering"),
        ("verzekering", "volksverzekeringen"),
        ("beleid", "integratiebeleid"),
        ("beleid", "cultuurbeleid"),
        ("slachtoffers", "verkeersslachtoffer"),
        ("slachtoffer", "oorlogsslachtoffers"),
        ("programma", "hulpprogramma"),
        ("programma", "subsidieprogramma"),
        ("vergunning", "verblijfsvergunning"),
        ("vergunningen", "omgevingsvergunning"),
        # first parts
        ("belasting", "belastingdienst"),
        ("kernwapens", "kernwapenverdrag"),
        # linking elements: -s-, -en- (the first part in its plural), -er-, -e-
        ("kabinet", "kabinetscrisis"),
        ("verkeer", "verkeersslachtoffers"),
        ("boer", "boerenbond"),
        ("boeren", "boerenbond"),
        ("kind", "kinderopvang"),
        ("paard", "paardebloem"),
    ],
)
def test_a_word_finds_the_compounds_it_is_part_of(query: str, compound: str) -> None:
    assert found_in(query, compound)


@pytest.mark.parametrize(
    ("query", "word"),
    [
        # prefixes and particles make derivations and separable verbs, not compounds
        ("slag", "verslag"),
        ("val", "aanval"),
        ("drijven", "bedrijven"),
        ("trouwen", "vertrouwen"),
        ("stuur", "bestuur"),
        ("uur", "bestuur"),
        ("gang", "toegang"),
        ("stand", "weerstand"),
        ("daad", "misdaad"),
        # words more common than their would-be parts are words of their own
        ("offer", "slachtoffer"),
        ("oor", "oorlog"),
        ("visie", "televisie"),
        ("rijk", "belangrijk"),
        ("meester", "burgemeester"),
        # chance spellings
        ("ster", "minister"),
        ("mini", "minister"),
        ("mos", "moslim"),
        ("ziek", "muziek"),
        ("taal", "portaal"),
        # endings that happen to be words: derivations, not compounds
        ("lijk", "gemeentelijk"),
        ("schap", "wetenschap"),
        ("ster", "woordvoerster"),
    ],
)
def test_a_word_does_not_find_words_that_merely_contain_its_letters(query: str, word: str) -> None:
    assert not found_in(query, word)


def test_a_compound_typed_as_a_query_is_not_split() -> None:
    assert query_terms("kernwapens") == query_terms("kernwapen")
    assert query_terms("wapens")[0] not in query_terms("kernwapens")


def test_parts_share_the_compound_s_position_and_weigh_less() -> None:
    # Whoosh reuses one token object for a stream: copy each as it passes.
    tokens = [t.copy() for t in dutch_analyzer()("de inkomstenbelasting stijgt", positions=True, chars=True)]
    whole = next(t for t in tokens if t.text == query_terms("inkomstenbelasting")[0])
    parts = [t for t in tokens if t.pos == whole.pos and t is not whole and t.text != whole.text]
    assert {p.text for p in parts} >= set(query_terms("belasting"))
    assert all((p.startchar, p.endchar) == (whole.startchar, whole.endchar) for p in parts)
    assert all(p.boost < whole.boost for p in parts)


def test_splitter_docstring_examples_hold() -> None:
    results = doctest.testmod(splitter)
    assert results.attempted >= 1
    assert results.failed == 0


# -- searching -----------------------------------------------------------------------------------

NEWS = {
    "belasting.txt": "date 2024-01-05 Belastingen\n\n"
    "De belasting gaat komend jaar flink weer omhoog.\n\n"
    "De inkomstenbelasting gaat komend jaar omhoog.\n\n"
    "De Belastingdienst stuurt iedereen een brief.",
    "toezicht.txt": "date 2024-01-06 Toezicht\n\nAanwijzing werknemers belast met toezicht op de naleving.",
    "ontmoeting.txt": "date 2024-02-01 Ontmoetingen\n\nDe ontmoeting was kort.\n\nZij ontmoeten kort.",
    "wapens.txt": "date 2024-03-01 Wapens\n\n"
    "De kernwapens van het land blijven geheim.\n\n"
    "Het kernwapen werd getest.\n\n"
    "De wapens werden ingeleverd bij de politie.",
    "raad.txt": "date 2024-04-01 Advies\n\n"
    "De Raad van State gaf een negatief advies.\n\n"
    "De gemeenteraad van Utrecht stemde in.",
    "traps.txt": "date 2024-05-01 Diversen\n\n"
    "De minister schreef een verslag over de aanval.\n\n"
    "Bedrijven vertrouwen op muziek uit het portaal.",
    "slachtoffers.txt": "date 2024-06-01 Verkeer\n\n"
    "Het aantal verkeersslachtoffers daalde.\n\n"
    "De boerenbond protesteert.",
}


@pytest.fixture(scope="module")
def engine(tmp_path_factory) -> Engine:
    return Engine(index_news(tmp_path_factory.mktemp("compounds"), NEWS))


def paragraphs(engine: Engine, q: str) -> list[str]:
    """Texts of the matching paragraphs, best first."""
    result = engine.search(SearchRequest(q=q, group="paragraph", per_page=50))
    return [hit.snippet.replace("<mark>", "").replace("</mark>", "") for hit in result.hits]


def test_search_finds_compounds_by_head_and_first_part(engine: Engine) -> None:
    found = paragraphs(engine, "belasting")
    assert any("inkomstenbelasting" in text for text in found)
    assert any("Belastingdienst" in text for text in found)
    assert any("verkeersslachtoffers" in text for text in paragraphs(engine, "slachtoffers"))
    assert any("boerenbond" in text for text in paragraphs(engine, "boer"))


@pytest.mark.parametrize("q", ["ster", "slag", "val", "drijven", "trouwen", "ziek", "taal", "mini"])
def test_search_does_not_find_false_parts(engine: Engine, q: str) -> None:
    assert paragraphs(engine, q) == []


def test_the_word_itself_ranks_above_the_same_word_inside_a_compound(engine: Engine) -> None:
    result = engine.search(SearchRequest(q="belasting", group="paragraph"))
    score = {hit.snippet: hit.score for hit in result.hits}
    # Both have seven terms (the compound is indexed as itself and its two parts).
    alone = score["De <mark>belasting</mark> gaat komend jaar flink weer omhoog."]
    assert alone > score["De <mark>inkomstenbelasting</mark> gaat komend jaar omhoog."]


def test_a_compound_query_stays_precise(engine: Engine) -> None:
    found = paragraphs(engine, "kernwapens")
    assert sorted(found) == ["De kernwapens van het land blijven geheim.", "Het kernwapen werd getest."]
    assert len(paragraphs(engine, "wapens")) == 3


def test_a_derivation_that_changes_the_sense_is_not_added(engine: Engine) -> None:
    assert not any("belast met" in text for text in paragraphs(engine, "belasting"))
    assert paragraphs(engine, "belast") != paragraphs(engine, "belasting")


def test_a_word_s_own_forms_rank_above_its_derivations(engine: Engine) -> None:
    assert paragraphs(engine, "ontmoeting") == ["De ontmoeting was kort.", "Zij ontmoeten kort."]
    assert paragraphs(engine, "ontmoetten") == ["Zij ontmoeten kort.", "De ontmoeting was kort."]


def test_the_snippet_marks_the_whole_compound(engine: Engine) -> None:
    result = engine.search(SearchRequest(q="belasting", group="paragraph"))
    snippets = [hit.snippet for hit in result.hits]
    assert "De <mark>inkomstenbelasting</mark> gaat komend jaar omhoog." in snippets
    assert "De <mark>Belastingdienst</mark> stuurt iedereen een brief." in snippets


def test_the_article_reader_marks_the_whole_compound(engine: Engine) -> None:
    hit = engine.search(SearchRequest(q="belasting")).hits[0]
    view = engine.article(hit.article_id, q="belasting")
    marked = [p.text for p in view.paragraphs if p.matches]
    assert "De <mark>inkomstenbelasting</mark> gaat komend jaar omhoog." in marked


def test_phrases_keep_working(engine: Engine) -> None:
    assert paragraphs(engine, '"raad van state"') == ["De Raad van State gaf een negatief advies."]
    assert paragraphs(engine, '"inkomstenbelasting gaat"') == ["De inkomstenbelasting gaat komend jaar omhoog."]


@pytest.mark.parametrize(
    "q",
    [
        "belasting", "kernwapens", "wapens -kernwapens", '"raad van state"', '"belasting gaat"', "belasting*",
        "raad", "slachtoffer OR boer", "title:belastingen", "ontmoetten",
    ],
)  # fmt: skip
def test_fast_path_matches_whoosh_on_compounds(engine: Engine, q: str) -> None:
    assert fast_matches(engine, q) == whoosh_matches(engine, q)


def test_a_server_marks_compounds_without_loading_wordfreq(engine: Engine) -> None:
    """The generation's lexicon snapshot carries the frequencies the splitter needs, so a server
    marks compounds in snippets exactly as the index split them, without wordfreq's 60 MiB."""
    script = (
        "import sys; from pathlib import Path; from search.config import Config;"
        "from search.engine import Engine; from search.results import SearchRequest;"
        "e = Engine(Config(index_dir=Path(sys.argv[1])));"
        "r = e.search(SearchRequest(q='belasting', group='paragraph', per_page=50));"
        "print('wordfreq' in sys.modules, sorted(h.snippet for h in r.hits) == sorted(sys.argv[2:]))"
    )
    expected = [hit.snippet for hit in engine.search(SearchRequest(q="belasting", group="paragraph", per_page=50)).hits]
    assert any("<mark>inkomstenbelasting</mark>" in snippet for snippet in expected)
    out = subprocess.run(
        [sys.executable, "-c", script, str(engine.config.index_dir), *expected],
        capture_output=True, text=True, check=True, cwd=REPO,
    ).stdout.split()  # fmt: skip
    assert out == ["False", "True"]


# -- the gold standard -----------------------------------------------------------------------------


@pytest.mark.skipif(
    not (GOLD.exists() and score_compounds.OPENTAAL.exists()),
    reason="needs ../shared/testdata beside the repository and the OpenTaal word list (Debian wdutch)",
)
def test_splitter_meets_its_targets_on_the_treebank_compounds() -> None:
    """The issue's targets on the treebank's compound lemmas, scored as bench/score_compounds.py does."""
    gold = score_compounds.load(score_compounds.tsv_rows(GOLD))
    dictionary = score_compounds.read_wordlist(score_compounds.OPENTAAL)
    traps = [w for w in gold.words if score_compounds.is_trap(w, dictionary)]
    result = score_compounds.score(gold, traps, score_compounds.ours)
    assert result.heads_found / result.heads >= 0.85
    assert result.firsts_found / result.firsts >= 0.75
    assert result.traps_split / result.traps <= 0.10
