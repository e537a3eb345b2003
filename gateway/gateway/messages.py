"""What the edge reads of a request, once, and the answers it gives of its own."""

from __future__ import annotations

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
    }
)


class Refusal(Exception):
    def __init__(self, status: int, detail: str, headers: list[tuple[str, str]] | None = None):
        super().__init__(detail)
        self.status, self.detail, self.headers = status, detail, headers or []


class ClientGone(Exception):
    """The client disconnected before its request was read."""


def encoded(headers: list[tuple[str, str]]) -> list[tuple[bytes, bytes]]:
    return [(name.encode("latin-1"), value.encode("latin-1")) for name, value in headers]


class Request:
    """What the checks need of one ASGI request, read once."""

    __slots__ = (
        "headers",
        "method",
        "path",
        "peer",
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
        self.wanted = {
            name.decode(): value.decode("latin-1") for name, value in self.headers if name in WANTED
        }
        client = scope.get("client")
        self.peer = client[0] if client else ""
        self.scheme = scope.get("scheme", "http")

    def header(self, name: str) -> str | None:
        return self.wanted.get(name)


class Answer:
    """An answer of the gateway's own (a refusal, a preflight), shaped like an upstream's."""

    def __init__(self, status: int, headers: list[tuple[str, str]], body: bytes = b"") -> None:
        self.status, self.headers, self._body = status, encoded(headers), body

    @classmethod
    def refusal(cls, refusal: Refusal, request_id: str) -> Answer:
        document = problem_document(refusal.status, refusal.detail, request_id=request_id)
        body = json.dumps(document).encode()
        headers = [("Content-Type", PROBLEM_MIMETYPE), ("Content-Length", str(len(body)))]
        return cls(refusal.status, [*headers, *refusal.headers], body)

    async def body(self):
        if self._body:
            yield self._body
