"""App logs carry the request id, so a log line can be matched to a response."""

from __future__ import annotations

import logging
import sys

from flask import g, has_request_context

FORMAT = "%(asctime)s [%(process)d] %(levelname)s %(name)s rid=%(request_id)s %(message)s"


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record ("-" outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = g.get("request_id", "-") if has_request_context() else "-"
        return True


def configure_logging(level: int = logging.INFO) -> None:
    """Send the app's and the library's logs to stderr (gunicorn's error log) with request ids.

    Called by ``web/wsgi.py`` only; tests and other embedders keep their own logging.
    """
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(RequestIdFilter())
    for name in ("web", "search"):
        logger = logging.getLogger(name)
        logger.setLevel(level)
        logger.addHandler(handler)
        logger.propagate = False


# gunicorn's access log with the request id the app chose (pass as --access-logformat).
ACCESS_LOG_FORMAT = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms rid=%({x-request-id}o)s'
