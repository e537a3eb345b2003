"""The users service: accounts, Argon2id passwords, RS256 access tokens and the JWKS."""

from __future__ import annotations

from typing import Any

from flask import Flask
from servicekit.auth import register_account_lookup
from servicekit.events import ServiceEvents, register_events
from servicekit.service import bind_extensions, openapi_settings, register_service_basics
from servicekit.tokens import JwksKeySet, TokenVerifier, verifier_with

from . import accounts
from .api import register_blueprints
from .cli import register_commands
from .config import load_settings
from .extensions import api, db, migrate
from .keys import load_signing_keys
from .models import OutboxEvent
from .passwords import init_password_hasher


def create_app(config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__, static_folder=None)
    app.config.update(openapi_settings("Jobsight users"))
    app.config.update(load_settings(config))
    register_signing_keys(app)
    register_service_basics(app, local_token_verifier(app))
    register_extensions(app)
    register_blueprints(app)
    register_commands(app)
    register_account_lookup(app, accounts.standing)
    # Publishes only: accounts are this service's own, it needs no one else's events.
    register_events(app, ServiceEvents("users", outbox=OutboxEvent))
    return app


def register_signing_keys(app: Flask) -> None:
    app.extensions["signing_keys"] = load_signing_keys(app.config)


def local_token_verifier(app: Flask) -> TokenVerifier:
    # The users service holds the keys itself: no HTTP round trip to its own JWKS.
    keys = JwksKeySet(lambda: app.extensions["signing_keys"].jwks)
    return verifier_with(keys, app.config)


def register_extensions(app: Flask) -> None:
    bind_extensions(app, db, migrate, api)
    init_password_hasher(app)
