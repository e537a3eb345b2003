from flask_migrate import downgrade, upgrade
from reviews.extensions import db
from servicekit.testing import assert_models_match_migrations
from sqlalchemy import text


def test_migrations_build_exactly_the_models_schema(app):
    assert_models_match_migrations(app)


def test_the_stale_marks_migration_goes_down_and_up_with_exact_figures(app, make_caller, job):
    """Down, the marks are turned into figures and the trigger recomputes in the write
    again; up, writes mark again."""
    for n in range(2):
        make_caller().salary(job["id"], amount=40 + n)
    with app.app_context():
        downgrade(revision="-1")
        try:
            figures = db.session.execute(
                text("SELECT scope, count, median FROM salary_stats ORDER BY scope")
            ).all()
            assert [tuple(row) for row in figures] == [("company", 2, 40.5), ("job", 2, 40.5)]
            db.session.commit()
        finally:
            upgrade()
    make_caller().salary(job["id"], amount=60)
    with app.app_context():
        stale = db.session.execute(text("SELECT count(*) FROM salary_stats_stale")).scalar()
        assert stale == 2
