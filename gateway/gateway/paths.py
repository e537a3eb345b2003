"""Path safety: the raw request path is checked before any routing.

Every rule the gateway applies (the route, public routes, the login limit, metrics) reads
the path as the client sent it, so that path must have one spelling only. Tricks that make
the gateway and a service disagree about which resource is meant are refused with 400
instead of being passed on: dot segments, encoded slashes or backslashes, double encoding,
and any percent-escape of an unreserved character (`%6Cogin` is `login` to the service, so
it would slip past a rule written for `/api/v1/auth/login`).
"""

from __future__ import annotations

import re
from urllib.parse import unquote

_FORBIDDEN_ENCODINGS = re.compile(r"%(2f|5c|25|2e|00)", re.IGNORECASE)
# RFC 3986 section 2.3: unreserved characters mean the same encoded or not (so never need
# encoding): ALPHA, DIGIT, "-", ".", "_", "~".
_ENCODED_UNRESERVED = re.compile(
    r"%(4[1-9a-f]|5[0-9a]|6[1-9a-f]|7[0-9a]|3[0-9]|2d|5f|7e)", re.IGNORECASE
)
_SAFE_PATH = re.compile(r"^/[A-Za-z0-9\-._~!$&'()*+,;=:@/%]*$")


def unsafe_reason(path: str) -> str | None:
    """Why `path` is refused, or None when it is safe to route."""
    if not _SAFE_PATH.match(path) or "\\" in path:
        return "The path holds characters that are not allowed."
    if _FORBIDDEN_ENCODINGS.search(path):
        return "Encoded slashes, backslashes, dots or percent signs are not allowed in paths."
    if _ENCODED_UNRESERVED.search(path):
        return "Letters, digits and - _ ~ must not be percent-encoded in paths."
    decoded = unquote(path)
    if any(segment in (".", "..") for segment in decoded.split("/")):
        return "Dot segments are not allowed in paths."
    if "//" in path:
        return "Empty path segments are not allowed."
    return None
