"""The compound splitter: the words a Dutch compound is made of, so that a search finds them in it.

Dutch writes compounds as one word (``inkomstenbelasting``, ``verkeersslachtoffers``), so a
search for ``belasting`` or ``slachtoffer`` misses most paragraphs about them. A dictionary
decompounder (Lucene's) finds every dictionary word inside a token, and with it false parts in
almost every long word: ``minister`` holds ``ster``, ``verslag`` holds ``slag``. This splitter
reads a word as a compound only when all of these hold:

- it can be cut, left to right, into known words (simplemma's Dutch forms that wordfreq has
  seen often enough), each of at least ``MIN_PART`` letters; a part other than the last may
  carry a linking element (``kabinet-s-crisis``, ``boer-en-bond``, ``kind-er-opvang``), and a
  first part may be a plural (``boerenbond``);
- no part is a prefix or particle (``ver|slag``, ``aan|val``, ``toe|slag``, ``be|drijven``):
  those make derivations and separable verbs, not compounds; no part after the first is a
  derivational suffix that happens to be a word (``gemeente|lijk``, ``woord|voer|ster``); and
  the last part is not a form of a verb (``blij|ken``);
- the parts are more common than the whole (Koehn & Knight 2003): the geometric mean of their
  frequencies exceeds the word's own. ``minister`` is far more common than ``mini`` and
  ``ster``, so it is a word of its own; ``inkomstenbelasting`` is rarer than ``inkomsten`` and
  ``belasting``. A rare word (under ``frequencies.FLOOR``) splits whenever it can be cut.

Of the cuts that qualify, the one whose parts are most common wins. ``bench/score_compounds.py``
measures heads and first parts found, and false parts, on the UD Dutch-Alpino treebank's
compound lemmas, against the Lucene-style decompounder in the same run.

>>> split("inkomstenbelasting"), split("kabinetscrisis"), split("minister"), split("verslag")
(('inkomsten', 'belasting'), ('kabinet', 'crisis'), (), ())
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from .conflation import conflate
from .frequencies import FLOOR
from .lemmas import infinitive_spellings
from .lexicon import lookup, zipf
from .words import DUTCH_STOPWORDS

MIN_PART = 3  # shorter words (ei, os, pa) are found inside too many others by chance
MIN_PART_ZIPF = FLOOR  # a part must be a word of the language, not a name or typo wordfreq saw
MIN_SHORT_PART_ZIPF = 3.5  # a part of MIN_PART letters must be common (dag, wet, rij; not por)
MAX_PARTS = 4
# Linking elements between two parts, longest first: stad-s-huis, paard-e-bloem,
# boek-en-kast, kind-er-opvang.
LINKERS = ("en", "er", "s", "e")
PLURAL_PREFERENCE = 0.5  # Zipf points: a singular before -en wins unless far rarer than the plural
# Particles of separable verbs, which are also prepositions and adverbs (aan, op, uit).
_SEPARABLE = (
    "aan achter af bij binnen boven buiten door in mee mede na om onder op over rond samen tegen terug toe "
    "tussen uit voor weg"
).split()
# Prefixes and particles: a word that starts with one is a derivation or a separable verb
# (verslag, aanval, bedrijven, opleiding), never a compound of the particle and the rest.
# Function words that are not on the stop list are not parts either: prepositions
# (pers|conferentie is not per|s|conferentie) and pronouns (vrouwen|wijding is not vrouw|wij|ding).
NOT_PARTS = frozenset(
    _SEPARABLE
    + "al be er ge her heen los mis neer on ont te ter ver voort weer wan".split()
    + "per via sinds langs volgens vanaf vanuit jegens".split()
    + "wij jij jou jullie hen hun zij".split()
    # prefixes from Latin and Greek (multi|cultureel, anti|conceptie, pre|valeert)
    + "anti co ex hyper inter micro mini multi neo para post pre pro pseudo semi super tele".split()
)
# Endings that are also words, and so are found at the end of words that are not compounds;
# they are no part after another (houd|ster|maatschappij is houdster|maatschappij):
# derivational suffixes (lijk: corpse, schap: shelf, ster: star; gemeentelijk, wetenschap,
# woordvoerster), the tails of -ing nouns (be|strij|ding, uniforme|ring), of participles and
# infinitives (beledig|end, protest|eren) and of inflected adjectives (oud|ere).
NOT_HEADS = frozenset(
    """
