"""Wire the shared infrastructure into a service's app in one call."""

from __future__ import annotations

import http

import flask_smorest
from flask import Flask
from flask_smorest.utils import prepare_response
from werkzeug.exceptions import HTTPException

from .auth import register_authentication
from .db import (
    end_sessions_through_lost_connections,
    forget_connections_after_fork,
    register_database_errors,
)
from .fields import Money
from .health import register_health
from .instrumentation import instrument_service
from .jsonbody import register_json_body_rules
from .metrics import register_metrics
from .problems import (
    PROBLEM_MIMETYPE,
    ProblemSchema,
    handle_http_exception,
    register_problem_handlers,
)
from .requestlog import configure_logging, register_request_log
from .tokens import TokenVerifier


class ProblemApi(flask_smorest.Api):
    """flask-smorest's Api, answering (and documenting) every error as problem+json."""

    ERROR_SCHEMA = ProblemSchema

    def handle_http_exception(self, error: HTTPException):
        return handle_http_exception(error)

    def _register_responses(self):
        # flask-smorest documents errors as application/json; ours are problem+json.
        for status in http.HTTPStatus:
            response = {"description": status.phrase}
            if status >= 400:
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_MIMETYPE)
            self.spec.components.response(status.name, response, lazy=True)
        default = {"description": "Error (RFC 9457 problem details)", "schema": self.ERROR_SCHEMA}
        prepare_response(default, self.spec, PROBLEM_MIMETYPE)
        self.spec.components.response(self.DEFAULT_ERROR_RESPONSE_NAME, default, lazy=True)


def openapi_settings(title: str, version: str = "1.0.0") -> dict[str, object]:
    return {
        "API_TITLE": title,
        "API_VERSION": version,
        "OPENAPI_VERSION": "3.1.0",
        "OPENAPI_URL_PREFIX": "/",
        "OPENAPI_JSON_PATH": "openapi.json",
        "API_SPEC_OPTIONS": {
            "components": {
                "securitySchemes": {
                    "bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
                }
            }
        },
    }


def register_service_basics(app: Flask, verifier: TokenVerifier) -> None:
    """Request ids and logs, body rules, authentication, problem errors and health checks.

    Order matters: the request id exists before anything can fail, so every problem and
    log line carries it.
    """
    configure_logging(app.config.get("LOG_LEVEL", "INFO"))
    register_request_log(app)
    register_json_body_rules(app)
    register_authentication(app, verifier)
    register_problem_handlers(app)
    register_database_errors(app)
    register_health(app)
    app.json.sort_keys = False


def bind_extensions(app: Flask, db, migrate, api: ProblemApi, tracer_provider=None) -> None:
    """Bind a service's database, migrations and API layer to its app, count its requests
    and database connections on /metrics, and trace its requests and statements (with the
    process's tracer provider unless given another)."""
    db.init_app(app)
    end_sessions_through_lost_connections(app, db)
    with app.app_context():
        forget_connections_after_fork(db.engine)
    register_metrics(app)
    with app.app_context():
        instrument_service(app, db.engine, tracer_provider)
    migrate.init_app(app, db)
    api.init_app(app)
    api.register_field(Money, "number", None)  # a JSON number, not an untyped value
