from __future__ import annotations

import uuid
from datetime import timedelta

import jwt
import pytest
from servicekit.testing import (
    migrated_test_app,
    row_counter,
    temporary_database,
    truncate_all_tables,
)
from servicekit.tokens import access_claims
from users import create_app
from users.extensions import db
from users.keys import generate_private_key_pem
from users.models import User

PASSWORD = "correct horse battery"


@pytest.fixture(scope="session")
def signing_key_pem() -> str:
    return generate_private_key_pem()


@pytest.fixture(scope="session")
def database_url(postgres_server_url):
    with temporary_database(postgres_server_url, "users") as url:
        yield url


@pytest.fixture(scope="session")
def app(database_url, signing_key_pem):
    return migrated_test_app(
        create_app,
        database_url,
        JWT_PRIVATE_KEY=signing_key_pem,
        # Cheap hashes keep the suite fast; production cost comes from the defaults.
        ARGON2_TIME_COST=1,
        ARGON2_MEMORY_COST_KIB=1024,
        ARGON2_PARALLELISM=1,
    )


@pytest.fixture(autouse=True)
def _empty_tables(app):
    yield
    with app.app_context():
        truncate_all_tables(db)


@pytest.fixture
def count_rows(app):
    return row_counter(app, db)


@pytest.fixture
def load_user(app):
    def load(user_id: str) -> User | None:
        with app.app_context():
            user = db.session.get(User, uuid.UUID(user_id))
            if user is not None:
                db.session.expunge(user)
            return user

    return load


@pytest.fixture
def client(app):
    return app.test_client()


class Accounts:
    """Register, sign in and build headers in one line each."""

    def __init__(self, client):
        self.client = client

    password = PASSWORD

    def register(self, email="ada@example.com", password=PASSWORD, display_name="Ada"):
        response = self.client.post(
            "/api/v1/auth/register",
            json={"email": email, "password": password, "display_name": display_name},
        )
        assert response.status_code == 201, response.json
        return response.json

    def login(self, email="ada@example.com", password=PASSWORD):
        response = self.client.post(
            "/api/v1/auth/login", json={"email": email, "password": password}
        )
        assert response.status_code == 200, response.json
        return response.json

    @staticmethod
    def bearer(tokens):
        return {"Authorization": f"Bearer {tokens['access_token']}"}

    def signed_in(self, email="ada@example.com", **kwargs):
        user = self.register(email=email, **kwargs)
        tokens = self.login(email=email, password=kwargs.get("password", PASSWORD))
        return user, {"Authorization": f"Bearer {tokens['access_token']}"}, tokens

    def make_admin(self, app, user_id):
        with app.app_context():
            db.session.get(User, uuid.UUID(user_id)).role = "admin"
            db.session.commit()


@pytest.fixture
def accounts(client):
    return Accounts(client)


@pytest.fixture
def forge_token(app):
    """Sign arbitrary claims, by default exactly as the service would."""

    def forge(user_id, *, key=None, algorithm="RS256", headers=None, **overrides):
        keys = app.extensions["signing_keys"]
        claims = access_claims(
            user_id=user_id,
            role="user",
            issuer=app.config["JWT_ISSUER"],
            audience=app.config["JWT_AUDIENCE"],
            lifetime=timedelta(minutes=15),
        )
        claims.update(overrides)
        claims = {k: v for k, v in claims.items() if v is not None}
        return jwt.encode(
            claims,
            key or keys.private_key,
            algorithm=algorithm,
            headers=headers if headers is not None else {"kid": keys.kid},
        )

    return forge


@pytest.fixture
def admin_headers_for(accounts, app):
    """`admin_headers_for()`: a new admin, signed in; its bearer header."""

    def make(email="root@example.com"):
        admin, _, _ = accounts.signed_in(email=email, display_name="Root")
        accounts.make_admin(app, admin["id"])
        return accounts.bearer(accounts.login(email))

    return make
