"""Compound rules: the lemma of an unknown word read as a compound of known words.

Dutch writes compounds as one word, so most words the lexicon does not know are compounds of
words it does know (``gezondheidsbevorderende``).
"""

from __future__ import annotations

from collections.abc import Iterator

from .lemmas import lemma
from .lexicon import lookup
from .words import VOWELS

_MIN_MODIFIER = 3  # shortest first part of a compound, unless it is a verb particle
_MIN_HEAD = 3  # shortest head of a compound whose first part is a known word
_MIN_LONE_HEAD = 5  # shortest head when the first part is unknown (a name: konmarwinkels)
# Separable-verb particles, first parts of unknown participles (ingeschreven, opgezocht).
_PARTICLES = frozenset("aan af bij door in mee na om op toe uit weg".split())


def compound_lemma(word: str) -> str | None:
    """The lemma of an unknown word read as a compound of known words, or None.

    The head, the last part, carries the inflection and is lemmatised; the first part is kept
    as written. The longest known head wins, after a first part that is a known word (or
    particle, or word with a linking ``s``); a first part that is not a word (a name) needs a
    longer head.
    """
    fallback = None
    for start in range(2, len(word) - _MIN_HEAD + 1):
        head = word[start:]
        if lookup(head) is None:
            continue
        modifier = word[:start]
        known = modifier in _PARTICLES or (start >= _MIN_MODIFIER and _is_known_modifier(modifier))
        if not known:
            if fallback is None and start >= _MIN_MODIFIER and len(head) >= _MIN_LONE_HEAD:
                fallback = modifier + (lemma(head) or head)
            continue
        if len(head) <= _MIN_HEAD and len(modifier) <= _MIN_MODIFIER:
            continue  # two short words: bek|lag is not beklag
        if head[0] == "s" and len(head) > _MIN_HEAD and lookup(head[1:]) is not None:
            head, modifier = head[1:], modifier + "s"  # leeftijds|eis, not leeftijd|seis
        if modifier in _PARTICLES:
            return modifier + (lemma(head) or head)  # a verb: in|geschreven
        return modifier + _noun_lemma(head)
    return fallback


def _noun_lemma(head: str) -> str:
    """The lemma of a compound's head, read as a noun where the lexicon reads a verb.

    Compounds are nouns, so a head in ``-en`` that is both a plural and an infinitive is the
    plural: leeftijds|eisen is a plural of eis, not a form of the verb eisen.
    """
    found = lemma(head) or head
    if found == head and head.endswith("en") and len(head) > 4:
        for singular in _singulars(head[:-2]):
            if lemma(singular) == singular:
                return singular
    return found


def _singulars(stem: str) -> Iterator[str]:
    """The singulars a plural in -en can have, given what precedes the -en."""
    yield stem  # eis|en
    if stem[-1] == stem[-2] and stem[-1] not in VOWELS:
        yield stem[:-1]  # bus|sen
    if stem[-1] in "zv":
        yield stem[:-1] + ("s" if stem[-1] == "z" else "f")  # huiz|en, brieven
    if stem[-2] in VOWELS and stem[-3] not in VOWELS and stem[-1] not in VOWELS:
        yield stem[:-2] + stem[-2] + stem[-2:]  # vrag|en -> vraag


def _is_known_modifier(part: str) -> bool:
    """Whether a compound's first part is a word, possibly with a linking ``s`` (gezondheids-)."""
    return lookup(part) is not None or (part.endswith("s") and lookup(part[:-1]) is not None)
