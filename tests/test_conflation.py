"""The analyzer against reference data written by others (``../shared/testdata``, not copied).

- Snowball's own Dutch vocabulary proves that the stemming step is the real Snowball ``dutch``.
- The UD Dutch-Alpino lemmas, annotated by linguists, measure how well the whole analyzer puts
  forms of one word together and keeps different words apart (``search.evaluation``; the bench
  ``bench/score_analyzer.py`` prints the same scores with the baselines and error classes).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from search import evaluation
from search.analysis import stem_word
from tests.shared_data import SHARED, require

TESTDATA = SHARED / "testdata"
SNOWBALL = TESTDATA / "snowball-dutch"
ALPINO = TESTDATA / "ud-dutch" / "alpino-lemmas.tsv"


@pytest.fixture(scope="module")
def snowball_vocabulary() -> list[tuple[str, str]]:
    words = (require(SNOWBALL) / "voc.txt").read_text(encoding="utf-8").splitlines()
    stems = (SNOWBALL / "output.txt").read_text(encoding="utf-8").splitlines()
    assert len(words) == len(stems) == 45_670
    return list(zip(words, stems, strict=True))


@pytest.fixture(scope="module")
def alpino() -> dict[str, str]:
    return evaluation.load_gold(require(ALPINO))


@pytest.fixture(scope="module")
def alpino_scores(alpino: dict[str, str]) -> evaluation.PairScores:
    return evaluation.score(alpino, evaluation.systematize(alpino, evaluation.analyzer_term))


# -- Snowball ------------------------------------------------------------------------------------


def test_stem_word_is_snowball_dutch(snowball_vocabulary: list[tuple[str, str]]) -> None:
    wrong = [(word, stem, stem_word(word)) for word, stem in snowball_vocabulary if stem_word(word) != stem]
    assert wrong == []


def test_stem_word_is_thread_safe(snowball_vocabulary: list[tuple[str, str]]) -> None:
    """Indexing and searching stem from many threads at once; each gets Snowball's stems."""
    words = [word for word, _ in snowball_vocabulary]
    with ThreadPoolExecutor(max_workers=8) as pool:
        stems = list(pool.map(stem_word, words, chunksize=500))
    assert stems == [stem for _, stem in snowball_vocabulary]


# -- conflation, scored against the treebank's lemmas -----------------------------------------------


def test_gold_standard_is_read_as_documented(alpino: dict[str, str]) -> None:
    """Distinct lower-cased content-word forms, lemmas without the compound underscore."""
    assert len(alpino) > 4000
    assert alpino["avondvluchten"] == "avondvlucht"  # avond_vlucht in the file
    assert all(form == form.lower() and "_" not in lemma for form, lemma in alpino.items())


def test_analyzer_keeps_different_words_apart(alpino_scores: evaluation.PairScores) -> None:
    assert alpino_scores.precision >= 0.80, alpino_scores


def test_analyzer_puts_forms_of_a_word_together(alpino_scores: evaluation.PairScores) -> None:
    assert alpino_scores.f1 >= 0.80, alpino_scores


def test_analyzer_beats_plain_snowball(alpino: dict[str, str], alpino_scores: evaluation.PairScores) -> None:
    snowball = evaluation.score(alpino, evaluation.systematize(alpino, stem_word))
    assert alpino_scores.precision > snowball.precision
    assert alpino_scores.recall > snowball.recall


def test_gold_from_conllu_matches_the_documented_reading(tmp_path: Path) -> None:
    """Other treebanks can be scored the same way (bench --conllu)."""
    conllu = tmp_path / "sample.conllu"
    rows = [
        "# text = De leden stemden, de Leden zwegen.",
        "1\tDe\tde\tDET\t_\t_\t2\tdet\t_\t_",
        "2\tleden\tlid\tNOUN\t_\t_\t3\tnsubj\t_\t_",
        "3\tstemden\tstemmen\tVERB\t_\t_\t0\troot\t_\t_",
        "4-5\tzo'n\t_\t_\t_\t_\t_\t_\t_\t_",
        "6\tLeden\tlijden\tVERB\t_\t_\t3\tconj\t_\t_",
        "7\tLeden\tlid\tNOUN\t_\t_\t3\tconj\t_\t_",
        "8\tavondvluchten\tavond_vlucht\tNOUN\t_\t_\t3\tobj\t_\t_",
        "9\tAmsterdam\tAmsterdam\tPROPN\t_\t_\t3\tobl\t_\t_",
    ]
    conllu.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert evaluation.load_gold_conllu([conllu]) == {
        "leden": "lid",  # lid twice, lijden once
        "stemden": "stemmen",
        "avondvluchten": "avondvlucht",
    }


@pytest.mark.parametrize(
    ("system", "expected"),
    [
        ({"a": "x", "b": "x", "c": "y"}, (1.0, 1.0)),  # a and b together, as in the gold
        ({"a": "x", "b": "x", "c": "x"}, (1 / 3, 1.0)),  # everything together
        ({"a": "x", "b": "y", "c": "z"}, (1.0, 0.0)),  # nothing together
        ({"a": None, "b": None, "c": None}, (1.0, 0.0)),  # stop words: together with nothing
    ],
)
def test_pair_scoring(system: dict[str, str | None], expected: tuple[float, float]) -> None:
    scores = evaluation.score({"a": "lemma", "b": "lemma", "c": "other"}, system)
    assert (scores.precision, scores.recall) == pytest.approx(expected)
