from reviews.models import Review


def test_seed_demo_refuses_to_run_outside_development(app, count_rows, monkeypatch):
    for app_env in ("production", "staging", "test"):
        monkeypatch.setitem(app.config, "APP_ENV", app_env)
        result = app.test_cli_runner().invoke(args=["seed-demo"])
        assert result.exit_code != 0 and "APP_ENV=development" in result.output
    assert count_rows(Review) == 0
