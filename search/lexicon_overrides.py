"""Corrections to simplemma's Dutch lexicon that no rule in ``analysis`` can make, by class.

The rules in ``search.analysis`` fix the lexicon's systematic errors (crossed noun/verb pairs,
women's titles, diminutive chains). What is left are homographs that simplemma resolves to the
rarer reading, where only knowing which reading is common tells them apart. Each class below is
closed or small; an entry names a lower-cased form and the lemma it should get. Add a word only
when its class is listed (and say so); a new class needs its own comment.
"""

LEMMA_OVERRIDES: dict[str, str] = {
    # Plural nouns that are also a past tense plural of a rarer verb, which simplemma prefers:
    # "de leden" (members), not "zij leden" (they suffered). The singular is the lemma.
    "leden": "lid",
    "velden": "veld",  # not vellen (to fell)
    "wanden": "wand",  # not wannen (to winnow)
    "spelden": "speld",  # not spellen (to spell)
    "schilden": "schild",  # not schillen (to peel)
    "runden": "rund",  # not runnen (to run a business)
    # Irregular plurals in -eren that simplemma reads as an infinitive of their own.
    "lammeren": "lam",
    "bladeren": "blad",  # also a verb (to leaf through), but mostly the plural in news text
    # Nouns that simplemma maps to the animal or person of the other sex, or to a verb form:
    # the base noun is its own lemma.
    "koe": "koe",  # not bul
    "historicus": "historicus",  # not historica
    "kalf": "kalf",  # not kalven (to calve)
    "bad": "bad",  # not bidden (bad: prayed)
    # The forms of rijden, which simplemma reads as forms of rijen (to string together).
    "rijden": "rijden",
    "reed": "rijden",
    # Superlatives that simplemma attributes to a rarer adjective in -s (grootst: groots).
    "grootst": "groot",
}

# Nouns made from a verb whose common sense is no longer the verb's: a search for one should not
# look for the other (``search.analysis.related``). One class, closed in practice: frequent
# nominalisations in -ing and -atie that name an institution, a document or a levy.
DRIFTED_NOUNS: frozenset[str] = frozenset(
    {
        "belasting",  # tax; belasten: to burden ("belast met": charged with)
        "regering",  # government; regeren: to reign
        "stichting",  # foundation (the body); stichten: to found
        "afdeling",  # department; afdelen: to divide
        "vergunning",  # permit; vergunnen: to grant
        "verzekering",  # insurance; verzekeren also: to assure
        "uitkering",  # benefit; uitkeren: to pay out
        "woning",  # dwelling; wonen: to live
        "rekening",  # bill, account; rekenen: to calculate
        "richting",  # direction; richten: to aim, to found
        "leiding",  # management, pipe; leiden: to lead
        "voorziening",  # facility; voorzien: to foresee, to provide
    }
)
