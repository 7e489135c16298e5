"""HTML snippets and marked paragraphs: our own <mark> tags, everything else escaped.

Matches are found by analysing the stored text with the same analyzer as the index, so a
query for ``ontmoetingen`` marks ``ontmoeting`` and ``geisoleerde`` marks ``geïsoleerde``.
Only the texts of the page's hits are analysed, never the whole result set.

Cost is linear in the paragraph and bounded: a page's texts are read once, by their white-space
pieces (each distinct piece analysed once and remembered, ``analysis.words_holding``), then each
text is searched for the words found; at most ``MAX_SNIPPET_SCAN`` characters are read for a
snippet and at most ``MAX_SPANS`` matches kept; choosing fragments (``fragments``) is a sliding
window over those matches.
A paragraph that repeats query words thousands of times costs what any other paragraph of
its length costs (ingest caps that length, see ``search/ingest.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import islice

from .analysis import WORD_PATTERN, word_terms, words_holding, words_holding_each
from .fragments import choose_windows, fragment_html, mark

SNIPPET_CHARS = 260
LEAD_CHARS = 40  # context shown before the first match of a one-fragment snippet
FRAGMENT_LEAD = 20  # and before the first match of each fragment when there are several
MAX_FRAGMENTS = 3  # fragments joined with "…" so that more of the query words are shown
MAX_SNIPPET_SCAN = 20_000  # characters of a paragraph read to build its snippet
MAX_SPANS = 2_000  # matches kept per paragraph

Span = tuple[int, int, object]  # (start, end, what matched: a term or a phrase)
# A phrase of the query: its index terms and their offsets from the first (stop words leave gaps).
Phrase = tuple[Sequence[str], Sequence[int]]

_JOINERS = "-'’"  # inside a word only (see WORD_PATTERN): a word never spans anything else


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


class Highlighter:
    """One query's words and phrases, marked in the texts of a page.

    Built once per page (or article). ``read`` finds the words holding query terms in all of a
    page's texts at once, so that each text is then only searched for those words; a title
    marked before (paragraphs of one article) comes from a memo. Everything it returns is
    escaped HTML apart from our ``<mark>`` tags.
    """

    def __init__(self, terms: Iterable[str], phrases: Iterable[Phrase] = ()) -> None:
        self.terms = frozenset(terms)
        self.phrases = [(tuple(words), tuple(offsets)) for words, offsets in phrases if len(words) > 1]
        self._phrase_words = frozenset(word for words, _ in self.phrases for word in words)
        self._phrase_starts = frozenset(words[0] for words, _ in self.phrases)
        self._reach = max((offsets[-1] for _, offsets in self.phrases), default=0)  # words after a start
        self._key: dict[str, str] = {}  # a word that holds query terms -> the least of them
        self._marked: dict[str, str] = {}
        self._words_of: dict[str, set[str]] = {}  # a text read -> its words holding query terms

    def read(self, texts: Iterable[str]) -> None:
        """Find the words holding query terms in each of ``texts`` (a page's paragraphs or
        titles), reading them together: a text among them is then searched only for its own
        words, which finds each exactly where it stands as a word of that text
        (``_is_word_at``)."""
        texts = [text for text in dict.fromkeys(texts) if text not in self._words_of]
        if texts and self.terms:
            self._words_of.update(zip(texts, words_holding_each(texts, self.terms), strict=True))

    def words_only(self) -> Highlighter:
        """The same query's words without its phrases (a title marks words), sharing what this
        one has read: which words hold a query term does not depend on the phrases."""
        other = Highlighter(self.terms)
        other._words_of, other._key = self._words_of, self._key
        return other

    def keyed_spans(self, text: str, limit: int | None = None) -> list[Span]:
        """Matches as (start, end, key): a key says what matched (a term or a phrase), so
        fragments can cover as many different query words as fit. A phrase found in the text is
        one span from its first word to its last; single-word matches inside it are folded in.

        The words holding a query term are known first (from ``read``, or read here); only
        those are looked for, with ``str.find``, because a page of hits shows ten
        paragraphs for every keystroke and a Python step per word was most of what a snippet
        cost."""
        if not self.terms:
            return []
        scan = text if limit is None else text[:limit]
        hits = self._words_of.get(text)
        if hits is None:
            hits = words_holding(scan, self.terms)
        if not hits:
            return []
        size = len(scan)
        spans: list[Span] = []
        for word in hits:
            key = self._key.get(word)
            if key is None:
                key = self._key[word] = min(word_terms(word) & self.terms)
            at, width = scan.find(word), len(word)
            while at >= 0:
                end = at + width
                before = scan[at - 1] if at else " "
                after = scan[end] if end < size else " "
                # A letter or digit next to it continues the word around it (WORD_PATTERN is
                # greedy); only a joiner next to it needs the pattern itself.
                if not (before.isalnum() or after.isalnum()) and (
                    (before not in _JOINERS and after not in _JOINERS) or _is_word_at(scan, at, end)
                ):
                    spans.append((at, end, key))
                at = scan.find(word, at + 1)
        spans.sort()
        covered: list[Span] = []
        if self.phrases:
            if self._phrase_words <= self.terms:
                covered = self._phrases_from(scan, spans)
            else:
                covered = self._phrase_spans(scan)
        del spans[MAX_SPANS:]
        return _fold(spans, covered) if covered else spans

    def _phrases_from(self, scan: str, spans: list[Span]) -> list[Span]:
        """The phrases found in ``scan``, as one span each, when every phrase word is a query
        term: a phrase then starts at a match (``spans``, every one), and only the few words
        after such a match are read, not every word of the text. The words after a match are
        the text's own (WORD_PATTERN resumes where the match ends, as reading the whole text)."""
        found: list[Span] = []
        for start, end, _key in spans:
            first = word_terms(scan[start:end])
            if first.isdisjoint(self._phrase_starts):
                continue
            following = [(m.end(), m.group()) for m in islice(WORD_PATTERN.finditer(scan, end), self._reach)]
            for phrase_terms, offsets in self.phrases:
                last = offsets[-1]
                if (
                    phrase_terms[0] in first
                    and last <= len(following)
                    and all(
                        term in word_terms(following[offset - 1][1])
                        for term, offset in zip(phrase_terms[1:], offsets[1:], strict=True)
                    )
                ):
                    found.append((start, following[last - 1][0], phrase_terms))
                    if len(found) >= MAX_SPANS:
                        break
        return found

    def _phrase_spans(self, scan: str) -> list[Span]:
        """The phrases found among every word of ``scan``, as one span each: the plain reading,
        for phrases with a word that is no query term (a phrase may then start at a word that
        is no match); the characters of the words are found only when a phrase is."""
        words = WORD_PATTERN.findall(scan)
        found: list[tuple[int, int, tuple[str, ...]]] = []
        for i, word in enumerate(words):
            if word_terms(word).isdisjoint(self._phrase_words):
                continue
            for phrase_terms, offsets in self.phrases:
                last = i + offsets[-1]
                if last < len(words) and all(
                    term in word_terms(words[i + offset]) for term, offset in zip(phrase_terms, offsets, strict=True)
                ):
                    found.append((i, last, phrase_terms))
                    if len(found) >= MAX_SPANS:
                        break
        if not found:
            return []
        places = [m.span() for m in WORD_PATTERN.finditer(scan)]
        return [(places[first][0], places[last][1], key) for first, last, key in found]

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Character spans of the words in ``text`` with one of the terms (a phrase found in the
        text is one span)."""
        return [(s, e) for s, e, _ in self.keyed_spans(text)]

    def mark(self, text: str) -> str:
        """The whole ``text``, escaped, its matches in <mark>."""
        marked = self._marked.get(text)
        if marked is None:
            marked = self._marked[text] = mark(text, self.spans(text))
        return marked

    def snippet(self, text: str, width: int = SNIPPET_CHARS) -> str:
        """About ``width`` characters of ``text`` showing as many different query words as fit.

        One window around the densest run of matches when it holds every query word found in
        the paragraph; otherwise up to MAX_FRAGMENTS shorter fragments, joined with "…", chosen
        so that each adds words the others lack. Cut at word boundaries.
        """
        spans = self.keyed_spans(text, MAX_SNIPPET_SCAN)
        plain = [(s, e) for s, e, _ in spans]
        if len(text) <= width:
            return mark(text, plain)
        if not spans:
            return fragment_html(text, plain, [(0, width)])
        wanted = len({key for _, _, key in spans})
        best: list[tuple[int, int]] = []
        best_keys = -1
        for count in range(1, MAX_FRAGMENTS + 1):
            size = (width - (count - 1) * 2) // count
            lead = LEAD_CHARS if count == 1 else FRAGMENT_LEAD
            windows, covered = choose_windows(spans, count, size, lead)
            if covered > best_keys:
                best, best_keys = windows, covered
            if covered >= wanted:
                break
        return fragment_html(text, plain, best)


def _fold(spans: list[Span], covered: list[Span]) -> list[Span]:
    """Replace the words of each phrase occurrence by the phrase's one span."""
    merged: list[Span] = []
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
    return Highlighter(terms, phrases).spans(text)


def mark_text(text: str, terms: set[str], phrases: Iterable[Phrase] = ()) -> str:
    return mark(text, match_spans(text, terms, phrases))


def snippet(text: str, terms: set[str], width: int = SNIPPET_CHARS, phrases: Iterable[Phrase] = ()) -> str:
    """A snippet of ``text`` for ``terms`` (see ``Highlighter.snippet``)."""
    return Highlighter(terms, phrases).snippet(text, width)
