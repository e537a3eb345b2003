from servicekit.testing import assert_models_match_migrations


def test_migrations_build_exactly_the_models_schema(app):
    assert_models_match_migrations(app)
