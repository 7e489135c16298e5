"""A paragraph cut to a snippet: which windows of it to show, cut at word boundaries, and the
HTML of a stretch of text with its matches in ``<mark>``, everything else escaped. Which words
match is ``snippets``' question; this module only places and prints them.
"""

from __future__ import annotations

from markupsafe import escape

ELLIPSIS = "…"
Window = tuple[int, int]  # characters [start, end) of a text


_OPEN, _CLOSE = "\x00", "\x01"  # where <mark> tags go: control characters ingest removes


def mark(text: str, spans: list[Window], start: int = 0, end: int | None = None) -> str:
    """Escape ``text[start:end]`` and wrap the spans inside it in <mark>.

    The text is escaped in one call with placeholders where the tags go, then the placeholders
    become tags (escaping leaves them as they are); a text holding a placeholder character
    itself (never one that was ingested) is escaped piece by piece instead."""
    end = len(text) if end is None else end
    pieces: list[Window] = []  # the spans inside, cut to [start, end)
    cursor = start
    for s, e in spans:
        if e <= cursor or s >= end:
            continue
        pieces.append((max(s, cursor), min(e, end)))
        cursor = pieces[-1][1]
    if not pieces:
        return str(escape(text[start:end]))
    if _OPEN in text or _CLOSE in text:
        return _mark_piecewise(text, pieces, start, end)
    out: list[str] = []
    cursor = start
    for s, e in pieces:
        out += (text[cursor:s], _OPEN, text[s:e], _CLOSE)
        cursor = e
    out.append(text[cursor:end])
    return str(escape("".join(out))).replace(_OPEN, "<mark>").replace(_CLOSE, "</mark>")


def _mark_piecewise(text: str, pieces: list[Window], start: int, end: int) -> str:
    out: list[str] = []
    cursor = start
    for s, e in pieces:
        out.append(str(escape(text[cursor:s])))
        out.append(f"<mark>{escape(text[s:e])}</mark>")
        cursor = e
    out.append(str(escape(text[cursor:end])))
    return "".join(out)


def choose_windows(spans, count: int, size: int, lead: int) -> tuple[list[Window], int]:
    """Greedily pick ``count`` windows of ``size`` characters, each covering the most query words
    (keys) that the windows before it do not; a window starts ``lead`` characters before a match.
    Each pick is one sliding-window pass over the spans, the count of new keys kept as keys
    enter and leave: linear in the matches."""
    if count == 1 and max(end for _, end, _ in spans) <= spans[0][0] - lead + size:
        # Every match fits in the window of the first: the pass below would choose it.
        begin = max(0, spans[0][0] - lead)
        return [(begin, begin + size)], len({key for s, e, key in spans if begin <= s and e <= begin + size})
    covered: set[object] = set()
    windows: list[Window] = []
    for _ in range(count):
        best_start, best_new, best_hits = None, 0, 0
        inside: dict[object, int] = {}  # key -> its matches inside the window
        new = 0  # keys inside the window that no window chosen before covers
        right, total = 0, len(spans)
        for left, (start, _end, key) in enumerate(spans):
            stop = start - lead + size
            while right < total and spans[right][1] <= stop:
                entering = spans[right][2]
                held = inside.get(entering, 0)
                inside[entering] = held + 1
                if not held and entering not in covered:
                    new += 1
                right += 1
            hits = right - left
            if new > best_new or (new == best_new and hits > best_hits):
                best_start, best_new, best_hits = start, new, hits
            if left < right:
                held = inside[key] - 1
                if held:
                    inside[key] = held
                else:
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


def fragment_html(text: str, spans: list[Window], windows: list[Window]) -> str:
    """Escape and mark each window cut at word boundaries; join them, and mark cuts, with "…"."""
    pieces: list[Window] = []
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
