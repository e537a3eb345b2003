"""Verified tokens remembered until they expire, so a busy client costs one RS256 check.

The gateway only needs to know that a token is valid (the services read who is calling
themselves), so it keeps each token's expiry and nothing else.
"""

from __future__ import annotations

import threading
import time

from servicekit.tokens import TokenVerifier

MAX_ENTRIES = 10_000


class CachingVerifier:
    def __init__(self, verifier: TokenVerifier, clock=time.time) -> None:
        self._verifier = verifier
        self._clock = clock
        self._expiries: dict[str, float] = {}
        self._lock = threading.Lock()

    def is_known(self, token: str) -> bool:
        """Whether `token` was verified before and has not expired since; no I/O."""
        return self._expiries.get(token, 0.0) > self._clock()

    def verify(self, token: str) -> None:
        """Verify a token not known yet (may fetch the JWKS); raises InvalidToken."""
        expiry = float(self._verifier.verified_claims(token)["exp"])
        with self._lock:
            if len(self._expiries) >= MAX_ENTRIES:
                self._expiries.clear()  # crude but bounded; refills with live tokens
            self._expiries[token] = expiry
