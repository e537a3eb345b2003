"""review_stats, interview_stats and salary_stats stay equal to the aggregates they replace,
whatever writes them: single rows, bulk statements, moves between jobs, moderation, deletes,
truncation and concurrent writers. Salary figures are recomputed after the write (the
worker's chore, or the reader that finds them stale), so they are compared once that ran."""

from __future__ import annotations

import uuid

from reviews.extensions import db
from reviews.stats import refresh_stale_salary_stats
from servicekit.testing import run_concurrently
from sqlalchemy import text

COMPANIES = [uuid.uuid4() for _ in range(2)]
JOBS = {uuid.uuid4(): COMPANIES[n % 2] for n in range(3)}
SCOPES = "CROSS JOIN LATERAL (VALUES ('company', c.company_id), ('job', c.job_id)) AS k(s, id)"

LIVE = {
    "review_stats": f"""
        SELECT k.s, k.id, count(*), sum(rating),
               count(*) FILTER (WHERE rating = 1), count(*) FILTER (WHERE rating = 5),
               coalesce(sum(culture), 0), count(culture),
               count(*) FILTER (WHERE would_recommend), count(would_recommend)
        FROM reviews AS c {SCOPES} WHERE status = 'published' GROUP BY 1, 2""",
    "interview_stats": f"""
        SELECT k.s, k.id, count(*), sum(difficulty), count(*) FILTER (WHERE outcome = 'offer')
        FROM interviews AS c {SCOPES} GROUP BY 1, 2""",
    "salary_stats": f"""
        SELECT k.s, k.id, currency, period, count(*), count(DISTINCT author_id),
               round(percentile_cont(0.5) WITHIN GROUP (ORDER BY amount)::numeric, 2),
               round(avg(amount), 2)
        FROM salaries AS c {SCOPES} GROUP BY 1, 2, 3, 4""",
}
KEPT = {
    "review_stats": """
        SELECT scope, scope_id, count, rating_sum, rating_1, rating_5, culture_sum,
               culture_count, recommend_yes, recommend_count
        FROM review_stats WHERE count <> 0""",
    "interview_stats": """
        SELECT scope, scope_id, count, difficulty_sum, offer FROM interview_stats
        WHERE count <> 0""",
    "salary_stats": """
        SELECT scope, scope_id, currency, period, count, accounts, median, mean
        FROM salary_stats""",
}


def assert_kept_equal_to_live(app) -> None:
    with app.app_context():
        while refresh_stale_salary_stats():
            pass  # more were stale than one round takes
        for table, live in LIVE.items():
            expected = sorted(tuple(row) for row in db.session.execute(text(live)))
            kept = sorted(tuple(row) for row in db.session.execute(text(KEPT[table])))
            assert kept == expected, table


def execute(app, statement: str, **parameters) -> None:
    with app.app_context():
        db.session.execute(text(statement), parameters)
        db.session.commit()


def insert_contributions(app, rows: int) -> None:
    """Bulk statements over every job, as a data migration or a bulk load would write."""
    picked = "(CAST(:jobs AS uuid[]))[1 + n % 3], (CAST(:companies AS uuid[]))[1 + n % 3]"
    parameters = {"jobs": list(JOBS), "companies": list(JOBS.values()), "rows": rows}
    execute(
        app,
        f"""INSERT INTO reviews (id, author_id, job_id, company_id, title, rating, culture,
                                 would_recommend, status)
            SELECT gen_random_uuid(), gen_random_uuid(), job, co, 'r', 1 + n % 5,
                   CASE WHEN n % 3 = 0 THEN NULL ELSE 1 + n % 4 END,
                   CASE WHEN n % 4 = 0 THEN NULL ELSE n % 2 = 0 END,
                   CASE WHEN n % 7 = 0 THEN 'hidden' ELSE 'published' END
            FROM (SELECT n, {picked} FROM generate_series(1, :rows) AS n) AS g(n, job, co)""",
        **parameters,
    )
    execute(
        app,
        f"""INSERT INTO interviews (id, author_id, job_id, company_id, questions, difficulty,
                                    outcome)
            SELECT gen_random_uuid(), gen_random_uuid(), job, co, ARRAY['q'],
                   1 + n % 5, (ARRAY['offer', 'rejected'])[1 + n % 2]
            FROM (SELECT n, {picked} FROM generate_series(1, :rows) AS n) AS g(n, job, co)""",
        **parameters,
    )
    execute(
        app,
        f"""INSERT INTO salaries (id, author_id, job_id, company_id, amount, currency, period)
            SELECT gen_random_uuid(), gen_random_uuid(), job, co, 15 + (n * 7) % 40,
                   (ARRAY['CAD', 'USD'])[1 + n % 2], (ARRAY['hourly', 'monthly'])[1 + n % 3 / 2]
            FROM (SELECT n, {picked} FROM generate_series(1, :rows) AS n) AS g(n, job, co)""",
        **parameters,
    )


