"""The company listing at 100,000 companies: plans and page costs, not stopwatches.

`?q=` must stay a trigram index scan, and page 1,000 (by cursor) must touch no more of the
database than page 1: keyset pagination, never OFFSET.
"""

import json

import pytest
from jobs.extensions import db
from sqlalchemy import event, text


@pytest.fixture
def hundred_thousand_companies(app):
    with app.app_context():
        db.session.execute(
            text("""
            INSERT INTO companies (id, name, slug, created_by)
            SELECT gen_random_uuid(), 'Company ' || n || ' ' || md5(n::text),
                   'company-' || n, gen_random_uuid()
            FROM generate_series(1, 100000) AS n
        """)
        )
        db.session.commit()
        db.session.execute(text("ANALYZE companies"))


def _explain(app, sql: str) -> dict:
    with app.app_context():
        raw = db.engine.raw_connection()
        try:
            cursor = raw.cursor()
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}")
            return cursor.fetchone()[0][0]["Plan"]
        finally:
            raw.close()


def _nodes(plan):
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


def _statements_run_by(app, request):
    """The queries the app runs while handling `request()`, with their parameters bound."""
    with app.app_context():
        engine = db.engine
    captured = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            captured.append(cursor.mogrify(statement, parameters).decode())

    event.listen(engine, "before_cursor_execute", record)
    try:
        response = request()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return response, captured


@pytest.mark.parametrize("q", ["4f2a", "Company 99", "ompany 1234 "])
def test_company_search_uses_the_trigram_index(app, client, hundred_thousand_companies, q):
    response, (sql,) = _statements_run_by(app, lambda: client.get(f"/api/v1/companies?q={q}"))
    assert response.status_code == 200
    plan = _explain(app, sql)
    print(json.dumps(plan, indent=1)[:2000])
    scans = {node["Node Type"] + ":" + node.get("Index Name", "") for node in _nodes(plan)}
    assert "Bitmap Index Scan:ix_companies_name_trgm" in scans, scans
    assert not any(scan.startswith("Seq Scan") for scan in scans), scans


def test_page_1000_costs_what_page_1_costs(app, client, hundred_thousand_companies):
    first, first_sql = _statements_run_by(app, lambda: client.get("/api/v1/companies"))
    cursor = first.json["next_cursor"]
    for _ in range(998):  # pages 2 to 999, as a client would walk them
        cursor = client.get(f"/api/v1/companies?cursor={cursor}").json["next_cursor"]
    deep, deep_sql = _statements_run_by(
        app, lambda: client.get(f"/api/v1/companies?cursor={cursor}")
    )
    assert len(deep.json["items"]) == 20
    assert deep.json["items"][0]["name"] > first.json["items"][-1]["name"]

    (first_plan,), (deep_plan,) = ([_explain(app, sql) for sql in s] for s in (first_sql, deep_sql))
    print(json.dumps({"page 1": first_plan, "page 1000": deep_plan}, indent=1)[:3000])

    def pages_touched(plan):
        return plan["Shared Hit Blocks"] + plan["Shared Read Blocks"]

    for plan in (first_plan, deep_plan):
        types = {node["Node Type"] for node in _nodes(plan)}
        assert "Seq Scan" not in types and "Sort" not in types, types
        assert plan["Actual Rows"] == 21  # a page and one row to know there is more
    assert pages_touched(deep_plan) <= 1.5 * pages_touched(first_plan) + 4, (
        pages_touched(first_plan),
        pages_touched(deep_plan),
    )
