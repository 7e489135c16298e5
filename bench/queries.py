"""The fixed benchmark queries: what people type into a Dutch search box, in our query syntax.

The shared corpus is mostly Dutch legislation and software documentation, so the words are
chosen to have results there: single words, inflected forms, two-word AND, phrases, OR,
explicit prefixes, exclusions, the same with a date filter, and typed prefixes as the
instant-search page sends them (``prefix=True``: the last word is still being typed).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BenchQuery:
    q: str
    kind: str  # word | inflected | and | phrase | or | prefix | not | typed
    date_from: str | None = None
    date_to: str | None = None
    prefix: bool = False  # as-you-type: the last word is a prefix

    @property
    def dated(self) -> bool:
        return bool(self.date_from or self.date_to)

    @property
    def label(self) -> str:
        text = repr(self.q)
        if self.prefix:
            text += " (typed)"
        if self.dated:
            text += f" [{self.date_from or ''}..{self.date_to or ''}]"
        return text


def _q(q: str, kind: str, **kw: object) -> BenchQuery:
    return BenchQuery(q, kind, **kw)  # type: ignore[arg-type]


QUERIES: tuple[BenchQuery, ...] = (
    # single words
    _q("belasting", "word"),
    _q("gemeente", "word"),
    _q("minister", "word"),
    _q("onderwijs", "word"),
    _q("subsidie", "word"),
    _q("wachtwoord", "word"),
    _q("printer", "word"),
    _q("politie", "word"),
    # inflected forms (the analyzer should find the other forms too)
    _q("belastingen", "inflected"),
    _q("gemeenten", "inflected"),
    _q("ministers", "inflected"),
    _q("bestanden", "inflected"),
    _q("kinderen", "inflected"),
    _q("vergunningen", "inflected"),
    _q("verzekerde", "inflected"),
    # two words, ANDed
    _q("minister onderwijs", "and"),
    _q("gemeente subsidie", "and"),
    _q("bestand openen", "and"),
    _q("netwerk instellingen", "and"),
    _q("huurder woning", "and"),
    _q("straf gevangenis", "and"),
    # phrases
    _q('"raad van state"', "phrase"),
    _q('"minister van financiën"', "phrase"),
    _q('"eerste kamer"', "phrase"),
    _q('"openbaar ministerie"', "phrase"),
    _q('"klik op de knop"', "phrase"),
    # OR
    _q("fiets OR auto", "or"),
    _q("huurder OR verhuurder", "or"),
    _q("belasting OR heffing", "or"),
    _q("kopiëren OR plakken", "or"),
    # explicit prefixes
    _q("belast*", "prefix"),
    _q("verzeker*", "prefix"),
    _q("print*", "prefix"),
    _q("ministe*", "prefix"),
    # exclusions
    _q("gemeente -provincie", "not"),
    _q("bestand NOT map", "not"),
    # with a date filter
    _q("belasting", "word", date_from="2010"),
    _q("onderwijs", "word", date_from="2015-01-01", date_to="2019-12-31"),
    _q("gemeenten", "inflected", date_from="2020"),
    _q("minister onderwijs", "and", date_from="2005", date_to="2014"),
    _q('"raad van state"', "phrase", date_from="2018-06"),
    _q("huurder OR verhuurder", "or", date_to="2009"),
    _q("verzeker*", "prefix", date_from="2012"),
    _q("gemeente -provincie", "not", date_from="2016"),
    # typed prefixes, as the page sends them while someone types
    _q("ministe", "typed", prefix=True),
    _q("gemeente onderw", "typed", prefix=True),
    _q("belastingd", "typed", prefix=True),
    _q("wachtw", "typed", prefix=True),
    _q("raad van st", "typed", prefix=True),
    _q("instell", "typed", prefix=True),
    _q("verzekeringsm", "typed", prefix=True),
    _q("kopi", "typed", prefix=True),
    _q("gemeente onderw", "typed", date_from="2015", prefix=True),
    _q("ministe", "typed", date_from="2010", date_to="2020", prefix=True),
)

# What the page asks /api/suggest for as someone types (the last word is completed).
COMPLETIONS: tuple[str, ...] = (
    "m",
    "mi",
    "min",
    "minis",
    "ministe",
    "g",
    "gem",
    "gemeen",
    "gemeente onderw",
    "b",
    "bel",
    "belastin",
    "v",
    "verz",
    "verzekeringsm",
    "wacht",
    "inst",
    "kop",
    "raad van st",
    "ambt",
)
