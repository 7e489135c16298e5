"""Read what people type mid-query as what they mean, before the parser sees it.

An as-you-type box sends half-written queries: an unclosed quote or bracket, a dangling
``AND``, a lone ``-`` or ``*``, a field with nothing after it, Lucene habits (``trump^5``).
Each is repaired to the query it was on its way to being, so the parser only ever gets
well-formed text and a keystroke never turns into an error.
"""

from __future__ import annotations

import re

OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}
_WORDLIKE = re.compile(r"[^\W_]", re.UNICODE)
_TOKEN = re.compile(r'"[^"]*"(?:~\d+)?|\S+')  # a phrase keeps its proximity: "trump kim"~5
# Lucene's weight and fuzziness after a word (trump^5, kim~2): not our syntax; the word is searched
_WORD_SUFFIX = re.compile(r"(?<=[^\W_])[\^~][0-9.]*(?=\)*$)")
# Words (letters and digits, perhaps joined by - or an apostrophe) one space apart: text that
# no repair changes, unless two operators meet or one stands first or last.
_PLAIN = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*(?: [^\W_]+(?:[-'’][^\W_]+)*)*")


def normalise(text: str, *, prefix_last: bool = False) -> str:
    """Repair what people type mid-query: unclosed quotes and brackets, dangling operators,
    wildcards without letters, and fields with nothing after them."""
    if _PLAIN.fullmatch(text):  # most queries: words, one space apart, nothing to repair
        operators = [word.upper() in OPERATORS for word in text.split(" ")]
        paired = (True, True) in zip(operators, operators[1:], strict=False)
        if not (operators[0] or operators[-1] or paired):
            return text + "*" if prefix_last else text  # what _repair gives them, without its walk
    return _repair(text, prefix_last)


def _repair(text: str, prefix_last: bool) -> str:
    text = " ".join(text.replace("“", '"').replace("”", '"').replace("„", '"').split())
    if text.count('"') % 2:
        head, _, tail = text.rpartition('"')
        text = head + " " + tail  # the last quote was never closed: search its words
    text = _balance_brackets(text)
    tokens = _TOKEN.findall(text)
    cleaned: list[str] = []
    for token in tokens:
        if token.startswith('"'):
            cleaned.append(token)
            continue
        token = _WORD_SUFFIX.sub("", token)
        bare = token.strip("()")
        if (
            ("*" in bare or "?" in bare)
            and not _WORDLIKE.search(bare.split(":", 1)[-1])
            or re.fullmatch(r"[+\-]+", bare)
            or re.fullmatch(r"\w+:", bare)
        ):
            token = token.replace(bare, "")  # "***", "-", "title:" alone mean nothing
            if not token.strip("()"):
                if token:
                    cleaned.append(token)
                continue
        cleaned.append(token)
    # Operators need something on both sides (NOT: on its right).
    while cleaned and cleaned[0].upper() in OPERATORS - {"NOT"}:
        cleaned.pop(0)
    while cleaned and cleaned[-1].upper() in OPERATORS:
        cleaned.pop()
    result: list[str] = []
    for token in cleaned:
        # Of two operators in a row the first is kept ("a AND OR b"), except that NOT may
        # follow AND or OR: "a AND NOT b" excludes b, it does not search "a AND b".
        after, word = (result[-1].upper() if result else ""), token.upper()
        if word in OPERATORS and after in OPERATORS and not (word == "NOT" and after in ("AND", "OR")):
            continue
        result.append(token)
    text = _balance_brackets(" ".join(result))
    if prefix_last and text and re.search(r"[^\W_]$", text) and not re.search(r'"(~\d+)?$', text):
        last = text.rsplit(" ", 1)[-1].lstrip("(-+")
        if last.upper() not in OPERATORS and ":" not in last[-1:]:
            text += "*"
    return text


def _balance_brackets(text: str) -> str:
    if "(" not in text and ")" not in text:
        return text  # most queries: nothing to balance, no need to walk them
    depth = 0
    out = []
    in_quote = False
    for char in text:
        if char == '"':
            in_quote = not in_quote
        elif not in_quote and char == "(":
            depth += 1
        elif not in_quote and char == ")":
            if depth == 0:
                continue
            depth -= 1
        out.append(char)
    return "".join(out) + ")" * depth
