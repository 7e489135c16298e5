"""The one command line that starts gunicorn serving the web app.

``zoeklicht serve`` (the CLI, part of the library), the e2e tests, the load benchmark and CI all
start gunicorn; each used to write its own argv, and ``GUNICORN_CONFIG`` was defined twice. It
lives here, in the library, because the CLI must build it and ``web`` imports ``search``, never
the reverse. The web app and its gunicorn settings are named only as strings: gunicorn imports
them in its own process, so this module needs nothing from ``web`` (and stays importable
without Flask).
"""

from __future__ import annotations

import sys
from dataclasses import fields
from pathlib import Path

from .config import ENV_PREFIX, Config

APP = "web.wsgi:app"
# gunicorn's request limits sit at or above the web app's own, so that the app answers oversized
# requests itself, as problem+json (a 414 past ZOEKLICHT_MAX_URL_CHARS, a 431 for huge headers);
# those limits, the access log format and the error-answer hook live in web/gunicorn_conf.py.
GUNICORN_CONFIG = "python:web.gunicorn_conf"


def gunicorn_command(bind: str, workers: int, threads: int, *extra: str) -> list[str]:
    """``python -m gunicorn web.wsgi:app`` with Zoeklicht's gunicorn settings, plus ``extra`` flags."""
    return [
        sys.executable, "-m", "gunicorn", APP,
        "--bind", bind, "--workers", str(workers), "--threads", str(threads),
        "--config", GUNICORN_CONFIG, *extra,
    ]  # fmt: skip


def bind_address(host: str, port: int) -> str:
    """``host:port``, an IPv6 address in brackets."""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def serve_argv(config: Config) -> list[str]:
    """The command for ``config``, with every setting passed on as a ZOEKLICHT_* variable.

    gunicorn's ``--env`` sets them before the app is loaded, so ``web/wsgi.py`` reads the same
    settings through ``Config.from_env()`` that the caller used; ``max_url_chars`` among them,
    which the app enforces itself (gunicorn's own line limit is kept above it).
    """
    env = []
    for field in fields(config):
        value = getattr(config, field.name)
        text = str(value.resolve()) if isinstance(value, Path) else str(value)
        env += ["--env", f"{ENV_PREFIX}{field.name.upper()}={text}"]
    return gunicorn_command(bind_address(config.host, config.port), config.workers, config.threads, *env)
