"""How a body of text becomes an article: paragraphs, the headings above them, a title.

Every input format ends here once its fields are read: blank lines separate paragraphs, short
unpunctuated lines head the paragraphs after them, a line that is only a date or a time is a
dateline and dropped, and an article without a title gets one from its first sentence (or,
for plain text files, from a short first line).
"""

from __future__ import annotations

import re

from .cleaning import collapse
from .dates import DateError, parse_date
from .records import Article, Paragraph, PartialDate

HEADING_MAX_WORDS = 12  # "Trump: 'Koreaans schiereiland is extreem vreedzaam sinds ...'" has 10
TITLE_MAX_WORDS = 15
DERIVED_TITLE_CHARS = 90

_BLANK_LINE = re.compile(r"\n[ \t\u00a0]*\n")
_FINAL_PUNCT = re.compile(r"[.!?…:;,][\"'”’»)\]]*\s*$")
_CLOCK = re.compile(r"^\d{1,2}[u:.h]\d{2}$")  # "00u37", "15:50": a time stamp, not a heading


def is_heading(block: str) -> bool:
    """Short lines without final punctuation ("Kort", "Twee ontmoetingen") are headings."""
    words = block.split()
    return 0 < len(words) <= HEADING_MAX_WORDS and "\n" not in block.strip() and not _FINAL_PUNCT.search(block)


def derive_title(text: str, limit: int = DERIVED_TITLE_CHARS) -> str:
    """A readable title from the first sentence, cut at a word boundary."""
    first = re.split(r"(?<=[.!?])\s+", collapse(text), maxsplit=1)[0]
    if len(first) <= limit:
        return first.rstrip(" .")
    # Look one character past the limit: a word that ends exactly at the limit is kept whole.
    head = first[: limit + 1]
    cut = head.rsplit(" ", 1)[0] if " " in head else first[:limit]
    return cut.rstrip(" ,;:-") + "…"


def _is_dateline(text: str) -> bool:
    """ "27 mei 2018" or "00u37" on a line of their own: a time stamp, not a heading."""
    if _CLOCK.match(text):
        return True
    try:
        return parse_date(text).precision == "day"  # "2018" alone may head a chronology
    except DateError:
        return False


def split_paragraphs(body: str) -> list[Paragraph]:
    """Blank lines separate paragraphs; headings attach to the paragraphs that follow them.

    A short line that nothing follows has nothing to head, so it is kept as text: a one-line
    article such as "Kort bericht zonder punt" is not lost. Lines that are only a date or a
    time ("27 mei 2018", "00u37") are datelines and are dropped.
    """
    paragraphs: list[Paragraph] = []
    heading = ""
    pending = ""  # a heading no paragraph has followed yet
    for block in _BLANK_LINE.split(body):
        text = collapse(block)
        if not text:
            continue
        if is_heading(block):
            if not _is_dateline(text):
                heading = pending = text
            continue
        paragraphs.append(Paragraph(text=text, heading=heading))
        pending = ""
    if pending:
        paragraphs.append(Paragraph(text=pending))
    return paragraphs


def article_from_text(
    text: str,
    *,
    article_id: str,
    source: str,
    title: str = "",
    date: PartialDate | None = None,
    url: str = "",
    origin: str = "",
    detect_title: bool = False,
) -> Article | None:
    paragraphs = split_paragraphs(text)
    if detect_title and not title:
        first_block = next((b for b in _BLANK_LINE.split(text.strip()) if b.strip()), "")
        words = first_block.split()
        if (
            paragraphs
            and "\n" not in first_block.strip()
            and len(words) <= TITLE_MAX_WORDS
            and not _FINAL_PUNCT.search(first_block)
        ):
            title = collapse(first_block)
            if paragraphs[0].text == title:
                paragraphs.pop(0)
            paragraphs = [p if p.heading != title else Paragraph(p.text) for p in paragraphs]
    if not paragraphs:
        return None
    return Article(
        id=article_id,
        title=collapse(title) or derive_title(paragraphs[0].text),
        source=source,
        paragraphs=paragraphs,
        date=date,
        url=url.strip(),
        origin=origin,
    )
