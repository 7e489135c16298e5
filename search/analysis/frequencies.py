"""How common a Dutch word is: wordfreq's Dutch word frequencies, as Zipf values.

The compound splitter weighs a split against the word as a whole (Koehn & Knight 2003): a
word that is more common than its would-be parts (``minister`` against ``mini`` and ``ster``)
is a word of its own, not a compound. wordfreq (code Apache-2.0, data CC BY-SA 4.0) installs
with pip and brings its Dutch table with it; the table is loaded on first use, once per
process, which only index builds do (queries are not split).
"""

from __future__ import annotations

import math
import threading

_zipf: dict[str, float] | None = None
_lock = threading.Lock()


def zipf(word: str) -> float:
    """The Zipf frequency of a lower-cased word: log10 of its count per billion words; 0 when
    wordfreq has never seen it (under about one in 100 million words)."""
    table = _zipf
    if table is None:
        table = _load()
    return table.get(word, 0.0)


def _load() -> dict[str, float]:
    global _zipf
    with _lock:
        if _zipf is None:
            # Imported here, not at the top: wordfreq pulls in regex, ftfy and langcodes, which
            # a server (that never splits) would otherwise load on every cold start.
            from wordfreq import get_frequency_dict

            _zipf = {word: math.log10(freq * 1e9) for word, freq in get_frequency_dict("nl", wordlist="large").items()}
    return _zipf
