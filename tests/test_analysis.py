"""The Dutch analyzer as searchers meet it: which words find each other, and which do not.

Terms are compared, not pinned: lemmas and stems may change with the lexicon or Snowball, but a
search for one form must keep finding the others.
"""

from __future__ import annotations

import doctest
import pickle
from collections.abc import Iterator
from pathlib import Path

import pytest
from whoosh import index
from whoosh.fields import ID, TEXT, Schema
from whoosh.query import Or, Phrase, Query, Term
from whoosh.searching import Searcher

from search import analysis
from search.analysis import dutch_analyzer, index_terms, query_terms, related_terms


def term(word: str) -> str:
    """The one term a single word is searched by."""
    terms = query_terms(word)
    assert len(terms) == 1, terms
    return terms[0]


# -- forms of one word share a term ------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("ontmoetingen", "ontmoeting"),
        ("onderhandelingen", "onderhandeling"),
        ("steden", "stad"),
        ("ministers", "minister"),
        ("leden", "lid"),  # not lijden: a plural noun that is also a past tense
        ("velden", "veld"),  # not vellen
        ("kranten", "krant"),
        ("gelopen", "lopen"),
        ("grootste", "groot"),
        ("grootst", "groot"),
        # a noun stem in -t and its infinitive, which simplemma maps onto each other crosswise
        ("wacht", "wachten"),
        ("wachtte", "wacht"),
        ("test", "tests"),
        # diminutives, which simplemma gives the singular diminutive as lemma
        ("zaakjes", "zaak"),
        ("spelletjes", "spel"),
        # nominalised adjectives
        ("zwarten", "zwart"),
        # inflected adjectives, not the verb or the inhabitant simplemma reads
        ("zuivere", "zuiver"),
        ("Franse", "Frans"),
        # women's titles: the plural, which simplemma gives the singular as lemma
        ("woordvoersters", "woordvoerster"),
        # separable verbs: simplemma writes op_leveren
        ("opgeleverd", "opleveren"),
        # compounds the lexicon does not know, by their known head
        ("gezondheidsbedreigingen", "gezondheidsbedreiging"),
        ("avondvluchten", "avondvlucht"),
        ("leeftijdseisen", "leeftijdseis"),
        # unknown inflections of known words
        ("verrassende", "verrassend"),
        ("intensieve", "intensief"),
        ("ingeschreven", "inschrijven"),
        # hyphenated and solid spellings of one compound
        ("Noord-Koreaanse", "Noordkoreaanse"),
        ("e-mail", "email"),
    ],
)
def test_forms_share_a_term(a: str, b: str) -> None:
    assert term(a) == term(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("minister", "mini"),  # Snowball: mini
        ("gemeente", "meen"),  # Snowball: meen
        ("leden", "lijden"),
        ("indiening", "indien"),  # an unknown derivation is not stemmed into the conjunction
        ("anders", "ander"),  # an unknown word is not stemmed into another known word
        ("straks", "strak"),
        ("ontmoeting", "ontmoeten"),  # derivations stay apart in the index: see related_terms
        ("bad", "bidden"),
        ("koe", "bul"),
        ("Franse", "Fransman"),
        ("maskers", "maskeren"),  # a noun with an -s plural is not the verb made from it
    ],
)
def test_different_words_keep_different_terms(a: str, b: str) -> None:
    assert term(a) != term(b)


def test_words_the_lexicon_does_not_know_still_conflate() -> None:
    """Snowball conflates the long tail: an unknown word's forms still meet."""
    assert term("brexitdeals") == term("brexitdeal")


# -- derivations, added at query time ----------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "document"),
    [
        ("ontmoetten", "ontmoetingen"),
        ("ontmoetingen", "ontmoette"),
        ("onderhandelen", "onderhandelingen"),
        ("onderhandeling", "onderhandelden"),
        ("organiseerde", "organisaties"),
        ("vergaderen", "vergadering"),
    ],
)
def test_related_terms_bridge_verb_and_nominalisation(query: str, document: str) -> None:
    assert term(document) in related_terms(term(query))


@pytest.mark.parametrize("word", ["minister", "lopen", "gemeente", "g20", "2019", "besturen", "ring", "obligatie"])
def test_related_terms_do_not_invent_words(word: str) -> None:
    """A word without a verb or noun made from it gets no relatives, and a look-alike is no
    relative: "ring" is not a noun made from "ren" (Snowball stems them apart)."""
    assert related_terms(term(word)) == []


@pytest.mark.parametrize(
    "word", ["ontmoeten", "onderhandeling", "organiseren", "vergaderen", "behandeling", "verkiezing"]
)
def test_related_terms_are_index_terms_of_other_words(word: str) -> None:
    related = related_terms(term(word))
    assert related and term(word) not in related
    assert all(analysis.lemma(t) is None or analysis.conflate(t) == t for t in related)


@pytest.mark.parametrize("word", ["ontmoeten", "onderhandeling", "organisatie", "wonen"])
def test_related_terms_leave_index_terms_alone(word: str) -> None:
    for related in related_terms(term(word)):
        assert index_terms(related) == [related]


# -- spelling: diacritics, apostrophes, hyphens, numbers -----------------------------------------


