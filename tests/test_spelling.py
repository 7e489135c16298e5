"""Did-you-mean's choice of word, on small vocabularies written as the build writes them."""

from collections import Counter

import pytest

from search.spelling import closest_word
from search.vocabulary import Vocabulary, write_vocabulary


@pytest.fixture
def vocabulary_of(tmp_path):
    def make(counts: dict[str, int]) -> Vocabulary:
        folder = tmp_path / f"gen-{len(list(tmp_path.iterdir()))}"
        folder.mkdir()
        write_vocabulary(folder, Counter(counts))
        return Vocabulary.open(folder)

    return make


@pytest.mark.parametrize(
    ("typed", "counts", "suggested"),
    [
        # two letters swapped are one edit: closer than a commoner word two edits away
        ("ontmoetign", {"ontmoeting": 10, "ontmoeten": 500}, "ontmoeting"),
        # of words equally close, the commoner
        ("ontmoetign", {"ontmoetig": 5, "ontmoetigs": 50}, "ontmoetigs"),
        # two edits are still a suggestion, three are not
        ("ontmoetign", {"ontmoetingen": 100}, "ontmoetingen"),
        ("ontmoetign", {"ontmoetjes": 100}, None),
        # shown as the articles usually write it
        ("trmp", {"Trump": 40, "trump": 2}, "Trump"),
        # a word the index holds often enough is no typo, and a rarer word is no fix
        ("ontmoetign", {"ontmoetign": 3, "ontmoeting": 100}, None),
        ("ontmoetign", {"ontmoetign": 2, "ontmoeting": 1}, None),
        # the first letter is kept: a typo there is not guessed
        ("pntmoeting", {"ontmoeting": 100}, None),
    ],
)
def test_the_closest_commonest_word_is_suggested(vocabulary_of, typed, counts, suggested):
    assert closest_word(typed, vocabulary_of(counts)) == suggested
