"""CORS for the browser origins in CORS_ORIGINS (the React client)."""

from __future__ import annotations

ALLOWED_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS"
ALLOWED_HEADERS = "Authorization, Content-Type, X-Request-ID"


class Cors:
    def __init__(self, origins: list[str]) -> None:
        self.origins = frozenset(origins)

    def response_headers(self, origin: str | None) -> list[tuple[str, str]]:
        if origin not in self.origins:
            return [("Vary", "Origin")] if self.origins else []
        return [
            ("Access-Control-Allow-Origin", origin),
            ("Vary", "Origin"),
            ("Access-Control-Expose-Headers", "X-Request-ID, Retry-After, WWW-Authenticate"),
        ]

    def preflight_headers(self, origin: str | None) -> list[tuple[str, str]]:
        if origin not in self.origins:
            return [("Content-Length", "0")]
        return [
            ("Content-Length", "0"),
            ("Access-Control-Allow-Methods", ALLOWED_METHODS),
            ("Access-Control-Allow-Headers", ALLOWED_HEADERS),
            ("Access-Control-Max-Age", "600"),
        ]
