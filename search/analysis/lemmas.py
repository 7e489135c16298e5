"""The lemma of a word the lexicon knows: simplemma's answer, its systematic errors corrected.

simplemma's Dutch dictionary resolves some classes of forms wrongly (crossed noun/verb pairs,
women's titles read as men's, inflected adjectives read as verbs, diminutive chains); the rules
here correct those classes, and ``LEMMA_OVERRIDES`` the homographs no rule can tell apart.
"""

from __future__ import annotations

from ..lexicon_overrides import LEMMA_OVERRIDES
from .lexicon import current_lexicon, lookup
from .words import VOWELS


def _clean(lemma: bytes) -> str:
    """A lexicon lemma as text: lower-cased, without the compound and separable-verb marks
    simplemma writes (``voetbal_club``, ``op_leveren``) and without hyphens, as hyphenated words
    are indexed as a whole without them (``e-mail``, ``email``)."""
    return lemma.decode().lower().replace("_", "").replace("-", "")


def _lexicon_lemma(word: str, follow: bool = True) -> str | None:
    """The lemma the lexicon gives a lower-cased word, its systematic errors corrected."""
    lex = current_lexicon()
    key = lookup(word)
    if key is None:
        return None
    settled = lex.settled.get(key)
    if settled is not None:
        return _clean(settled)
    found = lex.forms[key]
    if found == key:
        return _clean(found)
    target = _clean(lex.settled.get(found, found))
    base = word[:-1]
    if (
        word.endswith("e")
        and len(base) >= 3
        and target != base
        and (word.endswith(("se", "sche")) or target in infinitive_spellings(base))
        and _lexicon_lemma(base, follow=False) == base
    ):
        # An inflected adjective read as the verb made from it (zuivere: zuiveren) or as the
        # inhabitant (franse: fransman, belgische: belg): the adjective is the lemma.
        return base
    if not word.endswith("t") and target in infinitive_spellings(word) and lex.forms.get((word + "s").encode()) == key:
        # A noun with a plural in -s read as the first person of the verb made from it
        # (masker: maskeren, claim: claimen, ridder: ridderen). Stems in -t are left to the
        # verb, whose third person they are (start, verplicht).
        return _clean(key)
    if key in lex.lemmas and word.endswith(_FEMALE_ENDINGS) and not _is_plural(word, target):
        # A woman's title (``woordvoerster``, ``lerares``) read as the man's: the treebanks keep
        # them apart, and simplemma itself gives ``woordvoersters`` the lemma ``woordvoerster``.
        return _clean(key)
    if follow and target != word:
        # simplemma sometimes gives an inflected form a lemma that is itself a form of a shorter
        # word: a diminutive (``zaakjes``->``zaakje``->``zaak``) or a nominalised adjective
        # (``zwarten``->``zwarte``->``zwart``). Go on to the shorter word, so that all forms meet.
        # Other chains (``speelde``->``spelen``->``spel``) cross from verb to noun: stop.
        further = _lexicon_lemma(target, follow=False)
        if further is not None and further != target and _reduces(target, further):
            return further
    return target


# Suffixes of nouns for women (woordvoerster, lerares, vriendin, regisseuse, redactrice).
_FEMALE_ENDINGS = ("ster", "es", "in", "euse", "rice")


def infinitive_spellings(stem: str) -> tuple[str, ...]:
    """How an infinitive made from ``stem`` is spelled: claim-en, stop-pen, droog: drog-en."""
    spellings = [stem + "en"]
    if len(stem) > 2 and stem[-1] not in VOWELS:
        spellings.append(stem + stem[-1] + "en")  # stop -> stoppen
        if stem[-2] == stem[-3] and stem[-2] in VOWELS:
            spellings.append(stem[:-2] + stem[-1] + "en")  # droog -> drogen
        if stem[-1] in "fs":
            spellings.append(stem[:-1] + ("v" if stem[-1] == "f" else "z") + "en")
    return tuple(spellings)


def _is_plural(form: str, lemma: str) -> bool:
    return form in (lemma + "s", lemma + "'s")


def _reduces(form: str, lemma: str) -> bool:
    """Whether the lexicon's ``lemma`` of ``form`` strips an inflection: ``form`` is a diminutive,
    or ``lemma`` is ``form`` without adjectival ``-e`` or superlative ``-ste``."""
    if form.endswith("je"):
        return True
    if form.endswith("ste") and lemma == form[:-3]:
        return True
    return form.endswith("e") and lemma == form[:-1]


def lemma(word: str) -> str | None:
    """The lemma of a lower-cased word the lexicon knows (simplemma's Dutch dictionary, its
    systematic errors corrected, and our override table), or None when the lexicon does not
    know the word."""
    override = LEMMA_OVERRIDES.get(word)
    if override is not None:
        return override
    return _lexicon_lemma(word)
