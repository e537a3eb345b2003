"""Journeys through the gateway, with every service running as it does under `make dev`."""

from __future__ import annotations

import time
import uuid


def test_a_students_whole_journey(stack, visitor):
    student, second, third = visitor(), visitor(), visitor()
    me = student.sign_up()
    assert student.call("GET", "/api/v1/users/me").json()["id"] == me["id"]

    company = student.call(
        "POST",
        "/api/v1/companies",
        json={
            "name": f"Journey Co {uuid.uuid4().hex[:6]}",
            "industry": "Fintech",
            "size": "51-200",
        },
    )
    assert company.status_code == 201, company.text
    job = student.call(
        "POST",
        "/api/v1/jobs",
        json={
            "company_id": company.json()["id"],
            "title": "Backend Developer",
            "location": "Toronto",
            "employment_type": "co-op",
            "workplace": "hybrid",
        },
    )
    assert job.status_code == 201, job.text
    job_id, company_id = job.json()["id"], company.json()["id"]

    review = student.call(
        "POST",
        "/api/v1/reviews",
        json={
            "job_id": job_id,
            "title": "Great team",
            "rating": 5,
            "term": "summer",
            "year": 2025,
            "ratings": {"learning": 5},
            "would_recommend": True,
        },
    )
    assert review.status_code == 201, review.text
    assert review.json()["company_id"] == company_id and review.json()["is_mine"] is True

    # Salary figures appear once 5 distinct accounts contributed to a group.
    fourth, fifth = visitor(), visitor()
    amounts = ((student, 31.5), (second, 28), (third, 35.25), (fourth, 30), (fifth, 33))
    for contributor, amount in amounts:
        if contributor is not student:
            contributor.sign_up()
        salary = contributor.call(
            "POST",
            "/api/v1/salaries",
            json={"job_id": job_id, "amount": amount, "currency": "CAD", "period": "hourly"},
        )
        assert salary.status_code == 201, salary.text

    interview = student.call(
        "POST",
        "/api/v1/interviews",
        json={
            "job_id": job_id,
            "questions": ["Design a rate limiter"],
            "difficulty": 3,
            "outcome": "offer",
        },
    )
    assert interview.status_code == 201, interview.text

    anonymous = visitor()
    summary = anonymous.call("GET", f"/api/v1/reviews/summary?company_id={company_id}").json()
    assert summary["count"] == 1 and summary["rating"]["average"] == 5.0
    (group,) = anonymous.call("GET", f"/api/v1/salaries/stats?job_id={job_id}").json()["groups"]
    assert (group["count"], group["median"]) == (5, 31.5)
    interviews = anonymous.call("GET", f"/api/v1/interviews/summary?job_id={job_id}").json()
    assert interviews["outcomes"]["offer"] == 1
    assert me["id"] not in anonymous.call("GET", f"/api/v1/reviews?job_id={job_id}").text

    application = student.call("POST", "/api/v1/applications", json={"job_id": job_id})
    assert application.status_code == 201, application.text
    path = f"/api/v1/applications/{application.json()['id']}"
    for status in ("interviewing", "offer", "accepted"):
        assert student.call("PATCH", path, json={"status": status}).status_code == 200
    timeline = [e["status"] for e in student.call("GET", path).json()["events"]]
    assert timeline == ["applied", "interviewing", "offer", "accepted"]
    assert second.call("GET", path).status_code == 404

    old_refresh = student.tokens["refresh_token"]
    refreshed = student.call("POST", "/api/v1/auth/refresh", json={"refresh_token": old_refresh})
    assert refreshed.status_code == 200
    student.use(refreshed.json())
    logout = student.call(
        "POST", "/api/v1/auth/logout", json={"refresh_token": student.tokens["refresh_token"]}
    )
    assert logout.status_code == 204
    again = student.call("POST", "/api/v1/auth/refresh", json={"refresh_token": old_refresh})
    assert again.status_code == 401
    assert again.headers["Content-Type"] == "application/problem+json"


def test_a_spoofed_identity_header_changes_nothing(stack, visitor):
    student, admin_wannabe = visitor(), visitor()
    student.sign_up()
    admin_wannabe.sign_up()
    spoof = {
        "X-User-Id": student.call("GET", "/api/v1/users/me").json()["id"],
        "X-User-Role": "admin",
    }
    me = admin_wannabe.call("GET", "/api/v1/users/me", headers=spoof).json()
    assert me["email"] == admin_wannabe.email and me["role"] == "user"
    assert admin_wannabe.call("GET", "/api/v1/users", headers=spoof).status_code == 403
    anonymous = visitor().call("GET", "/api/v1/applications", headers=spoof)
    assert anonymous.status_code == 401


def test_with_jobs_down_its_routes_fail_fast_others_work_then_it_recovers(stack, visitor):
    reader = visitor()
    stack.stop_service("jobs")
    try:
        started = time.monotonic()
        down = reader.call("GET", "/api/v1/companies")
        assert time.monotonic() - started < 2
        assert down.status_code == 503 and down.headers["Retry-After"]
        assert down.headers["Content-Type"] == "application/problem+json"
        assert reader.call("GET", "/api/v1/reviews").status_code == 200
        assert reader.call("GET", "/api/v1/interviews").status_code == 200
    finally:
        stack.start_service("jobs")
    deadline = time.monotonic() + 30  # the breaker probes again after its cool-down
    while reader.call("GET", "/api/v1/companies").status_code != 200:
        assert time.monotonic() < deadline, "jobs routes did not recover"
        time.sleep(0.5)
