"""Dutch analysis: one Whoosh pipeline of small steps, used for indexing and for queries.

    DutchTokenizer | LowercaseFilter | StopFilter(Snowball Dutch) | DutchConflateFilter

Conflation puts a lexicon (simplemma's Dutch dictionary plus our own override table) in front
of Snowball ``dutch``: words the lexicon knows are indexed by their lemma, Snowball stems the
rest. Snowball alone overstems (``minister``→``mini``, ``gemeente``→``meen``); the lexicon
keeps those apart, and Snowball still conflates the long tail the lexicon does not know.

Whoosh pickles the analyzer into every index, so the filters hold no data: the lexicon and the
stemmer live at module level behind functions.

>>> [t.text for t in dutch_analyzer()("De ontmoetingen in Noord-Korea's hoofdstad")]
['ontmoeting', 'noord', 'korea', 'noord-korea', 'hoofdstad']
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

import simplemma
import snowballstemmer
from whoosh.analysis import Filter, LowercaseFilter, StopFilter, Token, Tokenizer
from whoosh.analysis.acore import Composable

from .lexicon_overrides import LEMMA_OVERRIDES

# Changing anything that changes index terms requires a reindex: bump this with it.
ANALYZER_VERSION = "nl-1"
STEMMER_NAME = "snowball dutch"

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


@lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[bytes, bytes], dict[str, str]]:
    """simplemma's Dutch form→lemma table, plus a folded view of its non-ASCII forms."""
    from simplemma.strategies.dictionaries import DefaultDictionaryFactory

    table = DefaultDictionaryFactory().get_dictionary("nl")
    raw: dict[bytes, bytes] = table._dict  # bytes→bytes; avoids decoding every key
    folded: dict[str, str] = {}
    for key in raw:
        if not key.isascii():
            form = key.decode()
            folded.setdefault(fold(form.lower()), raw[key].decode())
    return raw, folded


def lemma(word: str) -> str | None:
    """The lexicon's lemma of a lower-cased word, or None when the lexicon does not know it."""
    override = LEMMA_OVERRIDES.get(word)
    if override is not None:
        return override
    raw, folded = _lexicon()
    found = raw.get(word.encode())
    if found is not None:
        return found.decode().lower()
    if word.isascii():
        guess = folded.get(word)
        if guess is not None:
            return guess.lower()
    return None


_conflated: dict[str, str] = {}
_CONFLATE_CACHE_LIMIT = 2_000_000


def conflate(word: str) -> str:
    """The index term of a lower-cased word: its lemma if known, else its Snowball stem; folded."""
    term = _conflated.get(word)
    if term is None:
        term = _conflate(word)
        if len(_conflated) >= _CONFLATE_CACHE_LIMIT:
            _conflated.clear()
        _conflated[word] = term
    return term


def _conflate(word: str) -> str:
    if not word[0].isalpha() and not word[0] == "'":
        return fold(word)  # numbers and codes: 2019, 1e
    if word.startswith("'"):
        return fold(word)  # 's-Hertogenbosch, 't-shirt: names, kept whole
    if "-" in word:
        head, _, last = word.rpartition("-")
        return fold(head) + "-" + conflate(last) if last else fold(word)
    if any(c.isdigit() for c in word):
        return fold(word)  # G20, mp3
    found = lemma(word)
    if found is not None:
        return fold(found)
    return fold(stem_word(fold(word)))


def normalize_word(word: str) -> str:
    """The form a word is looked up by before conflation: lower-cased, curly quotes straightened,
    possessive/plural ``'s`` removed (``Korea's``→``korea``, ``auto's``→``auto``)."""
    word = word.lower().replace("’", "'")
    if not word.startswith("'") and _POSSESSIVE.search(word):
        word = word[:-2]
    return word


# -- the pipeline -----------------------------------------------------------------------------


class DutchTokenizer(Tokenizer):
    """Splits Dutch text into words, keeping numbers, codes and hyphenated compounds.

    A hyphenated word is indexed by its parts and as a whole: ``Noord-Koreaanse`` gives
    ``noord`` and ``koreaanse``, and the whole at the last part's position, so the phrases
    "noord koreaanse leider" and "noord-koreaanse leider" both match. Queries get the whole
    only (``mode="query"``), which is indexed too.
    """

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other)

    def __hash__(self) -> int:
        return hash(type(self).__name__)

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: object,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            token.original = token.text = value
            token.boost = 1.0
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar, token.endchar = start_char, start_char + len(value)
            yield token
            return
        split_parts = mode != "query"
        pos = start_pos
        for match in WORD_PATTERN.finditer(value):
            word = match.group()
            start = match.start()
            end = match.end()
            if word[-2:] in ("'s", "’s") and word[0] not in "'’":
                word = word[:-2]
                end -= 2
            if split_parts and "-" in word and word[0] not in "'’":
                offset = start
                for part in word.split("-"):
                    token.text = part
                    token.stopped = False
                    token.boost = 1.0
                    if keeporiginal:
                        token.original = part
                    if positions:
                        token.pos = pos
                    if chars:
                        token.startchar = start_char + offset
                        token.endchar = start_char + offset + len(part)
                    offset += len(part) + 1
                    pos += 1
                    yield token
                pos -= 1  # the whole shares the last part's position
            token.text = word
            token.stopped = False
            token.boost = 1.0
            if keeporiginal:
                token.original = word
            if positions:
                token.pos = pos
            if chars:
                token.startchar, token.endchar = start_char + start, start_char + end
            pos += 1
            yield token


class DutchConflateFilter(Filter):
    """Replaces each word by its index term (lexicon lemma, else Snowball stem), folded."""

    is_morph = True

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other)

    def __hash__(self) -> int:
        return hash(type(self).__name__)

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            text = token.text.replace("’", "'")
            token.text = conflate(text)
            yield token


class FoldFilter(Filter):
    """Straightens quotes and removes diacritics, for the unconflated vocabulary."""

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other)

    def __hash__(self) -> int:
        return hash(type(self).__name__)

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            token.text = fold(token.text.replace("’", "'"))
            yield token


def dutch_analyzer() -> Composable:
    """The analyzer of every text field, for indexing and for queries."""
    return (
        DutchTokenizer()
        | LowercaseFilter()
        | StopFilter(stoplist=DUTCH_STOPWORDS, minsize=1, renumber=False)
        | DutchConflateFilter()
    )


def index_terms(text: str) -> list[str]:
    """The terms a text is indexed under, in order (parts of compounds included)."""
    return [t.text for t in dutch_analyzer()(text)]


def query_terms(text: str) -> list[str]:
    """The terms a query word or phrase looks for."""
    return [t.text for t in dutch_analyzer()(text, mode="query")]


def surface_words(text: str) -> list[str]:
    """The words of a text as a reader sees them (lower-cased, possessive stripped), unfolded."""
    return [normalize_word(m.group()) for m in WORD_PATTERN.finditer(text)]


def simplemma_version() -> str:
    return getattr(simplemma, "__version__", "2")
