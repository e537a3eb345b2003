import uuid

import pytest
from jobs.models import Application, ApplicationEvent, Contact
from servicekit.testing import assert_problem


@pytest.fixture
def job(user):
    return user.job(user.company("Northwind")["id"], title="Backend Developer")


def create(caller, **body):
    payload = {"company_name": "Acme", "position_title": "Developer", **body}
    return caller.post("/api/v1/applications", json=payload)


def test_create_from_a_job_copies_its_names(user, job):
    response = user.post("/api/v1/applications", json={"job_id": job["id"], "status": "wishlist"})
    assert response.status_code == 201
    body = response.json
    assert (body["company_name"], body["position_title"]) == ("Northwind", "Backend Developer")
    assert body["job_id"] == job["id"]
    assert [e["status"] for e in body["events"]] == ["wishlist"]


def test_create_by_names_with_contacts_in_one_go(user, count_rows):
    response = create(
        user,
        applied_on="2026-11-01",
        url="https://acme.example/jobs/1",
        notes="Referred by Sam.",
        contacts=[
            {"name": "Sam Lee", "email": "sam@acme.example", "role": "Recruiter"},
            {"name": "Alex Kim"},
        ],
    )
    assert response.status_code == 201
    body = response.json
    assert body["status"] == "applied"
    assert body["applied_on"] == "2026-11-01"
    assert [c["name"] for c in body["contacts"]] == ["Sam Lee", "Alex Kim"]
    assert count_rows(Contact) == 2
    assert count_rows(ApplicationEvent) == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"company_name": None, "position_title": None}, "company_name"),
        ({"position_title": None}, "position_title"),
        ({"status": "hired"}, "status"),
        ({"applied_on": "yesterday"}, "applied_on"),
        ({"url": "ftp://acme.example"}, "url"),
        ({"contacts": [{"email": "no-name@example.com"}]}, "contacts"),
        ({"contacts": [{"name": "A", "email": "not-an-email"}]}, "contacts"),
        ({"user_id": str(uuid.uuid4())}, "user_id"),
        ({"events": []}, "events"),
        ({"id": str(uuid.uuid4())}, "id"),
    ],
)
def test_invalid_application_is_422_and_writes_nothing(user, count_rows, body, field):
    payload = {"company_name": "Acme", "position_title": "Developer", **body}
    payload = {k: v for k, v in payload.items() if v is not None}
    assert_problem(user.post("/api/v1/applications", json=payload), 422, field=field)
    assert count_rows(Application) == 0
    assert count_rows(Contact) == 0


def test_job_id_and_names_together_are_422(user, job):
    response = create(user, job_id=job["id"])
    assert_problem(response, 422, field="job_id")


def test_unknown_job_is_422(user, count_rows):
    response = user.post("/api/v1/applications", json={"job_id": str(uuid.uuid4())})
    assert_problem(response, 422, field="job_id")
    assert count_rows(Application) == 0


def test_status_changes_build_the_timeline(user):
    application = create(user).json
    path = f"/api/v1/applications/{application['id']}"
    user.patch(path, json={"status": "interviewing", "status_note": "Phone screen booked"})
    user.patch(path, json={"notes": "Prepare system design"})  # no status change, no event
    body = user.patch(path, json={"status": "offer"}).json
    assert [e["status"] for e in body["events"]] == ["applied", "interviewing", "offer"]
    assert body["events"][1]["note"] == "Phone screen booked"
    times = [e["at"] for e in body["events"]]
    assert times == sorted(times)
    assert body["notes"] == "Prepare system design"


def test_contacts_given_replace_the_list(user, count_rows):
    application = create(user, contacts=[{"name": "A"}, {"name": "B"}]).json
    path = f"/api/v1/applications/{application['id']}"
    body = user.patch(path, json={"contacts": [{"name": "C", "role": "Manager"}]}).json
    assert [c["name"] for c in body["contacts"]] == ["C"]
    assert count_rows(Contact) == 1


def test_another_users_application_is_404_and_untouched(user, other_user, client):
    application = create(user, notes="mine").json
    path = f"/api/v1/applications/{application['id']}"
    assert_problem(other_user.get(path), 404)
    assert_problem(other_user.patch(path, json={"notes": "stolen", "status": "withdrawn"}), 404)
    assert_problem(other_user.delete(path), 404)
    assert other_user.get("/api/v1/applications").json["items"] == []
    body = user.get(path).json
    assert (body["notes"], body["status"]) == ("mine", "applied")


def test_applications_need_a_token(client):
    assert_problem(client.get("/api/v1/applications"), 401)
    assert_problem(client.post("/api/v1/applications", json={}), 401)
    assert_problem(client.get("/api/v1/applications/stats"), 401)


def test_patch_cannot_set_owner_events_or_job(user, job):
    application = create(user).json
    path = f"/api/v1/applications/{application['id']}"
    for field, value in [
        ("user_id", str(uuid.uuid4())),
        ("events", []),
        ("job_id", job["id"]),
        ("id", str(uuid.uuid4())),
    ]:
        assert_problem(user.patch(path, json={field: value}), 422, field=field)
    assert user.get(path).json == application


def test_delete_removes_it_with_contacts_and_events(user, count_rows):
    application = create(user, contacts=[{"name": "A"}]).json
    assert user.delete(f"/api/v1/applications/{application['id']}").status_code == 204
    assert (count_rows(Application), count_rows(Contact), count_rows(ApplicationEvent)) == (0, 0, 0)


def test_list_filters_by_status_and_pages(user):
    for n in range(5):
        create(user, company_name=f"Co {n}", status="rejected" if n % 2 else "applied")
    rejected = user.get("/api/v1/applications?status=rejected").json["items"]
    assert sorted(a["company_name"] for a in rejected) == ["Co 1", "Co 3"]
    first = user.get("/api/v1/applications?limit=3").json
    second = user.get(f"/api/v1/applications?limit=3&cursor={first['next_cursor']}").json
    names = [a["company_name"] for a in first["items"] + second["items"]]
    assert names == [f"Co {n}" for n in reversed(range(5))]
    assert second["next_cursor"] is None
    assert "contacts" not in first["items"][0]


def test_stats_count_the_callers_applications_by_status(user, other_user):
    for status in ("applied", "applied", "offer", "rejected"):
        create(user, status=status)
    create(other_user, status="offer")
    stats = user.get("/api/v1/applications/stats").json
    assert stats["total"] == 4
    assert stats["by_status"]["applied"] == 2
    assert stats["by_status"]["offer"] == 1
    assert stats["by_status"]["ghosted"] == 0


def test_deleted_job_leaves_the_application_readable(user, admin, job):
    application = user.post("/api/v1/applications", json={"job_id": job["id"]}).json
    admin.delete(f"/api/v1/jobs/{job['id']}")
    body = user.get(f"/api/v1/applications/{application['id']}").json
    assert body["job_id"] is None
    assert body["company_name"] == "Northwind"
