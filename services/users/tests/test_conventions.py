"""The API conventions every route follows: problem+json, body rules, request ids, docs."""

import json

from servicekit.requestlog import JsonFormatter
from servicekit.testing import assert_problem
from users.models import User


def test_malformed_json_is_400_and_writes_nothing(client, count_rows):
    response = client.post(
        "/api/v1/auth/register", data='{"email": "a@b.c",', content_type="application/json"
    )
    assert_problem(response, 400)
    assert count_rows(User) == 0


def test_non_json_body_is_415(client, count_rows):
    response = client.post(
        "/api/v1/auth/register",
        data="email=a@b.c&password=12345678",
        content_type="application/x-www-form-urlencoded",
    )
    assert_problem(response, 415)
    assert count_rows(User) == 0


def test_body_over_1_mib_is_413(client, count_rows):
    big = (
        '{"email": "a@example.com", "password": "' + "x" * (1024 * 1024) + '", "display_name": "A"}'
    )
    response = client.post("/api/v1/auth/register", data=big, content_type="application/json")
    assert_problem(response, 413)
    assert count_rows(User) == 0


def test_non_object_body_is_422(client):
    response = client.post("/api/v1/auth/register", json=["a", "b"])
    assert_problem(response, 422)


def test_missing_body_is_422_naming_required_fields(client):
    problem = assert_problem(client.post("/api/v1/auth/register"), 422)
    assert {"email", "password", "display_name"} <= set(problem["errors"])


def test_unknown_route_is_404_problem(client):
    assert_problem(client.get("/api/v1/nothing-here"), 404)


def test_wrong_method_is_405_problem_with_allow(client):
    response = client.get("/api/v1/auth/login")
    assert_problem(response, 405)
    assert "POST" in response.headers["Allow"]


def test_sane_client_request_id_is_echoed(client):
    response = client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert response.headers["X-Request-ID"] == "abc-123"


def test_unsafe_client_request_id_is_replaced(client):
    response = client.get("/healthz", headers={"X-Request-ID": "bad id <script>"})
    assert response.headers["X-Request-ID"] != "bad id <script>"
    assert len(response.headers["X-Request-ID"]) == 32


def test_request_id_is_on_problem_bodies_and_log_lines(client, caplog):
    caplog.set_level("INFO", logger="servicekit.access")
    with client:  # keep the request context so the formatter can read the request id
        response = client.get("/api/v1/nothing-here", headers={"X-Request-ID": "trace-me"})
        (record,) = [r for r in caplog.records if r.name == "servicekit.access"]
        entry = json.loads(JsonFormatter().format(record))
    assert response.json["request_id"] == "trace-me"
    assert entry["request_id"] == "trace-me"
    assert entry["method"] == "GET"
    assert entry["path"] == "/api/v1/nothing-here"
    assert entry["status"] == 404
    assert "duration_ms" in entry


def test_healthz_and_readyz(client):
    assert client.get("/healthz").json == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json["status"] == "ready"


def test_openapi_is_3_1_and_documents_every_route(client):
    spec = client.get("/openapi.json").json
    assert spec["openapi"].startswith("3.1")
    paths = spec["paths"]
    for path in [
        "/api/v1/auth/register",
        "/api/v1/auth/login",
        "/api/v1/auth/refresh",
        "/api/v1/auth/logout",
        "/api/v1/users/me",
        "/api/v1/users",
        "/api/v1/users/{user_id}",
        "/.well-known/jwks.json",
    ]:
        assert path in paths, path
    assert paths["/api/v1/users/me"]["get"]["security"] == [{"bearerAuth": []}]
    assert "security" not in paths["/api/v1/auth/login"]["post"]