@pytest.mark.parametrize(
    ("plain", "accented"),
    [("geisoleerde", "geïsoleerde"), ("financiele", "financiële"), ("cooperatie", "coöperatie")],
)
def test_diacritics_are_folded(plain: str, accented: str) -> None:
    assert term(plain) == term(accented)


@pytest.mark.parametrize(
    ("with_s", "without"),
    [("Korea's", "Korea"), ("auto's", "auto"), ("Korea’s", "Korea"), ("auto’s", "auto")],
)
def test_possessive_and_plural_apostrophe_s_is_dropped(with_s: str, without: str) -> None:
    assert index_terms(with_s) == index_terms(without)


@pytest.mark.parametrize("name", ["'s-Hertogenbosch", "’s-Hertogenbosch"])
def test_place_names_with_apostrophe_s_stay_one_token(name: str) -> None:
    assert index_terms(name) == ["'s-hertogenbosch"]


def test_hyphenated_word_is_indexed_by_its_parts_and_as_a_whole() -> None:
    terms = index_terms("Noord-Koreaanse")
    assert terms[:-1] == [term("Noord"), term("Koreaanse")]
    assert terms[-1] == term("Noord-Koreaanse")  # the query for the whole
    assert term("Koreaanse") in terms


def test_hyphen_parts_and_whole_have_phrase_positions() -> None:
    """The whole shares the last part's position, so phrases match with and without hyphen."""
    tokens = [(t.text, t.pos) for t in dutch_analyzer()("de Noord-Koreaanse leider", positions=True)]
    whole, part_pos = tokens[2], tokens[1][1]
    assert whole[1] == part_pos
    assert tokens[-1] == (term("leider"), part_pos + 1)


@pytest.mark.parametrize(("text", "terms"), [("G20", ["g20"]), ("2019", ["2019"]), ("mp3", ["mp3"])])
def test_numbers_and_codes_are_kept(text: str, terms: list[str]) -> None:
    assert index_terms(text) == terms


def test_stop_words_are_removed_but_leave_their_gap() -> None:
    tokens = [(t.text, t.pos) for t in dutch_analyzer()("minister van onderwijs", positions=True)]
    assert tokens == [(term("minister"), 0), (term("onderwijs"), 2)]


# -- the analyzer in an index -------------------------------------------------------------------


def test_analyzer_survives_pickling() -> None:
    """Whoosh stores the analyzer in the index by pickling it."""
    text = "De ministers ontmoetten de leden in 's-Hertogenbosch en Noord-Korea’s hoofdstad"
    restored = pickle.loads(pickle.dumps(dutch_analyzer()))
    assert [t.text for t in restored(text)] == index_terms(text)
    assert restored == dutch_analyzer()


@pytest.fixture
def news_index(tmp_path: Path) -> Iterator[Searcher]:
    """A real three-document Whoosh index with the analyzer in its schema."""
    schema = Schema(id=ID(stored=True), text=TEXT(analyzer=dutch_analyzer(), phrase=True))
    ix = index.create_in(tmp_path, schema)
    with ix.writer() as writer:
        writer.add_document(id="1", text="De ontmoetingen tussen de ministers in Noord-Koreaanse steden.")
        writer.add_document(id="2", text="Onderhandelingen over de leden van de gemeente.")
        writer.add_document(id="3", text="Een mini-camper voor de minister van onderwijs.")
    reopened = index.open_dir(tmp_path)  # the analyzer unpickled from the index
    with reopened.searcher() as searcher:
        yield searcher


def search_ids(searcher: Searcher, query: Query) -> list[str]:
    return sorted(hit["id"] for hit in searcher.search(query))


def expanded(word: str) -> Or:
    """A query term and its related terms, as the query engine ORs them."""
    found = term(word)
    return Or([Term("text", t) for t in [found, *related_terms(found)]])


@pytest.mark.parametrize(
    ("query", "ids"),
    [
        ("ontmoetten", ["1"]),  # the verb finds the nominalisation
        ("onderhandelde", ["2"]),
        ("stad", ["1"]),
        ("lid", ["2"]),
        ("minister", ["1", "3"]),
        ("mini", ["3"]),  # minister is not mini
        ("Koreaanse", ["1"]),  # a part of a hyphenated word
        ("noord-koreaans", ["1"]),
    ],
)
def test_search_finds_forms_and_derivations(news_index: Searcher, query: str, ids: list[str]) -> None:
    assert search_ids(news_index, expanded(query)) == ids


@pytest.mark.parametrize(
    ("phrase", "ids"),
    [
        ("noord koreaanse steden", ["1"]),
        ("noord-koreaanse steden", ["1"]),
        ("minister van onderwijs", ["3"]),  # "van" is a stop word: its gap stays
        ("minister onderwijs", []),
    ],
)
def test_phrases_match_across_hyphens_and_stop_words(news_index: Searcher, phrase: str, ids: list[str]) -> None:
    tokens = [(t.text, t.pos) for t in dutch_analyzer()(phrase, positions=True, mode="query")]
    words = [text for text, _ in tokens]
    gaps = [b[1] - a[1] for a, b in zip(tokens, tokens[1:], strict=False)]
    assert search_ids(news_index, Phrase("text", words, slop=max(gaps))) == ids


# -- documentation -------------------------------------------------------------------------------


def test_docstring_examples_hold() -> None:
    results = doctest.testmod(analysis)
    assert results.attempted >= 3
    assert results.failed == 0
