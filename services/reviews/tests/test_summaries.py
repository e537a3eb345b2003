def summary(client, **query):
    key, value = next(iter(query.items()))
    return client.get(f"/api/v1/reviews/summary?{key}={value}").json


def test_summary_over_published_reviews(client, make_caller, job):
    make_caller().review(
        job["id"], rating=5, would_recommend=True, ratings={"culture": 4, "learning": 5}
    )
    make_caller().review(job["id"], rating=3, would_recommend=False, ratings={"culture": 2})
    make_caller().review(job["id"], rating=4)
    result = summary(client, job_id=job["id"])
    assert result["count"] == 3
    assert result["rating"] == {
        "average": 4.0,
        "distribution": {"1": 0, "2": 0, "3": 1, "4": 1, "5": 1},
    }
    assert result["ratings"] == {
        "work_life_balance": None,
        "culture": 3.0,
        "learning": 5.0,
        "compensation": None,
    }
    assert result["would_recommend_pct"] == 50.0
    assert summary(client, company_id=job["company_id"]) == result


def test_summary_follows_edits_deletions_and_moderation(client, make_caller, admin, job):
    author = make_caller()
    review = author.review(job["id"], rating=1)
    make_caller().review(job["id"], rating=5)
    assert summary(client, job_id=job["id"])["rating"]["average"] == 3.0
    author.patch(f"/api/v1/reviews/{review['id']}", json={"rating": 3})
    assert summary(client, job_id=job["id"])["rating"]["average"] == 4.0
    admin.patch(f"/api/v1/reviews/{review['id']}", json={"status": "hidden"})
    assert summary(client, job_id=job["id"])["count"] == 1
    admin.patch(f"/api/v1/reviews/{review['id']}", json={"status": "published"})
    assert summary(client, job_id=job["id"])["count"] == 2
    author.delete(f"/api/v1/reviews/{review['id']}")
    assert summary(client, job_id=job["id"])["rating"]["average"] == 5.0


def test_empty_summary(client, job):
    result = summary(client, job_id=job["id"])
    assert result["count"] == 0
    assert result["rating"]["average"] is None
    assert result["would_recommend_pct"] is None
