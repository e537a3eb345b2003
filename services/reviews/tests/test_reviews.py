import uuid

import pytest
from reviews.models import Review
from servicekit.testing import assert_problem, run_concurrently


def test_create_review_with_every_field(user, job):
    review = user.review(
        job["id"],
        body="Long text",
        pros="Mentors",
        cons="Commute",
        rating=5,
        ratings={"work_life_balance": 4, "culture": 5, "learning": 5, "compensation": 3},
        would_recommend=True,
        term="summer",
        year=2025,
        coop_number=2,
        program="Computer Science",
    )
    assert review["company_id"] == job["company_id"]
    assert review["ratings"] == {
        "work_life_balance": 4,
        "culture": 5,
        "learning": 5,
        "compensation": 3,
    }
    assert (review["status"], review["helpful_count"], review["is_mine"]) == ("published", 0, True)
    assert "author_id" not in review


@pytest.mark.parametrize("bad", [0, 6, 3.5, "5", True, None])
def test_overall_rating_outside_1_to_5_integers_is_422(user, job, count_rows, bad):
    response = user.post("/api/v1/reviews", json={"job_id": job["id"], "title": "T", "rating": bad})
    assert_problem(response, 422, field="rating")
    assert count_rows(Review) == 0


@pytest.mark.parametrize("bad", [0, 6, 3.5, "5"])
def test_sub_ratings_outside_1_to_5_integers_are_422(user, job, count_rows, bad):
    response = user.post(
        "/api/v1/reviews",
        json={"job_id": job["id"], "title": "T", "rating": 4, "ratings": {"culture": bad}},
    )
    assert_problem(response, 422, field="ratings.culture")
    assert count_rows(Review) == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"term": "autumn"}, "term"),
        ({"year": 1999}, "year"),
        ({"year": 2100}, "year"),
        ({"coop_number": 9}, "coop_number"),
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"author_id": str(uuid.uuid4())}, "author_id"),
        ({"company_id": str(uuid.uuid4())}, "company_id"),
        ({"helpful_count": 99}, "helpful_count"),
        ({"status": "hidden"}, "status"),
        ({"status": "published"}, "status"),
        ({"ratings": {"vibes": 5}}, "ratings.vibes"),
    ],
)
def test_invalid_or_forbidden_fields_are_422_and_write_nothing(user, job, count_rows, body, field):
    payload = {"job_id": job["id"], "title": "T", "rating": 4, **body}
    assert_problem(user.post("/api/v1/reviews", json=payload), 422, field=field)
    assert count_rows(Review) == 0


def test_second_review_of_the_same_job_term_and_year_is_409(user, job, count_rows):
    user.review(job["id"], term="fall", year=2025)
    response = user.post(
        "/api/v1/reviews",
        json={"job_id": job["id"], "title": "Again", "rating": 1, "term": "fall", "year": 2025},
    )
    assert_problem(response, 409)
    assert count_rows(Review) == 1
    user.review(job["id"], term="winter", year=2025)  # another term is another review
    user.review(job["id"])  # no term or year at all is one more
    assert_problem(
        user.post("/api/v1/reviews", json={"job_id": job["id"], "title": "x", "rating": 2}), 409
    )


def test_two_racing_reviews_give_one_201_and_one_409(app, user, job, count_rows):
    body = {"job_id": job["id"], "title": "Race", "rating": 3, "term": "fall", "year": 2025}
    responses = run_concurrently(
        *[lambda: app.test_client().post("/api/v1/reviews", json=body, headers=user.headers)] * 2
    )
    assert sorted(r.status_code for r in responses) == [201, 409]
    assert count_rows(Review) == 1


def test_review_of_an_unknown_job_is_422(user, count_rows):
    response = user.post(
        "/api/v1/reviews", json={"job_id": str(uuid.uuid4()), "title": "T", "rating": 3}
    )
    assert_problem(response, 422, field="job_id")
    assert count_rows(Review) == 0


def test_author_edits_others_get_403_admin_may(user, other_user, admin, job, client):
    review = user.review(job["id"])
    path = f"/api/v1/reviews/{review['id']}"
    assert user.patch(path, json={"rating": 2, "ratings": {"culture": 1}}).json["rating"] == 2
    assert_problem(other_user.patch(path, json={"rating": 5}), 403)
    assert admin.patch(path, json={"title": "Moderated title"}).status_code == 200
    body = client.get(path).json
    assert (body["rating"], body["title"], body["ratings"]["culture"]) == (2, "Moderated title", 1)


def test_author_cannot_set_status_or_counters(user, job, client):
    review = user.review(job["id"])
    path = f"/api/v1/reviews/{review['id']}"
    for field, value in [
        ("status", "hidden"),
        ("helpful_count", 9),
        ("author_id", user.id),
        ("company_id", str(uuid.uuid4())),
        ("job_id", str(uuid.uuid4())),
    ]:
        assert_problem(user.patch(path, json={field: value}), 422, field=field)
    assert client.get(path).json == review | {"is_mine": False}


def test_author_or_admin_deletes_others_get_403(user, other_user, admin, make_job, count_rows):
    first, second = user.review(make_job()["id"]), user.review(make_job()["id"])
    assert_problem(other_user.delete(f"/api/v1/reviews/{first['id']}"), 403)
    assert user.delete(f"/api/v1/reviews/{first['id']}").status_code == 204
    assert admin.delete(f"/api/v1/reviews/{second['id']}").status_code == 204
    assert count_rows(Review) == 0


def test_list_filters_and_sorts(client, user, other_user, make_job):
    job_a, job_b = make_job("Alpha"), make_job("Beta")
    low = user.review(job_a["id"], rating=2)
    high = other_user.review(job_a["id"], rating=5)
    user.review(job_b["id"], rating=4)
    by_company = client.get(f"/api/v1/reviews?company_id={job_a['company_id']}").json["items"]
    assert {r["id"] for r in by_company} == {low["id"], high["id"]}
    by_rating = client.get(f"/api/v1/reviews?job_id={job_a['id']}&sort=-rating").json["items"]
    assert [r["id"] for r in by_rating] == [high["id"], low["id"]]
    other_user.put(f"/api/v1/reviews/{low['id']}/helpful")
    by_helpful = client.get(f"/api/v1/reviews?job_id={job_a['id']}&sort=-helpful").json["items"]
    assert by_helpful[0]["id"] == low["id"]
    newest = client.get("/api/v1/reviews").json["items"]
    assert len(newest) == 3


def test_mine_lists_the_callers_reviews_and_needs_a_token(client, user, other_user, job):
    mine = user.review(job["id"])
    other_user.review(job["id"])
    assert [r["id"] for r in user.get("/api/v1/reviews?mine=true").json["items"]] == [mine["id"]]
    assert_problem(client.get("/api/v1/reviews?mine=true"), 401)


def test_review_pages_by_cursor_in_every_sort(client, make_caller, job):
    for n in range(5):
        make_caller().review(job["id"], rating=1 + n % 5)
    for sort in ("-created_at", "-rating", "-helpful"):
        seen, cursor = [], None
        while True:
            url = f"/api/v1/reviews?limit=2&sort={sort}" + (f"&cursor={cursor}" if cursor else "")
            page = client.get(url).json
            seen += [r["id"] for r in page["items"]]
            cursor = page["next_cursor"]
            if not cursor:
                break
        assert len(seen) == len(set(seen)) == 5, sort
