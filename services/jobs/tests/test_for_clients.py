"""What a client needs on a page: a company by its slug, its logo, jobs by title, and whether
the signed-in caller saved each job, in as few calls as the page has lists."""

from servicekit.testing import assert_problem


def test_a_company_is_found_by_its_slug_on_every_method(user, admin, client):
    company = user.company("Maple Ledger", logo_url="https://maple.example/logo.png")
    by_slug = client.get("/api/v1/companies/maple-ledger")
    assert by_slug.status_code == 200
    assert by_slug.json == client.get(f"/api/v1/companies/{company['id']}").json
    assert by_slug.json["logo_url"] == "https://maple.example/logo.png"
    renamed = user.patch("/api/v1/companies/maple-ledger", json={"name": "Maple Ledger Inc"})
    assert renamed.status_code == 200 and renamed.json["slug"] == "maple-ledger"
    assert admin.delete("/api/v1/companies/maple-ledger").status_code == 204
    assert_problem(client.get(f"/api/v1/companies/{company['id']}"), 404)


def test_a_slug_that_matches_nothing_is_404(client):
    assert_problem(client.get("/api/v1/companies/no-such-company"), 404)


def test_a_logo_must_be_a_web_address(user):
    assert_problem(
        user.post("/api/v1/companies", json={"name": "X", "logo_url": "ftp://x"}),
        422,
        field="logo_url",
    )


def test_jobs_sort_by_title_and_page_in_that_order(user, client):
    company = user.company()
    for title in ("Data Analyst", "QA Tester", "Backend Developer", "Frontend Developer"):
        user.job(company["id"], title=title)
    first = client.get("/api/v1/jobs?sort=title&limit=2").json
    second = client.get(f"/api/v1/jobs?sort=title&limit=2&cursor={first['next_cursor']}").json
    titles = [job["title"] for job in first["items"] + second["items"]]
    assert titles == ["Backend Developer", "Data Analyst", "Frontend Developer", "QA Tester"]
    assert_problem(client.get("/api/v1/jobs?sort=salary"), 422, field="sort")
    # A cursor of one order cannot be replayed on the other.
    assert_problem(client.get(f"/api/v1/jobs?cursor={first['next_cursor']}"), 422)


def test_a_signed_in_caller_sees_which_jobs_it_saved(user, other_user, client):
    company = user.company()
    saved, other = user.job(company["id"], title="Saved"), user.job(company["id"], title="Not")
    user.put(f"/api/v1/jobs/{saved['id']}/saved")
    listed = {job["title"]: job["is_saved"] for job in user.get("/api/v1/jobs").json["items"]}
    assert listed == {"Saved": True, "Not": False}
    assert user.get(f"/api/v1/jobs/{saved['id']}").json["is_saved"] is True
    assert user.get(f"/api/v1/jobs/{other['id']}").json["is_saved"] is False
    assert all(not job["is_saved"] for job in other_user.get("/api/v1/jobs").json["items"])
    assert all("is_saved" not in job for job in client.get("/api/v1/jobs").json["items"])


def test_filter_values_come_with_their_job_counts_most_common_first(user, client):
    fintech = user.company("Maple", industry="Fintech")
    games = user.company("Pixel", industry="Games")
    user.job(fintech["id"], title="A", location="Toronto", workplace="hybrid")
    user.job(fintech["id"], title="B", location="Toronto", employment_type="internship")
    user.job(games["id"], title="C", location="Waterloo")
    filters = client.get("/api/v1/jobs/filters").json
    assert filters["industries"] == [
        {"value": "Fintech", "count": 2},
        {"value": "Games", "count": 1},
    ]
    assert filters["locations"] == [
        {"value": "Toronto", "count": 2},
        {"value": "Waterloo", "count": 1},
    ]
    assert filters["employment_types"] == [
        {"value": "co-op", "count": 2},
        {"value": "internship", "count": 1},
    ]
    assert filters["workplaces"] == [{"value": "hybrid", "count": 1}]
