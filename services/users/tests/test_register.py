import pytest
from servicekit.testing import assert_problem, run_concurrently
from users.models import User


def register(client, **body):
    payload = {
        "email": "ada@example.com",
        "password": "correct horse battery",
        "display_name": "Ada",
    }
    payload.update(body)
    return client.post(
        "/api/v1/auth/register", json={k: v for k, v in payload.items() if v is not None}
    )


def test_register_returns_the_new_user_without_secrets(client):
    response = register(client)
    assert response.status_code == 201
    body = response.json
    assert set(body) == {"id", "email", "display_name", "role", "is_active", "created_at"}
    assert body["email"] == "ada@example.com"
    assert body["role"] == "user"
    assert body["is_active"] is True
    assert body["created_at"].endswith("Z")


def test_password_is_stored_as_an_argon2id_hash(client, load_user):
    user = load_user(register(client).json["id"])
    assert user.password_hash.startswith("$argon2id$")
    assert "correct horse battery" not in user.password_hash


def test_same_email_in_another_letter_case_is_409(client, app, count_rows):
    register(client)
    response = register(client, email="ADA@Example.COM")
    assert_problem(response, 409)
    assert count_rows(User) == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "not-an-email"}, "email"),
        ({"email": None}, "email"),
        ({"password": "short"}, "password"),
        ({"password": "x" * 129}, "password"),
        ({"password": None}, "password"),
        ({"password": "ada@example.com"}, "password"),
        ({"display_name": "   "}, "display_name"),
        ({"display_name": "x" * 101}, "display_name"),
        ({"display_name": 42}, "display_name"),
        ({"email": ["ada@example.com"]}, "email"),
        ({"role": "admin"}, "role"),
        ({"is_active": False}, "is_active"),
        ({"id": "8a0d4b4e-0000-4000-8000-000000000000"}, "id"),
    ],
)
def test_invalid_registration_is_422_naming_the_field_and_writes_nothing(
    client, app, body, field, count_rows
):
    response = register(client, **body)
    problem = assert_problem(response, 422, field=field)
    assert isinstance(problem["errors"][field], list)
    assert count_rows(User) == 0


def test_role_in_the_body_is_never_obeyed(client, app, count_rows):
    assert register(client, role="admin").status_code == 422
    assert count_rows(User) == 0


def test_password_of_exactly_8_and_128_characters_is_accepted(client):
    assert register(client, email="a@example.com", password="p" * 8).status_code == 201
    assert register(client, email="b@example.com", password="p" * 128).status_code == 201


def test_two_registrations_racing_give_one_201_and_one_409(app, count_rows):
    responses = run_concurrently(
        lambda: register(app.test_client(), email="race@example.com"),
        lambda: register(app.test_client(), email="RACE@example.com"),
    )
    assert sorted(r.status_code for r in responses) == [201, 409]
    assert count_rows(User) == 1
