"""The index term of a word: its lemma, else the lemma of what it inflects or compounds, else a stem.

Words the lexicon knows are indexed by their lemma; unknown words by the lemma of the known
word they are a regular inflection or compound of; Snowball stems the rest, except where it
would overstem.
"""

from __future__ import annotations

from collections.abc import Iterator

from .compounds import compound_lemma
from .lemmas import lemma
from .lexicon import lookup
from .words import DIGIT, fold, stem_word

_conflated: dict[str, str] = {}
_CONFLATE_CACHE_LIMIT = 2_000_000


def conflate(word: str) -> str:
    """The index term of a lower-cased word, folded: its lemma if the lexicon knows it, else the
    lemma of the known word it is a compound or inflection of, else its Snowball stem."""
    term = _conflated.get(word)
    if term is None:
        term = _conflate(word)
        if len(_conflated) >= _CONFLATE_CACHE_LIMIT:
            _conflated.clear()
        _conflated[word] = term
    return term


def _conflate(word: str) -> str:
    if not word[0].isalpha() and word[0] != "'":
        return fold(word)  # numbers and codes: 2019, 1e
    if word.startswith("'"):
        return fold(word)  # 's-Hertogenbosch, 't-shirt: names, kept whole
    if "-" in word:
        return _conflate_hyphenated(word)
    if not word.isalpha() and DIGIT.search(word):
        return fold(word)  # G20, mp3
    found = lemma(word) or _unknown_lemma(word)
    if found is not None:
        return fold(found)
    return fold(_unknown_stem(word))


def _conflate_hyphenated(word: str) -> str:
    """The term of a hyphenated word as a whole: the same as the word written without hyphens
    (``noord-koreaanse`` = ``noordkoreaanse``, ``e-mail`` = ``email``)."""
    head, _, last = word.rpartition("-")
    if not last or not head:
        return fold(word)
    found = lemma(word)
    if found is not None:
        return fold(found)
    head = head.replace("-", "")
    if any(c.isdigit() for c in head):
        return fold(head) + conflate(last)  # 19-jarigen: 19 + jarig
    return conflate(head + last)


def _unknown_lemma(word: str) -> str | None:
    """The lemma of a word the lexicon does not know, from an inflection or compound it does know.

    First the regular inflections the lexicon lists only partly: adjectival ``-e`` and ``-en``
    (``gebouwde``, ``werkenden``), plural ``-s`` after a vowel, present participles
    (``beledigende``->``beledigen``). Then compounds: Dutch writes them as one word, so most
    unknown words are compounds of known words (``gezondheidsbevorderende``): see
    ``compound_lemma``.
    """
    if word.startswith("aller") and len(word) > 8:
        return lemma(word[5:]) or _unknown_lemma(word[5:])  # allerarmsten: armsten
    for candidate in _uninflected(word):
        found = lemma(candidate)
        if found is not None:
            return found
    return compound_lemma(word)


def _uninflected(word: str) -> Iterator[str]:
    """What an unknown word may be a regular inflection of, nearest first."""
    if word.endswith("s") and len(word) > 4 and word[-2] in "aeiouy":
        yield word[:-1]  # organisaties -> organisatie
        return
    if word.endswith("en"):
        word = word[:-1]  # werkenden -> werkende, armsten -> armste
        yield word
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]  # gebouwde -> gebouwd, verrassende -> verrassend
        yield word
        if word[-1] in "vz":
            yield word[:-1] + ("f" if word[-1] == "v" else "s")  # intensieve -> intensief
    if word.endswith("end") and len(word) > 5:
        yield word[:-1]  # beledigend -> beledigen


# Derivational suffixes, inflected and not. Snowball strips the suffix too (``indiening``,
# ``indieningen`` -> ``indien``, the conjunction "if"; ``geschiktheid`` -> ``schik``), which
# merges the derived word with whatever its base happens to spell. Unknown words with these
# suffixes lose their inflection only.
_DERIVATIONS = (
    ("heden", "heid"),
    ("ingen", "ing"),
    ("iteiten", "iteit"),
    ("ties", "tie"),
    ("ismen", "isme"),
    ("schappen", "schap"),
    ("erijen", "erij"),
    ("bare", "baar"),
    ("lijke", "lijk"),
)
_DERIVATION_SUFFIXES = tuple(suffix for _, suffix in _DERIVATIONS)


def _unknown_stem(word: str) -> str:
    """The term of a word that is neither known nor a compound or inflection of a known word.

    Snowball ``dutch`` conflates the long tail, except where it would overstem: derived nouns
    and adjectives keep their suffix (see ``_DERIVATIONS``), and a stem that is another known
    word (``anders``->``ander``, ``straks``->``strak``) is not used.
    """
    for inflected, suffix in _DERIVATIONS:
        if word.endswith(inflected):
            return word[: -len(inflected)] + suffix
    if word.endswith(_DERIVATION_SUFFIXES):
        return word
    stem = stem_word(fold(word))
    if stem != fold(word) and lookup(stem) is not None:
        return word
    return stem
