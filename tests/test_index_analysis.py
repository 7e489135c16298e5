"""The build's analysis (each distinct word analysed once) indexes exactly what Whoosh's own
pipeline indexes: the same terms at the same positions, the same weights, the same bytes."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.fields import TEXT
from whoosh.formats import Characters, Positions

from search.analysis import WORD_PATTERN, dutch_analyzer, indexing, positions_encoder
from search.arrays import FieldCollector
from search.generations import current_generation
from search.ingest import iter_source_files, read_articles
from search.part_writer import encoded_positions
from search.schema import TEXT_FIELDS, analyse, build_schema
from search.vocabulary import VOCABULARY_DIR, write_vocabulary
from tests.shared_data import SHARED, require

SCHEMA = build_schema()


@pytest.fixture(autouse=True)
def empty_word_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts with no word analysed yet, so that it sees misses and hits."""
    monkeypatch.setattr(indexing, "_words", {})
    monkeypatch.setattr(indexing, "_pieces", {})
    monkeypatch.setattr(indexing, "_term_pieces", {})


def whoosh_analysis(name: str, text: str) -> tuple[list, list, list]:
    """What Whoosh indexes for ``text`` in field ``name``: every term with its positions and
    its summed boosts (from the field's analyzer, token by token, stop words skipped), and the
    postings ``field.index`` gives (term bytes, frequency, weight, encoded positions)."""
    field = SCHEMA[name]
    positions: dict[str, list[int]] = {}
    weights: dict[str, float] = {}
    for token in field.analyzer(text, positions=True, boosts=True, mode="index"):
        if not token.stopped:
            positions.setdefault(token.text, []).append(token.pos)
            weights[token.text] = weights.get(token.text, 0.0) + token.boost
    return list(positions.items()), list(weights.items()), list(TEXT.index(field, text))


def fast_analysis(name: str, text: str) -> tuple[list, list, list]:
    """The build's analysis, and the postings a build part writes from it (``part_writer``)."""
    done = analyse(text)
    collector = FieldCollector()
    collector.add(0, done.positions, done.weights)
    part = collector.finish(1)
    field = SCHEMA[name]
    boost = field.format.field_boost
    values = encoded_positions(part, field)
    items = zip(part.terms, part.freqs.tolist(), part.weights.tolist(), values, strict=True)
    postings = [(term, freq, weight * boost, value) for term, freq, weight, value in items]
    return list(done.positions.items()), list(done.weights.items()), postings


def assert_same_analysis(texts: list[str]) -> None:
    """Twice over: the first time mostly words not seen yet, the second time all from the cache."""
    for _ in range(2):
        for text in texts:
            for name in TEXT_FIELDS:
                fast, whoosh = fast_analysis(name, text), whoosh_analysis(name, text)
                # postings in term order, as the segment holds them
                assert (*fast[:2], fast[2]) == (*whoosh[:2], sorted(whoosh[2])), (name, text)


def corpus_texts(articles) -> list[str]:
    texts = []
    for article in articles:
        texts.append(article.title)
        for paragraph in article.paragraphs:
            texts.extend([paragraph.heading, paragraph.text])
    return texts


@pytest.mark.parametrize("name", TEXT_FIELDS)
def test_every_text_field_is_analysed_by_the_pipeline_the_build_reproduces(name):
    """``analyse`` reproduces ``dutch_analyzer()``; a text field with another analyzer would be
    indexed differently from what its queries expect."""
    assert SCHEMA[name].analyzer == dutch_analyzer()


TRICKY = [
    "Noord-Koreaanse leider",
    "de Noord-Koreaanse en Zuid-Koreaanse leiders",
    "Nederland's economie en Korea’s hoofdstad",
    "auto's, foto’s en 's-Hertogenbosch's markt",
    "'t-shirt ’s-Gravenhage 's avonds",
    "Nederland's's",
    "l'Oréal d’Ancona rock-'n-roll",
    "de het een en van in op aan met",
    "De Minister Van Onderwijs",
    "2019 2,5 miljoen G20 mp3 19-jarigen 1e covid-19",
    "inkomstenbelasting belastingdienst verkeersslachtoffers wereldrecordhouder",
    "",
    "   ... !!! ---",
    "kernwapens kernwapens kernwapens inkomstenbelasting inkomstenbelasting",
    "INKOMSTENBELASTING NOORD-KOREA MINISTER",
    "Korea's KOREA'S korea’S",  # only a lower-case 's is stripped
    "geïsoleerde café’s naïeve coördinatie",
    "e-mail e-mails a-b-c-d-e",
    "under_score x_y ½ ² Ⅻ",
    "Het kabinet-Rutte viel; het kabinet Rutte-IV ook",
]


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_text_is_indexed_as_whoosh_indexes_it(text):
    assert_same_analysis([text])


