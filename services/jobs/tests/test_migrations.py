from servicekit.testing import assert_models_match_migrations


def test_migrations_build_exactly_the_models_schema(app):
    assert_models_match_migrations(app)


def test_flask_db_runs_flask_migrate_loaded_on_demand(app, database_url, token_issuer):
    """`flask db ...` on an app that has not loaded flask-migrate (as `make dev` runs it):
    the group's own options and callback run, and the database ends at the heads."""
    from jobs import create_app
    from servicekit.migrations import heads_of

    fresh = create_app(
        {
            "APP_ENV": "test",
            "SECRET_KEY": "test-secret-key",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "JWKS_URL": token_issuer.jwks_url,
        }
    )
    runner = fresh.test_cli_runner()
    for args in (["db", "upgrade"], ["db", "-x", "unused=1", "current"]):
        result = runner.invoke(args=args)
        assert result.exit_code == 0, result.output
    with fresh.app_context():
        engine = fresh.extensions["sqlalchemy"].engine
        with engine.connect() as connection:
            current = {
                row[0]
                for row in connection.exec_driver_sql("SELECT version_num FROM alembic_version")
            }
    assert current == heads_of(fresh.extensions["migrate"].directory)
