from jobs.demo import COMPANIES
from jobs.extensions import db
from jobs.models import Company, Job
from sqlalchemy import func, select


def test_seed_demo_loads_a_consistent_catalogue_once(app, count_rows, client):
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
