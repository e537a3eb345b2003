from datetime import UTC, datetime, timedelta

from servicekit.testing import assert_problem, run_concurrently
from sqlalchemy import update
from users.extensions import db
from users.models import RefreshToken


def refresh(client, token):
    return client.post("/api/v1/auth/refresh", json={"refresh_token": token})


def test_refresh_rotates_the_pair(client, accounts):
    accounts.register()
    first = accounts.login()
    response = refresh(client, first["refresh_token"])
    assert response.status_code == 200
    second = response.json
    assert second["refresh_token"] != first["refresh_token"]
    assert second["access_token"] != first["access_token"]
    me = client.get(
        "/api/v1/users/me", headers={"Authorization": f"Bearer {second['access_token']}"}
    )
    assert me.status_code == 200


def test_reused_refresh_token_is_401_and_revokes_the_whole_family(client, accounts):
    accounts.register()
    first = accounts.login()
    newest = refresh(client, first["refresh_token"]).json["refresh_token"]
    assert_problem(refresh(client, first["refresh_token"]), 401)
    # The replay revoked the family: the legitimate newest token is refused too.
    assert_problem(refresh(client, newest), 401)


def test_reuse_leaves_other_sign_ins_alone(client, accounts):
    accounts.register()
    laptop, phone = accounts.login(), accounts.login()
    refresh(client, laptop["refresh_token"])
    refresh(client, laptop["refresh_token"])
    assert refresh(client, phone["refresh_token"]).status_code == 200


def test_two_concurrent_refreshes_with_one_token_do_not_both_succeed(app, accounts):
    accounts.register()
    token = accounts.login()["refresh_token"]
    responses = run_concurrently(*[lambda: refresh(app.test_client(), token)] * 2)
    assert sorted(r.status_code for r in responses) == [200, 401]


def test_expired_refresh_token_is_401(client, accounts, app):
    accounts.register()
    token = accounts.login()["refresh_token"]
    with app.app_context():
        db.session.execute(
            update(RefreshToken).values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
        )
        db.session.commit()
    assert_problem(refresh(client, token), 401)


def test_unknown_refresh_token_is_401(client):
    assert_problem(refresh(client, "made-up-token"), 401)


def test_access_token_as_a_refresh_token_is_401(client, accounts):
    accounts.register()
    access = accounts.login()["access_token"]
    assert_problem(refresh(client, access), 401)


def test_logout_revokes_the_family(client, accounts):
    accounts.register()
    pair = accounts.login()
    rotated = refresh(client, pair["refresh_token"]).json
    response = client.post("/api/v1/auth/logout", json={"refresh_token": rotated["refresh_token"]})
    assert response.status_code == 204
    assert response.data == b""
    assert_problem(refresh(client, rotated["refresh_token"]), 401)


def test_logout_with_an_unknown_token_is_204_and_changes_nothing(client, accounts):
    accounts.register()
    pair = accounts.login()
    assert client.post("/api/v1/auth/logout", json={"refresh_token": "nope"}).status_code == 204
    assert refresh(client, pair["refresh_token"]).status_code == 200


def test_deactivated_account_cannot_refresh(client, accounts, app):
    user = accounts.register()
    pair = accounts.login()
    admin, _, _ = accounts.signed_in(email="root@example.com")
    accounts.make_admin(app, admin["id"])
    admin_headers = accounts.bearer(accounts.login("root@example.com"))
    client.patch(f"/api/v1/users/{user['id']}", json={"is_active": False}, headers=admin_headers)
    assert_problem(refresh(client, pair["refresh_token"]), 401)


def test_refresh_body_must_name_the_token(client):
    assert_problem(client.post("/api/v1/auth/refresh", json={}), 422, field="refresh_token")
