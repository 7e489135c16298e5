"""One Engine per app, created on first use and kept.

The Engine itself follows the index directory (it re-reads CURRENT on every call), so the
app never holds a stale generation. Creating it fails with NoIndexError while no index
exists; the next request simply tries again, so a server started before the first
``zoeklicht index`` becomes ready as soon as that build is published.
"""

from __future__ import annotations

import threading

from flask import current_app

from search.config import Config
from search.engine import Engine


class LazyEngine:
    def __init__(self, config: Config) -> None:
        self.config = config
        self._engine: Engine | None = None
        self._lock = threading.Lock()

    def get(self) -> Engine:
        """The engine; raises NoIndexError while there is no index to open."""
        engine = self._engine
        if engine is not None:
            return engine
        with self._lock:
            if self._engine is None:
                self._engine = Engine(self.config)
            return self._engine


def engine() -> Engine:
    return current_app.extensions["zoeklicht"].get()