def test_hyphenated_compound_keeps_parts_and_whole_at_whoosh_positions():
    """Not just equal to Whoosh: the phrase ``noord koreaanse leider`` and the whole word
    ``noord-koreaanse`` both line up with ``leider``."""
    positions = analyse("de Noord-Koreaanse leider").positions
    assert positions == {"noord": [1], "koreaans": [2], "noordkoreaans": [2], "leider": [3]}


def test_compound_parts_weigh_half_and_repeats_add_up():
    done = analyse("inkomstenbelasting en belasting, inkomstenbelasting")
    assert done.weights["belasting"] == 0.5 + 1.0 + 0.5
    assert done.positions["belasting"] == [0, 2, 3]


def test_seed_corpus_is_indexed_as_whoosh_indexes_it(seeds_dir: Path):
    assert_same_analysis(corpus_texts(seed_articles(seeds_dir)))


def seed_articles(seeds_dir: Path) -> list:
    problems: list = []
    paths = list(iter_source_files([seeds_dir], problems.append))
    articles = [article for path in paths for article in read_articles(path, None, problems.append)]
    assert articles and not problems
    return articles


def test_built_vocabulary_is_every_word_of_the_paragraphs_as_written(seed_config, seeds_dir: Path, tmp_path: Path):
    """The build takes the vocabulary's words from its analysis; the files are the same, byte for
    byte, as those written from every match of the word pattern in every paragraph's text."""
    words = Counter(
        m.group() for a in seed_articles(seeds_dir) for p in a.paragraphs for m in WORD_PATTERN.finditer(p.text)
    )
    write_vocabulary(tmp_path, words)
    built = current_generation(seed_config.index_dir) / VOCABULARY_DIR
    names = sorted(path.name for path in built.iterdir())
    assert names == ["counts.npy", "keys.npy", "shown.npy"]
    for name in names:
        assert (built / name).read_bytes() == (tmp_path / VOCABULARY_DIR / name).read_bytes(), name


def test_shared_corpus_sample_is_indexed_as_whoosh_indexes_it():
    sample = require(SHARED / "corpus" / "sample-1000.jsonl")
    lines = [json.loads(line) for line in sample.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 1000
    assert_same_analysis([text for line in lines for text in (line["title"], line["text"])])


def test_a_full_cache_is_cleared_and_refilled_without_changing_the_terms(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(indexing, "_WORD_CACHE_LIMIT", 3)
    text = "De inkomstenbelasting van Noord-Korea's leiders stijgt, de belasting ook."
    assert_same_analysis([text, "leiders stijgt", text])
    assert len(indexing._words) <= 3


_PIECES = [
    "inkomstenbelasting", "Belasting", "noord", "Koreaanse", "de", "van", "2019", "G20", "é",
    "-", "'", "’", "'s", "’s", "'S", "'t-", "s-", " ", ".", ",", "_", "x",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=16))
def test_any_text_is_indexed_as_whoosh_indexes_it(pieces):
    assert_same_analysis(["".join(pieces)])


@pytest.mark.parametrize(
    "positions",
    [[0], [1], [4095], [4096], [70000], [0, 1], [3, 3, 7], [5, 9, 4100], list(range(300))],
    ids=str,
)
def test_positions_are_encoded_as_whoosh_encodes_them(positions):
    fmt = SCHEMA["text"].format
    assert positions_encoder(fmt)(positions) == fmt.encode(positions)
    assert positions_encoder(Positions(field_boost=2.0))(positions) == Positions().encode(positions)


def test_other_formats_keep_their_own_encoding():
    fmt = Characters()
    assert positions_encoder(fmt)([(0, 0, 4)]) == fmt.encode([(0, 0, 4)])
