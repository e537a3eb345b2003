"""A stolen access token cannot guess the password; one email rule in Python and SQL."""

import pytest
from servicekit.testing import assert_problem


def _change_password(client, headers, current: str):
    return client.patch(
        "/api/v1/users/me",
        headers=headers,
        json={"password": "a brand new password", "current_password": current},
    )


def test_after_five_wrong_current_passwords_even_the_right_one_is_429(client, accounts):
    _, headers, _ = accounts.signed_in()
    for guess in range(5):
        assert_problem(_change_password(client, headers, f"guess number {guess}"), 403)
    refused = _change_password(client, headers, accounts.password)
    assert_problem(refused, 429)
    assert 1 <= int(refused.headers["Retry-After"]) <= 900
    assert accounts.login()["access_token"]  # the password did not change


def test_the_limit_is_per_account(client, accounts):
    _, guessed, _ = accounts.signed_in("ada@example.com")
    _, other, _ = accounts.signed_in("grace@example.com")
    for guess in range(6):
        _change_password(client, guessed, f"guess {guess}")
    assert _change_password(client, other, accounts.password).status_code == 200


def test_a_right_password_resets_the_count(client, accounts, app):
    _, headers, _ = accounts.signed_in()
    for guess in range(4):
        _change_password(client, headers, f"guess {guess}")
    response = client.patch(
        "/api/v1/users/me",
        headers=headers,
        json={"password": accounts.password + "!", "current_password": accounts.password},
    )
    assert response.status_code == 200
    for guess in range(4):
        assert_problem(_change_password(client, headers, f"again {guess}"), 403)


def test_the_window_ends_and_guesses_count_again_from_zero(client, accounts, app, monkeypatch):
    monkeypatch.setitem(app.config, "PASSWORD_CHECK_WINDOW_SECONDS", 0)
    _, headers, _ = accounts.signed_in()
    for guess in range(7):
        assert_problem(_change_password(client, headers, f"guess {guess}"), 403)


@pytest.mark.parametrize(
    "first, second",
    [
        ("İnci@example.com", "İNCI@example.com"),  # İ folds to i + a combining dot in Python
        ("Straße@example.com", "STRASSE@example.com"),
        ("ΟΔΥΣΣΕΥΣ@example.com", "οδυσσευς@example.com"),  # final sigma folds to sigma
        ("ﬁle@example.com", "file@example.com"),  # a ligature, equal under NFKC
    ],
)
def test_emails_that_fold_alike_are_one_account(accounts, client, first, second):
    accounts.register(email=first)
    duplicate = client.post(
        "/api/v1/auth/register",
        json={"email": second, "password": "another long password", "display_name": "B"},
    )
    assert_problem(duplicate, 409)
    assert accounts.login(email=second)["access_token"]
