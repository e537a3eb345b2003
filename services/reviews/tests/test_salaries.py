import uuid

import pytest
from reviews.models import Salary
from servicekit.testing import assert_problem


def test_salary_is_stored_exactly_and_served_as_numbers(user, job, app):
    salary = user.salary(
        job["id"],
        amount=1234.56,
        signing_bonus=2500,
        year=2025,
        term="fall",
        coop_number=3,
        location="Toronto, ON",
    )
    assert salary["amount"] == 1234.56
    assert salary["signing_bonus"] == 2500
    assert salary["is_mine"] is True
    assert "author_id" not in salary
    from decimal import Decimal

    from reviews.extensions import db

    with app.app_context():
        assert db.session.get(Salary, uuid.UUID(salary["id"])).amount == Decimal("1234.56")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"amount": 0}, "amount"),
        ({"amount": -5}, "amount"),
        ({"amount": 12.345}, "amount"),
        ({"amount": "30.50"}, "amount"),
        ({"amount": True}, "amount"),
        ({"amount": 1e12}, "amount"),
        ({"currency": "XYZ"}, "currency"),
        ({"currency": "cad"}, "currency"),
        ({"period": "weekly"}, "period"),
        ({"term": "autumn"}, "term"),
        ({"signing_bonus": -1}, "signing_bonus"),
        ({"author_id": str(uuid.uuid4())}, "author_id"),
        ({"company_id": str(uuid.uuid4())}, "company_id"),
    ],
)
def test_invalid_salary_is_422_and_writes_nothing(user, job, count_rows, body, field):
    payload = {"job_id": job["id"], "amount": 30, "currency": "CAD", "period": "hourly", **body}
    assert_problem(user.post("/api/v1/salaries", json=payload), 422, field=field)
    assert count_rows(Salary) == 0


def test_entries_are_private_to_their_author(user, other_user, admin, job, client):
    mine = user.salary(job["id"])
    theirs = other_user.salary(job["id"], amount=40)
    assert [s["id"] for s in user.get("/api/v1/salaries").json["items"]] == [mine["id"]]
    assert_problem(client.get("/api/v1/salaries"), 401)
    for method, body in (("patch", {"amount": 1}), ("delete", None)):
        kwargs = {"json": body} if body else {}
        assert_problem(getattr(other_user, method)(f"/api/v1/salaries/{mine['id']}", **kwargs), 404)
    everyone = admin.get(f"/api/v1/salaries?job_id={job['id']}").json["items"]
    assert {s["id"] for s in everyone} == {mine["id"], theirs["id"]}
    assert all("author_id" in s for s in everyone)


def test_author_edits_and_deletes(user, job, count_rows):
    salary = user.salary(job["id"])
    path = f"/api/v1/salaries/{salary['id']}"
    assert user.patch(path, json={"amount": 31.25, "period": "hourly"}).json["amount"] == 31.25
    assert_problem(user.patch(path, json={"amount": "32"}), 422, field="amount")
    assert user.delete(path).status_code == 204
    assert count_rows(Salary) == 0


def stats(client, **query):
    params = "&".join(f"{k}={v}" for k, v in query.items())
    return client.get(f"/api/v1/salaries/stats?{params}")


def test_stats_give_figures_only_for_groups_of_three_or_more(make_caller, job, client):
    for amount in (20, 30, 40, 50):
        make_caller().salary(job["id"], amount=amount)
    for amount in (90_000, 100_000):
        make_caller().salary(job["id"], amount=amount, period="yearly")
    groups = stats(client, job_id=job["id"]).json["groups"]
    hourly, yearly = groups
    assert hourly == {
        "currency": "CAD",
        "period": "hourly",
        "count": 4,
        "min": 20.0,
        "p25": 27.5,
        "median": 35.0,
        "p75": 42.5,
        "max": 50.0,
        "mean": 35.0,
    }
    assert yearly["count"] == 2
    assert all(yearly[k] is None for k in ("min", "p25", "median", "p75", "max", "mean"))


def test_stats_by_company_and_year(make_caller, make_job, client):
    first, second = make_job("Shared Co", "Dev"), make_job("Shared Co", "QA")
    for job, year in ((first, 2024), (first, 2025), (second, 2025), (second, 2025)):
        make_caller().salary(job["id"], amount=25, year=year)
    assert stats(client, company_id=first["company_id"]).json["groups"][0]["count"] == 4
    assert stats(client, company_id=first["company_id"], year=2025).json["groups"][0]["count"] == 3
    assert stats(client, job_id=str(uuid.uuid4())).json == {"groups": []}


def test_stats_need_exactly_one_subject(client, job):
    assert_problem(stats(client), 422)
    assert_problem(stats(client, job_id=job["id"], company_id=job["company_id"]), 422)
