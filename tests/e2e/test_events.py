"""Integration events end to end: every process of `make dev` running, through the gateway.

An account deleted in the users service reaches jobs and reviews through the outbox, the
relay, the broker and their inboxes: on the embedded transport (as `make dev` runs), on
RabbitMQ (CI's second run), and on RabbitMQ cut off for 20 s in the middle.
"""

from __future__ import annotations

import time

import psycopg2
import pytest
import requests

CONVERGES_WITHIN = 10.0  # seconds, from the delete (or from the broker's return)


def _rows(stack, service: str, sql: str, *params) -> list[tuple]:
    connection = psycopg2.connect(stack.database_url(service))
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    finally:
        connection.close()


def _eventually(check, within: float = CONVERGES_WITHIN):
    """Poll `check` until it returns a true value; fail with its last answer otherwise."""
    deadline, last = time.monotonic() + within, None
    while time.monotonic() < deadline:
        last = check()
        if last:
            return last
        time.sleep(0.2)
    pytest.fail(f"did not converge within {within:.0f} s; last: {last!r}")


def _a_person_with_everything(stack, visitor):
    """User A with an application (note, contact), a saved job, a company and job of their
    own, a review, a helpful vote and a flag on B's review. Returns (A, B, ids)."""
    a, b = visitor(), visitor()
    a_account, _ = a.sign_up(), b.sign_up()
    job_id = a.add_job("Events Co")
    application = a.call(
        "POST",
        "/api/v1/applications",
        json={
            "job_id": job_id,
            "notes": "Private: they offered 40/h",
            "contacts": [{"name": "Recruiter Rita", "email": "rita@example.com"}],
        },
    )
    assert application.status_code == 201, application.text
    assert a.call("PUT", f"/api/v1/jobs/{job_id}/saved").status_code == 204
    mine = a.call("POST", "/api/v1/reviews", json={"job_id": job_id, "title": "Mine", "rating": 4})
    assert mine.status_code == 201, mine.text
    theirs = b.call("POST", "/api/v1/reviews", json={"job_id": job_id, "title": "B's", "rating": 2})
    assert theirs.status_code == 201, theirs.text
    assert a.call("PUT", f"/api/v1/reviews/{theirs.json()['id']}/helpful").status_code == 204
    flag = a.call("POST", f"/api/v1/reviews/{theirs.json()['id']}/flags", json={"reason": "spam"})
    assert flag.status_code == 201, flag.text
    ids = {
        "user": a_account["id"],
        "job": job_id,
        "application": application.json()["id"],
        "mine": mine.json()["id"],
        "theirs": theirs.json()["id"],
    }
    return a, b, ids


def _rows_of(stack, user_id: str) -> dict[str, int]:
    """Every row of the jobs database that names the account, by table."""
    counts = {}
    for table, column in (
        ("applications", "user_id"),
        ("saved_jobs", "user_id"),
        ("companies", "created_by"),
        ("jobs", "created_by"),
    ):
        counts[table] = _rows(
            stack, "jobs", f"SELECT count(*) FROM {table} WHERE {column} = %s", user_id
        )[0][0]
    return counts


def _refused_everywhere(a) -> list[int]:
    statuses = [
        a.call("GET", "/api/v1/users/me").status_code,
        a.call("GET", "/api/v1/applications").status_code,
        a.call("GET", "/api/v1/reviews?mine=true").status_code,
    ]
    return statuses if statuses == [401, 401, 401] else None


def _workers_said(stack) -> str:
    lines = stack.log_path.read_text(errors="replace").splitlines()
    said = [line for line in lines if ".access" not in line]  # all but the request lines
    return "\n".join(said[-40:])


def _converged(stack, a, b, ids) -> None:
    try:
        _eventually(lambda: _refused_everywhere(a))
    except pytest.fail.Exception:
        print("The workers said:\n" + _workers_said(stack))
        raise
    _eventually(
        lambda: not any(_rows_of(stack, ids["user"]).values()) or _rows_of(stack, ids["user"])
    )
    contacts = _rows(
        stack,
        "jobs",
        "SELECT count(*) FROM application_contacts WHERE application_id = %s",
        ids["application"],
    )
    assert contacts == [(0,)]
    theirs = b.call("GET", f"/api/v1/reviews/{ids['theirs']}").json()
    _eventually(
        lambda: b.call("GET", f"/api/v1/reviews/{ids['theirs']}").json()["helpful_count"] == 0
    )
    assert theirs["status"] == "published"
    flags = _rows(stack, "reviews", "SELECT count(*) FROM flags WHERE user_id = %s", ids["user"])
    assert flags == [(0,)]
    # A's review is still listed, and linked to nobody.
    listed = requests.get(f"{stack.url('gateway')}/api/v1/reviews?job_id={ids['job']}", timeout=5)
    assert ids["mine"] in {review["id"] for review in listed.json()["items"]}
    authors = _rows(stack, "reviews", "SELECT author_id FROM reviews WHERE id = %s", ids["mine"])
    assert authors == [(None,)]
    # A's old token writes nothing after the purge.
    late = a.call("POST", "/api/v1/applications", json={"job_id": ids["job"]})
    assert late.status_code == 401, late.text
    assert _rows_of(stack, ids["user"])["applications"] == 0


def _delete(a) -> None:
    response = a.call("DELETE", "/api/v1/users/me")
    assert response.status_code == 204, response.text


def test_a_deleted_account_leaves_nothing_private_behind(stack, visitor):
    a, b, ids = _a_person_with_everything(stack, visitor)
    assert b.call("GET", f"/api/v1/reviews/{ids['theirs']}").json()["helpful_count"] == 1
    _delete(a)
    _converged(stack, a, b, ids)


def test_the_same_on_rabbitmq(rabbitmq_stack, rabbitmq_visitor):
    stack = rabbitmq_stack
    a, b, ids = _a_person_with_everything(stack, rabbitmq_visitor)
    _delete(a)
    _converged(stack, a, b, ids)


def test_a_broker_cut_for_20_seconds_delays_the_effects_and_loses_none(
    rabbitmq_stack, rabbitmq_visitor, broker_link
):
    stack, (proxy, _) = rabbitmq_stack, broker_link
    a, b, ids = _a_person_with_everything(stack, rabbitmq_visitor)
    proxy.cut()
    try:
        _delete(a)  # the users database alone decides: the delete succeeds
        time.sleep(20)
        outbox = requests.get(f"{stack.url('users')}/readyz", timeout=5).json()["events"]["outbox"]
        assert outbox["waiting"] >= 1 and outbox["oldest_age_seconds"] >= 15
        assert _rows_of(stack, ids["user"])["applications"] == 1  # nothing reached jobs yet
    finally:
        proxy.restore()
    _converged(stack, a, b, ids)
