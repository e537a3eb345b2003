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


FIGURES = ("p25", "median", "p75", "mean")


def test_stats_give_rounded_figures_only_from_five_accounts_on(make_caller, job, client):
    for amount in (20.25, 30.5, 40.75, 50, 61.13):
        make_caller().salary(job["id"], amount=amount)
    for amount in (90_000, 100_000, 110_000, 120_000):
        make_caller().salary(job["id"], amount=amount, period="yearly")
    hourly, yearly = stats(client, job_id=job["id"]).json["groups"]
    # p25 30.5, median 40.75, p75 50, mean 40.526: published to 3 significant figures.
    assert hourly == {
        "currency": "CAD",
        "period": "hourly",
        "count": 5,
        "p25": 30.5,
        "median": 40.8,
        "p75": 50.0,
        "mean": 40.5,
    }
    assert yearly["count"] == 4
    assert all(yearly[name] is None for name in FIGURES)


def test_no_minimum_or_maximum_is_published(make_caller, job, client):
    for amount in (20, 30, 40, 50, 60):
        make_caller().salary(job["id"], amount=amount)
    (group,) = stats(client, job_id=job["id"]).json["groups"]
    assert set(group) == {"currency", "period", "count", *FIGURES}


def test_one_account_posting_many_entries_cannot_read_back_a_victims_salary(
    make_caller, job, client
):
    make_caller().salary(job["id"], amount=43_210.55, period="yearly")  # the victim
    attacker = make_caller()
    for _ in range(2):  # the median of three is the victim's entry
        attacker.salary(job["id"], amount=1, period="yearly")
    for _ in range(20):
        attacker.salary(job["id"], amount=99_000, period="yearly")
    for query in ({"job_id": job["id"]}, {"company_id": job["company_id"]}):
        (group,) = stats(client, **query).json["groups"]
        assert group["count"] == 23
        assert all(group[name] is None for name in FIGURES), group


def test_figures_are_never_an_entrys_exact_amount(make_caller, job, client):
    amounts = (43_210.55, 51_234.57, 58_765.43, 61_111.11, 72_345.67)
    for amount in amounts:
        make_caller().salary(job["id"], amount=amount, period="yearly")
    (group,) = stats(client, job_id=job["id"]).json["groups"]
    assert group["median"] == 58_800.0
    assert not {group[name] for name in FIGURES} & set(amounts)


def test_a_year_slice_follows_the_same_rule(make_caller, job, client):
    for year in (2024, 2025, 2025, 2025, 2025):
        make_caller().salary(job["id"], amount=25, year=year)
    (group,) = stats(client, job_id=job["id"], year=2025).json["groups"]
    assert group["count"] == 4 and group["median"] is None
    make_caller().salary(job["id"], amount=35, year=2025)
    (group,) = stats(client, job_id=job["id"], year=2025).json["groups"]
    assert group["count"] == 5 and group["median"] == 25.0


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
