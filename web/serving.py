"""gunicorn's own answers in our shape (the command line that starts it is ``search.serve_command``'s).

gunicorn answers some requests before the app sees them: a request line or header past its
limits, bytes it cannot parse, an error it catches. Its answers were HTML pages without our
headers; ``answer_errors_as_problems`` (installed by ``web/gunicorn_conf.py`` in each worker)
makes them RFC 9457 problems with the same security headers as the app's.
"""

from __future__ import annotations

import json
import re
import types
from http import HTTPStatus

from gunicorn import util

from .errors import PROBLEM_JSON
from .security import SECURITY_HEADERS

_STATUS_LINE = re.compile(rb"HTTP/1\.1 (\d{3}) ")

GUNICORN_DETAILS = {
    400: "The request could not be read as HTTP.",
    403: "The request was refused.",
    414: "The request line is longer than the server reads.",
    417: "The server does not meet the request's Expect header.",
    431: "The request headers are larger than the server reads.",
    500: "The server failed to answer this request; the error has been logged.",
    501: "The request uses a transfer coding the server does not support.",
}


def problem_bytes(status: int) -> bytes:
    """A complete HTTP/1.1 problem+json answer that closes the connection."""
    detail = GUNICORN_DETAILS.get(status, HTTPStatus(status).description)
    body = json.dumps(
        {"type": "about:blank", "title": HTTPStatus(status).phrase, "status": status, "detail": detail}
    ).encode()
    headers = {
        "Connection": "close",
        "Content-Type": PROBLEM_JSON,
        "Content-Length": str(len(body)),
        "Cache-Control": "no-store",
        **SECURITY_HEADERS,
    }
    head = f"HTTP/1.1 {status} {HTTPStatus(status).phrase}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    return head.encode("latin-1") + b"\r\n" + body


class _Capture:
    """Stands in for the client socket while gunicorn composes its own error page."""

    def __init__(self) -> None:
        self.data = b""

    def gettimeout(self) -> float:
        return 0.0

    def sendall(self, data: bytes) -> None:
        self.data += data

    send = sendall


def _handle_error(worker, req, client, addr, exc) -> None:
    """gunicorn's ``handle_error`` (its status choice, its logging), answered as a problem."""
    capture = _Capture()
    type(worker).handle_error(worker, req, capture, addr, exc)
    found = _STATUS_LINE.match(capture.data)
    status = int(found.group(1)) if found else 500
    try:
        util.write_nonblock(client, problem_bytes(status))
    except OSError:
        pass  # the client has gone; gunicorn's own handler gives up the same way


def answer_errors_as_problems(worker) -> None:
    """gunicorn's ``post_worker_init`` hook: this worker's own error answers become problems."""
    worker.handle_error = types.MethodType(_handle_error, worker)
