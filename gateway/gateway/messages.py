"""What the edge reads of a request (its head once, its body within limits), and the answers
it gives of its own."""

from __future__ import annotations

import asyncio
import json

from servicekit.problems import PROBLEM_MIMETYPE, problem_document

from .routes import route_for

# What the checks read from the client's headers (ASGI gives names in lower case).
WANTED = frozenset(
    {
        b"authorization",
        b"origin",
        b"x-request-id",
        b"content-length",
        b"transfer-encoding",
        b"access-control-request-method",
        b"x-forwarded-for",
        b"host",
        b"traceparent",
        b"tracestate",
    }
)
# Headers a request may carry once only: two values leave the gateway and a service free
# to read different ones (RFC 9110 section 5.3).
SINGLE_VALUED = frozenset(
    {b"authorization", b"content-length", b"content-type", b"host", b"origin", b"x-request-id"}
)


class Refusal(Exception):
    def __init__(
        self,
        status: int,
        detail: str,
        headers: list[tuple[str, str]] | None = None,
        *,
        close: bool = False,
    ) -> None:
        super().__init__(detail)
        self.status, self.detail, self.headers = status, detail, headers or []
        self.close = close  # the connection cannot carry another request after this one


class ClientGone(Exception):
    """The client disconnected before its request was read."""


def encoded(headers: list[tuple[str, str]]) -> list[tuple[bytes, bytes]]:
    return [(name.encode("latin-1"), value.encode("latin-1")) for name, value in headers]


class Request:
    """What the checks need of one ASGI request, read once."""

    __slots__ = (
        "headers",
        "hops",
        "method",
        "path",
        "peer",
        "repeated",
        "route",
        "scheme",
        "target",
        "upstream",
        "wanted",
    )

    def __init__(self, scope: dict, path: str) -> None:
        self.method: str = scope["method"]
        self.path = path
        # The route family from the route table ("unmatched" and None: no such API route).
        self.route, self.upstream = route_for(path) or ("unmatched", None)
        query = scope.get("query_string")
        self.target = self.path + ("?" + query.decode("latin-1") if query else "")
        self.headers: list[tuple[bytes, bytes]] = scope["headers"]
        self.wanted: dict[str, str] = {}
        self.repeated: str | None = None  # a single-valued header sent more than once
        for name, value in self.headers:
            if name in WANTED or name in SINGLE_VALUED:
                key = name.decode()
                if key in self.wanted and name in SINGLE_VALUED:
                    self.repeated = key
                self.wanted[key] = value.decode("latin-1")
        client = scope.get("client")
        self.peer = client[0] if client else ""
        self.scheme = scope.get("scheme", "http")
        self.hops: list[str] = []  # set by the edge: trusted_hops, the client first

    def header(self, name: str) -> str | None:
        return self.wanted.get(name)


async def read_body(request: Request, receive, *, limit: int, timeout: float) -> bytes | None:
    """The whole request body (None when there is none), within `limit` bytes and `timeout`."""
    length = request.header("content-length")
    if length:
        try:
            declared = int(length)
        except ValueError:
            raise Refusal(400, "Content-Length is not a number.") from None
        if declared > limit:  # refused before a byte of it is read
            raise Refusal(413, f"Request bodies are limited to {limit} bytes.")
    try:
        async with asyncio.timeout(timeout):
            return await _receive_body(request, receive, length, limit)
    except TimeoutError:
        # The rest of the body may still come: this connection cannot carry another request.
        raise Refusal(408, "The request body did not arrive in time.", close=True) from None


async def _receive_body(request: Request, receive, length, limit) -> bytes | None:
    pieces, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ClientGone
        piece = message.get("body", b"")
        size += len(piece)
        if size > limit:
            raise Refusal(413, f"Request bodies are limited to {limit} bytes.")
        pieces.append(piece)
        if not message.get("more_body"):
            break
    if not size and not length and "chunked" not in (request.header("transfer-encoding") or ""):
        return None
    return b"".join(pieces)


class Answer:
    """An answer of the gateway's own (a refusal, a preflight), shaped like an upstream's."""

    def __init__(self, status: int, headers: list[tuple[str, str]], body: bytes = b"") -> None:
        self.status, self.headers, self._body = status, encoded(headers), body
        self.close = False

    @classmethod
    def refusal(cls, refusal: Refusal, request_id: str) -> Answer:
        document = problem_document(refusal.status, refusal.detail, request_id=request_id)
        body = json.dumps(document).encode()
        headers = [("Content-Type", PROBLEM_MIMETYPE), ("Content-Length", str(len(body)))]
        answer = cls(refusal.status, [*headers, *refusal.headers], body)
        answer.close = refusal.close
        return answer

    async def body(self):
        if self._body:
            yield self._body
