"""uvicorn's httptools protocol with the limits a public edge needs, answered as problem+json.

uvicorn holds a connection that never finishes its request headers for as long as the
client likes (slowloris), and reads request lines and headers of any size, which the
services' gunicorn then refuses with an HTML page. This protocol enforces, before the
request reaches the ASGI app:

- a header timeout: a request's line and headers must arrive within HEADER_TIMEOUT seconds
  of the connection opening (or of the request's first byte, on a kept-alive connection);
- the services' own limits, a little below them: a request target of at most 4,000 bytes
  (414), at most 90 header fields, each of at most 8,000 bytes (431);
- a connection limit per worker (503 past it).

Idle kept-alive connections close after uvicorn's `timeout_keep_alive`.

It also sends an answer's head and body in one write (uvicorn writes each as it comes:
two system calls, two TCP segments, for every small answer).
"""

from __future__ import annotations

import json
import os

from servicekit.problems import PROBLEM_MIMETYPE, problem_document, status_title
from servicekit.requestlog import choose_request_id
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol


def _setting(name: str, default: float) -> float:
    return float(os.environ.get(name) or default)


class _Refused(Exception):
    """Raised from a parser callback: stops the parser once the answer is written."""


class CoalescingTransport:
    """A transport that holds a short write until the next write or the end of the loop's
    iteration, and sends the two as one: uvicorn writes an answer's head, then its body,
    within one iteration when the body is at hand, so the pair costs one system call.

    At most one write is held, so order and flow control are the real transport's; closing
    sends what is held first."""

    HOLD_BELOW = 4096  # an answer head fits; larger writes go straight through

    def __init__(self, transport, loop) -> None:
        self._transport, self._loop = transport, loop
        self._held: bytes | None = None

    def write(self, data: bytes) -> None:
        if self._held is not None:
            data, self._held = self._held + data, None
        elif not data:
            return
        elif len(data) < self.HOLD_BELOW:
            self._held = bytes(data)
            self._loop.call_soon(self.flush)
            return
        self._transport.write(data)

    def flush(self) -> None:
        if self._held is not None:
            data, self._held = self._held, None
            if not self._transport.is_closing():  # the client may have gone meanwhile
                self._transport.write(data)

    def writelines(self, pieces) -> None:
        self.write(b"".join(pieces))

    def write_eof(self) -> None:
        self.flush()
        self._transport.write_eof()

    def close(self) -> None:
        self.flush()
        self._transport.close()

    def __getattr__(self, name: str):  # is_closing, get_extra_info, pause_reading, ...
        return getattr(self._transport, name)


class GatewayHttpProtocol(HttpToolsProtocol):
    header_timeout = _setting("HEADER_TIMEOUT_SECONDS", 10)
    max_connections = int(_setting("MAX_CONNECTIONS_PER_WORKER", 1000))
    max_target_bytes = 4000  # gunicorn's limit_request_line is 4094, method included
    max_header_fields = 90  # gunicorn allows 100; the gateway adds its own few
    max_header_field_bytes = 8000  # gunicorn's limit_request_field_size is 8190

    def connection_made(self, transport) -> None:  # type: ignore[override]
        self._header_timer = None
        self._refused = False
        super().connection_made(CoalescingTransport(transport, self.loop))
        if len(self.connections) > self.max_connections:
            self._answer(503, "The gateway has too many open connections; try again.")
            return
        self._arm_header_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_header_timer()
        super().connection_lost(exc)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._header_fields = 0
        if self._header_timer is None:
            self._arm_header_timer()

    def on_url(self, url: bytes) -> None:
        super().on_url(url)
        if len(self.url) > self.max_target_bytes:
            self._refuse(414, f"Request targets are limited to {self.max_target_bytes} bytes.")

    def on_header(self, name: bytes, value: bytes) -> None:
        self._header_fields += 1
        if self._header_fields > self.max_header_fields:
            self._refuse(431, f"Requests are limited to {self.max_header_fields} header fields.")
        if len(name) + len(value) > self.max_header_field_bytes:
            limit = self.max_header_field_bytes
            self._refuse(431, f"A header field is limited to {limit} bytes.")
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        self._disarm_header_timer()
        super().on_headers_complete()

    def send_400_response(self, msg: str) -> None:
        # uvicorn's own answer to unparsable input is text/plain; the API's is problem+json.
        if not self._refused:
            self._answer(400, "The request is not valid HTTP/1.1.")

    def _arm_header_timer(self) -> None:
        self._header_timer = self.loop.call_later(self.header_timeout, self._headers_too_slow)

    def _disarm_header_timer(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _headers_too_slow(self) -> None:
        self._header_timer = None
        if not self.transport.is_closing():
            self._answer(408, f"The request headers took longer than {self.header_timeout} s.")

    def _refuse(self, status: int, detail: str) -> None:
        self._answer(status, detail)
        raise _Refused  # httptools wraps it as a parser error: no further callbacks

    def _answer(self, status: int, detail: str) -> None:
        """Write a problem+json answer and close: nothing more is read from this client."""
        self._refused = True
        self._disarm_header_timer()
        if self.transport.is_closing():
            return
        body = json.dumps(
            problem_document(status, detail, request_id=choose_request_id(None))
        ).encode()
        head = (
            f"HTTP/1.1 {status} {status_title(status)}\r\n"
            f"content-type: {PROBLEM_MIMETYPE}\r\ncontent-length: {len(body)}\r\n"
            "connection: close\r\n\r\n"
        )
        self.transport.write(head.encode("latin-1") + body)
        self.transport.close()
