"""Browser sessions: the refresh token as an HttpOnly cookie, never readable by scripts,
never sent cross-site, never read outside /api/v1/auth."""

from http.cookies import SimpleCookie

import pytest
from servicekit.testing import assert_problem

COOKIE = "jobsight_refresh"


@pytest.fixture
def client(app):
    # No cookie jar: each test sends exactly the cookie it names, as a browser would.
    return app.test_client(use_cookies=False)


def _set_cookie(response) -> dict:
    (header,) = response.headers.getlist("Set-Cookie")
    morsel = SimpleCookie(header)[COOKIE]
    return {"value": morsel.value, **{k: v for k, v in morsel.items() if v}}


def _cookie_login(client, accounts):
    accounts.register()
    return client.post(
        "/api/v1/auth/login",
        json={"email": "ada@example.com", "password": accounts.password, "session": "cookie"},
    )


def _refresh_with(client, token, **kwargs):
    return client.post("/api/v1/auth/refresh", headers={"Cookie": f"{COOKIE}={token}"}, **kwargs)


def test_a_cookie_session_keeps_the_refresh_token_out_of_the_body(client, accounts):
    response = _cookie_login(client, accounts)
    assert response.status_code == 200
    assert "refresh_token" not in response.json and response.json["access_token"]
    cookie = _set_cookie(response)
    assert cookie["httponly"] is True and cookie["secure"] is True
    assert cookie["samesite"] == "Strict" and cookie["path"] == "/api/v1/auth"
    assert int(cookie["max-age"]) == 30 * 24 * 3600


def test_refresh_takes_the_cookie_and_rotates_it(client, accounts):
    first = _set_cookie(_cookie_login(client, accounts))["value"]
    refreshed = _refresh_with(client, first, json={})
    assert refreshed.status_code == 200 and "refresh_token" not in refreshed.json
    second = _set_cookie(refreshed)["value"]
    assert second != first
    assert _refresh_with(client, second, json={}).status_code == 200
    # The first cookie was used: replaying it revokes the whole sign-in.
    assert_problem(_refresh_with(client, first, json={}), 401)


def test_a_cross_site_form_post_to_refresh_achieves_nothing(client, accounts):
    token = _set_cookie(_cookie_login(client, accounts))["value"]
    for form in (
        {"data": "x=1", "content_type": "application/x-www-form-urlencoded"},
        {"data": "", "content_type": "application/x-www-form-urlencoded"},
        {"data": "{}", "content_type": "text/plain"},
    ):
        assert_problem(_refresh_with(client, token, **form), 415)
    assert _refresh_with(client, token, json={}).status_code == 200  # still unused


def test_a_body_token_wins_over_a_cookie_that_disagrees(client, accounts):
    in_cookie = _set_cookie(_cookie_login(client, accounts))["value"]
    in_body = accounts.login()["refresh_token"]
    response = _refresh_with(client, in_cookie, json={"refresh_token": in_body})
    assert response.status_code == 200 and response.json["refresh_token"]
    assert_problem(client.post("/api/v1/auth/refresh", json={"refresh_token": in_body}), 401)
    assert _refresh_with(client, in_cookie, json={}).status_code == 200  # never touched


def test_logout_revokes_the_cookies_sign_in_and_clears_the_cookie(client, accounts):
    token = _set_cookie(_cookie_login(client, accounts))["value"]
    response = client.post("/api/v1/auth/logout", json={}, headers={"Cookie": f"{COOKIE}={token}"})
    assert response.status_code == 204
    cleared = _set_cookie(response)
    assert cleared["value"] == "" and int(cleared["max-age"]) == 0
    assert_problem(_refresh_with(client, token, json={}), 401)


def test_without_a_token_in_body_or_cookie_refresh_is_422(client):
    assert_problem(client.post("/api/v1/auth/refresh", json={}), 422, field="refresh_token")


def test_the_cookie_is_never_read_outside_the_auth_routes(client, accounts):
    token = _set_cookie(_cookie_login(client, accounts))["value"]
    response = client.get("/api/v1/users/me", headers={"Cookie": f"{COOKIE}={token}"})
    assert_problem(response, 401)


def test_plain_http_cookies_only_in_development(client, accounts, app, monkeypatch):
    monkeypatch.setitem(app.config, "APP_ENV", "development")
    assert "secure" not in _set_cookie(_cookie_login(client, accounts))
