"""Paragraphs' stored fields, read from Whoosh's own files without Whoosh's per-segment readers.

Whoosh stays the index of record: the stored fields are in its segments' stored-fields
columns, written by its writer. Its readers read such a column through one open file (seek,
then read), so request threads had to take turns behind a lock, and each read went through
the multi-segment reader, the segment reader and the schema check: about 15 µs a paragraph.
Here each segment's column file is memory-mapped and decoded by Whoosh's own column reader
over that map: a read is a slice of the map, keeps no file position (no lock), and costs
about half.

What this relies on beyond Whoosh's public reading API is in this module alone: a segment's
stored fields are the column ``_stored`` (file ``W3Codec.column_filename``) in the format
``STORED_COLUMN``, a segment's docnums follow those of the segments before it
(``leaf_readers``), and the segments of a generation are not compound (``segments.build``
writes them so). Whoosh's reader also drops fields the schema no longer has; a generation is
written whole by one schema and never changed, so there are none. ``tests/test_stored.py``
holds every paragraph's fields equal to Whoosh's, also under threads.
"""

from __future__ import annotations

import bisect
import mmap
from pathlib import Path
from typing import Any

from whoosh.codec.whoosh3 import STORED_COLUMN, W3Codec
from whoosh.filedb.structfile import BufferFile

STORED = "_stored"  # the column Whoosh's writer puts a document's stored fields in


class StoredFields:
    """The stored fields of every document of an opened Whoosh index, by docnum; safe to read
    from many threads at once (nothing but slices of read-only maps and decoding)."""

    def __init__(self, folder: Path, reader: Any) -> None:
        """``reader``: the index's reader, to learn its segments and where their docnums start."""
        self._maps: list[mmap.mmap] = []
        self._starts: list[int] = []
        self._columns: list[Any] = []
        try:
            for leaf, start in reader.leaf_readers():
                segment = leaf.segment()
                if segment is None or not segment.doc_count_all():
                    continue  # an empty index has no segment, and an empty segment no column
                if segment.is_compound():
                    raise ValueError(f"segment {segment.segment_id()} is compound; rebuild the index")
                with open(folder / W3Codec.column_filename(segment, STORED), "rb") as handle:
                    mapped = mmap.mmap(handle.fileno(), 0, prot=mmap.PROT_READ)
                self._maps.append(mapped)
                column = STORED_COLUMN.reader(_MappedFile(mapped), 0, len(mapped), segment.doc_count_all())
                self._starts.append(start)
                self._columns.append(column)
        except BaseException:
            self.close()
            raise

    def __getitem__(self, docnum: int) -> dict[str, Any]:
        """What ``searcher.stored_fields(docnum)`` answers (a new dict each time)."""
        if docnum < 0:
            raise IndexError(f"no document {docnum}")
        at = bisect.bisect_right(self._starts, docnum) - 1
        if at < 0:
            raise IndexError(f"no document {docnum}")
        return self._columns[at][docnum - self._starts[at]] or {}

    def close(self) -> None:
        for mapped in self._maps:
            mapped.close()
        self._maps.clear()


class _MappedFile(BufferFile):
    """Whoosh's in-memory file over a map, without the private copy of the whole file that
    ``BufferFile`` makes (``BytesIO``): a column reader asks for ``get``, ``get_byte`` and
    ``get_array``, and Whoosh implements the other two with ``get``, a slice of the map."""

    def __init__(self, mapped: mmap.mmap) -> None:  # no super().__init__: that is the copy
        self._mapped = mapped

    def get(self, position: int, length: int) -> bytes:
        return self._mapped[position : position + length]
