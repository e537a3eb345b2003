import pytest
from servicekit.config import ConfigurationError


def test_users_service_refuses_to_start_in_production_without_a_signing_key(monkeypatch):
    from users.config import load_settings

    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "s3cret")
    monkeypatch.setenv("DATABASE_URL", "postgresql://db/x")
    monkeypatch.delenv("JWT_PRIVATE_KEY", raising=False)
    monkeypatch.delenv("JWT_PRIVATE_KEY_FILE", raising=False)
    with pytest.raises(ConfigurationError, match="JWT_PRIVATE_KEY"):
        load_settings()
