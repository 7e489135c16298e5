"""Where the shared reference data lives: ``shared/`` beside the repository, never copied into it.

CI lays ``shared/`` right beside its clone; a git worktree kept one folder deeper finds the
same ``shared/`` beside a folder above it. Tests that need the data skip only when it is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = next((p / "shared" for p in REPO.parents if (p / "shared").is_dir()), REPO.parent / "shared")


def require(path: Path) -> Path:
    """``path`` if it is there; otherwise skip the test that needs it, naming what is missing."""
    if not path.exists():
        pytest.skip(f"{path.relative_to(SHARED.parent)} is not beside the repository")
    return path
