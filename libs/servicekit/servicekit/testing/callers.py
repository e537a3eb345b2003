"""Signed-in callers of a service's test client."""

from __future__ import annotations

import uuid

from .tokens import TokenIssuer


class ApiCaller:
    """A signed-in caller of one service's test client: `caller.get(path)` sends its token.

    Services subclass it with one-line creators of their own resources.
    """

    def __init__(self, client, token_issuer: TokenIssuer, role: str = "user") -> None:
        self.client = client
        self.id = str(uuid.uuid4())
        self.headers = token_issuer.headers(self.id, role=role)

    def __getattr__(self, method: str):
        if method not in ("get", "post", "patch", "put", "delete"):
            raise AttributeError(method)
        send = getattr(self.client, method)
        return lambda path, **kwargs: send(path, headers=self.headers, **kwargs)
