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


def assert_refused_outside_development(app, *command: str) -> None:
    """The `flask` command refuses to run under every APP_ENV but development."""
    original = app.config["APP_ENV"]
    try:
        for app_env in ("production", "staging", "test"):
            app.config["APP_ENV"] = app_env
            result = app.test_cli_runner().invoke(args=list(command))
            assert result.exit_code != 0, result.output
            assert "APP_ENV=development" in result.output
    finally:
        app.config["APP_ENV"] = original
