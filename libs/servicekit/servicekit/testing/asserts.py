"""Asserts on the API's conventions."""

from __future__ import annotations


def assert_problem(response, status: int, *, field: str | None = None) -> dict:
    """Assert `response` is a problem+json of `status` (naming `field` among its errors)."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.json
    assert body["status"] == status
    assert body["title"]
    assert body["request_id"] == response.headers["X-Request-ID"]
    if field is not None:
        named = [key for key in body["errors"] if key == field or key.startswith(f"{field}.")]
        assert named, body
        assert all(isinstance(body["errors"][key], list) for key in named), body
    return body


def assert_no_host_built_redirects(app) -> None:
    """No route ends in a slash: werkzeug would redirect its slash-less spelling with an
    absolute Location built from the client's Host header."""
    slashed = [rule.rule for rule in app.url_map.iter_rules() if rule.rule.endswith("/")]
    assert slashed == [], slashed
