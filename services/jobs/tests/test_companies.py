import uuid

import pytest
from jobs.models import Company, Job
from servicekit.testing import assert_problem, run_concurrently


def test_create_company_returns_it_with_slug_and_zero_jobs(user):
    response = user.post(
        "/api/v1/companies",
        json={
            "name": "  Maple Ledger ",
            "website": "https://mapleledger.example",
            "industry": "Fintech",
            "size": "201-500",
            "headquarters": "Toronto, ON",
            "description": "Payments.",
        },
    )
    assert response.status_code == 201
    body = response.json
    assert body["name"] == "Maple Ledger"
    assert body["slug"] == "maple-ledger"
    assert body["job_count"] == 0
    assert set(body) == {
        "id",
        "name",
        "slug",
        "website",
        "logo_url",
        "industry",
        "size",
        "headquarters",
        "description",
        "job_count",
        "created_at",
        "updated_at",
    }


def test_create_company_needs_a_token(client, count_rows):
    assert_problem(client.post("/api/v1/companies", json={"name": "X"}), 401)
    assert count_rows(Company) == 0


def test_name_is_unique_ignoring_case_and_spaces(user, other_user, count_rows):
    user.company("Northwind")
    assert_problem(other_user.post("/api/v1/companies", json={"name": " NORTHWIND  "}), 409)
    assert count_rows(Company) == 1


def test_names_with_the_same_slug_get_distinct_slugs(user):
    first, second = user.company("A&B"), user.company("A B")
    assert first["slug"] == "a-b"
    assert second["slug"].startswith("a-b-") and second["slug"] != first["slug"]


def test_two_racing_creations_of_one_name_give_one_201_and_one_409(app, token_issuer, count_rows):
    def create(name):
        return app.test_client().post(
            "/api/v1/companies", json={"name": name}, headers=token_issuer.headers()
        )

    responses = run_concurrently(lambda: create("Racer"), lambda: create("racer"))
    assert sorted(r.status_code for r in responses) == [201, 409]
    assert count_rows(Company) == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "X", "size": "12"}, "size"),
        ({"name": "X", "size": "huge"}, "size"),
        ({"name": "X", "website": "ftp://example.com"}, "website"),
        ({"name": "X", "website": "javascript:alert(1)"}, "website"),
        ({"name": "X", "website": "not a url"}, "website"),
        ({"name": "x" * 201}, "name"),
        ({"name": "   "}, "name"),
        ({"name": 5}, "name"),
        ({}, "name"),
        ({"name": "X", "job_count": 10}, "job_count"),
        ({"name": "X", "id": str(uuid.uuid4())}, "id"),
        ({"name": "X", "user_id": str(uuid.uuid4())}, "user_id"),
        ({"name": "X", "created_by": str(uuid.uuid4())}, "created_by"),
    ],
)
def test_invalid_company_is_422_and_writes_nothing(user, count_rows, body, field):
    assert_problem(user.post("/api/v1/companies", json=body), 422, field=field)
    assert count_rows(Company) == 0


def test_get_company_and_404s(client, user):
    company = user.company()
    assert client.get(f"/api/v1/companies/{company['id']}").json == company
    assert_problem(client.get(f"/api/v1/companies/{uuid.uuid4()}"), 404)
    assert_problem(client.get("/api/v1/companies/not-a-uuid"), 404)


def test_creator_and_admin_may_patch_others_get_403(user, other_user, admin, client):
    company = user.company()
    path = f"/api/v1/companies/{company['id']}"
    assert user.patch(path, json={"industry": "Fintech"}).json["industry"] == "Fintech"
    assert admin.patch(path, json={"size": "11-50"}).json["size"] == "11-50"
    assert_problem(other_user.patch(path, json={"industry": "Spam"}), 403)
    assert client.get(path).json["industry"] == "Fintech"


def test_patch_to_a_taken_name_is_409_and_changes_nothing(user, client):
    user.company("Alpha")
    beta = user.company("Beta")
    assert_problem(user.patch(f"/api/v1/companies/{beta['id']}", json={"name": "ALPHA"}), 409)
    assert client.get(f"/api/v1/companies/{beta['id']}").json["name"] == "Beta"


def test_patch_cannot_set_job_count_or_slug(user, client):
    company = user.company()
    path = f"/api/v1/companies/{company['id']}"
    assert_problem(user.patch(path, json={"job_count": 99}), 422, field="job_count")
    assert_problem(user.patch(path, json={"slug": "mine"}), 422, field="slug")
    assert client.get(path).json == company


def test_only_admins_delete_and_jobs_go_with_the_company(user, admin, count_rows):
    company = user.company()
    user.job(company["id"])
    path = f"/api/v1/companies/{company['id']}"
    assert_problem(user.delete(path), 403)
    assert count_rows(Company) == 1
    assert admin.delete(path).status_code == 204
    assert count_rows(Company) == 0
    assert count_rows(Job) == 0
    assert_problem(admin.delete(path), 404)


def test_search_matches_any_part_of_the_name_ignoring_case(client, user):
    for name in ("Northwind Analytics", "Maple Ledger", "Southwind Games"):
        user.company(name)
    names = lambda q: [c["name"] for c in client.get(f"/api/v1/companies?q={q}").json["items"]]  # noqa: E731
    assert names("wind") == ["Northwind Analytics", "Southwind Games"]
    assert names("LEDG") == ["Maple Ledger"]
    assert names("north") == ["Northwind Analytics"]
    assert names("%25") == []


def test_industry_filter_and_sorts(client, user):
    big = user.company("Big", industry="Fintech")
    user.company("Small", industry="fintech")
    user.company("Other", industry="Games")
    for title in ("A", "B"):
        user.job(big["id"], title=title)
    fintech = client.get("/api/v1/companies?industry=FINTECH").json["items"]
    assert [c["name"] for c in fintech] == ["Big", "Small"]
    by_jobs = client.get("/api/v1/companies?sort=-job_count").json["items"]
    assert by_jobs[0]["name"] == "Big" and by_jobs[0]["job_count"] == 2
    newest = client.get("/api/v1/companies?sort=-created_at").json["items"]
    assert [c["name"] for c in newest] == ["Other", "Small", "Big"]
    assert_problem(client.get("/api/v1/companies?sort=size"), 422, field="sort")


def test_pages_cover_every_company_once_even_with_inserts_between_pages(client, user):
    for n in range(7):
        user.company(f"Company {n}")
    seen, cursor = [], None
    while True:
        url = "/api/v1/companies?limit=3" + (f"&cursor={cursor}" if cursor else "")
        page = client.get(url).json
        seen += [c["name"] for c in page["items"]]
        user.company(f"Aardvark {len(seen)}")  # sorts before every page already served
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [f"Company {n}" for n in range(7)]


@pytest.mark.parametrize("cursor", ["garbage", "eyJ4IjoxfQ", "A" * 60])
def test_malformed_or_tampered_cursor_is_422(client, cursor):
    assert_problem(client.get(f"/api/v1/companies?cursor={cursor}"), 422, field="cursor")


def test_a_cursor_from_one_sort_is_refused_by_another(client, user):
    for n in range(3):
        user.company(f"C{n}")
    cursor = client.get("/api/v1/companies?limit=1").json["next_cursor"]
    response = client.get(f"/api/v1/companies?sort=-created_at&cursor={cursor}")
    assert_problem(response, 422, field="cursor")
