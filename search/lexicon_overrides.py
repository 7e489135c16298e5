"""Corrections to simplemma's Dutch lexicon, by class of error.

simplemma resolves ambiguous forms to the rarer reading in some classes, e.g. plural nouns
that are also verb forms (``leden`` → ``lijden`` instead of ``lid``). Each entry names the
form and the lemma it should conflate with; keep entries grouped by the class they fix.
"""

LEMMA_OVERRIDES: dict[str, str] = {
    # Irregular plurals that simplemma reads as verb forms.
    "leden": "lid",
}
