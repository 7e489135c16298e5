"""Every setting, declared once with its default; the environment is read only here."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

ENV_PREFIX = "ZOEKLICHT_"


@dataclass(frozen=True)
class Config:
    """Settings for the library, the CLI and the web app.

    Each field is read from ``ZOEKLICHT_<FIELD NAME IN CAPITALS>``; ``from_env`` is the only
    place that looks at the environment, so tests simply construct ``Config(...)``.
    """

    index_dir: Path = field(default=Path("index"), metadata={"help": "Where index generations live."})
    seeds_dir: Path = field(
        default=Path("seeds"), metadata={"help": "Corpus indexed by `zoeklicht serve` when no index exists."}
    )
    host: str = field(default="127.0.0.1", metadata={"help": "Address gunicorn binds to."})
    port: int = field(default=8000, metadata={"help": "Port gunicorn binds to."})
    workers: int = field(default=2, metadata={"help": "gunicorn worker processes: one per core."})
    threads: int = field(
        default=1,
        metadata={"help": "Threads per gunicorn worker; more threads share one GIL and lengthen the tail."},
    )
    cors_origins: str = field(
        default="",
        metadata={"help": "Comma-separated origins allowed by CORS; empty means same-origin only."},
    )
    max_query_chars: int = field(default=500, metadata={"help": "Longer queries are rejected (400)."})
    max_expansions: int = field(
        default=50, metadata={"help": "Words a prefix or wildcard expands to (most frequent kept)."}
    )
    time_limit_ms: int = field(
        default=2000, metadata={"help": "Search time limit; a slower search returns partial results."}
    )
    max_page: int = field(default=100, metadata={"help": "Deepest page a search may ask for."})
    max_export: int = field(
        default=10_000, metadata={"help": "Most rows one export (`/api/export`, `zoeklicht search --format`) returns."}
    )
    max_url_chars: int = field(
        default=4096,
        metadata={"help": "Longest URL (path and query) the app answers; longer gets a 414 problem. At most 8126."},
    )

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Config:
        """Build a Config from ``ZOEKLICHT_*`` variables, falling back to the defaults."""
        env = os.environ if env is None else env
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = env.get(ENV_PREFIX + f.name.upper())
            if raw is None or raw == "":
                continue
            kind = type(f.default)
            try:
                values[f.name] = Path(raw) if isinstance(f.default, Path) else kind(raw)
            except ValueError as exc:
                raise ValueError(f"{ENV_PREFIX}{f.name.upper()}={raw!r}: {exc}") from exc
        return cls(**values)  # type: ignore[arg-type]

    @property
    def cors_origin_list(self) -> list[str]:
        return [o.strip() for o in self.cors_origins.split(",") if o.strip()]


@dataclass(frozen=True)
class Setting:
    """One declared setting as the CLI's help and the README's table show it."""

    name: str  # the Config field
    env: str  # ZOEKLICHT_<NAME>
    default: Any
    help: str

    @property
    def shown_default(self) -> str:
        return "(empty)" if self.default == "" else f"`{self.default}`"


def settings() -> list[Setting]:
    """Every setting, in declaration order, read from ``Config``'s fields and their ``help``."""
    return [Setting(f.name, ENV_PREFIX + f.name.upper(), f.default, f.metadata["help"]) for f in fields(Config)]


def setting(name: str) -> Setting:
    return next(s for s in settings() if s.name == name)


def settings_table() -> str:
    """The README's settings table (Markdown), so that it cannot drift from ``Config``."""
    rows = [f"| `{s.env}` | {s.shown_default} | {s.help} |" for s in settings()]
    return "\n".join(["| variable | default | meaning |", "| --- | --- | --- |", *rows])


if __name__ == "__main__":
    print(settings_table())
