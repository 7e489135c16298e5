"""Which files ingest reads: folders walked in order, hidden and unknown files and broken links
skipped and named, a missing path reported.
"""

from __future__ import annotations

from pathlib import Path

from search.errors import IngestError
from search.ingest import iter_source_files


def test_folders_are_walked_in_order_and_unknown_files_reported(corpus):
    corpus.txt("b/twee.txt", "Twee.")
    corpus.txt("a/een.txt", "Een.")
    corpus.txt("notes.md", "# notities")
    corpus.txt(".hidden/x.txt", "Verborgen.")
    (corpus.root / "gone.txt").symlink_to(corpus.root / "nowhere.txt")
    problems: list[IngestError] = []
    files = list(iter_source_files([corpus.root], problems.append))
    assert [f.relative_to(corpus.root).as_posix() for f in files] == ["a/een.txt", "b/twee.txt"]
    assert sorted((Path(p.path).name, p.reason) for p in problems) == [
        ("gone.txt", "cannot read: broken link"),
        ("notes.md", "unsupported file type .md"),
    ]


def test_missing_path_is_reported(tmp_path):
    problems: list[IngestError] = []
    assert list(iter_source_files([tmp_path / "nope"], problems.append)) == []
    assert [p.reason for p in problems] == ["no such file or folder"]