aar aars baar bare dom dommen heid heden lijk lijke lijken lijks loos loze schap schappen ster
sters ling lingen aard aards erd isme ist iste isten tal
ding dingen ring ringen
end ende enden ren eren ere
""".split()
)

# Prefixes that make derivations (bestuur, gelederen, verslag, ontslag, herstel).
PREFIXES = ("be", "ge", "ver", "ont", "her")
# A first part that is no word at all, a name (konmar|winkels), is taken only before a long
# known head, and only in a rare word (under frequencies.FLOOR).
MIN_NAMED_HEAD = 5

_PRONOMINAL = re.compile(r"(?:er|daar|hier|waar)(?:aan|af|bij|door|in|mee|na|om|onder|op|over|tegen|toe|uit|voor)")
_VERB_ENDINGS = ("end", "ende", "enden", "de", "te", "den", "ten")

_splits: dict[str, tuple[str, ...]] = {}
_SPLIT_CACHE_LIMIT = 1_000_000
# What a piece gives as a first part (``_modifier``) and as a head (``_head``): cutting a word
# into two, three and four parts tries the same pieces again, and words share them
# (``inkomsten``, ``belasting``); the build splits every distinct word once, and these lookups
# were most of it. Like ``_splits``, they hold for the lexicon loaded (one per process). About
# 150 bytes a piece kept: at most some 75 MB each; splitting the 121,705 distinct lower-cased
# words of half the shared corpus keeps 319,334 first parts and 116,848 heads.
_PIECE_CACHE_LIMIT = 500_000


def split(word: str) -> tuple[str, ...]:
    """The parts of a lower-cased compound as written, linking elements removed, first to last;
    () if the word is not a compound. Inflection stays on the last part
    (``verkeersslachtoffers``: ``verkeer``, ``slachtoffers``). A part that is a compound itself
    is given with its own parts after it (``wereldrecordhouder``: ``wereldrecord``,
    ``wereld``, ``record``, ``houder``)."""
    parts = _splits.get(word)
    if parts is None:
        parts = _split(word) if len(word) >= 2 * MIN_PART and word.isalpha() else ()
        if len(_splits) >= _SPLIT_CACHE_LIMIT:
            _splits.clear()
        _splits[word] = parts
    return parts


def _split(word: str) -> tuple[str, ...]:
    """Fewest parts first: a cut in two whose parts beat the whole, each part then split in turn.
    Trying fewer parts first keeps known compounds whole as parts (``zaterdag|avond``, not
    ``zat|er|dag|avond``), where comparing means alone favours many short common words."""
    whole = zipf(word)
    for count in range(2, MAX_PARTS + 1):
        best: tuple[tuple[str, ...], ...] = ()
        best_score = whole
        for parts, total in _cuts(word, 0, count):
            score = total / count  # mean Zipf value: the geometric mean of the frequencies
            if score > best_score:
                best, best_score = parts, score
        if best:
            return _expand(best)
    return _named_split(word, whole)


def _named_split(word: str, whole: float) -> tuple[str, ...]:
    """A name and a known head (``konmar|winkels``): the longest head wins."""
    if whole > 0:
        return ()
    for start in range(MIN_PART, len(word) - MIN_NAMED_HEAD + 1):
        head = word[start:]
        name = word[:start]
        if _head(head) is not None and name not in NOT_PARTS:
            return (name, head, *split(head))
    return ()


def _expand(parts: tuple[tuple[str, ...], ...]) -> tuple[str, ...]:
    out: list[str] = []
    for spellings in parts:
        out.extend(spellings)
        out.extend(split(spellings[0]))
    return tuple(out)


def _cuts(word: str, start: int, count: int) -> Iterator[tuple[tuple[tuple[str, ...], ...], float]]:
    """Every way to cut ``word[start:]`` into ``count`` known parts, with their summed Zipf values.
    Each part is given as the spellings it is indexed by (``boer``, ``boeren``)."""
    last = len(word) - MIN_PART * (count - 1)
    for end in range(start + MIN_PART, last + 1):
        first = _modifier(word[start:end])
        if first is None or (start == 0 and _chance_prefix(word, end)) or (start > 0 and word[start:end] in NOT_HEADS):
            continue
        part, value = first
        if count == 2:
            head = _head(word[end:])
            if head is not None:
                yield (part, (word[end:],)), value + head
            continue
        for parts, total in _cuts(word, end, count - 1):
            yield (part, *parts), value + total


def _chance_prefix(word: str, end: int) -> bool:
    """Whether a first part is a prefix and a letter or two of the word it derives from:
    ``best|uur`` is ``be|stuur``, ``bes|trijding`` is ``be|strijding``, ``gel|ederen`` is
    ``ge|lederen``. (``geld`` before ``zaken`` is not: nothing in ``ldzaken`` is a word.)"""
    for prefix in PREFIXES:
        if word.startswith(prefix) and end - len(prefix) <= 2:
            rest = word[len(prefix) :]
            return any(lookup(rest[:size]) is not None for size in range(4, len(rest) + 1))
    return False


def _known(part: str) -> float | None:
    """The Zipf value of a content word that can be a part, or None.

    Function words (``die``, ``men``), pronominal adverbs (``erop``, ``daarmee``) and words
    the lexicon reads as function words (``den``, ``ten``: ``de``, ``te``) are not parts:
    ``die|per``, ``zet|ten``, ``kind|erop|vang``. A part of three letters is found inside many
    words by chance (``por|taal``), so it must be a common word.
    """
    if part in NOT_PARTS or part in DUTCH_STOPWORDS or _PRONOMINAL.fullmatch(part) or lookup(part) is None:
        return None
    value = zipf(part)
    if value < (MIN_SHORT_PART_ZIPF if len(part) == MIN_PART else MIN_PART_ZIPF):
        return None
    if conflate(part) in DUTCH_STOPWORDS:
        return None
    return value


@functools.lru_cache(maxsize=_PIECE_CACHE_LIMIT)  # C-speed hits: half a Python dict wrapper's
def _modifier(piece: str) -> tuple[tuple[str, ...], float] | None:
    """A part before the head: a known word, or a known word and a linking element, whichever
    is more common (``volk|s``, ``kind|er``, but ``reis``, not ``rei|s``). Before ``-en`` the
    singular is preferred, and the plural kept beside it when it is a word too (``boer|en|bond``
    is found by ``boer`` and by ``boeren``, which the lexicon reads as the verb "to farm"). A
    verb is a first part only as its stem (``zwem|bad``, ``oefen|wedstrijd``), not as another
    of its forms (``zat|er|dag``)."""
    best: tuple[tuple[str, ...], float] | None = None
    best_rank = 0.0
    whole_known = False
    for linker in ("", *LINKERS):
        stem = piece[: len(piece) - len(linker)]
        if piece.endswith(linker) and len(stem) >= MIN_PART:
            value = _known(stem)
            if value is None or _verb_form(stem):
                continue
            whole_known |= not linker
            plural = linker == "en"
            rank = value + (PLURAL_PREFERENCE if plural else 0.0)
            if best is None or rank > best_rank:
                spellings = (stem, piece) if plural and whole_known else (stem,)
                best, best_rank = (spellings, value), rank
    return best


@functools.lru_cache(maxsize=_PIECE_CACHE_LIMIT)  # C-speed hits: half a Python dict wrapper's
def _head(piece: str) -> float | None:
    """A compound's last part. Compounds are nouns and adjectives, so a head the lexicon reads
    as a form of a verb (``blij|ken``: kennen) is a chance spelling, not a head."""
    if len(piece) < MIN_PART or piece in NOT_HEADS:
        return None
    value = _known(piece)
    if value is None:
        return None
    term = conflate(piece)
    if term != piece and term.endswith("en") and piece != term + "s":  # wapens: wapen, a noun
        # A word of a syllable read as a verb form is a chance spelling (blij|ken), and so are
        # participles, past tenses and present tenses (wel|varende, bestel|den, preval|eert); a
        # longer stem or past form is as often a noun (de sprint, het verloop, de bond).
        if len(piece) < 4 or piece.endswith(_VERB_ENDINGS) or _present_tense(piece, term):
            return None
    return value


def _present_tense(piece: str, term: str) -> bool:
    """Whether a word is a verb's stem with the ``-t`` of the present tense (``eert``: eren)."""
    return piece.endswith("t") and term in infinitive_spellings(piece[:-1])


def _verb_form(part: str) -> bool:
    """Whether the lexicon reads a word as a form of a verb other than its stem."""
    term = conflate(part)
    return term != part and term.endswith("en") and term not in infinitive_spellings(part)
