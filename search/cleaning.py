"""The cleaning rules every article goes through, whatever format it was read from.

Text is NFC-normalised and loses control characters, invisible word breakers and bidi
overrides; a source name and a paragraph are of bounded length; a link is kept only when it is
an absolute http(s) URL; an article id is URL-safe. These rules are what the index, the page
and terminals may rely on, so they live apart from the readers of each format (``ingest``),
which only find articles and call ``sanitise``. A repair is reported, never silent.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable

from .errors import IngestError
from .records import MAX_ID_CHARS, MAX_PARAGRAPH_CHARS, MAX_SOURCE_CHARS, URL_SCHEMES, Article, Paragraph

ProblemHandler = Callable[[IngestError], None]  # told of each repair and of each record skipped

_CONTROL = {c: None for c in range(0x20) if chr(c) not in "\n\t"}
_CONTROL.update({c: None for c in range(0x7F, 0xA0)})
_CONTROL[ord("\t")] = " "
# Invisible characters that split a word for the tokenizer: "over\u00adheid" must find "overheid".
_CONTROL.update({c: None for c in (0x00AD, 0x200B, 0x2060, 0xFEFF)})
# Bidi overrides and isolates turn displayed text around ("‮gpj.exe"); the page and terminals
# show text as it is stored, so they are dropped (marks such as U+200E stay: they only hint).
_CONTROL.update({c: None for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))})
# The characters _CONTROL replaces: translate() looks every character of a text up, while most
# texts hold none of them, which a regular expression finds at C speed (the build reads every
# paragraph's text through clean_text twice).
_CONTROL_CHARS = re.compile("[" + "".join(re.escape(chr(c)) for c in _CONTROL) + "]")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_SAFE_ID = re.compile(r"[^A-Za-z0-9._-]+")


def clean_text(text: str) -> str:
    """NFC-normalise and drop control characters and invisible word breakers (soft hyphens,
    zero-width spaces), keeping line breaks for paragraphing."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    return text.translate(_CONTROL) if _CONTROL_CHARS.search(text) else text


def collapse(text: str) -> str:
    """Runs of blanks and line breaks as one space, none at either end: one line of text."""
    return " ".join(text.split())


def safe_id(raw: str) -> str:
    """A URL-safe article id of at most MAX_ID_CHARS; ids that needed changing get a short hash
    to stay unique."""
    slug = _SAFE_ID.sub("-", raw).strip("-")
    if slug == raw and slug and len(slug) <= MAX_ID_CHARS:
        return slug
    digest = hashlib.sha1(raw.encode("utf-8")).hexdigest()[:8]
    return f"{slug[:80]}-{digest}" if slug else digest


def clean_url(raw: str) -> str | None:
    """The URL if it is an absolute http(s) URL, else None. Control characters and blanks
    are removed first, as browsers do, so ``java\tscript:`` is seen for what it is."""
    url = "".join(clean_text(raw).split())
    scheme = _SCHEME.match(url)
    if (
        not url
        or scheme is None
        or scheme.group(1).lower() not in URL_SCHEMES
        or not url[len(scheme.group(0)) :].startswith("//")
    ):
        return None
    return url


def split_long(text: str, limit: int = MAX_PARAGRAPH_CHARS) -> list[str]:
    """``text`` in pieces of at most ``limit`` characters, cut after sentences where possible,
    else at a space, else anywhere: what one paragraph costs to index and to show is bounded."""
    pieces: list[str] = []
    while len(text) > limit:
        window = text[: limit + 1]
        cut = max((m.end() for m in _SENTENCE_END.finditer(window)), default=0)
        if cut < limit // 2:
            cut = window.rfind(" ") + 1
        if cut < limit // 2:
            cut = limit
        pieces.append(text[:cut].strip())
        text = text[cut:].strip()
    if text:
        pieces.append(text)
    return pieces


def sanitise(article: Article, where: str, on_problem: ProblemHandler) -> Article:
    """What every reader's articles go through: a source without control characters and of
    bounded length, only http(s) links, paragraphs of bounded length. Repairs are reported."""
    source = collapse(clean_text(article.source))
    if len(source) > MAX_SOURCE_CHARS:
        on_problem(IngestError(where, f"source name cut ({len(source)} characters to {MAX_SOURCE_CHARS})"))
        source = source[:MAX_SOURCE_CHARS].rstrip()
    article.source = source or "unknown"
    if article.url:
        url = clean_url(article.url)
        if url is None:
            shown = ascii(article.url[:40])
            on_problem(IngestError(where, f"link is not an http(s) URL ({shown}); article kept without it"))
            url = ""
        article.url = url
    article.title = collapse(clean_text(article.title))
    paragraphs: list[Paragraph] = []
    for paragraph in article.paragraphs:
        text = clean_text(paragraph.text)
        heading = collapse(clean_text(paragraph.heading))
        if len(text) > MAX_PARAGRAPH_CHARS:
            pieces = split_long(text)
            on_problem(
                IngestError(
                    where,
                    f"overlong paragraph split ({len(text)} characters into {len(pieces)}, "
                    f"at most {MAX_PARAGRAPH_CHARS} each)",
                )
            )
            paragraphs.extend(Paragraph(piece, heading) for piece in pieces)
        else:
            paragraphs.append(Paragraph(text, heading))
    article.paragraphs = paragraphs
    return article
