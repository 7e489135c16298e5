"""Answers as terminal text: what ``zoeklicht search`` prints, matches in bold (or «marked»).

The engine's answers carry HTML (snippets with ``<mark>``, escaped text); a terminal wants
plain text with the matches picked out. Rendering only: the CLI decides what to print.
"""

from __future__ import annotations

import html
import re
import textwrap

from . import kwic
from .results import SearchResult

_MARK = re.compile(r"<mark>(.*?)</mark>", re.S)
BOLD, RESET = "\x1b[1m", "\x1b[0m"


def _plain(snippet_html: str, color: bool) -> str:
    """The engine's HTML snippet as terminal text, matches in bold (or «between guillemets»)."""
    left, right = (BOLD, RESET) if color else ("«", "»")
    return html.unescape(_MARK.sub(lambda m: f"{left}{m.group(1)}{right}", snippet_html))


def format_result(result: SearchResult, color: bool = False) -> str:
    lines = []
    if result.did_you_mean:
        lines.append(f"Did you mean: {result.did_you_mean}")
    if not result.hits:
        lines.append(f"No results for {result.query!r}.")
        return "\n".join(lines)
    shown = len(result.hits)
    lines.append(
        f"{result.total_articles} articles ({result.total_paragraphs} paragraphs) for {result.query!r}"
        + (f", showing {shown}" if shown < result.total_articles else "")
        + (" (time limit reached: results may be incomplete)" if result.partial else "")
    )
    for rank, hit in enumerate(result.hits, start=1):
        title = f"{BOLD}{hit.title}{RESET}" if color else hit.title
        details = [hit.source, hit.date or "no date"]
        if hit.section:
            details.append(hit.section)
        if hit.matching_paragraphs > 1:
            details.append(f"{hit.matching_paragraphs} matching paragraphs")
        lines.append("")
        lines.append(f"{rank:>2}. {title}")
        lines.append("    " + " · ".join(details))
        lines.append(
            textwrap.fill(_plain(hit.snippet, color), width=100, initial_indent="    ", subsequent_indent="    ")
        )
    return "\n".join(lines)


KWIC_SIDE = 45  # characters of context on each side in the terminal


def format_kwic(result: kwic.KwicResult, color: bool = False) -> str:
    """One line per occurrence, the matches in one column."""
    if not result.lines:
        return f"No occurrences of {result.query!r}."
    left_mark, right_mark = (BOLD, RESET) if color else ("«", "»")
    lines = []
    for line in result.lines:
        left = html.unescape(line.left)[-KWIC_SIDE:].rjust(KWIC_SIDE)
        right = html.unescape(line.right)[:KWIC_SIDE].ljust(KWIC_SIDE)
        where = " · ".join(part for part in (line.source, line.date or "no date", line.title) if part)
        lines.append(f"{left} {left_mark}{html.unescape(line.match)}{right_mark} {right}  {where}")
    if result.more or not result.complete:
        lines.append(f"(the first {len(result.lines)} occurrences; --limit shows more, up to {kwic.MAX_PER_PAGE})")
    return "\n".join(lines)
