"""What a client needs on a page: many summaries in one call, contributions with their job's
names, the caller's own interview reports, salary figures by term or program."""

import uuid

from servicekit.testing import assert_problem


def _summaries(client, name, ids):
    return client.get(f"/api/v1/reviews/summaries?{'&'.join(f'{name}={i}' for i in ids)}")


def test_a_page_of_companies_gets_every_rating_in_one_call(make_caller, make_job, client):
    first, second, empty = make_job(), make_job(), make_job()
    for rating in (5, 4):
        make_caller().review(first["id"], rating=rating)
    make_caller().review(second["id"], rating=2)
    companies = [first["company_id"], second["company_id"], empty["company_id"]]
    items = _summaries(client, "company_id", [*companies, str(uuid.uuid4())]).json["items"]
    by_company = {item["company_id"]: (item["count"], item["average"]) for item in items}
    # A company without reviews, and one that does not exist, are simply absent.
    assert by_company == {first["company_id"]: (2, 4.5), second["company_id"]: (1, 2.0)}
    jobs = _summaries(client, "job_id", [first["id"]]).json["items"]
    assert jobs == [{"job_id": first["id"], "count": 2, "average": 4.5}]


def test_summaries_take_at_most_100_ids_of_one_kind(client, job):
    too_many = [str(uuid.uuid4()) for _ in range(101)]
    assert_problem(_summaries(client, "company_id", too_many), 422, field="company_id")
    assert _summaries(client, "company_id", too_many[:100]).status_code == 200
    both = f"/api/v1/reviews/summaries?company_id={job['company_id']}&job_id={job['id']}"
    assert_problem(client.get(both), 422, field="company_id")
    assert_problem(client.get("/api/v1/reviews/summaries"), 422, field="company_id")
    assert_problem(_summaries(client, "company_id", ["not-an-id"]), 422, field="company_id")


def test_every_contribution_carries_its_jobs_title_and_company_name(user, make_job):
    job = make_job("Northwind Labs", "Backend Developer")
    names = {"job_title": "Backend Developer", "company_name": "Northwind Labs"}
    review, salary, interview = (
        user.review(job["id"]),
        user.salary(job["id"]),
        user.interview(job["id"]),
    )
    for contribution in (review, salary, interview):
        assert {k: contribution[k] for k in names} == names
    for path in ("/api/v1/reviews?mine=true", "/api/v1/salaries", "/api/v1/interviews?mine=true"):
        (listed,) = user.get(path).json["items"]
        assert {k: listed[k] for k in names} == names


def test_mine_lists_only_the_callers_interview_reports(user, other_user, job, client):
    mine = user.interview(job["id"])
    other_user.interview(job["id"])
    assert [i["id"] for i in user.get("/api/v1/interviews?mine=true").json["items"]] == [mine["id"]]
    assert len(client.get(f"/api/v1/interviews?job_id={job['id']}").json["items"]) == 2
    assert_problem(client.get("/api/v1/interviews?mine=true"), 401)


def test_salary_figures_by_term_and_by_program_follow_the_five_accounts_rule(
    make_caller, job, client
):
    for amount in (20, 22, 24, 26, 28):
        make_caller().salary(job["id"], amount=amount, term="summer", program="Computer Science")
    for amount in (40, 42):
        make_caller().salary(job["id"], amount=amount, term="fall", program="Math")
    base = f"/api/v1/salaries/stats?job_id={job['id']}"
    (summer,) = client.get(f"{base}&term=summer").json["groups"]
    assert (summer["count"], summer["median"]) == (5, 24.0)
    (math,) = client.get(f"{base}&program=Math").json["groups"]
    assert (math["count"], math["median"]) == (2, None)
    (cs_summer,) = client.get(f"{base}&term=summer&program=Computer%20Science").json["groups"]
    assert cs_summer["count"] == 5
    assert_problem(client.get(f"{base}&term=monsoon"), 422, field="term")


def test_a_pages_job_names_cost_the_same_queries_whatever_its_size(make_caller, make_job, app):
    from reviews.extensions import db
    from sqlalchemy import event

    def statements_for_a_page() -> int:
        sent = []
        with app.app_context():
            engine = db.engine
        listener = lambda *args: sent.append(args[2])  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            assert app.test_client().get("/api/v1/reviews?limit=100").status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        return len(sent)

    for _ in range(2):
        make_caller().review(make_job()["id"])
    few = statements_for_a_page()
    for _ in range(6):
        make_caller().review(make_job()["id"])
    assert statements_for_a_page() == few  # no query per row
