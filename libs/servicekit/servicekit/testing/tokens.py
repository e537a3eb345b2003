"""Access tokens signed with a test key, verified through a real JWKS over HTTP."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import timedelta

import pytest

from ..tokens import access_claims


class TokenIssuer:
    """Signs access tokens with a test key and serves its JWKS over HTTP on 127.0.0.1.

    Services under test fetch the JWKS exactly as in production, so verification in tests
    runs the real code path, network hop included.
    """

    def __init__(self, issuer: str = "jobsight", audience: str = "jobsight-api") -> None:
        from cryptography.hazmat.primitives.asymmetric import rsa
        from jwt.algorithms import RSAAlgorithm

        self.issuer, self.audience = issuer, audience
        self.private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = "test-" + uuid.uuid4().hex[:8]
        jwk = RSAAlgorithm.to_jwk(self.private_key.public_key(), as_dict=True)
        self.jwks = {"keys": [{**jwk, "kid": self.kid, "alg": "RS256", "use": "sig"}]}
        self._server = None

    def token(self, user_id: str | None = None, *, role: str = "user", **overrides) -> str:
        import jwt

        claims = access_claims(
            user_id=user_id or uuid.uuid4(),
            role=role,
            issuer=self.issuer,
            audience=self.audience,
            lifetime=timedelta(minutes=15),
        )
        claims.update(overrides)
        return jwt.encode(claims, self.private_key, algorithm="RS256", headers={"kid": self.kid})

    def headers(self, user_id: str | None = None, *, role: str = "user") -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(user_id, role=role)}"}

    @property
    def jwks_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/.well-known/jwks.json"

    def start(self) -> None:
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        body = json.dumps(self.jwks).encode()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()


@pytest.fixture(scope="session")
def token_issuer() -> Iterator[TokenIssuer]:
    issuer = TokenIssuer()
    issuer.start()
    yield issuer
    issuer.stop()
