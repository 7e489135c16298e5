"""HTML snippets and marked paragraphs: our own <mark> tags, everything else escaped.

Matches are found by analysing the stored text with the same analyzer as the index, so a
query for ``ontmoetingen`` marks ``ontmoeting`` and ``geisoleerde`` marks ``geïsoleerde``.
Only the texts of the page's hits are analysed, never the whole result set.

Cost is linear in the paragraph and bounded: one pass over its words (each distinct word
analysed once, cached), at most ``MAX_SNIPPET_SCAN`` characters read for a snippet and at
most ``MAX_SPANS`` matches kept; choosing fragments is a sliding window over those matches.
A paragraph that repeats query words thousands of times costs what any other paragraph of
its length costs (ingest caps that length, see ``search/ingest.py``).
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable, Sequence

from markupsafe import escape

from .analysis import WORD_PATTERN, word_terms

SNIPPET_CHARS = 260
LEAD_CHARS = 40  # context shown before the first match of a one-fragment snippet
FRAGMENT_LEAD = 20  # and before the first match of each fragment when there are several
MAX_FRAGMENTS = 3  # fragments joined with "…" so that more of the query words are shown
MAX_SNIPPET_SCAN = 20_000  # characters of a paragraph read to build its snippet
MAX_SPANS = 2_000  # matches kept per paragraph
ELLIPSIS = "…"

# A phrase of the query: its index terms and their offsets from the first (stop words leave gaps).
Phrase = tuple[Sequence[str], Sequence[int]]

_JOINERS = "-'’"  # inside a word only (see WORD_PATTERN): a word never spans anything else


class _QueryWords:
    """Which words hold one of a query's terms, remembered while its page is built.

    A page marks ten paragraphs and their titles for the same terms, and most of their words
    recur, so each distinct word is analysed and compared once per query; a paragraph's words
    are then sorted into hits and misses by set operations instead of a loop."""

    _LIMIT = 200_000

    def __init__(self, terms: frozenset[str]) -> None:
        self.terms = terms
        self.hits: set[str] = set()
        self.misses: set[str] = set()
        self.key: dict[str, str] = {}

    def hits_among(self, words: set[str]) -> set[str]:
        if len(self.misses) > self._LIMIT:
            self.misses = set()
        for word in words - self.hits - self.misses:
            if found := word_terms(word) & self.terms:
                self.key[word] = min(found)
                self.hits.add(word)
            else:
                self.misses.add(word)
        return words & self.hits


@functools.lru_cache(maxsize=32)
def _query_words(terms: frozenset[str]) -> _QueryWords:
    return _QueryWords(terms)


def _is_word_at(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is one whole word as WORD_PATTERN reads the text: the
    pattern is re-run on the stretch of word characters around it only, which reads it
    exactly as the whole text would (a word never spans a character outside that stretch)."""
    left = start
    while left and (text[left - 1].isalnum() or text[left - 1] in _JOINERS):
        left -= 1
    right = end
    while right < len(text) and (text[right].isalnum() or text[right] in _JOINERS):
        right += 1
    if left == start and right == end:
        return True  # the stretch is the word itself (which came from WORD_PATTERN)
    return any(m.span() == (start, end) for m in WORD_PATTERN.finditer(text, left, right))


def _keyed_spans(
    text: str, terms: set[str], phrases: Iterable[Phrase] = (), limit: int | None = None
) -> list[tuple[int, int, object]]:
    """Matches as (start, end, key): a key says what matched (a term or a phrase), so fragments
    can cover as many different query words as fit. A phrase found in the text is one span from
    its first word to its last; single-word matches inside it are folded into it.

    The regex engine lists the words; only the query's words are then looked for, with
    ``str.find``, because a page of hits shows ten paragraphs for every keystroke and a
    Python loop over every word was most of what a snippet cost."""
    if not terms:
        return []
    scan = text if limit is None else text[:limit]
    phrases = [(tuple(words), tuple(offsets)) for words, offsets in phrases if len(words) > 1]
    query_words = _query_words(frozenset(terms))
    hits = query_words.hits_among(set(WORD_PATTERN.findall(scan)))
    if not hits:
        return []
    spans: list[tuple[int, int, object]] = []
    for word in hits:
        key, at = query_words.key[word], scan.find(word)
        while at >= 0:
            if _is_word_at(scan, at, at + len(word)):
                spans.append((at, at + len(word), key))
            at = scan.find(word, at + 1)
    spans.sort()
    spans = spans[:MAX_SPANS]
    if phrases:
        words = [(m.start(), m.end(), word_terms(m.group())) for m in WORD_PATTERN.finditer(scan)]
        return _fold_phrases(spans, words, phrases, {w for words_, _ in phrases for w in words_})
    return spans


def _fold_phrases(spans, words, phrases, phrase_words):
    """Replace the words of each phrase occurrence by one span covering the phrase."""
    covered: list[tuple[int, int, object]] = []
    for i, (_start, _end, found) in enumerate(words):
        if found.isdisjoint(phrase_words):
            continue
        for phrase_terms, offsets in phrases:
            last = i + offsets[-1]
            if last < len(words) and all(
                term in words[i + offset][2] for term, offset in zip(phrase_terms, offsets, strict=True)
            ):
                covered.append((words[i][0], words[last][1], phrase_terms))
                if len(covered) >= MAX_SPANS:
                    break
    if not covered:
        return spans
    merged: list[tuple[int, int, object]] = []
    for span in sorted([*covered, *spans], key=lambda s: (s[0], -s[1])):
        if merged and span[0] < merged[-1][1]:  # inside (or overlapping) a phrase already taken
            if span[1] > merged[-1][1]:
                merged[-1] = (merged[-1][0], span[1], merged[-1][2])
            continue
        merged.append(span)
    return merged[:MAX_SPANS]


