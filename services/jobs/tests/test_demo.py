from jobs.demo import COMPANIES
from jobs.extensions import db
from jobs.models import Company, Job
from servicekit.testing import assert_refused_outside_development
from sqlalchemy import func, select


def test_seed_demo_loads_a_consistent_catalogue_once(app, count_rows, client, monkeypatch):
    monkeypatch.setitem(app.config, "APP_ENV", "development")
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    companies, jobs = count_rows(Company), count_rows(Job)
    assert companies == len(COMPANIES)
    assert 150 <= jobs <= 450
    with app.app_context():
        assert db.session.scalar(select(func.sum(Company.job_count))) == jobs
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    assert (count_rows(Company), count_rows(Job)) == (companies, jobs)
    listed = client.get("/api/v1/companies?limit=100").json["items"]
    assert len({c["slug"] for c in listed}) == companies


def test_seed_demo_refuses_to_run_outside_development(app, count_rows):
    assert_refused_outside_development(app, "seed-demo")
    assert count_rows(Company) == 0
