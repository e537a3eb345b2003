from servicekit.testing import assert_problem
from users.models import RefreshToken, User


def test_me_needs_a_token(client):
    response = client.get("/api/v1/users/me")
    assert_problem(response, 401)
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_me_returns_the_caller(client, accounts):
    user, headers, _ = accounts.signed_in()
    response = client.get("/api/v1/users/me", headers=headers)
    assert response.status_code == 200
    assert response.json == user


def test_display_name_can_change(client, accounts):
    _, headers, _ = accounts.signed_in()
    response = client.patch(
        "/api/v1/users/me", json={"display_name": "  Lovelace "}, headers=headers
    )
    assert response.status_code == 200
    assert response.json["display_name"] == "Lovelace"


def test_password_change_needs_the_current_password(client, accounts, load_user):
    user, headers, _ = accounts.signed_in()
    before = load_user(user["id"]).password_hash
    response = client.patch(
        "/api/v1/users/me",
        json={"password": "a brand new password", "current_password": "wrong password"},
        headers=headers,
    )
    assert_problem(response, 403)
    assert load_user(user["id"]).password_hash == before


def test_password_change_without_current_password_is_422(client, accounts):
    _, headers, _ = accounts.signed_in()
    response = client.patch(
        "/api/v1/users/me", json={"password": "a brand new password"}, headers=headers
    )
    assert_problem(response, 422, field="current_password")


def test_password_change_revokes_every_refresh_token(client, accounts):
    _, headers, tokens = accounts.signed_in()
    other_device = accounts.login()
    response = client.patch(
        "/api/v1/users/me",
        json={"password": "a brand new password", "current_password": accounts.password},
        headers=headers,
    )
    assert response.status_code == 200
    for pair in (tokens, other_device):
        refreshed = client.post(
            "/api/v1/auth/refresh", json={"refresh_token": pair["refresh_token"]}
        )
        assert_problem(refreshed, 401)
    assert accounts.login(password="a brand new password")["access_token"]


def test_new_password_equal_to_email_is_422(client, accounts):
    _, headers, _ = accounts.signed_in()
    response = client.patch(
        "/api/v1/users/me",
        json={"password": "ada@example.com", "current_password": accounts.password},
        headers=headers,
    )
    assert_problem(response, 422, field="password")


def test_role_cannot_be_changed_through_me(client, accounts, load_user):
    user, headers, _ = accounts.signed_in()
    response = client.patch("/api/v1/users/me", json={"role": "admin"}, headers=headers)
    assert_problem(response, 422, field="role")
    assert load_user(user["id"]).role == "user"


def test_delete_me_removes_the_account_and_its_tokens(client, accounts, count_rows):
    _, headers, tokens = accounts.signed_in()
    assert client.delete("/api/v1/users/me", headers=headers).status_code == 204
    assert count_rows(User) == 0
    assert count_rows(RefreshToken) == 0
    response = client.get("/api/v1/users/me", headers=headers)
    assert_problem(response, 401)
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]
    refreshed = client.post("/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert_problem(refreshed, 401)


def test_deactivated_users_token_stops_working_in_this_service_at_once(client, accounts, app):
    user, headers, _ = accounts.signed_in()
    admin, _, _ = accounts.signed_in(email="root@example.com")
    accounts.make_admin(app, admin["id"])
    admin_headers = accounts.bearer(accounts.login("root@example.com"))
    client.patch(f"/api/v1/users/{user['id']}", json={"is_active": False}, headers=admin_headers)
    assert_problem(client.get("/api/v1/users/me", headers=headers), 401)
