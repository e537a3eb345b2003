"""What the users service tells others: an event with every change to an account's standing,
written in the change's own transaction, carrying the account's version."""

from __future__ import annotations

from servicekit.testing import assert_problem
from sqlalchemy import select
from users.extensions import db
from users.models import OutboxEvent


def announced(app) -> list[tuple[str, dict]]:
    with app.app_context():
        rows = db.session.scalars(select(OutboxEvent).order_by(OutboxEvent.created_at))
        return [(row.type, row.document) for row in rows]


def test_registering_and_signing_in_announce_nothing(app, accounts):
    accounts.signed_in()
    assert announced(app) == []


def test_a_deleted_account_is_announced_with_its_standing_and_next_version(app, accounts, client):
    user, headers, _ = accounts.signed_in()
    assert client.delete("/api/v1/users/me", headers=headers).status_code == 204
    ((event_type, document),) = announced(app)
    assert event_type == "user.deleted" and document["type"] == "user.deleted"
    assert document["subject"] == user["id"] and document["version"] == 1
    assert document["data"] == {"account_version": 2, "active": True, "role": "user"}
    assert set(document) == {"id", "type", "version", "occurred_at", "subject", "data"}


def test_admin_changes_announce_each_change_once_with_a_rising_version(
    app, accounts, client, admin_headers_for
):
    user, _, _ = accounts.signed_in(email="ben@example.com")
    headers = admin_headers_for()
    path = f"/api/v1/users/{user['id']}"
    assert client.patch(path, json={"is_active": False}, headers=headers).status_code == 200
    assert client.patch(path, json={"is_active": False}, headers=headers).status_code == 200
    assert client.patch(path, json={"is_active": True, "role": "admin"}, headers=headers).json
    events = [(t, d["subject"], d["data"]) for t, d in announced(app) if d["subject"] == user["id"]]
    assert events == [
        ("user.deactivated", user["id"], {"account_version": 2, "active": False, "role": "user"}),
        ("user.role_changed", user["id"], {"account_version": 3, "active": True, "role": "admin"}),
        ("user.reactivated", user["id"], {"account_version": 3, "active": True, "role": "admin"}),
    ]


def test_a_refused_change_announces_nothing(app, accounts, client):
    user, headers, _ = accounts.signed_in()
    response = client.patch(f"/api/v1/users/{user['id']}", json={"role": "admin"}, headers=headers)
    assert_problem(response, 403)
    assert announced(app) == []


def test_a_deactivated_accounts_token_is_refused_on_every_route(
    app, accounts, client, admin_headers_for
):
    user, headers, tokens = accounts.signed_in(email="cy@example.com")
    admin = admin_headers_for()
    client.patch(f"/api/v1/users/{user['id']}", json={"is_active": False}, headers=admin)
    assert_problem(client.get("/api/v1/users/me", headers=headers), 401)
    body = {"refresh_token": tokens["refresh_token"]}
    assert_problem(client.post("/api/v1/auth/logout", json=body, headers=headers), 401)
