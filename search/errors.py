"""One exception tree for the library; the web layer maps it to HTTP in one place."""

from __future__ import annotations

from pathlib import Path


class ZoeklichtError(Exception):
    """Base of every error the library raises on purpose."""


class QueryError(ZoeklichtError):
    """A query or filter that cannot be answered; the message is meant for the user."""

    def __init__(self, message: str, parameter: str = "q") -> None:
        super().__init__(message)
        self.parameter = parameter


class NoIndexError(ZoeklichtError):
    """No complete index generation exists yet in the index directory."""


class NotFoundError(ZoeklichtError):
    """A requested article does not exist in the current generation."""


class IndexLockedError(ZoeklichtError):
    """Another build holds the index lock; two builds must never race."""


class IngestError(ZoeklichtError):
    """An input (a file, or one line or row of it) that could not be read."""

    def __init__(self, path: Path | str, reason: str, line: int | None = None) -> None:
        self.path = str(path)
        self.reason = reason
        self.line = line
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {reason}")
