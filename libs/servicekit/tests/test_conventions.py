"""The API conventions every route of every service follows, checked on a sample service:
problem+json errors, the body rules, request ids and log lines, health, the OpenAPI 3.1
document, and keyset pages."""

import json
import uuid
from datetime import UTC, datetime

import pytest
from servicekit.requestlog import JsonFormatter
from servicekit.testing import assert_problem

NOTES = "/api/v1/notes"


def test_malformed_json_is_400_and_writes_nothing(client, signed_in, count_notes):
    response = client.post(
        NOTES, data='{"text": "a",', content_type="application/json", headers=signed_in
    )
    assert_problem(response, 400)
    assert count_notes() == 0


def test_non_json_body_is_415(client, signed_in, count_notes):
    response = client.post(
        NOTES, data="text=a", content_type="application/x-www-form-urlencoded", headers=signed_in
    )
    assert_problem(response, 415)
    assert count_notes() == 0


def test_body_over_1_mib_is_413(client, signed_in, count_notes):
    big = '{"text": "' + "x" * (1024 * 1024) + '"}'
    response = client.post(NOTES, data=big, content_type="application/json", headers=signed_in)
    assert_problem(response, 413)
    assert count_notes() == 0


def test_non_object_body_is_422(client, signed_in):
    assert_problem(client.post(NOTES, json=["a", "b"], headers=signed_in), 422)


def test_missing_body_is_422_naming_required_fields(client, signed_in):
    problem = assert_problem(client.post(NOTES, headers=signed_in), 422, field="text")
    assert problem["errors"]["text"]


def test_a_valid_body_is_created(client, signed_in, count_notes):
    response = client.post(NOTES, json={"text": "  hello  "}, headers=signed_in)
    assert response.status_code == 201
    assert response.json["text"] == "hello"
    assert count_notes() == 1


def test_anonymous_write_is_401_with_bearer_challenge(client, count_notes):
    response = client.post(NOTES, json={"text": "a"})
    assert_problem(response, 401)
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert count_notes() == 0


def test_unknown_route_is_404_problem(client):
    assert_problem(client.get("/api/v1/nothing-here"), 404)


def test_wrong_method_is_405_problem_with_allow(client):
    response = client.delete(NOTES)
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


@pytest.mark.parametrize(
    "created",
    # A plain instant, the last millisecond of a second, one that rounds up into the next
    # second (and minute, and year), and two in a row that share a second.
    [1_764_000_000.123, 1_764_000_000.9994, 1_764_000_059.9999996, 1_798_761_599.9999999],
)
def test_log_timestamps_read_as_isoformat_does(created):
    formatter = JsonFormatter()
    for instant in (created, created + 0.0004):
        expected = datetime.fromtimestamp(instant, UTC).isoformat(timespec="milliseconds")
        assert formatter.timestamp(instant) == expected


def test_healthz_and_readyz(client):
    assert client.get("/healthz").json == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json == {"status": "ready", "migration": ["0001"]}


def test_openapi_is_3_1_with_problem_errors_and_page_envelopes(client):
    spec = client.get("/openapi.json").json
    assert spec["openapi"].startswith("3.1")
    listing = spec["paths"][NOTES]["get"]
    page = listing["responses"]["200"]["content"]["application/json"]["schema"]
    assert page == {"$ref": "#/components/schemas/NotePage"}
    assert {"limit", "cursor"} <= {p["name"] for p in listing["parameters"]}
    assert spec["paths"][NOTES]["post"]["security"] == [{"bearerAuth": []}]
    default = spec["components"]["responses"]["DEFAULT_ERROR"]["content"]
    assert list(default) == ["application/problem+json"]


def test_pages_follow_their_cursor_to_the_end_without_repeats(client, signed_in):
    for number in range(5):
        client.post(NOTES, json={"text": f"note {number}"}, headers=signed_in)
    seen, cursor = [], None
    while True:
        query = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = client.get(NOTES, query_string=query).json
        seen += [item["text"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == [f"note {n}" for n in range(5)]


def test_a_tampered_cursor_is_422_naming_the_cursor(client, signed_in):
    for number in range(3):
        client.post(NOTES, json={"text": f"note {number}"}, headers=signed_in)
    cursor = client.get(NOTES, query_string={"limit": 1}).json["next_cursor"]
    tampered = cursor[:-2] + ("AA" if not cursor.endswith("AA") else "BB")
    assert_problem(client.get(NOTES, query_string={"cursor": tampered}), 422, field="cursor")


def test_a_limit_out_of_range_is_422(client):
    assert_problem(client.get(NOTES, query_string={"limit": 101}), 422, field="limit")
    assert_problem(client.get(NOTES, query_string={"limit": 0}), 422, field="limit")


@pytest.mark.parametrize(
    "values",
    [
        [5, "x"],
        ["2026-01-01T00:00:00+00:00", 7],
        [None, None],
        [["a"], {"b": 1}],
        ["2026-01-01T00:00:00+00:00", "not-a-uuid"],
        ["yesterday", "00000000-0000-0000-0000-000000000000"],
        [True, False],
    ],
)
def test_a_validly_signed_cursor_holding_wrong_types_is_422(app, client, values):
    # The development secret is public: anyone can sign a cursor, so what it holds is input.
    from servicekit.pagination import _encode

    with app.app_context():
        cursor = _encode("notes", values)
    assert_problem(client.get(NOTES, query_string={"cursor": cursor}), 422, field="cursor")


def test_a_cursor_for_another_listing_is_422(app, client):
    from servicekit.pagination import _encode

    with app.app_context():
        cursor = _encode("jobs", ["2026-01-01T00:00:00+00:00", str(uuid.uuid4())])
    assert_problem(client.get(NOTES, query_string={"cursor": cursor}), 422, field="cursor")


def test_a_forked_worker_opens_its_own_database_connections(app):
    """gunicorn's preloaded master forks its workers: a worker must never talk over the
    master's socket (two processes on one connection interleave their protocol)."""
    import os

    from sqlalchemy import text

    with app.app_context():
        engine = app.extensions["sqlalchemy"].engine
    with engine.connect() as connection:
        parents = connection.execute(text("SELECT pg_backend_pid()")).scalar()
    # The parent's connection is back in its pool now: the one a naive child would reuse.
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child reports through the pipe
        try:
            with engine.connect() as connection:
                os.write(
                    write,
                    str(connection.execute(text("SELECT pg_backend_pid()")).scalar()).encode(),
                )
        finally:
            os._exit(0)
    os.close(write)
    childs = int(os.read(read, 32) or b"0")
    os.waitpid(child, 0)
    assert childs and childs != parents
    with engine.connect() as connection:  # the parent's still works
        assert connection.execute(text("SELECT pg_backend_pid()")).scalar() == parents
