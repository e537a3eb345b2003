"""RFC 9457 problem details: the one error envelope every service and the gateway answer with.

`problem_document` builds the body without any framework, so the gateway's forwarding
path uses it as it is; `problem_response`, `abort` and the handlers wrap it for Flask, and
`ProblemSchema` / `problem_doc` document it in the OpenAPI documents.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

import marshmallow as ma
from flask import Flask, Response, g, json
from werkzeug.exceptions import HTTPException, InternalServerError, default_exceptions

PROBLEM_MIMETYPE = "application/problem+json"
log = logging.getLogger(__name__)


def status_title(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def problem_document(
    status: int,
    detail: str | None = None,
    *,
    request_id: str | None,
    title: str | None = None,
    errors: dict[str, Any] | None = None,
    extensions: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The problem+json body: type, title, status, detail, request id, field errors.

    `extensions` are extra members (RFC 9457 section 3.2), such as which services are down.
    """
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": title or status_title(status),
        "status": status,
    }
    if detail:
        body["detail"] = detail
    body["request_id"] = request_id
    if errors is not None:
        body["errors"] = errors
    body.update(extensions or {})
    return body


class ProblemSchema(ma.Schema):
    """RFC 9457 problem details (documentation only)."""

    type = ma.fields.String()
    title = ma.fields.String()
    status = ma.fields.Integer()
    detail = ma.fields.String()
    request_id = ma.fields.String()
    errors = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.List(ma.fields.String()))


def problem_doc(description: str) -> dict[str, object]:
    """Keyword arguments for `blp.alt_response` documenting a problem+json answer."""
    return {"schema": ProblemSchema, "content_type": PROBLEM_MIMETYPE, "description": description}


def problem_response(
    status: int,
    detail: str | None = None,
    *,
    title: str | None = None,
    errors: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
    extensions: dict[str, Any] | None = None,
) -> Response:
    """A Flask problem+json response carrying the current request id."""
    body = problem_document(
        status,
        detail,
        request_id=getattr(g, "request_id", None),
        title=title,
        errors=errors,
        extensions=extensions,
    )
    response = Response(json.dumps(body), status=status, mimetype=PROBLEM_MIMETYPE)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def abort(
    status: int,
    detail: str | None = None,
    *,
    errors: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
):
    """Stop handling the request with a problem response (raises an HTTPException)."""
    exc_class = default_exceptions.get(status, HTTPException)
    exc = exc_class(description=detail)
    exc.code = status
    exc.data = {"detail": detail, "errors": errors, "headers": headers}
    raise exc


def handle_http_exception(exc: HTTPException) -> Response:
    data = getattr(exc, "data", None) or {}
    detail = data.get("detail") or exc.description
    errors = data.get("errors")
    if errors is None and data.get("messages") is not None:
        errors = flatten_validation_messages(data["messages"])
    headers = dict(data.get("headers") or {})
    # werkzeug puts Allow on 405 and WWW-Authenticate on 401 through get_headers().
    for name, value in exc.get_headers():
        if name.lower() != "content-type":
            headers.setdefault(name, value)
    status = exc.code or 500
    if status == 422 and errors is None:
        errors = {}
    return problem_response(status, detail, errors=errors, headers=headers)


def handle_unexpected_error(exc: Exception) -> Response:
    # Log the traceback server-side; the client learns nothing about the internals.
    log.exception("unhandled error", exc_info=exc)
    return problem_response(500, InternalServerError.description)


def flatten_validation_messages(messages: dict[str, Any]) -> dict[str, list[str]]:
    """Turn webargs' {"json": {...}, "query": {...}} into one map of field -> messages.

    Nested fields get dotted names ("contacts.1.email"), so every value is a list of strings
    as the contract promises.
    """
    flat: dict[str, list[str]] = {}
    for fields in messages.values():
        _flatten_into(flat, "", fields)
    return flat


def _flatten_into(flat: dict[str, list[str]], prefix: str, value: Any) -> None:
    if isinstance(value, dict):
        for key, nested in value.items():
            _flatten_into(flat, f"{prefix}.{key}" if prefix else str(key), nested)
    elif isinstance(value, list) and all(isinstance(item, str) for item in value):
        flat.setdefault(prefix or "_schema", []).extend(value)
    elif isinstance(value, list):
        for index, nested in enumerate(value):
            _flatten_into(flat, f"{prefix}.{index}", nested)
    else:
        flat.setdefault(prefix or "_schema", []).append(str(value))


def register_problem_handlers(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(Exception, handle_unexpected_error)
