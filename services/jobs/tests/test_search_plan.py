"""`?q=` stays an index scan with 100,000 companies: the plan, not a stopwatch, is asserted."""

from jobs import catalog
from jobs.extensions import db
from sqlalchemy import text
from sqlalchemy.dialects import postgresql


def test_company_search_uses_the_trigram_index_at_100k_companies(app):
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
        # The statement the endpoint runs: the search, in name order, one page.
        order = [key.attribute for key in catalog.COMPANY_ORDERS["name"]]
        statement = catalog.companies_statement({"q": "4f2a"}).order_by(*order).limit(21)
        compiled = statement.compile(
            dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}
        )
        plan = "\n".join(db.session.scalars(text(f"EXPLAIN {compiled}")))
    print(plan)
    assert "ix_companies_name_trgm" in plan, plan
    assert "Seq Scan" not in plan, plan
