"""What reviews does when told: accounts deleted, deactivated or demoted; jobs deleted, renamed."""

from __future__ import annotations

import uuid

from reviews.extensions import db
from reviews.models import Flag, HelpfulVote, Interview, Review, Salary
from servicekit.events import Event
from servicekit.testing import account_event, assert_problem, deliver


def gone(app, user) -> str:
    return deliver(app, account_event("user.deleted", user.id, version=2, active=False))


def author_ids(app, model) -> list:
    with app.app_context():
        return list(db.session.scalars(db.select(model.author_id)))


def test_a_deleted_accounts_contributions_stay_published_and_linked_to_nobody(
    app, user, job, client, count_rows
):
    review = user.review(job["id"])
    user.salary(job["id"])
    user.interview(job["id"])
    assert gone(app, user) == "applied"
    for model in (Review, Salary, Interview):
        assert author_ids(app, model) == [None]
    listed = client.get(f"/api/v1/reviews?job_id={job['id']}").json["items"]
    assert [r["id"] for r in listed] == [review["id"]] and listed[0]["is_mine"] is False
    summary = client.get(f"/api/v1/reviews/summary?job_id={job['id']}").json
    assert summary["count"] == 1


def test_a_deleted_accounts_votes_go_and_the_counts_follow(app, user, other_user, job, client):
    review = other_user.review(job["id"])
    assert user.put(f"/api/v1/reviews/{review['id']}/helpful").status_code == 204
    assert client.get(f"/api/v1/reviews/{review['id']}").json["helpful_count"] == 1
    gone(app, user)
    assert client.get(f"/api/v1/reviews/{review['id']}").json["helpful_count"] == 0
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(HelpfulVote)) == 0


def test_a_deleted_accounts_flags_leave_the_queue_and_a_review_they_alone_hid_returns(
    app, established, user, admin, job, client, count_rows
):
    review = user.review(job["id"])
    flaggers = [established() for _ in range(3)]
    for flagger in flaggers:
        flagger.post(f"/api/v1/reviews/{review['id']}/flags", json={"reason": "spam"})
    assert_problem(client.get(f"/api/v1/reviews/{review['id']}"), 404)  # hidden by flags
    gone(app, flaggers[0])
    assert count_rows(Flag) == 2
    queue = admin.get("/api/v1/flags?status=open").json["items"]
    assert flaggers[0].id not in {flag["user_id"] for flag in queue}
    assert client.get(f"/api/v1/reviews/{review['id']}").json["status"] == "published"


def test_a_review_an_admin_hid_stays_hidden_when_a_flagger_goes(app, established, admin, user, job):
    review = user.review(job["id"])
    flagger = established()
    flagger.post(f"/api/v1/reviews/{review['id']}/flags", json={"reason": "spam"})
    admin.patch(f"/api/v1/reviews/{review['id']}", json={"status": "hidden"})
    gone(app, flagger)
    assert admin.get(f"/api/v1/reviews/{review['id']}").json["status"] == "hidden"


def test_a_deactivated_or_deleted_accounts_token_is_refused_and_writes_nothing(
    app, user, job, count_rows
):
    deliver(app, account_event("user.deactivated", user.id, version=2, active=False))
    response = user.post("/api/v1/reviews", json={"job_id": job["id"], "title": "x", "rating": 3})
    assert_problem(response, 401)
    assert count_rows(Review) == 0


def test_a_demoted_admin_loses_moderation_at_once(app, admin):
    assert admin.get("/api/v1/flags?status=open").status_code == 200
    deliver(app, account_event("user.role_changed", admin.id, version=2, role="user"))
    assert_problem(admin.get("/api/v1/flags?status=open"), 403)


def job_event(event_type, subject, **data) -> Event:
    return Event(type=event_type, subject=str(subject), data=data)


def test_a_deleted_job_takes_no_new_contributions_and_keeps_its_old_ones(
    app, user, other_user, job, client, count_rows
):
    review = user.review(job["id"])
    deliver(app, job_event("job.deleted", job["id"], company_id=job["company_id"]))
    for path, body in (
        ("/api/v1/reviews", {"title": "Late", "rating": 3}),
        ("/api/v1/salaries", {"amount": 30, "currency": "CAD", "period": "hourly"}),
        ("/api/v1/interviews", {"questions": ["q"], "difficulty": 2, "outcome": "offer"}),
    ):
        response = other_user.post(path, json={"job_id": job["id"], **body})
        assert_problem(response, 422)
        assert response.json["detail"] == "This job no longer exists."
    assert count_rows(Review) == 1
    assert client.get(f"/api/v1/reviews/{review['id']}").status_code == 200


def test_a_job_deleted_before_reviews_heard_of_it_is_refused_too(app, user, count_rows):
    job_id, company_id = uuid.uuid4(), uuid.uuid4()
    deliver(app, job_event("job.deleted", job_id, company_id=str(company_id)))
    response = user.post("/api/v1/reviews", json={"job_id": str(job_id), "title": "x", "rating": 3})
    assert_problem(response, 422)
    assert response.json["detail"] == "This job no longer exists."


def test_a_deleted_company_closes_every_job_of_it_reviews_knows(app, user, other_user, make_job):
    first = make_job(company_name="Closing Co")
    second = make_job(company_name="Closing Co", title="Tester")
    user.review(first["id"])
    user.review(second["id"])
    deliver(app, job_event("company.deleted", first["company_id"]))
    for job in (first, second):
        body = {"job_id": job["id"], "title": "x", "rating": 2}
        assert_problem(other_user.post("/api/v1/reviews", json=body), 422)


def test_renames_show_on_contributions_and_an_older_rename_loses(app, user, job, client):
    review = user.review(job["id"])
    newer = job_event("job.renamed", job["id"], company_id=job["company_id"], title="Analyst II")
    older = Event(
        type="job.renamed",
        subject=job["id"],
        data={"company_id": job["company_id"], "title": "Analyst I"},
        occurred_at=newer.occurred_at.replace(year=newer.occurred_at.year - 1),
    )
    deliver(app, newer)
    deliver(app, older)
    deliver(app, job_event("company.renamed", job["company_id"], name="Renamed Inc"))
    shown = client.get(f"/api/v1/reviews/{review['id']}").json
    assert (shown["job_title"], shown["company_name"]) == ("Analyst II", "Renamed Inc")


def test_a_job_event_with_a_malformed_id_is_dead_lettered(app, count_rows):
    dead: list = []
    assert deliver(app, job_event("job.deleted", "not-a-uuid", company_id="x"), dead) == "dead"
    assert "subject is not a UUID" in dead[0][1]
