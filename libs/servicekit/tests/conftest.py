"""A sample service built on servicekit alone, on real PostgreSQL: what the convention
tests run against, so servicekit is tested without any of the services."""

from __future__ import annotations

import uuid
from pathlib import Path

import marshmallow as ma
import pytest
from flask import Flask
from flask_migrate import Migrate
from flask_smorest import Blueprint
from flask_sqlalchemy import SQLAlchemy
from servicekit.auth import login_required
from servicekit.config import sqlalchemy_url
from servicekit.db import Timestamps, make_model_base
from servicekit.fields import Text, Timestamp
from servicekit.pagination import Listing, PageQuerySchema, SortKey, paginated_response
from servicekit.service import (
    ProblemApi,
    bind_extensions,
    openapi_settings,
    register_service_basics,
)
from servicekit.testing import (
    migrated_test_app,
    row_counter,
    temporary_database,
    truncate_all_tables,
)
from servicekit.tokens import JwksKeySet, TokenVerifier
from sqlalchemy.orm import Mapped, mapped_column

db = SQLAlchemy(model_class=make_model_base())
migrate = Migrate(directory=str(Path(__file__).parent / "sample_migrations"))
api = ProblemApi()
notes = Blueprint("notes", __name__, url_prefix="/api/v1/notes")


class Note(Timestamps, db.Model):
    __tablename__ = "notes"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    text: Mapped[str] = mapped_column(db.String(200))


class NoteCreateSchema(ma.Schema):
    text = Text(max_length=200, required=True)


class NoteSchema(ma.Schema):
    id = ma.fields.UUID(required=True)
    text = ma.fields.String(required=True)
    created_at = Timestamp(required=True)


NEWEST_FIRST = (SortKey(Note.created_at, True), SortKey(Note.id, True))


@notes.get("")
@paginated_response(notes, NoteSchema, PageQuerySchema)
def list_notes(query):
    """Notes, newest first"""
    return Listing(db.select(Note), NEWEST_FIRST, "notes")


@notes.post("")
@login_required
@notes.arguments(NoteCreateSchema)
@notes.response(201, NoteSchema)
def create_note(data):
    """Add a note"""
    note = Note(**data)
    db.session.add(note)
    db.session.commit()
    return note


def create_sample_app(config: dict, tracer_provider=None) -> Flask:
    app = Flask(__name__, static_folder=None)
    app.config.update(openapi_settings("servicekit sample"))
    app.config.update(config)
    app.config["SQLALCHEMY_DATABASE_URI"] = sqlalchemy_url(config["SQLALCHEMY_DATABASE_URI"])
    keys = JwksKeySet.from_url(config["JWKS_URL"])
    verifier = TokenVerifier(keys, issuer="jobsight", audience="jobsight-api")
    register_service_basics(app, verifier)
    bind_extensions(app, db, migrate, api, tracer_provider)
    api.register_blueprint(notes)
    return app


@pytest.fixture(scope="session")
def app(postgres_server_url, token_issuer):
    with temporary_database(postgres_server_url, "servicekit") as url:
        yield migrated_test_app(create_sample_app, url, JWKS_URL=token_issuer.jwks_url)


@pytest.fixture(autouse=True)
def _empty_tables(request):
    yield
    if "app" in request.fixturenames:
        with request.getfixturevalue("app").app_context():
            truncate_all_tables(db)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def count_notes(app):
    count = row_counter(app, db)
    return lambda: count(Note)


@pytest.fixture
def signed_in(token_issuer):
    return token_issuer.headers()
