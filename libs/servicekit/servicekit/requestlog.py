"""Request ids and structured logs: one JSON line per event, each with its request id and
the trace and span it was written in (servicekit.tracing)."""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime

from flask import Flask, Response, g, has_request_context, request

from .tracing import current_ids

REQUEST_ID_HEADER = "X-Request-ID"
# A client's id is echoed back and written to logs, so only accept a short, plain token.
_SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:\-]{1,128}$")
access_log = logging.getLogger("servicekit.access")


def choose_request_id(client_value: str | None) -> str:
    if client_value and _SANE_REQUEST_ID.match(client_value):
        return client_value
    return uuid.uuid4().hex


class JsonFormatter(logging.Formatter):
    """Render a record as one JSON object; extra fields given to the logger are kept.

    Written for a line per request: the timestamp's seconds are formatted once per second,
    and one encoder serves every record (json.dumps with `default` builds a new one)."""

    _standard = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime"}
    _encode = json.JSONEncoder(default=str).encode

    def __init__(self) -> None:
        super().__init__()
        # One tuple, replaced whole: a service's threads share the formatter, and two
        # attributes set one after the other could be read half old, half new.
        self._this_second: tuple[int, str] = (-1, "")

    def timestamp(self, created: float) -> str:
        """ISO 8601 in UTC to the millisecond, as datetime.isoformat(timespec="milliseconds")."""
        second = int(created)
        # Rounded to the microsecond first, as datetime.fromtimestamp does.
        micros = round((created - second) * 1e6)
        if micros >= 1_000_000:
            second, micros = second + 1, micros - 1_000_000
        cached_second, text = self._this_second
        if second != cached_second:
            text = datetime.fromtimestamp(second, UTC).strftime("%Y-%m-%dT%H:%M:%S")
            self._this_second = (second, text)
        return f"{text}.{micros // 1000:03d}+00:00"

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": self.timestamp(record.created),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if has_request_context() and "request_id" in g:
            entry["request_id"] = g.request_id
        ids = current_ids()
        if ids is not None:
            entry["trace_id"], entry["span_id"] = ids
        standard = self._standard
        for key, value in record.__dict__.items():
            if key not in standard and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exc_info"] = self.formatException(record.exc_info)
        return self._encode(entry)


class StdoutHandler(logging.StreamHandler):
    """Writes to whatever sys.stdout is at the moment, not the stream it saw at start-up
    (test runners swap stdout, and close their copy before atexit handlers log)."""

    @property
    def stream(self):
        return sys.stdout

    @stream.setter
    def stream(self, value) -> None:
        pass


def configure_logging(level: str = "INFO") -> None:
    """Send every log record to stdout as JSON (12-factor: the platform collects stdout)."""
    handler = StdoutHandler()
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # The JSON lines name no source file, thread or process: skip gathering them on every
    # record (the logging HOWTO's "Optimization"; findCaller walks the stack each time).
    logging._srcfile = None
    logging.logThreads = logging.logProcesses = logging.logMultiprocessing = False


def register_request_log(app: Flask) -> None:
    @app.before_request
    def assign_request_id() -> None:
        g.request_id = choose_request_id(request.headers.get(REQUEST_ID_HEADER))
        g.request_started = time.perf_counter()

    @app.after_request
    def log_request(response: Response) -> Response:
        request_id = g.get("request_id") or choose_request_id(None)
        response.headers[REQUEST_ID_HEADER] = request_id
        started = g.get("request_started")
        access_log.info(
            "request",
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 2)
                if started
                else None,
                "remote_addr": request.remote_addr,
            },
        )
        return response
