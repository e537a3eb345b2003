import uuid

import pytest
from reviews.extensions import db
from reviews.models import Flag, HelpfulVote, Review
from servicekit.testing import assert_problem, run_concurrently
from sqlalchemy import event


@pytest.fixture
def review(user, job):
    return user.review(job["id"])


def helpful_count(client, review):
    return client.get(f"/api/v1/reviews/{review['id']}").json["helpful_count"]


def test_helpful_votes_are_idempotent(other_user, review, client, count_rows):
    path = f"/api/v1/reviews/{review['id']}/helpful"
    assert other_user.put(path).status_code == 204
    assert other_user.put(path).status_code == 204
    assert helpful_count(client, review) == 1
    assert other_user.delete(path).status_code == 204
    assert other_user.delete(path).status_code == 204
    assert helpful_count(client, review) == 0
    assert count_rows(HelpfulVote) == 0


def test_helpful_count_is_exact_under_concurrent_votes(app, make_caller, review, client):
    voters = [make_caller() for _ in range(6)]
    path = f"/api/v1/reviews/{review['id']}/helpful"

    def vote(voter):
        return app.test_client().put(path, headers=voter.headers)

    # Every voter twice at once: six distinct votes, each counted once.
    run_concurrently(*(lambda v=v: vote(v) for v in voters + voters))
    assert helpful_count(client, review) == 6
    run_concurrently(
        *(lambda v=v: app.test_client().delete(path, headers=v.headers) for v in voters + voters)
    )
    assert helpful_count(client, review) == 0


def test_voting_needs_a_token(client, review):
    assert_problem(client.put(f"/api/v1/reviews/{review['id']}/helpful"), 401)


def flag(caller, review, reason="spam"):
    return caller.post(f"/api/v1/reviews/{review['id']}/flags", json={"reason": reason})


def statements_during(app, call):
    """The SQL `call` sent (each statement's text), and what it returned."""
    statements = []
    with app.app_context():
        engine = db.engine
    listen = lambda *args: statements.append(args[2])  # noqa: E731 - the statement text
    event.listen(engine, "before_cursor_execute", listen)
    try:
        return statements, call()
    finally:
        event.remove(engine, "before_cursor_execute", listen)


def test_a_user_flags_a_review_once(other_user, review, count_rows):
    response = flag(other_user, review)
    assert response.status_code == 201
    assert (response.json["reason"], response.json["status"]) == ("spam", "open")
    assert "user_id" not in response.json
    assert_problem(flag(other_user, review, "offensive"), 409)
    assert count_rows(Flag) == 1


@pytest.mark.parametrize("body", [{"reason": "boring"}, {}, {"reason": "spam", "note": 5}])
def test_invalid_flag_is_422(other_user, review, count_rows, body):
    response = other_user.post(f"/api/v1/reviews/{review['id']}/flags", json=body)
    assert_problem(response, 422)
    assert count_rows(Flag) == 0


def test_third_flag_from_distinct_established_users_hides_the_review(
    established, user, admin, review, client
):
    path = f"/api/v1/reviews/{review['id']}"
    for _ in range(2):
        flag(established(), review)
    assert client.get(path).status_code == 200
    flag(established(), review)
    assert_problem(client.get(path), 404)
    assert client.get("/api/v1/reviews").json["items"] == []
    assert user.get(path).json["status"] == "hidden"  # the author still sees it
    assert admin.get(path).status_code == 200
    assert [r["id"] for r in user.get("/api/v1/reviews?mine=true").json["items"]] == [review["id"]]


def test_admin_decision_resolves_open_flags(established, admin, review, client, app):
    for _ in range(3):
        flag(established(), review)
    queue = admin.get("/api/v1/flags?status=open").json["items"]
    assert len(queue) == 3 and all("user_id" in f for f in queue)
    response = admin.patch(f"/api/v1/reviews/{review['id']}", json={"status": "published"})
    assert response.json["status"] == "published"
    assert admin.get("/api/v1/flags?status=open").json["items"] == []
    assert len(admin.get("/api/v1/flags?status=resolved").json["items"]) == 3
    assert client.get(f"/api/v1/reviews/{review['id']}").status_code == 200
    # Resolved flags do not count again: one new flag does not re-hide it.
    flag(established(), review)
    assert client.get(f"/api/v1/reviews/{review['id']}").status_code == 200


