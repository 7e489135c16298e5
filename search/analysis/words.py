"""What a Dutch word is, before any lexicon: the token pattern, stop words, folding, Snowball.

Every other analysis module builds on these; none of them loads data.
"""

from __future__ import annotations

import re
import threading
import unicodedata

import snowballstemmer

# Snowball's Dutch stop-word list (snowballstem.org/algorithms/dutch/stop.txt).
DUTCH_STOPWORDS = frozenset(
    """
aan al alles als altijd andere ben bij daar dan dat de der deze die dit doch doen door dus een
eens en er ge geen geweest haar had heb hebben heeft hem het hier hij hoe hun iemand iets ik in
is ja je kan kon kunnen maar me meer men met mij mijn moet na naar niet niets nog nu of om omdat
onder ons ook op over reeds te tegen toch toen tot u uit uw van veel voor want waren was wat werd
wezen wie wil worden wordt zal ze zelf zich zij zijn zo zonder zou
""".split()
)

# A word: letters and digits, joined by internal hyphens or apostrophes; "'s-" and "'t-"
# prefixes belong to the place name that follows ('s-Hertogenbosch).
WORD_PATTERN = re.compile(r"(?:['’][st]-)?[^\W_]+(?:[-'’][^\W_]+)*")
_POSSESSIVE = re.compile(r"['’]s$")
DIGIT = re.compile(r"\d")
VOWELS = frozenset("aeiou")

# -- folding and stemming ---------------------------------------------------------------------


def fold(text: str) -> str:
    """Remove diacritics, so that ``geisoleerde`` finds ``geïsoleerde``."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


_stemmers = threading.local()


def stem_word(word: str) -> str:
    """Snowball ``dutch``, exactly as the Snowball project defines it.

    A module-level function (not a bound ``stemWord``) so that pickled analyzers stay
    picklable; one stemmer per thread because PyStemmer objects are not thread-safe.
    """
    stemmer = getattr(_stemmers, "dutch", None)
    if stemmer is None:
        stemmer = _stemmers.dutch = snowballstemmer.stemmer("dutch")
    return stemmer.stemWord(word)


def normalize_word(word: str) -> str:
    """The form a word is looked up by before conflation: lower-cased, curly quotes straightened,
    possessive/plural ``'s`` removed (``Korea's``→``korea``, ``auto's``→``auto``)."""
    word = word.lower().replace("’", "'")
    if not word.startswith("'") and _POSSESSIVE.search(word):
        word = word[:-2]
    return word


def surface_words(text: str) -> list[str]:
    """The words of a text as a reader sees them (lower-cased, possessive stripped), unfolded."""
    return [normalize_word(m.group()) for m in WORD_PATTERN.finditer(text)]
