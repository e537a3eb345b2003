"""Path safety: the raw request path is checked before any routing.

Tricks that make the gateway and a service disagree about which resource is meant (dot
segments, encoded slashes or backslashes, double encoding) are refused with 400 instead of
being passed on.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

_FORBIDDEN_ENCODINGS = re.compile(r"%(2f|5c|25|2e|00)", re.IGNORECASE)
_SAFE_PATH = re.compile(r"^/[A-Za-z0-9\-._~!$&'()*+,;=:@/%]*$")


def unsafe_reason(path: str) -> str | None:
    """Why `path` is refused, or None when it is safe to route."""
    if not _SAFE_PATH.match(path) or "\\" in path:
        return "The path holds characters that are not allowed."
    if _FORBIDDEN_ENCODINGS.search(path):
        return "Encoded slashes, backslashes, dots or percent signs are not allowed in paths."
    decoded = unquote(path)
    if any(segment in (".", "..") for segment in decoded.split("/")):
        return "Dot segments are not allowed in paths."
    if "//" in path:
        return "Empty path segments are not allowed."
    return None
