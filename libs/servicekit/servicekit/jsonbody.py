"""The body rules of the API conventions: JSON only (415), well-formed (400), bounded (413)."""

from __future__ import annotations

from flask import Flask, request

from .jsonlimits import MAX_DEPTH, MAX_MEMBERS, has_oversized_object, too_deeply_nested
from .problems import abort

BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
MAX_BODY_BYTES = 1024 * 1024


def _has_body() -> bool:
    return bool(request.content_length) or request.headers.get("Transfer-Encoding") is not None


def register_json_body_rules(app: Flask) -> None:
    if app.config.get("MAX_CONTENT_LENGTH") is None:  # Flask's default is None: unbounded
        app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES

    @app.before_request
    def require_json_body() -> None:
        if request.method not in BODY_METHODS or not _has_body():
            return
        if not request.is_json:
            abort(415, "Request bodies must be application/json.")
        # Reading the body here raises 413 past MAX_CONTENT_LENGTH before any view runs.
        if too_deeply_nested(request.get_data(cache=True)):
            abort(400, f"The request body nests more than {MAX_DEPTH} levels deep.")
        body = request.get_json(silent=True)
        if body is None and request.get_data(cache=True).strip() != b"null":
            abort(400, "The request body is not valid JSON.")
        if has_oversized_object(body):
            message = f"An object in the body holds more than {MAX_MEMBERS} members."
            abort(422, message, errors={"_schema": [message]})
