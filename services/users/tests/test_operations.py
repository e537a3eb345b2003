"""Operating the users service: the admin command, key rotation, readiness."""

from cryptography.hazmat.primitives import serialization
from flask_migrate import downgrade, upgrade
from servicekit.testing import assert_problem
from users import create_app
from users.keys import generate_private_key_pem, load_signing_keys
from users.models import User


def test_create_admin_command_creates_an_admin_who_can_use_admin_routes(app, client, accounts):
    result = app.test_cli_runner().invoke(
        args=["create-admin", "--email", "Boss@Example.com", "--password", "a long password"]
    )
    assert result.exit_code == 0, result.output
    tokens = accounts.login("boss@example.com", "a long password")
    assert client.get("/api/v1/users", headers=accounts.bearer(tokens)).status_code == 200


def test_create_admin_promotes_an_existing_account(app, accounts, client, load_user):
    user = accounts.register()
    result = app.test_cli_runner().invoke(
        args=["create-admin", "--email", "ada@example.com", "--password", "ignored-pw"]
    )
    assert result.exit_code == 0
    assert load_user(user["id"]).role == "admin"
    assert client.get("/api/v1/users", headers=accounts.bearer(accounts.login())).status_code == 200


def test_create_admin_refuses_a_short_password(app, count_rows):
    result = app.test_cli_runner().invoke(
        args=["create-admin", "--email", "x@example.com", "--password", "short"]
    )
    assert result.exit_code != 0
    assert count_rows(User) == 0


def test_jwks_publishes_the_previous_key_during_rotation():
    old, new = generate_private_key_pem(), generate_private_key_pem()
    old_public = (
        serialization.load_pem_private_key(old.encode(), None)
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    keys = load_signing_keys(
        {"JWT_PRIVATE_KEY": new, "JWT_PREVIOUS_PUBLIC_KEY": old_public, "APP_ENV": "production"}
    )
    old_kid = load_signing_keys({"JWT_PRIVATE_KEY": old, "APP_ENV": "production"}).kid
    assert [k["kid"] for k in keys.jwks["keys"]] == [keys.kid, old_kid]
    assert all("d" not in key for key in keys.jwks["keys"])


def test_readyz_is_503_when_the_schema_is_behind_the_newest_migration(app, client):
    with app.app_context():
        downgrade(revision="base")
    try:
        response = client.get("/readyz")
        assert_problem(response, 503)
        assert response.headers["Retry-After"]
    finally:
        with app.app_context():
            upgrade()
    assert client.get("/readyz").status_code == 200


def test_readyz_is_503_and_routes_fail_cleanly_when_the_database_is_unreachable(signing_key_pem):
    app = create_app(
        {
            "APP_ENV": "test",
            "SECRET_KEY": "s",
            "JWT_PRIVATE_KEY": signing_key_pem,
            "SQLALCHEMY_DATABASE_URI": "postgresql://nobody@127.0.0.1:1/none",
        }
    )
    client = app.test_client()
    assert client.get("/healthz").status_code == 200  # alive, no I/O
    assert_problem(client.get("/readyz"), 503)
    response = client.post("/api/v1/auth/login", json={"email": "a@b.co", "password": "whatever1"})
    assert_problem(response, 503)


def test_seed_demo_creates_the_demo_admin_only_in_development(app, count_rows, monkeypatch):
    from servicekit.testing import assert_refused_outside_development
    from users.models import User

    assert_refused_outside_development(app, "seed-demo")
    assert count_rows(User) == 0
    monkeypatch.setitem(app.config, "APP_ENV", "development")
    assert app.test_cli_runner().invoke(args=["seed-demo"]).exit_code == 0
    assert count_rows(User) == 2
