"""Access-token verification against a JWKS: RS256 only, every claim checked.

Used the same way by every service and the gateway, so a token means the same thing at
every hop and identity never has to travel in a header a client could forge. A verified
token is remembered until it expires, so a busy client costs one RS256 check per process
and token rather than one per request (a quarter of a millisecond of CPU each).
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import requests

ALGORITHM = "RS256"
REQUIRED_CLAIMS = ["iss", "aud", "sub", "exp", "iat", "jti", "typ"]
# Verified tokens a process remembers; past this it forgets them all and relearns the live
# ones (bounded memory whatever a flood of valid tokens does, and no bookkeeping per hit).
MAX_REMEMBERED_TOKENS = 10_000


def access_claims(
    *, user_id: uuid.UUID | str, role: str, issuer: str, audience: str, lifetime: timedelta
) -> dict[str, Any]:
    """The claims of an access token: what the users service signs and `TokenVerifier` checks.

    One builder for the service and for the tests' token issuers, so a test token can only
    differ from a real one where a test says so.
    """
    now = datetime.now(UTC)
    return {
        "iss": issuer,
        "aud": audience,
        "sub": str(user_id),
        "role": role,
        "typ": "access",
        "iat": now,
        "exp": now + lifetime,
        "jti": uuid.uuid4().hex,
    }


class InvalidToken(Exception):
    """The token is malformed, forged, expired or not an access token."""


class KeysUnavailable(Exception):
    """The keys needed to verify the token could not be fetched."""


@dataclass(frozen=True)
class Identity:
    user_id: uuid.UUID
    role: str
    claims: dict[str, Any]

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


class JwksKeySet:
    """Public keys by `kid`, fetched from a JWKS document and cached.

    An unknown `kid` triggers a refetch at most once per `refetch_interval` seconds, so a
    flood of tokens with made-up key ids cannot turn into a flood of JWKS requests.
    """

    def __init__(
        self,
        fetch: Callable[[], dict[str, Any]],
        *,
        refetch_interval: float = 30.0,
        max_age: float = 600.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._fetch = fetch
        self._refetch_interval = refetch_interval
        self._max_age = max_age
        self._clock = clock
        self._keys: dict[str, Any] = {}
        self._fetched_at: float | None = None
        self._lock = threading.Lock()

    @classmethod
    def from_url(cls, url: str, *, timeout: float = 2.0, **kwargs: Any) -> JwksKeySet:
        def fetch() -> dict[str, Any]:
            response = requests.get(url, timeout=timeout)
            response.raise_for_status()
            return response.json()

        return cls(fetch, **kwargs)

    def get(self, kid: str) -> Any | None:
        now = self._clock()
        stale = self._fetched_at is None or now - self._fetched_at >= self._max_age
        if kid in self._keys and not stale:
            return self._keys[kid]
        with self._lock:
            may_refetch = (
                self._fetched_at is None or now - self._fetched_at >= self._refetch_interval
            )
            if may_refetch:
                self._refresh(now)
            return self._keys.get(kid)

    def _refresh(self, now: float) -> None:
        try:
            document = self._fetch()
            keys = {
                jwk["kid"]: jwt.PyJWK(jwk, algorithm=ALGORITHM).key
                for jwk in document.get("keys", [])
                if jwk.get("kty") == "RSA" and jwk.get("kid")
            }
        except (requests.RequestException, ValueError, KeyError, jwt.PyJWKError) as exc:
            if not self._keys:
                raise KeysUnavailable(str(exc)) from exc
            return  # keep serving the keys we have; try again after the interval
        finally:
            self._fetched_at = now
        self._keys = keys


class VerifiedTokens:
    """Claims of tokens already verified, each until its `exp` (without the leeway).

    A token's signature and claims cannot change, so a second check could only differ by
    time; a key withdrawn from the JWKS still honours the tokens it signed until they
    expire, as every hop that saw them already has.
    """

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._claims: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()

    def get(self, token: str) -> dict[str, Any] | None:
        claims = self._claims.get(token)
        if claims is None or claims["exp"] <= self._clock():
            return None
        return claims

    def remember(self, token: str, claims: dict[str, Any]) -> None:
        with self._lock:
            if len(self._claims) >= MAX_REMEMBERED_TOKENS:
                self._claims.clear()
            self._claims[token] = claims


class TokenVerifier:
    def __init__(
        self,
        keys: JwksKeySet,
        *,
        issuer: str,
        audience: str,
        leeway: int = 30,
        clock: Callable[[], float] = time.time,
    ):
        self._keys = keys
        self._issuer = issuer
        self._audience = audience
        self._leeway = leeway
        self._verified = VerifiedTokens(clock)

    def verify(self, token: str) -> Identity:
        """The caller behind a valid access token; InvalidToken for anything else."""
        claims = self.verified_claims(token)
        return Identity(user_id=claims["sub"], role=str(claims.get("role", "user")), claims=claims)

    def is_known(self, token: str) -> bool:
        """Whether `token` was verified here before and has not expired since; no I/O."""
        return self._verified.get(token) is not None

    def verified_claims(self, token: str) -> dict[str, Any]:
        """The claims of a valid access token (`sub` as a UUID); InvalidToken otherwise.

        The dictionary is shared by every request with the same token: read it, never
        change it."""
        claims = self._verified.get(token)
        if claims is None:
            claims = self._check(token)
            self._verified.remember(token, claims)
        return claims

    def _check(self, token: str) -> dict[str, Any]:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise InvalidToken("malformed token") from exc
        if header.get("alg") != ALGORITHM or not isinstance(header.get("kid"), str):
            raise InvalidToken("unexpected algorithm or missing key id")
        key = self._keys.get(header["kid"])
        if key is None:
            raise InvalidToken("unknown key id")
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=[ALGORITHM],
                issuer=self._issuer,
                audience=self._audience,
                leeway=self._leeway,
                options={"require": REQUIRED_CLAIMS},
            )
        except jwt.PyJWTError as exc:
            raise InvalidToken(str(exc)) from exc
        if claims.get("typ") != "access":
            raise InvalidToken("not an access token")
        try:
            claims["sub"] = uuid.UUID(str(claims["sub"]))
        except ValueError as exc:
            raise InvalidToken("the subject is not a user id") from exc
        return claims


def verifier_from_config(config: dict[str, Any]) -> TokenVerifier:
    """A verifier fed by the users service's JWKS at JWKS_URL (services other than users)."""
    keys = JwksKeySet.from_url(config["JWKS_URL"])
    return verifier_with(keys, config)


def verifier_with(keys: JwksKeySet, config: dict[str, Any]) -> TokenVerifier:
    """A verifier of `keys` with the issuer, audience and leeway the settings name."""
    return TokenVerifier(
        keys,
        issuer=config["JWT_ISSUER"],
        audience=config["JWT_AUDIENCE"],
        leeway=config["JWT_LEEWAY_SECONDS"],
    )
