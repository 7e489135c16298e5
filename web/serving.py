"""The one gunicorn command line that serves the app, for the CLI's tests, e2e tests and benches."""

from __future__ import annotations

import sys

GUNICORN_CONFIG = "python:web.gunicorn_conf"  # limits above the app's own, access log format


def gunicorn_command(bind: str, workers: int, threads: int, *extra: str) -> list[str]:
    """``python -m gunicorn`` serving ``web.wsgi:app`` with Zoeklicht's settings, plus ``extra`` flags."""
    return [
        sys.executable, "-m", "gunicorn", "web.wsgi:app",
        "--bind", bind, "--workers", str(workers), "--threads", str(threads),
        "--config", GUNICORN_CONFIG, *extra,
    ]  # fmt: skip
