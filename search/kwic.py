"""Words in context (KWIC): every occurrence of the query's words, one line each, aligned on it.

Occurrences are found the way snippets mark words (the stored text analysed with the index's
analyzer), so a line shows exactly what a snippet would mark; the words of a phrase standing
together are one match. Contexts are cut at word boundaries and escaped like snippets (HTML
text without any tags). Reading stored paragraphs is the cost, so a request reads at most
``SCAN_PARAGRAPHS`` of them: in date order, it stops as soon as its page is full; sorted by the
word after or before, it sorts the occurrences of the paragraphs it read and says whether
those were all.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from markupsafe import escape

from .analysis import WORD_PATTERN, fold, word_terms
from .snippets import match_spans

SORTS = ("newest", "oldest", "after", "before")
MAX_PER_PAGE = 500
DEFAULT_PER_PAGE = 100
SCAN_PARAGRAPHS = 1000  # stored paragraphs one request reads at most: reading is the cost
CONTEXT_CHARS = 70  # on each side of the match
SORT_WORDS = 3  # words after (or before) the match that sort a line


@dataclass(frozen=True)
class KwicRequest:
    q: str
    sources: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    sort: str = "newest"  # newest | oldest (by the article's date) | after | before (the word)
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE  # 1..MAX_PER_PAGE
    prefix: bool = False


@dataclass
class KwicLine:
    article_id: str
    paragraph: int
    title: str
    source: str
    date: str | None
    date_precision: str | None
    left: str  # escaped text before the match, "…" where it was cut
    match: str  # the matched word(s), escaped
    right: str  # escaped text after the match


@dataclass
class KwicResult:
    query: str
    sort: str
    page: int
    per_page: int
    total_paragraphs: int  # matching paragraphs
    scanned_paragraphs: int  # paragraphs read for this answer
    complete: bool  # every matching paragraph was read (sorting by word covers all of them)
    more: bool  # a next page has lines
    lines: list[KwicLine] = field(default_factory=list)


def occurrences(text: str, terms: set[str], phrases: Sequence[Sequence[str]] = ()) -> list[tuple[int, int]]:
    """Character spans of the matches in ``text``. A phrase's words standing together (stop words
    between them allowed) are one span; a word that the query has only inside a phrase is not a
    match on its own."""
    spans = match_spans(text, terms)
    if not spans or not phrases:
        return spans
    pairs = {(a, b) for words in phrases for a, b in zip(words, words[1:], strict=False)}
    merged = [(*spans[0], 1)]
    for start, end in spans[1:]:
        prev_start, prev_end, words = merged[-1]
        between = text[prev_end:start]
        if _only_stop_words(between) and _continues(text[prev_start:prev_end], text[start:end], pairs):
            merged[-1] = (prev_start, end, words + 1)
        else:
            merged.append((start, end, 1))
    loose = terms - {word for phrase in phrases for word in phrase}
    shortest = min(len(phrase) for phrase in phrases)
    return [
        (start, end)
        for start, end, words in merged
        if words >= shortest or any(loose & word_terms(w) for w in WORD_PATTERN.findall(text[start:end]))
    ]


def _only_stop_words(text: str) -> bool:
    return all(not word_terms(w) for w in WORD_PATTERN.findall(text))


def _continues(left: str, right: str, pairs: set[tuple[str, str]]) -> bool:
    """The last word of ``left`` and ``right`` are consecutive words of one phrase."""
    last = WORD_PATTERN.findall(left)[-1:]
    if not last:
        return False
    return any((a, b) in pairs for a in word_terms(last[0]) for b in word_terms(right))


def context(text: str, span: tuple[int, int], width: int = CONTEXT_CHARS) -> tuple[str, str, str]:
    """(left, match, right), escaped; contexts of about ``width`` characters cut between words."""
    start, end = span
    left = text[max(0, start - width) : start]
    if start > width:
        cut = left.find(" ")
        left = "…" + (left[cut + 1 :] if 0 <= cut < width // 2 else left)
    right = text[end : end + width]
    if end + width < len(text):
        cut = right.rfind(" ")
        right = (right[:cut] if cut > width // 2 else right) + "…"
    return str(escape(left)), str(escape(text[start:end])), str(escape(right))


def _sort_key(line: KwicLine, sort: str) -> tuple[str, ...]:
    if sort == "after":
        words = _words(line.right)[:SORT_WORDS]
    else:
        words = _words(line.left)[::-1][:SORT_WORDS]
    return (*words, *[""] * (SORT_WORDS - len(words)), fold(line.match.lower()))


def _words(escaped: str) -> list[str]:
    text = re.sub(r"&[#\w]+;", " ", escaped)  # sort on words, not on escaped punctuation
    return [fold(w.lower()) for w in WORD_PATTERN.findall(text)]


def collect(
    docnums: Iterable[int],
    stored: Callable[[int], dict],
    terms: set[str],
    phrases: Sequence[Sequence[str]],
    request: KwicRequest,
    total_paragraphs: int,
) -> KwicResult:
    """The page of lines of ``docnums`` (matching paragraphs, in date order) that ``request`` asks for."""
    by_word = request.sort in ("after", "before")
    skip = (request.page - 1) * request.per_page
    need = skip + request.per_page + 1  # one more line tells whether a next page exists
    lines: list[KwicLine] = []
    scanned = 0
    for docnum in docnums:
        if scanned >= SCAN_PARAGRAPHS or (not by_word and len(lines) >= need):
            break
        scanned += 1
        fields = stored(docnum)
        text = fields.get("text", "")
        for span in occurrences(text, terms, phrases):
            left, match, right = context(text, span)
            lines.append(
                KwicLine(
                    article_id=fields["article"],
                    paragraph=int(fields.get("para", 0)),
                    title=fields.get("title", ""),
                    source=fields.get("source", ""),
                    date=fields.get("date"),
                    date_precision=fields.get("precision"),
                    left=left,
                    match=match,
                    right=right,
                )
            )
    if by_word:
        lines.sort(key=lambda line: _sort_key(line, request.sort))
    page = lines[skip : skip + request.per_page]
    return KwicResult(
        query=request.q,
        sort=request.sort,
        page=request.page,
        per_page=request.per_page,
        total_paragraphs=total_paragraphs,
        scanned_paragraphs=scanned,
        complete=scanned == total_paragraphs,
        more=len(lines) > skip + request.per_page,
        lines=page,
    )