def test_the_queue_shows_each_flagged_review_in_a_fixed_number_of_queries(
    established, admin, review, user, job, app
):
    second = user.review(job["id"], title="Second", rating=2, year=2024)
    for flagged in (review, second, second):
        flag(established(), flagged)
    statements, answer = statements_during(app, lambda: admin.get("/api/v1/flags?status=open"))
    queue = answer.json["items"]
    shown = {(f["review"]["id"], f["review"]["title"], f["review"]["status"]) for f in queue}
    assert shown == {
        (review["id"], review["title"], "published"),
        (second["id"], "Second", "published"),
    }
    assert all(f["review"]["job_title"] == job["title"] for f in queue)
    # The page's reviews and their job names in one query each, not one per flag.
    for table in ("reviews", "job_references"):
        assert len([s for s in statements if f"\nFROM {table} " in s]) == 1, table


def test_admin_may_hide_a_review_outright(admin, review, client):
    admin.patch(f"/api/v1/reviews/{review['id']}", json={"status": "hidden"})
    assert_problem(client.get(f"/api/v1/reviews/{review['id']}"), 404)


def test_flags_queue_is_for_admins(user, client):
    assert_problem(user.get("/api/v1/flags"), 403)
    assert_problem(client.get("/api/v1/flags"), 401)


def test_hidden_review_is_404_to_others_on_every_method(established, review, other_user, user):
    for _ in range(3):
        flag(established(), review)
    path = f"/api/v1/reviews/{review['id']}"
    assert_problem(other_user.put(f"{path}/helpful"), 404)
    assert_problem(flag(other_user, review), 404)
    assert_problem(other_user.patch(path, json={"title": "x"}), 404)
    # Deleting it answers exactly as deleting a review that never existed.
    hidden = other_user.delete(path)
    missing = other_user.delete(f"/api/v1/reviews/{uuid.uuid4()}")
    assert_problem(hidden, 404)
    assert (hidden.json["title"], hidden.json["detail"]) == (
        missing.json["title"],
        missing.json["detail"],
    )
    assert user.delete(path).status_code == 204  # its author still may


def test_throwaway_accounts_cannot_hide_a_review_but_every_flag_is_queued(
    make_caller, review, admin, client
):
    for _ in range(5):
        flag(make_caller(), review)
    assert client.get(f"/api/v1/reviews/{review['id']}").status_code == 200
    assert len(admin.get("/api/v1/flags?status=open").json["items"]) == 5


def test_a_flaggers_only_review_being_the_flagged_one_does_not_make_it_established(
    make_caller, job, user, client
):
    target = user.review(job["id"], term="fall", year=2025)
    for _ in range(3):
        flagger = make_caller()
        flagger.salary(job["id"])  # private entries do not count either
        flag(flagger, target)
    assert client.get(f"/api/v1/reviews/{target['id']}").status_code == 200


def test_concurrent_flags_hide_the_review_exactly_once(app, established, review, count_rows):
    flaggers = [established() for _ in range(4)]
    run_concurrently(
        *(
            lambda f=f: app.test_client().post(
                f"/api/v1/reviews/{review['id']}/flags", json={"reason": "spam"}, headers=f.headers
            )
            for f in flaggers
        )
    )
    assert count_rows(Flag) == 4
    with app.app_context():
        from reviews.extensions import db

        assert db.session.get(Review, uuid.UUID(review["id"])).status == "hidden"


def test_a_reader_sees_which_reviews_they_marked_helpful(other_user, user, review, client):
    path = f"/api/v1/reviews/{review['id']}"
    listing = f"/api/v1/reviews?job_id={review['job_id']}"
    assert other_user.put(path + "/helpful").status_code == 204
    # The voter, in the list and alone; nobody else, signed in or out.
    assert other_user.get(path).json["marked_helpful"] is True
    assert [r["marked_helpful"] for r in other_user.get(listing).json["items"]] == [True]
    assert user.get(path).json["marked_helpful"] is False
    assert client.get(listing).json["items"][0]["marked_helpful"] is False
    assert other_user.delete(path + "/helpful").status_code == 204
    assert other_user.get(path).json["marked_helpful"] is False


def test_the_callers_votes_come_in_the_reviews_own_query(app, other_user, user, job):
    written = [
        user.review(job["id"], title=f"Term {year}", year=year) for year in (2023, 2024, 2025)
    ]
    for review in written[:2]:
        assert other_user.put(f"/api/v1/reviews/{review['id']}/helpful").status_code == 204
    statements, answer = statements_during(
        app, lambda: other_user.get(f"/api/v1/reviews?job_id={job['id']}")
    )
    marked = {r["title"]: r["marked_helpful"] for r in answer.json["items"]}
    assert marked == {"Term 2023": True, "Term 2024": True, "Term 2025": False}
    (votes,) = [s for s in statements if "helpful_votes" in s]
    assert "\nFROM reviews " in votes  # an EXISTS inside the page's query: none per review
