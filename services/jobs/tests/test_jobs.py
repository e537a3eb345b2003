import uuid

import pytest
from jobs.models import Company, Job
from servicekit.testing import assert_problem, run_concurrently


@pytest.fixture
def company(user):
    return user.company("Northwind")


def job_count(client, company_id):
    return client.get(f"/api/v1/companies/{company_id}").json["job_count"]


def test_create_job_returns_it_with_its_company(user, company, client):
    response = user.post(
        "/api/v1/jobs",
        json={
            "company_id": company["id"],
            "title": "Backend Developer",
            "location": "Toronto, ON",
            "employment_type": "co-op",
            "workplace": "hybrid",
            "description": "APIs.",
        },
    )
    assert response.status_code == 201
    job = response.json
    assert job["company"] == {"id": company["id"], "name": "Northwind"}
    assert job.pop("is_saved") is False  # the caller is signed in
    assert client.get(f"/api/v1/jobs/{job['id']}").json == job  # an anonymous one is not
    assert job_count(client, company["id"]) == 1


def test_job_for_an_unknown_company_is_422(user, count_rows):
    response = user.post(
        "/api/v1/jobs",
        json={"company_id": str(uuid.uuid4()), "title": "Dev", "employment_type": "co-op"},
    )
    assert_problem(response, 422, field="company_id")
    assert count_rows(Job) == 0


def test_duplicate_title_and_location_ignoring_case_is_409(user, company, client, count_rows):
    user.job(company["id"], title="Developer", location="Toronto")
    response = user.post(
        "/api/v1/jobs",
        json={
            "company_id": company["id"],
            "title": "DEVELOPER",
            "location": "toronto",
            "employment_type": "internship",
        },
    )
    assert_problem(response, 409)
    assert count_rows(Job) == 1
    assert job_count(client, company["id"]) == 1
    user.job(company["id"], title="Developer", location="Waterloo")
    user.job(company["id"], title="Developer")  # no location is a location of its own
    assert_problem(
        user.post(
            "/api/v1/jobs",
            json={"company_id": company["id"], "title": "developer", "employment_type": "co-op"},
        ),
        409,
    )


def _create_job(app, token_issuer, company_id, title):
    return app.test_client().post(
        "/api/v1/jobs",
        headers=token_issuer.headers(),
        json={"company_id": company_id, "title": title, "employment_type": "co-op"},
    )


def test_two_racing_creations_of_one_job_give_one_201_and_one_409(
    app, token_issuer, company, client
):
    responses = run_concurrently(
        *[lambda: _create_job(app, token_issuer, company["id"], "Racer")] * 2
    )
    assert sorted(r.status_code for r in responses) == [201, 409]
    assert job_count(client, company["id"]) == 1


def test_job_count_stays_exact_under_concurrent_creation(app, token_issuer, company, client):
    run_concurrently(
        *(lambda n=n: _create_job(app, token_issuer, company["id"], f"Job {n}") for n in range(8))
    )
    assert job_count(client, company["id"]) == 8


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"employment_type": "freelance"}, "employment_type"),
        ({"workplace": "moon"}, "workplace"),
        ({"title": "t" * 201}, "title"),
        ({"title": ""}, "title"),
        ({"company_id": "not-a-uuid"}, "company_id"),
        ({"job_count": 1}, "job_count"),
        ({"id": str(uuid.uuid4())}, "id"),
        ({"user_id": str(uuid.uuid4())}, "user_id"),
    ],
)
def test_invalid_job_is_422_and_writes_nothing(user, company, count_rows, body, field):
    payload = {"company_id": company["id"], "title": "Dev", "employment_type": "co-op", **body}
    assert_problem(user.post("/api/v1/jobs", json=payload), 422, field=field)
    assert count_rows(Job) == 0


def test_creator_or_admin_patches_others_403(user, other_user, admin, company, client):
    job = user.job(company["id"])
    path = f"/api/v1/jobs/{job['id']}"
    assert user.patch(path, json={"workplace": "remote"}).json["workplace"] == "remote"
    assert admin.patch(path, json={"location": "Waterloo"}).json["location"] == "Waterloo"
    assert_problem(other_user.patch(path, json={"title": "Hijacked"}), 403)
    assert client.get(path).json["title"] == "Software Developer"


