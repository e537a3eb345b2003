"""Every way an access token can be wrong gets 401 invalid_token, on any route."""

import base64
import json
from datetime import UTC, datetime, timedelta

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from servicekit.testing import assert_problem


def _expect_invalid_token(response):
    assert_problem(response, 401)
    assert response.headers["WWW-Authenticate"] == 'Bearer error="invalid_token"'


def _me(client, token):
    return client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {token}"})


@pytest.fixture
def user_id(accounts):
    return accounts.register()["id"]


def test_a_token_signed_as_the_service_would_is_accepted(client, forge_token, user_id):
    assert _me(client, forge_token(user_id)).status_code == 200


def test_expired_token_is_401(client, forge_token, user_id):
    past = datetime.now(UTC) - timedelta(minutes=5)
    _expect_invalid_token(
        _me(client, forge_token(user_id, exp=past, iat=past - timedelta(minutes=15)))
    )


def test_token_signed_by_another_key_is_401(client, forge_token, user_id, app):
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    _expect_invalid_token(_me(client, forge_token(user_id, key=other)))


def test_alg_none_is_401(client, user_id, app):
    header = {"alg": "none", "typ": "JWT", "kid": app.extensions["signing_keys"].kid}
    now = int(datetime.now(UTC).timestamp())
    claims = {
        "iss": "jobsight",
        "aud": "jobsight-api",
        "sub": user_id,
        "typ": "access",
        "role": "admin",
        "iat": now,
        "exp": now + 900,
        "jti": "x",
    }

    def b64(data):
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    _expect_invalid_token(_me(client, f"{b64(header)}.{b64(claims)}."))


def test_hs256_signed_with_the_public_key_is_401(client, user_id, app):
    keys = app.extensions["signing_keys"]
    public_pem = keys.private_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    now = datetime.now(UTC)
    claims = {
        "iss": "jobsight",
        "aud": "jobsight-api",
        "sub": user_id,
        "typ": "access",
        "iat": now,
        "exp": now + timedelta(minutes=15),
        "jti": "x",
    }
    # PyJWT refuses to HMAC-sign with a PEM, so build the signature by hand like an attacker.
    import hashlib
    import hmac

    def b64(raw):
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    header = b64(json.dumps({"alg": "HS256", "typ": "JWT", "kid": keys.kid}).encode())
    payload = b64(
        json.dumps(
            {
                **claims,
                "iat": int(now.timestamp()),
                "exp": int((now + timedelta(minutes=15)).timestamp()),
            }
        ).encode()
    )
    signature = hmac.new(public_pem, f"{header}.{payload}".encode(), hashlib.sha256).digest()
    _expect_invalid_token(_me(client, f"{header}.{payload}.{b64(signature)}"))


@pytest.mark.parametrize(
    "overrides",
    [
        {"iss": "someone-else"},
        {"aud": "another-api"},
        {"typ": "refresh"},
        {"typ": None},
        {"jti": None},
        {"exp": None},
        {"sub": None},
    ],
    ids=["wrong-iss", "wrong-aud", "refresh-typed", "no-typ", "no-jti", "no-exp", "no-sub"],
)
def test_token_with_a_wrong_or_missing_claim_is_401(client, forge_token, user_id, overrides):
    _expect_invalid_token(_me(client, forge_token(user_id, **overrides)))


def test_unknown_kid_is_401(client, forge_token, user_id):
    _expect_invalid_token(_me(client, forge_token(user_id, headers={"kid": "no-such-key"})))


def test_missing_kid_is_401(client, forge_token, user_id):
    _expect_invalid_token(_me(client, forge_token(user_id, headers={})))


def test_refresh_token_as_a_bearer_token_is_401(client, accounts):
    accounts.register(email="bob@example.com")
    pair = accounts.login("bob@example.com")
    _expect_invalid_token(_me(client, pair["refresh_token"]))


@pytest.mark.parametrize("header", ["Basic YWRhOnB3", "Bearer", "Bearer ", "token abc"])
def test_malformed_authorization_header_is_401(client, header):
    response = client.get("/api/v1/users/me", headers={"Authorization": header})
    _expect_invalid_token(response)


def test_bad_token_on_a_public_route_is_401_too(client, user_id):
    response = client.post(
        "/api/v1/auth/login",
        json={"email": "a@example.com", "password": "whatever123"},
        headers={"Authorization": "Bearer not.a.token"},
    )
    _expect_invalid_token(response)


def test_jwks_publishes_the_signing_key(client, app, forge_token, user_id):
    response = client.get("/.well-known/jwks.json")
    assert response.status_code == 200
    (key,) = response.json["keys"]
    assert key["kid"] == app.extensions["signing_keys"].kid
    assert key["alg"] == "RS256"
    assert "d" not in key  # never the private part
    public = jwt.PyJWK(key).key
    token = forge_token(user_id)
    assert (
        jwt.decode(token, public, algorithms=["RS256"], audience="jobsight-api")["sub"] == user_id
    )
