"""gunicorn's settings for Zoeklicht, in one place: ``gunicorn -c python:web.gunicorn_conf web.wsgi:app``.

gunicorn answers an over-long request line or header with its own HTML page before the app
sees it, so its limits sit above the app's own (documented) ones: the app then answers
oversized input itself, as an RFC 9457 problem.
"""

from web.logs import ACCESS_LOG_FORMAT
from web.security import GUNICORN_LINE_LIMIT, MAX_HEADER_LINE
from web.serving import answer_errors_as_problems

limit_request_line = GUNICORN_LINE_LIMIT
limit_request_field_size = 2 * MAX_HEADER_LINE
limit_request_fields = 200
accesslog = "-"
access_log_format = ACCESS_LOG_FORMAT
errorlog = "-"
graceful_timeout = 10
# gunicorn's own answers (a request line past its limit, bytes it cannot parse) as problem+json.
post_worker_init = answer_errors_as_problems
# gunicorn 25+ opens one control socket per user ($HOME/.gunicorn/gunicorn.ctl), shared by every
# gunicorn on the host: two servers would manage each other. Zoeklicht is run by its own
# supervisor (or `zoeklicht serve`) and needs none.
control_socket_disable = True
