import uuid

import pytest
from reviews.models import Interview
from servicekit.testing import assert_problem


def test_report_an_interview(user, job, client):
    report = user.interview(
        job["id"],
        questions=["Reverse a list", "Why us?"],
        difficulty=4,
        outcome="rejected",
        experience="Two rounds.",
        term="fall",
        year=2025,
    )
    assert report["questions"] == ["Reverse a list", "Why us?"]
    assert client.get(f"/api/v1/interviews/{report['id']}").json["is_mine"] is False
    assert user.get(f"/api/v1/interviews/{report['id']}").json["is_mine"] is True


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"questions": []}, "questions"),
        ({"questions": [f"Q{n}" for n in range(21)]}, "questions"),
        ({"questions": [""]}, "questions.0"),
        ({"questions": ["  "]}, "questions.0"),
        ({"questions": "Why us?"}, "questions"),
        ({"difficulty": 0}, "difficulty"),
        ({"difficulty": 2.5}, "difficulty"),
        ({"outcome": "ghosted"}, "outcome"),
        ({"term": "monsoon"}, "term"),
        ({"coop_number": 2}, "coop_number"),
        ({"author_id": str(uuid.uuid4())}, "author_id"),
    ],
)
def test_invalid_report_is_422_and_writes_nothing(user, job, count_rows, body, field):
    payload = {"job_id": job["id"], "questions": ["Q"], "difficulty": 3, "outcome": "offer", **body}
    assert_problem(user.post("/api/v1/interviews", json=payload), 422, field=field)
    assert count_rows(Interview) == 0


def test_twenty_questions_are_fine(user, job):
    user.interview(job["id"], questions=[f"Question {n}" for n in range(20)])


def test_author_or_admin_edit_and_delete(user, other_user, admin, job, count_rows):
    report = user.interview(job["id"])
    path = f"/api/v1/interviews/{report['id']}"
    assert user.patch(path, json={"difficulty": 5}).json["difficulty"] == 5
    assert_problem(other_user.patch(path, json={"difficulty": 1}), 403)
    assert_problem(other_user.delete(path), 403)
    assert admin.delete(path).status_code == 204
    assert count_rows(Interview) == 0


def test_list_by_company_and_job(client, user, make_job):
    first, second = make_job(), make_job()
    user.interview(first["id"])
    user.interview(second["id"])
    assert len(client.get(f"/api/v1/interviews?job_id={first['id']}").json["items"]) == 1
    assert len(client.get("/api/v1/interviews").json["items"]) == 2


def test_summary(client, make_caller, job):
    for difficulty, outcome in ((2, "offer"), (4, "rejected"), (3, "offer")):
        make_caller().interview(job["id"], difficulty=difficulty, outcome=outcome)
    summary = client.get(f"/api/v1/interviews/summary?job_id={job['id']}").json
    assert summary == {
        "count": 3,
        "average_difficulty": 3.0,
        "outcomes": {"offer": 2, "rejected": 1, "no_response": 0, "withdrew": 0},
    }
    empty = client.get(f"/api/v1/interviews/summary?company_id={uuid.uuid4()}").json
    assert empty["count"] == 0 and empty["average_difficulty"] is None