def match_spans(text: str, terms: set[str], phrases: Iterable[Phrase] = ()) -> list[tuple[int, int]]:
    """Character spans of the words in ``text`` with an index term among ``terms`` (a phrase
    of ``phrases`` found in the text is one span)."""
    return [(s, e) for s, e, _ in _keyed_spans(text, terms, phrases)]


def mark(text: str, spans: list[tuple[int, int]], start: int = 0, end: int | None = None) -> str:
    """Escape ``text[start:end]`` and wrap the spans inside it in <mark>."""
    end = len(text) if end is None else end
    out: list[str] = []
    cursor = start
    for s, e in spans:
        if e <= cursor or s >= end:
            continue
        s, e = max(s, cursor), min(e, end)
        out.append(str(escape(text[cursor:s])))
        out.append(f"<mark>{escape(text[s:e])}</mark>")
        cursor = e
    out.append(str(escape(text[cursor:end])))
    return "".join(out)


def mark_text(text: str, terms: set[str], phrases: Iterable[Phrase] = ()) -> str:
    return mark(text, match_spans(text, terms, phrases))


def snippet(text: str, terms: set[str], width: int = SNIPPET_CHARS, phrases: Iterable[Phrase] = ()) -> str:
    """About ``width`` characters of ``text`` showing as many different query words as fit.

    One window around the densest run of matches when it holds every query word found in the
    paragraph; otherwise up to MAX_FRAGMENTS shorter fragments, joined with "…", chosen so that
    each adds words the others lack. Cut at word boundaries.
    """
    spans = _keyed_spans(text, terms, phrases, MAX_SNIPPET_SCAN)
    plain = [(s, e) for s, e, _ in spans]
    if len(text) <= width:
        return mark(text, plain)
    if not spans:
        return _fragment_html(text, plain, [(0, width)])
    wanted = len({key for _, _, key in spans})
    best: list[tuple[int, int]] = []
    best_keys = -1
    for count in range(1, MAX_FRAGMENTS + 1):
        size = (width - (count - 1) * 2) // count
        lead = LEAD_CHARS if count == 1 else FRAGMENT_LEAD
        windows, covered = _choose_windows(spans, count, size, lead)
        if covered > best_keys:
            best, best_keys = windows, covered
        if covered >= wanted:
            break
    return _fragment_html(text, plain, best)


def _choose_windows(spans, count: int, size: int, lead: int) -> tuple[list[tuple[int, int]], int]:
    """Greedily pick ``count`` windows of ``size`` characters, each covering the most query words
    (keys) that the windows before it do not; a window starts ``lead`` characters before a match.
    Each pick is one sliding-window pass over the spans, the count of new keys kept as keys
    enter and leave: linear in the matches."""
    covered: set[object] = set()
    windows: list[tuple[int, int]] = []
    for _ in range(count):
        best_start, best_new, best_hits = None, 0, 0
        inside: Counter[object] = Counter()
        new = 0  # keys inside the window that no window chosen before covers
        right = 0
        for left, (start, _end, _key) in enumerate(spans):
            stop = start - lead + size
            while right < len(spans) and spans[right][1] <= stop:
                key = spans[right][2]
                inside[key] += 1
                if inside[key] == 1 and key not in covered:
                    new += 1
                right += 1
            hits = right - left
            if (new, hits) > (best_new, best_hits):
                best_start, best_new, best_hits = start, new, hits
            key = spans[left][2]
            if left < right:
                inside[key] -= 1
                if not inside[key]:
                    del inside[key]
                    if key not in covered:
                        new -= 1
            else:
                right = left + 1
        if best_start is None:
            break
        begin = max(0, best_start - lead)
        windows.append((begin, begin + size))
        covered.update(key for s, e, key in spans if begin <= s and e <= begin + size)
    return sorted(windows), len(covered)


def _fragment_html(text: str, spans: list[tuple[int, int]], windows: list[tuple[int, int]]) -> str:
    """Escape and mark each window cut at word boundaries; join them, and mark cuts, with "…"."""
    pieces: list[tuple[int, int]] = []
    for start, end in windows:
        if end >= len(text):  # near the end: show the full width, ending at the text's end
            start, end = max(0, len(text) - (end - start)), len(text)
        if start > 0:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < start + 30 else start
        if end < len(text):
            space = text.rfind(" ", start, end)
            width = end - start
            end = space if space > start + width // 2 else end
        if pieces and start <= pieces[-1][1] + 1:
            pieces[-1] = (pieces[-1][0], max(end, pieces[-1][1]))
        else:
            pieces.append((start, end))
    out = ELLIPSIS if pieces and pieces[0][0] > 0 else ""
    out += f" {ELLIPSIS} ".join(mark(text, spans, s, e).strip() for s, e in pieces)
    if pieces and pieces[-1][1] < len(text):
        out += ELLIPSIS
    return out
