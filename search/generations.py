"""Where index generations live and which one is current.

Layout of the index directory::

    CURRENT            name of the generation being served (replaced atomically)
    gen-<ns>/          a complete generation (its files: search/generation_format.py)
    .tmp-gen-<ns>/     a build in progress (removed when the build fails)
    .build.lock        held (flock) by the one build that may run
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import IndexLockedError
from .generation_format import META
from .processes import guarded_children

CURRENT = "CURRENT"
GEN_PREFIX = "gen-"
TMP_PREFIX = ".tmp-gen-"
LOCK = ".build.lock"


def current_generation(index_dir: Path) -> Path | None:
    """The directory of the generation being served, or None when there is none yet."""
    try:
        name = (index_dir / CURRENT).read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    gen = index_dir / name
    return gen if name.startswith(GEN_PREFIX) and (gen / META).is_file() else None


def generations_newest_first(index_dir: Path) -> list[Path]:
    """Every complete generation (one with its meta.json) in the index directory, newest first:
    the fallbacks a server tries when the current one cannot be opened."""
    try:
        found = [c for c in index_dir.iterdir() if c.name.startswith(GEN_PREFIX) and (c / META).is_file()]
    except OSError:
        return []
    return sorted(found, key=lambda c: c.name.removeprefix(GEN_PREFIX).zfill(30), reverse=True)


def publish(index_dir: Path, built: Path, final_name: str) -> Path:
    """Rename a finished build into place and point CURRENT at it with one atomic rename."""
    final = index_dir / final_name
    os.replace(built, final)
    pointer = index_dir / (CURRENT + ".tmp")
    pointer.write_text(final_name + "\n", encoding="utf-8")
    with open(pointer, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(pointer, index_dir / CURRENT)
    return final


def remove_old_generations(index_dir: Path, keep: set[str]) -> list[str]:
    """Delete generations that are neither current nor in ``keep``; returns their names."""
    removed = []
    for child in index_dir.iterdir():
        if child.is_dir() and child.name.startswith(GEN_PREFIX) and child.name not in keep:
            shutil.rmtree(child, ignore_errors=True)
            removed.append(child.name)
    return removed


def remove_stale_builds(index_dir: Path) -> None:
    """Leftovers of builds that were killed before they could clean up (we hold the lock)."""
    for child in index_dir.iterdir():
        if child.name.startswith(TMP_PREFIX):
            shutil.rmtree(child, ignore_errors=True)


@contextmanager
def build_lock(index_dir: Path) -> Iterator[None]:
    """Only one build at a time. flock is released by the kernel if the process dies; children
    forked while it is held close their copy (``processes.guarded_children``), so an orphaned
    helper can never keep it."""
    index_dir.mkdir(parents=True, exist_ok=True)
    handle = open(index_dir / LOCK, "a+")  # noqa: SIM115
    try:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise IndexLockedError(f"another build of {index_dir} is running; wait for it to finish") from exc
        with guarded_children(handle.fileno()):
            yield
    finally:
        handle.close()
