"""HTML snippets and marked paragraphs: our own <mark> tags, everything else escaped.

Matches are found by analysing the stored text with the same analyzer as the index, so a
query for ``ontmoetingen`` marks ``ontmoeting`` and ``geisoleerde`` marks ``geïsoleerde``.
Only the texts of the page's hits are analysed, never the whole result set.
"""

from __future__ import annotations

from markupsafe import escape

from .analysis import WORD_PATTERN, index_terms

SNIPPET_CHARS = 260
LEAD_CHARS = 40  # context shown before the first match


_word_terms: dict[str, frozenset[str]] = {}
_WORD_CACHE_LIMIT = 500_000


def word_terms(word: str) -> frozenset[str]:
    """Index terms of one word as the analyzer sees it (parts of a compound included).

    Analysis is per word (lower-casing, stop words and conflation look at one token at a
    time), so analysing each distinct word once and caching it gives the same terms as
    analysing the whole paragraph, at a fraction of the cost.
    """
    terms = _word_terms.get(word)
    if terms is None:
        if len(_word_terms) >= _WORD_CACHE_LIMIT:
            _word_terms.clear()
        terms = _word_terms[word] = frozenset(index_terms(word))
    return terms


def match_spans(text: str, terms: set[str]) -> list[tuple[int, int]]:
    """Character spans of the words in ``text`` with an index term among ``terms``."""
    if not terms:
        return []
    return [m.span() for m in WORD_PATTERN.finditer(text) if not terms.isdisjoint(word_terms(m.group()))]


def mark(text: str, spans: list[tuple[int, int]], start: int = 0, end: int | None = None) -> str:
    """Escape ``text[start:end]`` and wrap the spans inside it in <mark>."""
    end = len(text) if end is None else end
    out: list[str] = []
    cursor = start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out.append(str(escape(text[cursor:s])))
        out.append(f"<mark>{escape(text[s:e])}</mark>")
        cursor = e
    out.append(str(escape(text[cursor:end])))
    return "".join(out)


def mark_text(text: str, terms: set[str]) -> str:
    return mark(text, match_spans(text, terms))


def snippet(text: str, terms: set[str], width: int = SNIPPET_CHARS) -> str:
    """About ``width`` characters around the densest run of matches, cut at word boundaries."""
    spans = match_spans(text, terms)
    if len(text) <= width:
        return mark(text, spans)
    start = 0
    if spans:
        best, best_count = spans[0][0], 0
        for i, (s, _e) in enumerate(spans):
            count = sum(1 for s2, _ in spans[i:] if s2 < s + width - LEAD_CHARS)
            if count > best_count:
                best, best_count = s, count
        start = max(0, best - LEAD_CHARS)
    end = min(len(text), start + width)
    if end == len(text):
        start = max(0, end - width)
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 30 else start
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start + width // 2 else end
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return prefix + mark(text, spans, start, end).strip() + suffix
