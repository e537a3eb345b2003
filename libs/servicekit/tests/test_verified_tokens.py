"""A verified token is remembered until it expires: one RS256 check per process and token,
and nothing a cached answer could get wrong (a forged token, an expired one)."""

import time

import jwt
import pytest
from servicekit import tokens
from servicekit.testing.tokens import TokenIssuer
from servicekit.tokens import InvalidToken, JwksKeySet, TokenVerifier


class Clock:
    def __init__(self):
        self.now = time.time()

    def __call__(self):
        return self.now


@pytest.fixture(scope="module")
def issuer():
    return TokenIssuer()


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def verifier(issuer, clock):
    return TokenVerifier(
        JwksKeySet(lambda: issuer.jwks),
        issuer=issuer.issuer,
        audience=issuer.audience,
        clock=clock,
    )


@pytest.fixture
def signature_checks(monkeypatch):
    """How many times the verifier really decoded a token (jwt.decode, counted)."""
    calls = []
    decode = jwt.decode

    def counted(*args, **kwargs):
        calls.append(args[0])
        return decode(*args, **kwargs)

    monkeypatch.setattr(tokens.jwt, "decode", counted)
    return calls


def test_a_token_is_checked_once_then_remembered(verifier, issuer, signature_checks):
    token = issuer.token()
    assert not verifier.is_known(token)
    first = verifier.verify(token)
    assert verifier.is_known(token)
    for _ in range(5):
        assert verifier.verify(token) == first
    assert signature_checks == [token]


def test_a_remembered_token_is_forgotten_when_it_expires(verifier, issuer, clock):
    token = issuer.token()
    verifier.verify(token)
    clock.now += 16 * 60  # past its 15 minutes
    assert not verifier.is_known(token)


def test_a_token_inside_the_leeway_is_accepted_but_never_remembered(
    verifier, issuer, signature_checks
):
    token = issuer.token(exp=int(time.time()) - 5)
    verifier.verify(token)
    verifier.verify(token)
    assert not verifier.is_known(token)
    assert signature_checks == [token, token]


def test_a_refused_token_is_refused_every_time(verifier, issuer):
    forged = issuer.token()[:-4] + "AAAA"
    for _ in range(2):
        with pytest.raises(InvalidToken):
            verifier.verify(forged)
    assert not verifier.is_known(forged)


def test_memory_is_bounded(verifier, issuer, monkeypatch):
    monkeypatch.setattr(tokens, "MAX_REMEMBERED_TOKENS", 3)
    seen = [issuer.token() for _ in range(4)]
    for token in seen:
        verifier.verify(token)
    assert [verifier.is_known(token) for token in seen] == [False, False, False, True]
