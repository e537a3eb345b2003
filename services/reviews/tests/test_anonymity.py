"""No response of the reviews service carries an author's id, except to admins."""

import json

import pytest


@pytest.fixture
def contributions(user, job):
    review = user.review(job["id"], term="fall", year=2025)
    return {
        "review": review,
        "salary": user.salary(job["id"]),
        "interview": user.interview(job["id"]),
    }


def every_response(caller_get, caller_post, user, job, contributions):
    review, salary, interview = (contributions[k] for k in ("review", "salary", "interview"))
    yield user.post(
        "/api/v1/reviews",
        json={"job_id": job["id"], "title": "x", "rating": 3, "term": "fall", "year": 2025},
    )  # the author's 409
    yield user.patch(f"/api/v1/reviews/{review['id']}", json={"rating": 2})
    yield user.patch(f"/api/v1/salaries/{salary['id']}", json={"amount": 33})
    yield user.patch(f"/api/v1/interviews/{interview['id']}", json={"difficulty": 2})
    yield user.get("/api/v1/salaries")
    yield user.get("/api/v1/reviews?mine=true")
    for path in (
        "/api/v1/reviews",
        f"/api/v1/reviews?job_id={job['id']}",
        f"/api/v1/reviews/{review['id']}",
        f"/api/v1/reviews/summary?job_id={job['id']}",
        f"/api/v1/salaries/stats?job_id={job['id']}",
        "/api/v1/interviews",
        f"/api/v1/interviews/{interview['id']}",
        f"/api/v1/interviews/summary?company_id={job['company_id']}",
        f"/api/v1/salaries/{salary['id']}",
    ):
        yield caller_get(path)
    yield caller_post(f"/api/v1/reviews/{review['id']}/flags", json={"reason": "other"})


@pytest.mark.parametrize("viewer", ["anonymous", "another user", "the author"])
def test_no_response_carries_the_author_id(viewer, client, user, other_user, job, contributions):
    caller = {"anonymous": client, "another user": other_user, "the author": user}[viewer]
    responses = list(every_response(caller.get, caller.post, user, job, contributions))
    assert len(responses) == 16
    for response in responses:
        text = response.get_data(as_text=True)
        assert user.id not in text, (response.request.path, text)
        assert "author_id" not in text, (response.request.path, text)
    if viewer == "another user":
        assert other_user.id not in json.dumps([r.get_json() for r in responses])


def test_is_mine_marks_the_callers_own(client, user, other_user, contributions):
    path = f"/api/v1/reviews/{contributions['review']['id']}"
    assert user.get(path).json["is_mine"] is True
    assert other_user.get(path).json["is_mine"] is False
    assert client.get(path).json["is_mine"] is False


def test_admins_see_the_author(admin, user, contributions):
    body = admin.get(f"/api/v1/reviews/{contributions['review']['id']}").json
    assert body["author_id"] == user.id
    listed = admin.get("/api/v1/salaries").json["items"]
    assert listed[0]["author_id"] == user.id
