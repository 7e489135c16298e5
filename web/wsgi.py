"""The gunicorn entry point: ``gunicorn web.wsgi:app``, configured by ZOEKLICHT_* variables.

Pass gunicorn the limits in ``web.security.GUNICORN_ARGS`` (``zoeklicht serve`` does) so
that oversized requests reach the app and get its problem+json answers::

    python -m gunicorn web.wsgi:app --bind 127.0.0.1:8000 --workers 2 --threads 4 \\
        --limit-request-line 8190 --limit-request-field_size 16380 --limit-request-fields 200
"""

from __future__ import annotations

from search.config import Config

from .app import create_app
from .logs import configure_logging

configure_logging()
app = create_app(Config.from_env())
