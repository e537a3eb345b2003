"""The reviews service: reviews, salaries, interview reports, votes, moderation, summaries."""

from __future__ import annotations

from typing import Any

from flask import Flask
from servicekit.accounts import account_lookup
from servicekit.auth import register_account_lookup
from servicekit.events import register_events
from servicekit.service import bind_extensions, openapi_settings, register_service_basics
from servicekit.tokens import verifier_from_config

from .api import register_blueprints
from .cli import register_commands
from .config import load_settings
from .events import EVENTS
from .extensions import api, db, migrate
from .models import AccountState


def create_app(config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__, static_folder=None)
    app.config.update(openapi_settings("Jobsight reviews"))
    app.config.update(load_settings(config))
    register_service_basics(app, verifier_from_config(app.config))
    bind_extensions(app, db, migrate, api)
    register_blueprints(app)
    register_commands(app)
    register_account_lookup(app, account_lookup(lambda: db.session, AccountState))
    register_events(app, EVENTS)
    return app
