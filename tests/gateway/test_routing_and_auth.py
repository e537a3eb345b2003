import pytest


def problem(client, response, status):
    assert response.status == status, response.body
    assert response.getheader("Content-Type") == "application/problem+json"
    body = client.json(response)
    assert body["status"] == status
    assert body["request_id"] == response.getheader("X-Request-ID")
    return body


@pytest.mark.parametrize(
    ("path", "upstream"),
    [
        ("/api/v1/auth/login", "users"),
        ("/api/v1/users/me", "users"),
        ("/.well-known/jwks.json", "users"),
        ("/api/v1/companies", "jobs"),
        ("/api/v1/jobs/abc", "jobs"),
        ("/api/v1/applications", "jobs"),
        ("/api/v1/reviews/summary", "reviews"),
        ("/api/v1/salaries", "reviews"),
        ("/api/v1/interviews", "reviews"),
        ("/api/v1/flags", "reviews"),
    ],
)
def test_routes_by_prefix(client, token_issuer, path, upstream):
    response = client.request("GET", path, headers=token_issuer.headers())
    assert response.status == 200
    assert client.json(response)["upstream"] == upstream


def test_query_strings_go_through_untouched(client, upstreams):
    response = client.request("GET", "/api/v1/companies?q=north%20wind&limit=5")
    assert client.json(response)["path"] == "/api/v1/companies?q=north%20wind&limit=5"


def test_unknown_api_path_is_404_problem(client, upstreams):
    problem(client, client.request("GET", "/api/v1/nothing"), 404)
    problem(client, client.request("GET", "/api/v2/companies"), 404)
    assert all(not r.requests for r in upstreams[0].values())


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/jobs/../users/me",
        "/api/v1/jobs/%2e%2e/users",
        "/api/v1/jobs%2Fx",
        "/api/v1/jobs/%2f..%2fusers",
        "/api/v1/jobs\\..\\users",
        "/api/v1/jobs/%5cx",
        "/api/v1/jobs/%252e%252e/x",
        "/api/v1//jobs",
        "/api/v1/jobs/./x",
    ],
)
def test_path_tricks_are_400_and_never_forwarded(client, upstreams, path):
    problem(client, client.request("GET", path), 400)
    assert all(not r.requests for r in upstreams[0].values())


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/v1/users/me"),
        ("POST", "/api/v1/companies"),
        ("GET", "/api/v1/applications"),
        ("POST", "/api/v1/reviews"),
        ("GET", "/api/v1/salaries"),
        ("GET", "/api/v1/flags"),
        ("PUT", "/api/v1/jobs/x/saved"),
        ("DELETE", "/api/v1/reviews/x"),
    ],
)
def test_protected_routes_need_a_token_before_any_upstream_sees_them(
    client, upstreams, method, path
):
    response = client.request(method, path, body={} if method in ("POST", "PUT") else None)
    problem(client, response, 401)
    assert response.getheader("WWW-Authenticate") == "Bearer"
    assert all(not r.requests for r in upstreams[0].values())


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/api/v1/auth/register"),
        ("POST", "/api/v1/auth/login"),
        ("POST", "/api/v1/auth/refresh"),
        ("POST", "/api/v1/auth/logout"),
        ("GET", "/api/v1/companies"),
        ("GET", "/api/v1/companies/x"),
        ("GET", "/api/v1/jobs"),
        ("GET", "/api/v1/reviews"),
        ("GET", "/api/v1/reviews/summary"),
        ("GET", "/api/v1/salaries/stats"),
        ("GET", "/api/v1/interviews"),
        ("GET", "/api/v1/interviews/summary"),
        ("GET", "/.well-known/jwks.json"),
    ],
)
def test_public_routes_need_no_token(client, method, path):
    response = client.request(method, path, body={} if method == "POST" else None)
    assert response.status == 200


def forged_tokens(token_issuer):
    import base64
    import hashlib
    import hmac
    import json

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from servicekit.testing import TokenIssuer

    def b64(raw):
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    other = TokenIssuer()
    other.kid = token_issuer.kid  # same key id, another key: a forgery
    claims = {
        "iss": "jobsight",
        "aud": "jobsight-api",
        "sub": "7f1c7f5e-5c61-4a53-8f1a-2c0e3b1d9a10",
        "typ": "access",
        "role": "admin",
        "iat": 1,
        "exp": 4102444800,
        "jti": "j",
    }
    head = b64(json.dumps({"alg": "none", "kid": token_issuer.kid}).encode())
    none_token = f"{head}.{b64(json.dumps(claims).encode())}."
    public_pem = token_issuer.private_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    hs_head = b64(json.dumps({"alg": "HS256", "kid": token_issuer.kid}).encode())
    hs_payload = b64(json.dumps(claims).encode())
    hs_sig = b64(hmac.new(public_pem, f"{hs_head}.{hs_payload}".encode(), hashlib.sha256).digest())
    del rsa
    return {
        "expired": token_issuer.token(exp=1, iat=0),
        "other key": other.token(),
        "alg none": none_token,
        "hs256 with public key": f"{hs_head}.{hs_payload}.{hs_sig}",
        "refresh typed": token_issuer.token(typ="refresh"),
        "garbage": "not.a.token",
    }


@pytest.mark.parametrize(
    "kind",
    ["expired", "other key", "alg none", "hs256 with public key", "refresh typed", "garbage"],
)
def test_bad_tokens_are_401_without_reaching_the_upstream(client, upstreams, token_issuer, kind):
    token = forged_tokens(token_issuer)[kind]
    for path in ("/api/v1/users/me", "/api/v1/companies"):  # protected and public alike
        response = client.request("GET", path, headers={"Authorization": f"Bearer {token}"})
        problem(client, response, 401)
        assert response.getheader("WWW-Authenticate") == 'Bearer error="invalid_token"'
    assert all(not r.requests for r in upstreams[0].values())


def test_the_original_authorization_header_goes_upstream(client, token_issuer):
    headers = token_issuer.headers()
    seen = client.json(client.request("GET", "/api/v1/users/me", headers=headers))
    assert seen["headers"]["authorization"] == headers["Authorization"]
