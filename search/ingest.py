"""Turn every input format into the same Article records, naming what could not be read.

Formats: news ``.txt`` files (like ``seeds/``), JSON Lines (``.jsonl``, ``.jsonl.gz``; one
article per line, or one paragraph per line grouped by ``doc``) and CSV with a header row.
A bad file raises IngestError; a bad line or row is reported through ``on_problem`` and
skipped, so one broken record never costs the rest of the file.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import logging
import os
import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from .cleaning import ProblemHandler, clean_text, collapse, safe_id, sanitise
from .dates import DateError, parse_date
from .errors import IngestError
from .paragraphs import article_from_text, derive_title
from .records import Article, Paragraph

log = logging.getLogger(__name__)

_DATE_MARKER = re.compile(r"^\s*date\s+(\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?)\b\s*")
CSV_DELIMITERS = (",", ";", "\t")  # Dutch spreadsheets export with ";"


def parse_optional_date(raw: object, where: str, line: int | None, on_problem: ProblemHandler):
    """A bad date keeps the article (without a date) and is reported."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        return parse_date(str(raw))
    except DateError as exc:
        on_problem(IngestError(where, f"{exc}; article kept without a date", line))
        return None


def _decode(data: bytes, path: Path) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise IngestError(path, f"not UTF-8 (byte {data[exc.start]:#04x} at offset {exc.start})", line) from exc


def read_text_file(path: Path, source: str, on_problem: ProblemHandler) -> Iterator[Article]:
    text = clean_text(_decode(path.read_bytes(), path))
    date = None
    marker = _DATE_MARKER.match(text)
    if marker:
        date = parse_optional_date(marker.group(1), str(path), 1, on_problem)
        text = text[marker.end() :]
    article = article_from_text(
        text,
        article_id=safe_id(path.stem),
        source=source,
        date=date,
        origin=str(path),
        detect_title=True,
    )
    if article is None:
        raise IngestError(path, "no paragraphs of text")
    yield article


def _open_text(path: Path) -> io.TextIOBase:
    raw = gzip.open(path, "rb") if path.name.lower().endswith(".gz") else open(path, "rb")  # noqa: SIM115
    return io.TextIOWrapper(raw, encoding="utf-8-sig", errors="strict", newline="")


def _lines(path: Path, on_problem: ProblemHandler) -> Iterator[tuple[int, str]]:
    """Lines of a (possibly gzipped) UTF-8 file; an undecodable line is reported and skipped.

    A truncated or corrupt .gz raises IngestError naming the first line that could not be
    read; the lines before it have been yielded already.
    """
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    number = 0
    try:
        with opener(path, "rb") as handle:
            for number, raw in enumerate(handle, start=1):
                try:
                    yield number, raw.decode("utf-8-sig" if number == 1 else "utf-8")
                except UnicodeDecodeError as exc:
                    on_problem(IngestError(path, f"not UTF-8 ({exc.reason})", number))
    # gzip.BadGzipFile is an OSError; a truncated stream is an EOFError, a corrupt one zlib.error.
    except (OSError, EOFError, zlib.error) as exc:
        if number == 0:
            raise IngestError(path, f"cannot read: {exc}") from exc
        raise IngestError(path, f"cannot read: {exc}; the {number} lines before it were read", number + 1) from exc


def read_jsonl(path: Path, source: str, on_problem: ProblemHandler) -> Iterator[Article]:
    group: Article | None = None  # one paragraph per line: the article being grouped
    try:
        for number, line in _lines(path, on_problem):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except (ValueError, RecursionError) as exc:  # JSONDecodeError, a 5000-digit number
                msg = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
                on_problem(IngestError(path, f"malformed JSON ({msg})", number))
                continue
            if not isinstance(obj, dict):
                on_problem(IngestError(path, "a JSON line must be an object", number))
                continue
            text = obj.get("text")
            if not isinstance(text, str) or not text.strip():
                on_problem(IngestError(path, "no text", number))
                continue
            text = clean_text(text)
            item_source = str(obj.get("source") or source)
            if "doc" in obj:  # one paragraph per line, grouped by `doc`
                doc = str(obj["doc"])
                if group is None or group.origin != doc:
                    if group is not None:
                        yield group
                    title = clean_text(str(obj.get("title") or ""))
                    group = Article(
                        id=safe_id(doc),
                        title=collapse(title),
                        source=item_source,
                        date=parse_optional_date(obj.get("date"), str(path), number, on_problem),
                        url=str(obj.get("url") or ""),
                        origin=doc,
                    )
                heading = collapse(clean_text(str(obj.get("heading") or "")))
                group.paragraphs.append(Paragraph(collapse(text), heading))
                if not group.title:
                    group.title = derive_title(group.paragraphs[0].text)
                continue
            article = article_from_text(
                text,
                article_id=safe_id(str(obj.get("id") or f"{path.name.split('.')[0]}-{number}")),
                source=item_source,
                title=clean_text(str(obj.get("title") or "")),
                date=parse_optional_date(obj.get("date"), str(path), number, on_problem),
                url=str(obj.get("url") or ""),
                origin=f"{path}:{number}",
            )
            if article is None:
                on_problem(IngestError(path, "no paragraphs of text", number))
            else:
                yield article
    except IngestError:
        if group is not None:  # a truncated file keeps the paragraphs read before the cut
            yield group
        raise
    if group is not None:
        yield group


