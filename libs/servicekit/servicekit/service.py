"""Wire the shared infrastructure into a service's app in one call."""

from __future__ import annotations

import flask_smorest
import marshmallow as ma
from flask import Flask
from werkzeug.exceptions import HTTPException

from .auth import register_authentication
from .health import register_health
from .jsonbody import register_json_body_rules
from .problems import handle_http_exception, register_problem_handlers
from .requestlog import configure_logging, register_request_log
from .tokens import TokenVerifier


class ProblemSchema(ma.Schema):
    """RFC 9457 problem details (documentation only)."""

    type = ma.fields.String()
    title = ma.fields.String()
    status = ma.fields.Integer()
    detail = ma.fields.String()
    request_id = ma.fields.String()
    errors = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.List(ma.fields.String()))


class ProblemApi(flask_smorest.Api):
    """flask-smorest's Api, answering every error as problem+json."""

    ERROR_SCHEMA = ProblemSchema
    DEFAULT_ERROR_RESPONSE_NAME = None

    def handle_http_exception(self, error: HTTPException):
        return handle_http_exception(error)


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
    register_health(app)
    app.json.sort_keys = False