def test_a_job_cannot_move_company(user, company):
    job = user.job(company["id"])
    other = user.company("Other")
    response = user.patch(f"/api/v1/jobs/{job['id']}", json={"company_id": other["id"]})
    assert_problem(response, 422, field="company_id")


def test_patch_into_a_duplicate_is_409(user, company, client):
    user.job(company["id"], title="A")
    b = user.job(company["id"], title="B")
    assert_problem(user.patch(f"/api/v1/jobs/{b['id']}", json={"title": "a"}), 409)
    assert client.get(f"/api/v1/jobs/{b['id']}").json["title"] == "B"


def test_only_admins_delete_jobs_and_the_count_follows(user, admin, company, client, count_rows):
    job = user.job(company["id"])
    assert_problem(user.delete(f"/api/v1/jobs/{job['id']}"), 403)
    assert admin.delete(f"/api/v1/jobs/{job['id']}").status_code == 204
    assert count_rows(Job) == 0
    assert job_count(client, company["id"]) == 0
    assert_problem(client.get(f"/api/v1/jobs/{job['id']}"), 404)


def test_malformed_uuid_in_path_is_404(client, user):
    assert_problem(client.get("/api/v1/jobs/123"), 404)
    assert_problem(user.patch("/api/v1/jobs/123", json={}), 404)


def test_list_filters(client, user, company):
    other = user.company("Southwind")
    user.job(
        company["id"],
        title="Backend Developer",
        location="Toronto, ON",
        employment_type="co-op",
        workplace="remote",
    )
    user.job(
        company["id"],
        title="Data Analyst",
        location="Waterloo, ON",
        employment_type="full-time",
        workplace="on-site",
    )
    user.job(
        other["id"],
        title="Frontend Developer",
        location="Toronto, ON",
        employment_type="internship",
        workplace="hybrid",
    )

    def titles(query):
        return sorted(j["title"] for j in client.get(f"/api/v1/jobs?{query}").json["items"])

    assert titles(f"company_id={company['id']}") == ["Backend Developer", "Data Analyst"]
    assert titles("q=developer") == ["Backend Developer", "Frontend Developer"]
    assert titles("location=toronto") == ["Backend Developer", "Frontend Developer"]
    assert titles("employment_type=full-time") == ["Data Analyst"]
    assert titles("workplace=hybrid") == ["Frontend Developer"]
    assert titles(f"company_id={other['id']}&q=front") == ["Frontend Developer"]
    assert_problem(client.get("/api/v1/jobs?employment_type=gig"), 422, field="employment_type")
    assert_problem(client.get("/api/v1/jobs?company_id=nope"), 422, field="company_id")


def test_job_list_pages_newest_first_without_gaps(client, user, company):
    for n in range(5):
        user.job(company["id"], title=f"Job {n}")
    seen, cursor = [], None
    while True:
        page = client.get("/api/v1/jobs?limit=2" + (f"&cursor={cursor}" if cursor else "")).json
        seen += [j["title"] for j in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == [f"Job {n}" for n in reversed(range(5))]


def _selects_sent(app, ask) -> int:
    """How many SELECTs the service sent while `ask()` ran."""
    from jobs.extensions import db
    from sqlalchemy import event

    with app.app_context():
        engine = db.engine
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        ask()
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return len([s for s in statements if s.lstrip().upper().startswith("SELECT")])


def test_job_list_runs_a_fixed_number_of_queries(app, client, user, company):
    for n in range(10):
        user.job(company["id"], title=f"Job {n}")

    def page_of(caller, limit: int):
        return lambda: len(caller.get(f"/api/v1/jobs?limit={limit}").json["items"]) == limit

    assert _selects_sent(app, page_of(client, 10)) == 1
    # Signed in: the caller's standing and which of the page it saved, once for the page.
    assert _selects_sent(app, page_of(user, 2)) == _selects_sent(app, page_of(user, 10)) == 3


def test_deleting_a_company_updates_nothing_else(admin, user, company, count_rows):
    keep = user.company("Keep")
    user.job(keep["id"])
    admin.delete(f"/api/v1/companies/{company['id']}")
    assert count_rows(Company) == 1
    assert count_rows(Job) == 1
