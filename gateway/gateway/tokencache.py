"""Verified tokens remembered until they expire, so a busy client costs one RS256 check."""

from __future__ import annotations

import threading
import time

from servicekit.tokens import Identity, TokenVerifier

MAX_ENTRIES = 10_000


class CachingVerifier:
    def __init__(self, verifier: TokenVerifier, clock=time.time) -> None:
        self._verifier = verifier
        self._clock = clock
        self._verified: dict[str, tuple[Identity, float]] = {}
        self._lock = threading.Lock()

    def cached(self, token: str) -> Identity | None:
        """The identity of a token verified before and not yet expired; no I/O."""
        cached = self._verified.get(token)
        if cached is not None and cached[1] > self._clock():
            return cached[0]
        return None

    def verify(self, token: str) -> Identity:
        identity = self.cached(token)
        if identity is not None:
            return identity
        identity = self._verifier.verify(token)  # raises for anything not valid
        with self._lock:
            if len(self._verified) >= MAX_ENTRIES:
                self._verified.clear()  # crude but bounded; refills with live tokens
            self._verified[token] = (identity, float(identity.claims["exp"]))
        return identity
