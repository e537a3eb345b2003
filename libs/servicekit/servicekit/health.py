"""Liveness and readiness: /healthz never touches I/O, /readyz checks the database."""

from __future__ import annotations

from flask import Blueprint, Flask, current_app, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from .migrations import heads_of
from .problems import problem_response

health = Blueprint("health", __name__)


@health.get("/healthz")
def healthz():
    return jsonify(status="ok")


@health.get("/readyz")
def readyz():
    db = current_app.extensions["sqlalchemy"]
    try:
        with db.engine.connect() as connection:
            current = {
                row[0]
                for row in connection.execute(text("SELECT version_num FROM alembic_version"))
            }
    except SQLAlchemyError:
        return problem_response(
            503, "The database is unreachable or not migrated.", headers={"Retry-After": "5"}
        )
    expected = migration_heads()
    if current != expected:
        return problem_response(
            503, "The database schema is not at the latest migration.", headers={"Retry-After": "5"}
        )
    details = {}
    for name, describe in current_app.extensions.get("readiness_details", {}).items():
        try:
            details[name] = describe()
        except SQLAlchemyError:
            details[name] = None  # a detail, not a condition of readiness
    return jsonify(status="ready", migration=sorted(current), **details)


def add_readiness_detail(app: Flask, name: str, describe) -> None:
    """Show `describe()` under `name` in /readyz (figures an operator wants beside it)."""
    app.extensions.setdefault("readiness_details", {})[name] = describe


def migration_heads() -> set[str]:
    cached = current_app.extensions.get("servicekit.migration_heads")
    if cached is None:
        cached = heads_of(current_app.extensions["migrate"].directory)
        current_app.extensions["servicekit.migration_heads"] = cached
    return cached


def register_health(app: Flask) -> None:
    app.register_blueprint(health)