def read_csv(path: Path, source: str, on_problem: ProblemHandler) -> Iterator[Article]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(path, f"cannot read: {exc}") from exc
    text = _decode(data, path)
    header = text.split("\n", 1)[0]
    delimiter = next(
        (d for d in CSV_DELIMITERS if "text" in (f.strip().strip('"').lower() for f in header.split(d))), ","
    )
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    fieldnames = [f.strip().lower() for f in reader.fieldnames or []]
    if "text" not in fieldnames:
        raise IngestError(path, "CSV header has no 'text' column", 1)
    reader.fieldnames = fieldnames
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:  # e.g. a field over the csv module's size limit
            on_problem(IngestError(path, f"bad CSV row ({exc})", reader.line_num + 1))
            continue
        number = reader.line_num
        text = clean_text(row.get("text") or "")
        if not text.strip():
            on_problem(IngestError(path, "row without text", number))
            continue
        article = article_from_text(
            text,
            article_id=safe_id(str(row.get("id") or f"{path.stem}-{number}")),
            source=str(row.get("source") or source).strip() or source,
            title=clean_text(row.get("title") or ""),
            date=parse_optional_date(row.get("date"), str(path), number, on_problem),
            url=row.get("url") or "",
            origin=f"{path}:{number}",
        )
        if article is None:
            on_problem(IngestError(path, "no paragraphs of text", number))
        else:
            yield article


READERS: dict[str, Callable[[Path, str, ProblemHandler], Iterator[Article]]] = {
    ".txt": read_text_file,
    ".jsonl": read_jsonl,
    ".jsonl.gz": read_jsonl,
    ".csv": read_csv,
}


def file_format(path: Path) -> str | None:
    name = path.name.lower()
    for suffix in sorted(READERS, key=len, reverse=True):
        if name.endswith(suffix):
            return suffix
    return None


def _files_under(folder: Path, on_problem: ProblemHandler) -> Iterator[Path]:
    """Everything but folders under ``folder``; a folder that cannot be read is reported (it
    used to be passed over in silence, and ``--strict`` then published without it)."""

    def unreadable(error: OSError) -> None:
        on_problem(IngestError(error.filename or folder, f"cannot read folder: {error.strerror or error}"))

    for root, dirs, files in os.walk(folder, onerror=unreadable):
        here = Path(root)
        dirs[:] = [d for d in dirs if not d.startswith(".")]  # hidden folders are not walked
        for name in files:
            yield here / name


def iter_source_files(paths: Iterable[Path], on_problem: ProblemHandler) -> Iterator[Path]:
    """Files under the given paths, folders walked recursively in a stable order."""
    for path in paths:
        if path.is_dir():
            children = sorted(_files_under(path, on_problem))
            for child in children:
                if any(part.startswith(".") for part in child.relative_to(path).parts):
                    continue
                if not child.is_file():  # a broken link, a FIFO: say so rather than pass over it
                    kind = "broken link" if child.is_symlink() and not child.exists() else "not a file"
                    on_problem(IngestError(child, f"cannot read: {kind}"))
                    continue
                if file_format(child) is None:
                    on_problem(IngestError(child, f"unsupported file type {child.suffix or '(none)'}"))
                    continue
                yield child
        elif path.is_file():
            if file_format(path) is None:
                on_problem(IngestError(path, f"unsupported file type {path.suffix or '(none)'}"))
                continue
            yield path
        else:
            on_problem(IngestError(path, "no such file or folder"))


def read_articles(path: Path, source: str | None, on_problem: ProblemHandler) -> Iterator[Article]:
    """Articles of one file.

    An explicit ``source`` names the source of every article, whatever a JSON line or CSV row
    says; without it a record's own ``source`` is used, else the name of the file's folder.
    """
    suffix = file_format(path)
    if suffix is None:
        raise IngestError(path, f"unsupported file type {path.suffix or '(none)'}")
    name = source or path.resolve().parent.name
    try:
        for article in READERS[suffix](path, name, on_problem):
            if source:
                article.source = source
            yield sanitise(article, article.origin or str(path), on_problem)
    except OSError as exc:
        raise IngestError(path, f"cannot read: {exc.strerror or exc}") from exc
