import pytest
from servicekit.config import (
    DEV_SECRET_KEY,
    ConfigurationError,
    check_settings,
    sqlalchemy_url,
)

REQUIRED = ["SECRET_KEY", "SQLALCHEMY_DATABASE_URI"]


def test_production_refuses_a_missing_database_url():
    with pytest.raises(ConfigurationError, match="SQLALCHEMY_DATABASE_URI is not set"):
        check_settings({"APP_ENV": "production", "SECRET_KEY": "s3cret"}, REQUIRED)


def test_production_refuses_the_development_secret():
    settings = {
        "APP_ENV": "production",
        "SECRET_KEY": DEV_SECRET_KEY,
        "SQLALCHEMY_DATABASE_URI": "postgresql://db/x",
    }
    with pytest.raises(ConfigurationError, match="SECRET_KEY is a development default"):
        check_settings(settings, REQUIRED)


def test_development_accepts_defaults():
    check_settings({"APP_ENV": "development", "SECRET_KEY": DEV_SECRET_KEY}, REQUIRED)


def test_complete_production_settings_pass():
    check_settings(
        {
            "APP_ENV": "production",
            "SECRET_KEY": "s3cret",
            "SQLALCHEMY_DATABASE_URI": "postgresql://db/x",
        },
        REQUIRED,
    )


def test_plain_postgres_urls_use_psycopg2():
    assert sqlalchemy_url("postgresql://u@h/db") == "postgresql+psycopg2://u@h/db"
    assert sqlalchemy_url("postgres://u@h/db") == "postgresql+psycopg2://u@h/db"
    assert sqlalchemy_url("postgresql+psycopg2://u@h/db") == "postgresql+psycopg2://u@h/db"


@pytest.mark.parametrize(
    "name, value",
    [
        ("SECRET_KEY", "change-me-to-a-long-random-string"),
        ("SECRET_KEY", "replace-me"),
        ("SQLALCHEMY_DATABASE_URI", "postgresql://jobsight_users:change-me@db/jobsight_users"),
        ("JWT_PRIVATE_KEY", "replace-me"),
    ],
)
def test_production_refuses_a_placeholder_copied_from_an_example_file(name, value):
    settings = {
        "APP_ENV": "production",
        "SECRET_KEY": "s3cret",
        "SQLALCHEMY_DATABASE_URI": "postgresql://db/x",
        name: value,
    }
    with pytest.raises(ConfigurationError, match=f"{name} is still the example file"):
        check_settings(settings, REQUIRED)


def test_every_secret_in_the_example_files_is_refused_as_it_stands():
    from pathlib import Path

    from servicekit.config import SECRET_SETTINGS, is_placeholder

    root = Path(__file__).resolve().parents[3]
    renamed = {"DATABASE_URL": "SQLALCHEMY_DATABASE_URI"}
    for example in (".env.example", ".env.staging.example"):
        for line in (root / example).read_text().splitlines():
            name, _, value = line.partition("=")
            if renamed.get(name, name) in SECRET_SETTINGS and value:
                assert is_placeholder(value), f"{example}: {name}={value}"
