"""Derivational relatives of an index term, for the query side to look for as well."""

from __future__ import annotations

import re

from ..lexicon_overrides import DRIFTED_NOUNS
from .conflation import conflate
from .lemmas import lemma
from .lexicon import lookup
from .words import stem_word

# Nominalisations of verbs, as (verb ending, noun ending): ontmoeten/ontmoeting,
# onderhandelen/onderhandeling, organiseren/organisatie.
_NOMINALISATIONS = (("en", "ing"), ("eren", "atie"))
# Snowball spells a stem's long vowel as the syllable needs it (organiser, organiseer): compare
# stems with single vowels.
_DOUBLE_VOWEL = re.compile(r"([aeou])\1")
# The weight of a derivation next to the word itself (a query term's boost is multiplied by
# it): a word's own forms rank above its derivations.
RELATED_BOOST = 0.5


def related_terms(term: str) -> list[str]:
    """Index terms derivationally related to an index term, for a query to look for as well.

    A verb and the noun made from it are different lemmas (the treebanks keep ``ontmoeten`` and
    ``ontmoeting`` apart, and so does the index), but someone searching for one wants the other
    too: ``ontmoeten`` gives ``ontmoeting`` and the reverse, ``organiseren`` ``organisatie``. A
    candidate counts when the lexicon knows it as a lemma and Snowball, which strips
    derivational suffixes, gives both the same stem; that bridge keeps out look-alikes. The
    Snowball stem itself is added when it is not a word of its own: it is the term of unknown
    words with that stem. Index terms do not change. A noun whose common sense has drifted from
    its verb (``belasting``: tax; ``belasten``: to burden, "belast met": charged with) is not
    related to it: see ``DRIFTED_NOUNS``.

    >>> related_terms("onderhandeling")
    ['onderhandelen']
    """
    if not term.isalpha():
        return []
    stem = stem_word(term)
    same_stem = _DOUBLE_VOWEL.sub(r"\1", stem)
    related = []
    for verb, noun in _NOMINALISATIONS:
        if term.endswith(verb):
            candidate = term[: -len(verb)] + noun
        elif term.endswith(noun):
            candidate = term[: -len(noun)] + verb
        else:
            continue
        nominal = term if term.endswith(noun) else candidate
        if (
            _DOUBLE_VOWEL.sub(r"\1", stem_word(candidate)) == same_stem
            and lemma(candidate) is not None
            and conflate(candidate) == candidate
            and nominal not in DRIFTED_NOUNS
        ):
            related.append(candidate)
    if stem != term and lookup(stem) is None and stem not in related:
        related.append(stem)
    return related
