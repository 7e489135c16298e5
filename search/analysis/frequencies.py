"""How common a Dutch word is: wordfreq's Dutch word frequencies, as Zipf values.

The compound splitter weighs a split against the word as a whole (Koehn & Knight 2003): a
word that is more common than its would-be parts (``minister`` against ``mini`` and ``ster``)
is a word of its own, not a compound. wordfreq (code Apache-2.0, data CC BY-SA 4.0) installs
with pip and brings its Dutch table with it.

Only words at or above ``FLOOR`` are kept: the splitter takes no rarer word as a part, so for
it a rarer word counts as unseen. That keeps the table small (57,000 words, a few MiB instead
of 60), small enough to travel in each generation's lexicon snapshot, so that servers, which
analyse snippets exactly as the index did, never load wordfreq itself.
"""

from __future__ import annotations

import math

FLOOR = 2.5  # Zipf value: about three in ten million words


def load_frequencies() -> dict[str, float]:
    """Lower-cased word -> Zipf value (log10 of its count per billion words), for words at or
    above ``FLOOR``."""
    # Imported here, not at the top: wordfreq pulls in regex, ftfy and langcodes, which a
    # server that adopted a snapshot never needs.
    from wordfreq import get_frequency_dict

    table = {}
    for word, frequency in get_frequency_dict("nl", wordlist="large").items():
        value = round(math.log10(frequency * 1e9), 2)
        if value >= FLOOR:
            table[word] = value
    return table
