"""The route table: which upstream owns a path, and which requests need no token.

One readable place: a new route family is one line here.
"""

from __future__ import annotations

import re

# Longest prefixes first is not needed: no prefix here is a prefix of another.
PREFIXES: list[tuple[str, str]] = [
    ("/api/v1/auth", "users"),
    ("/api/v1/users", "users"),
    ("/.well-known", "users"),
    ("/api/v1/companies", "jobs"),
    ("/api/v1/jobs", "jobs"),
    ("/api/v1/applications", "jobs"),
    ("/api/v1/reviews", "reviews"),
    ("/api/v1/salaries", "reviews"),
    ("/api/v1/interviews", "reviews"),
    ("/api/v1/flags", "reviews"),
]

_ID = r"[^/]+"
# (method, path pattern) pairs that reach the upstream without a token. A token, when sent,
# is still verified: a bad one is 401 on these routes too.
PUBLIC: list[tuple[str, re.Pattern[str]]] = [
    (method, re.compile(pattern + r"\Z"))
    for method, pattern in [
        ("POST", r"/api/v1/auth/(register|login|refresh|logout)"),
        ("GET", r"/\.well-known/jwks\.json"),
        ("GET", rf"/api/v1/companies(/{_ID})?"),
        ("GET", rf"/api/v1/jobs(/{_ID})?"),
        ("GET", rf"/api/v1/reviews(/{_ID})?"),
        ("GET", r"/api/v1/salaries/stats"),
        ("GET", rf"/api/v1/interviews(/{_ID})?"),
    ]
]


def route_for(path: str) -> tuple[str, str] | None:
    """The (prefix, upstream) of the route family `path` belongs to, or None."""
    for prefix, upstream in PREFIXES:
        if path == prefix or path.startswith(prefix + "/"):
            return prefix, upstream
    return None


def is_public(method: str, path: str) -> bool:
    method = "GET" if method == "HEAD" else method
    return any(method == m and pattern.match(path) for m, pattern in PUBLIC)
