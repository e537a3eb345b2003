import uuid

import pytest
from servicekit.testing import assert_problem


@pytest.fixture
def admin_headers(admin_headers_for):
    return admin_headers_for()


def test_non_admin_on_admin_routes_is_403(client, accounts):
    user, headers, _ = accounts.signed_in()
    assert_problem(client.get("/api/v1/users", headers=headers), 403)
    response = client.patch(f"/api/v1/users/{user['id']}", json={"role": "admin"}, headers=headers)
    assert_problem(response, 403)


def test_admin_routes_need_a_token(client):
    assert_problem(client.get("/api/v1/users"), 401)


def test_admin_lists_users_newest_first_with_a_cursor(client, accounts, admin_headers):
    for n in range(5):
        accounts.register(email=f"user{n}@example.com", display_name=f"User {n}")
    first = client.get("/api/v1/users?limit=2", headers=admin_headers)
    assert first.status_code == 200
    assert len(first.json["items"]) == 2
    seen = [u["email"] for u in first.json["items"]]
    cursor = first.json["next_cursor"]
    while cursor:
        page = client.get(f"/api/v1/users?limit=2&cursor={cursor}", headers=admin_headers).json
        seen += [u["email"] for u in page["items"]]
        cursor = page["next_cursor"]
    assert len(seen) == 6
    assert len(set(seen)) == 6
    assert seen[0] == "user4@example.com"


def test_admin_searches_email_and_display_name(client, accounts, admin_headers):
    accounts.register(email="grace@example.com", display_name="Grace Hopper")
    accounts.register(email="linus@example.com", display_name="Linus")
    by_name = client.get("/api/v1/users?q=hopp", headers=admin_headers).json["items"]
    by_email = client.get("/api/v1/users?q=LINUS@", headers=admin_headers).json["items"]
    assert [u["email"] for u in by_name] == ["grace@example.com"]
    assert [u["email"] for u in by_email] == ["linus@example.com"]
    wildcard = client.get("/api/v1/users?q=%25", headers=admin_headers).json["items"]
    assert wildcard == []


@pytest.mark.parametrize("cursor", ["garbage", "eyJhIjoxfQ", "x" * 80])
def test_malformed_or_tampered_cursor_is_422(client, admin_headers, cursor):
    response = client.get(f"/api/v1/users?cursor={cursor}", headers=admin_headers)
    assert_problem(response, 422, field="cursor")


@pytest.mark.parametrize("limit", ["0", "101", "ten"])
def test_limit_outside_1_to_100_is_422(client, admin_headers, limit):
    assert_problem(
        client.get(f"/api/v1/users?limit={limit}", headers=admin_headers), 422, field="limit"
    )


def test_admin_changes_role_and_active_state(client, accounts, admin_headers, load_user):
    user = accounts.register()
    response = client.patch(
        f"/api/v1/users/{user['id']}",
        json={"role": "admin", "is_active": False},
        headers=admin_headers,
    )
    assert response.status_code == 200
    assert response.json["role"] == "admin"
    assert response.json["is_active"] is False
    assert load_user(user["id"]).is_active is False


@pytest.mark.parametrize(
    "body", [{"role": "owner"}, {"is_active": "no"}, {"is_active": 0}, {"email": "x@y.z"}]
)
def test_admin_patch_with_bad_fields_is_422_and_changes_nothing(
    client, accounts, admin_headers, load_user, body
):
    user = accounts.register()
    response = client.patch(f"/api/v1/users/{user['id']}", json=body, headers=admin_headers)
    assert_problem(response, 422)
    stored = load_user(user["id"])
    assert (stored.role, stored.is_active, stored.email) == ("user", True, "ada@example.com")


def test_admin_patch_of_unknown_user_is_404(client, admin_headers):
    response = client.patch(
        f"/api/v1/users/{uuid.uuid4()}", json={"role": "admin"}, headers=admin_headers
    )
    assert_problem(response, 404)


def test_malformed_uuid_in_path_is_404(client, admin_headers):
    assert_problem(client.patch("/api/v1/users/not-a-uuid", json={}, headers=admin_headers), 404)


def test_demoted_admin_loses_admin_routes_before_the_token_expires(
    client, accounts, app, admin_headers
):
    from users.extensions import db
    from users.models import User

    with app.app_context():
        db.session.query(User).filter_by(email="root@example.com").update({"role": "user"})
        db.session.commit()
    assert_problem(client.get("/api/v1/users", headers=admin_headers), 403)
