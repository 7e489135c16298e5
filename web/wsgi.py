"""The gunicorn entry point: ``gunicorn web.wsgi:app``, configured by ZOEKLICHT_* variables.

Give gunicorn the settings in ``web/gunicorn_conf.py`` (``zoeklicht serve`` does) so that
oversized requests reach the app and get its problem+json answers::

    python -m gunicorn -c python:web.gunicorn_conf --bind 127.0.0.1:8000 --workers 2 --threads 1 web.wsgi:app
"""

from __future__ import annotations

from search.config import Config

from .app import create_app
from .logs import configure_logging

configure_logging()
app = create_app(Config.from_env())
