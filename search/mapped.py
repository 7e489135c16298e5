"""Arrays and byte strings on disk, opened memory-mapped: what a generation is written in.

Opened this way, gunicorn workers share the pages and a cold start reads nothing it does not
touch. ``generation_format`` says which files a generation holds; this module only knows how
one array or one list of byte strings is written and read.
"""

from __future__ import annotations

import mmap
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np


def save_array(path: Path, values: np.ndarray) -> None:
    """``np.save``, except that a full disk says so: numpy reports a short write ("N requested
    and M written") without the reason, so the same file is written to once more through the
    OS, whose error names it ("No space left on device"), and that error is raised."""
    try:
        np.save(path, values)
    except OSError as exc:
        if exc.errno is not None:
            raise
        with open(path, "ab") as handle:
            handle.write(b"\0")
            handle.flush()
            os.fsync(handle.fileno())
        raise


def open_array(path: Path) -> np.ndarray:
    """An array written by ``save_array``, memory-mapped, as a plain ndarray view (pages still
    shared): a query slices these hundreds of times, and every ``np.memmap`` slice costs a
    Python-level ``__getitem__`` and finalizer."""
    return np.asarray(np.load(path, mmap_mode="r"))


def write_blobs(blob: Path, offsets: Path, items: Sequence[bytes]) -> None:
    """``items`` concatenated into ``blob``, and where each starts (int64, items + 1) in
    ``offsets``: what ``Blobs`` reads in place."""
    starts = np.zeros(len(items) + 1, dtype=np.int64)
    np.cumsum([len(item) for item in items], out=starts[1:])
    blob.write_bytes(b"".join(items))
    save_array(offsets, starts)


class Blobs:
    """Byte strings written by ``write_blobs``, memory-mapped: the i-th is one slice, and
    nothing is read at start-up. A blob that does not end where its offsets say is damaged."""

    def __init__(self, blob: Path, offsets: Path) -> None:
        with open(blob, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            self._blob: mmap.mmap | bytes = mmap.mmap(handle.fileno(), 0, prot=mmap.PROT_READ) if size else b""
        self._offsets = open_array(offsets)
        if not len(self._offsets) or int(self._offsets[-1]) != size:
            raise ValueError(f"{blob.name} is damaged (truncated or mismatched files)")

    def __getitem__(self, i: int) -> bytes:
        return self._blob[int(self._offsets[i]) : int(self._offsets[i + 1])]

    def __len__(self) -> int:
        return len(self._offsets) - 1
