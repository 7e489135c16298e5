"""``"a b"~N``: words in order within N positions; the fast path matches exactly what Whoosh matches."""

from __future__ import annotations

import itertools
import random

import pytest

from search.config import Config
from search.engine import Engine
from search.indexer import rebuild
from tests.research_corpus import build_index
from tests.shared_data import SHARED, require
from tests.whoosh_reference import fast_matches, whoosh_matches

WORDS = ["appel", "boom", "fiets", "molen", "kaas", "lamp"]
FILLER = ["de", "het", "en", "rood", "groot", "snel"]  # stop words leave gaps; the others take positions


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    eng = Engine(build_index(tmp_path_factory.mktemp("proximity")))
    yield eng
    eng.close()


@pytest.fixture(scope="module")
def random_engine(tmp_path_factory, corpus_rows=400):
    """Paragraphs of random words: every distance and order occurs somewhere."""
    root = tmp_path_factory.mktemp("proximity-random")
    rng = random.Random(13)
    folder = root / "willekeur"
    folder.mkdir()
    for n in range(corpus_rows // 10):
        paragraphs = [" ".join(rng.choice(WORDS + FILLER) for _ in range(rng.randint(3, 14))) + "." for _ in range(10)]
        (folder / f"tekst-{n:03d}.txt").write_text("Willekeur\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    config = Config(index_dir=root / "index")
    rebuild(config, [folder])
    eng = Engine(config)
    yield eng
    eng.close()


def paragraphs(engine, q: str) -> set[str]:
    generation = engine._current()
    return {generation.stored(d)["id"] for d in fast_matches(engine, q)}


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ('"trump kim"', set()),  # never next to each other
        ('"trump kim"~1', set()),
        ('"trump kim"~2', {"top-1:0"}),  # "Trump en Kim": "en" is a stop word, still a position
        ('"trump kim"~9', {"top-1:0"}),
        ('"trump kim"~10', {"top-1:0", "top-1:1"}),  # ten positions apart, "met" included
        ('"kim trump"~2', {"top-1:2"}),  # in this order: "Kim ontmoette Trump"
        ('"trump kim hand"~4', {"top-1:0"}),  # kim .. hand: four positions
        ('"trump kim hand"~3', set()),
    ],
)
def test_proximity_finds_words_within_the_distance_in_order(engine, q, expected):
    assert paragraphs(engine, q) == expected


def test_proximity_is_in_the_query_not_a_word(engine):
    parsed = engine.parse('"trump kim"~5')
    assert parsed.words == ["trump", "kim"]
    assert "5" not in parsed.highlight_terms


@pytest.mark.parametrize("prefix", [False, True])
def test_as_you_type_keeps_the_distance(engine, prefix):
    assert fast_matches(engine, '"trump kim"~10', prefix) == whoosh_matches(engine, '"trump kim"~10', prefix)
    assert len(fast_matches(engine, '"trump kim"~10', prefix)) == 2


CASES = [
    f'"{" ".join(words)}"~{slop}'
    for n in (2, 3)
    for words in itertools.permutations(WORDS[:4], n)
    for slop in (1, 2, 3, 5)
]


@pytest.mark.parametrize("q", CASES)
def test_fast_path_agrees_with_whoosh_on_every_distance_and_order(random_engine, q):
    assert fast_matches(random_engine, q) == whoosh_matches(random_engine, q)


def test_the_random_corpus_exercises_proximity(random_engine):
    """The agreement above means something: near matches exist, and widen with the distance."""
    sizes = [len(fast_matches(random_engine, f'"appel boom"~{slop}')) for slop in (1, 2, 5)]
    assert 0 < sizes[0] < sizes[1] < sizes[2]


# -- real Dutch text -------------------------------------------------------------------------------

SAMPLE = SHARED / "corpus" / "sample-1000.jsonl"
REAL_QUERIES = [
    '"het spel"~2', '"spel computer"~10', '"kunt instellen"~4', '"wet lid"~5', '"lid artikel"~4',
    '"artikel lid"~4', '"eerste lid"~2', '"lid eerste"~3', '"klik op"~2', '"eerste lid"~3 date:[2010 TO *]',
    "date:2014", "date:[2001 TO 2010]", "spel -date:[* TO 2012]",
]  # fmt: skip


@pytest.fixture(scope="module")
def sample_engine(tmp_path_factory):
    config = Config(index_dir=tmp_path_factory.mktemp("proximity-sample") / "index")
    rebuild(config, [require(SAMPLE)])
    eng = Engine(config)
    yield eng
    eng.close()


@pytest.mark.parametrize("q", REAL_QUERIES)
def test_fast_path_agrees_with_whoosh_on_real_text(sample_engine, q):
    assert fast_matches(sample_engine, q) == whoosh_matches(sample_engine, q)


def test_real_text_has_near_matches(sample_engine):
    """The agreement above is about real matches: near words are found, more the farther they may be."""
    assert all(fast_matches(sample_engine, q) for q in REAL_QUERIES[:5])
    assert len(fast_matches(sample_engine, '"lid artikel"~8')) > len(fast_matches(sample_engine, '"lid artikel"~2'))