def test_bulk_writes_edits_moves_and_deletes_keep_the_stats_exact(app):
    insert_contributions(app, 60)
    assert_kept_equal_to_live(app)

    some_job, other_job = list(JOBS)[:2]
    for table in ("reviews", "interviews", "salaries"):
        # Move a third of the rows to another job of another company.
        execute(
            app,
            f"UPDATE {table} SET job_id = :job, company_id = :company "
            f"WHERE id IN (SELECT id FROM {table} ORDER BY id LIMIT 20)",
            job=other_job,
            company=JOBS[other_job],
        )
        execute(app, f"DELETE FROM {table} WHERE id IN (SELECT id FROM {table} LIMIT 7)")
    execute(app, "UPDATE reviews SET rating = 1 + rating % 5, culture = NULL WHERE rating > 3")
    execute(app, "UPDATE reviews SET status = 'hidden' WHERE job_id = :job", job=some_job)
    execute(app, "UPDATE reviews SET status = 'published' WHERE rating = 2")
    execute(app, "UPDATE reviews SET helpful_count = helpful_count + 1")
    execute(app, "UPDATE salaries SET amount = amount * 2 WHERE currency = 'USD'")
    execute(app, "UPDATE interviews SET outcome = 'offer' WHERE difficulty < 3")
    assert_kept_equal_to_live(app)

    execute(app, "DELETE FROM reviews WHERE job_id = :job", job=other_job)
    execute(app, "DELETE FROM salaries")
    assert_kept_equal_to_live(app)


def test_truncation_empties_the_stats(app):
    insert_contributions(app, 12)
    execute(app, "TRUNCATE reviews, interviews, salaries CASCADE")
    with app.app_context():
        for table in (*KEPT, "salary_stats_stale"):
            assert db.session.execute(text(f"SELECT count(*) FROM {table}")).scalar() == 0
    insert_contributions(app, 12)
    assert_kept_equal_to_live(app)


def test_concurrent_writers_to_one_company_leave_exact_stats(
    app, client, make_caller, job, make_job
):
    """Writers queue on the company's stats, readers refresh them between writes; none of
    the rows is missing afterwards."""
    sibling = make_job(title="Data Analyst")  # another job of another company, same time
    callers = [make_caller() for _ in range(12)]
    stats_url = f"/api/v1/salaries/stats?company_id={job['company_id']}"
    run_concurrently(
        *(
            (lambda c=caller, n=n: c.salary(job["id"], amount=20 + n))
            for n, caller in enumerate(callers)
        ),
        *((lambda: app.test_client().get(stats_url)) for _ in range(6)),
        *(
            (lambda c=caller, n=n: c.review(job["id"], rating=1 + n % 5))
            for n, caller in enumerate(callers)
        ),
        *((lambda c=caller: c.interview(sibling["id"])) for caller in callers),
    )
    stats = client.get(stats_url).json  # before any chore: this reader refreshes them
    assert stats["groups"][0]["count"] == len(callers)
    assert stats["groups"][0]["median"] == 25.5
    summary = client.get(f"/api/v1/reviews/summary?company_id={job['company_id']}").json
    assert summary["count"] == len(callers)
    assert_kept_equal_to_live(app)


def stale_scopes(app) -> set[tuple[str, str]]:
    with app.app_context():
        rows = db.session.execute(text("SELECT scope, scope_id FROM salary_stats_stale"))
        return {(scope, str(scope_id)) for scope, scope_id in rows}


def test_a_salary_write_marks_its_scopes_and_the_reader_refreshes_its_own(
    app, client, make_caller, job
):
    """The write computes nothing (its cost is the same for any company); the company's
    reader recomputes the company's figures and leaves the job's to the worker."""
    callers = [make_caller() for _ in range(5)]
    for n, caller in enumerate(callers):
        caller.salary(job["id"], amount=30 + n)
    company, job_scope = ("company", job["company_id"]), ("job", job["id"])
    assert stale_scopes(app) == {company, job_scope}
    with app.app_context():
        assert db.session.execute(text("SELECT count(*) FROM salary_stats")).scalar() == 0

    groups = client.get(f"/api/v1/salaries/stats?company_id={job['company_id']}").json["groups"]
    assert [(g["count"], g["median"]) for g in groups] == [(5, 32.0)]
    assert stale_scopes(app) == {job_scope}
    with app.app_context():
        assert refresh_stale_salary_stats() is False  # one scope, within one round
    assert stale_scopes(app) == set()
    groups = client.get(f"/api/v1/salaries/stats?job_id={job['id']}").json["groups"]
    assert [(g["count"], g["median"]) for g in groups] == [(5, 32.0)]


def test_the_chore_says_when_more_were_stale_than_one_round_took(app, make_caller, make_job):
    jobs = [make_job(title=f"Analyst {n}") for n in range(3)]  # 3 jobs, 1 company each
    for job in jobs:
        make_caller().salary(job["id"])
    with app.app_context():
        assert refresh_stale_salary_stats(batch=4) is True  # 6 scopes: 4 taken
        assert refresh_stale_salary_stats(batch=4) is False
    assert stale_scopes(app) == set()
