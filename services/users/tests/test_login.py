import jwt
from servicekit.testing import assert_problem
from users.models import RefreshToken


def login(client, email="ada@example.com", password="correct horse battery"):
    return client.post("/api/v1/auth/login", json={"email": email, "password": password})


def test_login_returns_a_token_pair(client, accounts, app):
    user = accounts.register()
    response = login(client)
    assert response.status_code == 200
    body = response.json
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 900
    assert len(body["refresh_token"]) >= 43  # 256 bits, base64url
    header = jwt.get_unverified_header(body["access_token"])
    assert header["alg"] == "RS256"
    assert header["kid"] == app.extensions["signing_keys"].kid
    claims = jwt.decode(body["access_token"], options={"verify_signature": False})
    assert claims["sub"] == user["id"]
    assert claims["typ"] == "access"
    assert claims["role"] == "user"
    assert claims["iss"] == "jobsight"
    assert claims["aud"] == "jobsight-api"
    assert claims["exp"] - claims["iat"] == 900
    assert {"jti", "iat", "exp"} <= set(claims)


def test_login_email_is_case_insensitive(client, accounts):
    accounts.register()
    assert login(client, email="ADA@EXAMPLE.com").status_code == 200


def test_wrong_password_and_unknown_email_get_the_same_401(client, accounts, app, count_rows):
    accounts.register()
    wrong_password = login(client, password="wrong password!")
    unknown_email = login(client, email="nobody@example.com")
    for response in (wrong_password, unknown_email):
        assert_problem(response, 401)
    first, second = wrong_password.json, unknown_email.json
    first.pop("request_id")
    second.pop("request_id")
    assert first == second

    def comparable_headers(response):
        return {k: v for k, v in response.headers.items() if k not in ("X-Request-ID",)}

    assert comparable_headers(wrong_password) == comparable_headers(unknown_email)
    assert count_rows(RefreshToken) == 0


def test_deactivated_account_cannot_log_in(client, accounts, app):
    user = accounts.register()
    admin, admin_headers, _ = accounts.signed_in(email="root@example.com")
    accounts.make_admin(app, admin["id"])
    admin_headers = {
        "Authorization": f"Bearer {accounts.login('root@example.com')['access_token']}"
    }
    response = client.patch(
        f"/api/v1/users/{user['id']}", json={"is_active": False}, headers=admin_headers
    )
    assert response.status_code == 200
    assert_problem(login(client), 401)


def test_login_with_missing_fields_is_422(client):
    response = client.post("/api/v1/auth/login", json={"email": "ada@example.com"})
    assert_problem(response, 422, field="password")
