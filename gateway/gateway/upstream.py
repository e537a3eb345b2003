"""Keep-alive connection pools to each service, and forwarding through them."""

from __future__ import annotations

from urllib.parse import urlsplit

import urllib3
from urllib3.exceptions import (
    ConnectTimeoutError,
    MaxRetryError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
)

from .breaker import CircuitBreaker

IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
# Only a request that never reached the service is retried, and only when repeating it
# cannot do anything twice.
RETRY_CONNECT_ONCE = urllib3.Retry(total=1, connect=1, read=0, status=0, other=0, redirect=0)
NO_RETRY = urllib3.Retry(total=0, redirect=0)


class UpstreamUnavailable(Exception):
    """The service could not be reached (refused, unreachable, connect timeout, breaker open)."""


class UpstreamTimeout(Exception):
    """The service accepted the request but did not answer in time."""


class UpstreamBroken(Exception):
    """The service dropped the connection mid-answer."""


class Upstream:
    def __init__(
        self,
        name: str,
        url: str,
        *,
        connect_timeout: float,
        read_timeout: float,
        pool_size: int,
        breaker: CircuitBreaker,
    ) -> None:
        parts = urlsplit(url)
        self.name = name
        self.breaker = breaker
        self.pool = urllib3.HTTPConnectionPool(
            parts.hostname,
            parts.port or 80,
            maxsize=pool_size,
            block=False,
            timeout=urllib3.Timeout(connect=connect_timeout, read=read_timeout),
            retries=NO_RETRY,
        )

    def request(
        self, method: str, target: str, headers: list[tuple[str, str]], body: bytes | None
    ) -> urllib3.BaseHTTPResponse:
        """Send the request; the response body is left unread for streaming."""
        try:
            response = self.pool.urlopen(
                method,
                target,
                body=body,
                headers=urllib3.HTTPHeaderDict(headers),
                retries=RETRY_CONNECT_ONCE if method in IDEMPOTENT else NO_RETRY,
                redirect=False,
                preload_content=False,
                decode_content=False,
                assert_same_host=False,
                release_conn=False,
            )
        except (MaxRetryError, NewConnectionError, ConnectTimeoutError) as exc:
            reason = getattr(exc, "reason", exc)
            self.breaker.record_failure()
            if isinstance(reason, ReadTimeoutError):
                raise UpstreamTimeout(str(reason)) from exc
            raise UpstreamUnavailable(str(reason)) from exc
        except ReadTimeoutError as exc:
            self.breaker.record_failure()
            raise UpstreamTimeout(str(exc)) from exc
        except ProtocolError as exc:
            self.breaker.record_failure()
            raise UpstreamBroken(str(exc)) from exc
        if response.status in (502, 503, 504):
            self.breaker.record_failure()
        else:
            self.breaker.record_success()
        return response

    def get_json(self, path: str, timeout: float = 2.0) -> tuple[int, object]:
        """A small GET for the gateway's own use (readiness, OpenAPI), read whole."""
        import json

        response = self.pool.urlopen(
            "GET",
            path,
            retries=NO_RETRY,
            redirect=False,
            timeout=urllib3.Timeout(connect=timeout, read=timeout),
        )
        try:
            return response.status, json.loads(response.data or b"null")
        except ValueError:
            return response.status, None


class StreamedBody:
    """The upstream's response body, passed on chunk by chunk as the client reads it."""

    CHUNK = 64 * 1024

    def __init__(self, response: urllib3.BaseHTTPResponse) -> None:
        self._response = response

    def __iter__(self):
        yield from self._response.stream(self.CHUNK, decode_content=False)

    def close(self) -> None:
        # Back to the pool for the next request (the WSGI server calls close() when done).
        self._response.drain_conn()
        self._response.release_conn()
