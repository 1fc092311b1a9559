"""Structured logs: one JSON object per line, and one line per request.

Production settings send every log record to stdout through ``JSONFormatter``, so the process
manager (systemd's journal, a container runtime) collects them and a log shipper can index them
without parsing text. ``RequestLogMiddleware`` adds a line per request with its id, method, path,
status and duration; the id comes from the proxy's ``X-Request-ID`` header when it sends a
well-formed one, so the proxy's and the application's lines can be joined.
"""

import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime

request_logger = logging.getLogger("training.requests")

#: The ``extra`` fields a record may carry into the JSON line (the request log's fields).
EXTRA_FIELDS = ("request_id", "method", "path", "status", "duration_ms")

#: What an incoming ``X-Request-ID`` may look like; anything else is replaced by a new id.
REQUEST_ID_PATTERN = re.compile(r"[A-Za-z0-9._-]{1,64}")


class JSONFormatter(logging.Formatter):
    """Format a record as a JSON object: time (UTC, ISO 8601), level, logger, message, the
    request fields when present, and the traceback of an exception."""

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in EXTRA_FIELDS:
            if hasattr(record, name):
                entry[name] = getattr(record, name)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


def json_logging(**dictconfig):
    """A ``logging.config.dictConfig`` that writes JSON lines to stdout through a "console"
    handler; ``dictconfig`` adds its loggers or root."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "training.logs.JSONFormatter"}},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "formatter": "json",
            }
        },
        **dictconfig,
    }


def request_id_of(request):
    incoming = request.headers.get("X-Request-ID", "")
    return incoming if REQUEST_ID_PATTERN.fullmatch(incoming) else uuid.uuid4().hex


class RequestLogMiddleware:
    """Log each request (without its query string, which may carry personal data) and return
    its id in the ``X-Request-ID`` response header. Put it first, so that the duration covers
    the other middleware and redirects made by them are logged too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        request.request_id = request_id_of(request)
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        response["X-Request-ID"] = request.request_id
        request_logger.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "request_id": request.request_id,
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": duration_ms,
            },
        )
        return response
