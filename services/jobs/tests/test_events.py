"""What jobs tells others (its outbox) and what it does when told (its inbox handlers)."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import timedelta

import pytest
from jobs.models import AccountState, Application, ApplicationEvent, Company, Contact, Job, SavedJob
from servicekit.testing import account_event, assert_problem, deliver, outbox_types


@pytest.fixture
def tracked(user, other_user):
    """`user` and `other_user` each track an application with a contact and save a job."""
    company = user.company("Initech")
    job = user.job(company["id"])
    for caller in (user, other_user):
        created = caller.post(
            "/api/v1/applications",
            json={"job_id": job["id"], "notes": "Private", "contacts": [{"name": "Rita"}]},
        )
        assert created.status_code == 201, created.json
        assert caller.put(f"/api/v1/jobs/{job['id']}/saved").status_code == 204
    return company, job


def test_a_deleted_accounts_private_data_goes_and_what_it_added_stays_unlinked(
    app, user, other_user, tracked, count_rows
):
    company, job = tracked
    assert deliver(app, account_event("user.deleted", user.id, version=2, active=False)) == (
        "applied"
    )
    assert (count_rows(Application), count_rows(Contact), count_rows(ApplicationEvent)) == (1, 1, 1)
    assert count_rows(SavedJob) == 1  # other_user's
    assert other_user.get("/api/v1/applications").json["items"][0]["notes"] == "Private"
    with app.app_context():
        from jobs.extensions import db

        assert db.session.get(Company, uuid.UUID(company["id"])).created_by is None
        assert db.session.get(Job, uuid.UUID(job["id"])).created_by is None
    # Still listed, and now editable by admins only.
    assert other_user.get(f"/api/v1/companies/{company['id']}").status_code == 200


def test_the_same_event_twice_changes_nothing_the_second_time(app, user, tracked, count_rows):
    event = account_event("user.deleted", user.id, version=2, active=False)
    assert deliver(app, event) == "applied"
    before = (count_rows(Application), count_rows(SavedJob), count_rows(AccountState))
    assert deliver(app, event) == "duplicate"
    assert (count_rows(Application), count_rows(SavedJob), count_rows(AccountState)) == before


def test_a_deleted_accounts_token_writes_nothing_after_the_purge(app, user, tracked, count_rows):
    deliver(app, account_event("user.deleted", user.id, version=2, active=False))
    before = count_rows(Application)
    late = user.post("/api/v1/applications", json={"company_name": "A", "position_title": "B"})
    assert_problem(late, 401)
    assert "no longer exists or is deactivated" in late.json["detail"]
    assert count_rows(Application) == before


def test_a_deactivated_account_is_refused_at_once_and_back_when_reactivated(app, user):
    assert user.get("/api/v1/applications").status_code == 200
    deliver(app, account_event("user.deactivated", user.id, version=2, active=False))
    assert_problem(user.get("/api/v1/applications"), 401)
    assert_problem(user.get("/api/v1/companies"), 401)  # public routes too: the token is bad
    deliver(app, account_event("user.reactivated", user.id, version=3, active=True))
    assert user.get("/api/v1/applications").status_code == 200


def test_events_out_of_order_leave_what_the_latest_change_said(app, user):
    # Reactivated (version 3) arrives before the deactivation (version 2) it followed.
    deliver(app, account_event("user.reactivated", user.id, version=3, active=True))
    deliver(app, account_event("user.deactivated", user.id, version=2, active=False))
    assert user.get("/api/v1/applications").status_code == 200


def test_a_demoted_admin_loses_admin_rights_at_once(app, admin, user):
    company = admin.company("Globex")
    deliver(app, account_event("user.role_changed", admin.id, version=2, role="user"))
    assert_problem(admin.delete(f"/api/v1/companies/{company['id']}"), 403)
    deliver(app, account_event("user.role_changed", user.id, version=2, role="admin"))
    assert user.delete(f"/api/v1/companies/{company['id']}").status_code == 204


def test_an_account_event_with_unusable_data_is_dead_lettered_not_applied(app, user, count_rows):
    dead: list = []
    event = account_event("user.deactivated", user.id, version=2, active=False, role="owner")
    assert deliver(app, event, dead) == "dead"
    assert "role one of user, admin" in dead[0][1]
    assert count_rows(AccountState) == 0
    assert user.get("/api/v1/applications").status_code == 200


def test_deletes_and_renames_are_announced_with_the_change_and_refusals_announce_nothing(
    app, admin, user
):
    company = admin.company("Umbrella")
    job = admin.job(company["id"], title="Analyst")
    assert_problem(user.delete(f"/api/v1/jobs/{job['id']}"), 403)
    assert_problem(user.patch(f"/api/v1/jobs/{job['id']}", json={"title": "Mine"}), 403)
    assert outbox_types(app) == []
    assert admin.patch(f"/api/v1/jobs/{job['id']}", json={"title": "Analyst II"}).status_code == 200
    assert admin.patch(f"/api/v1/jobs/{job['id']}", json={"location": "Remote"}).status_code == 200
    company_path = f"/api/v1/companies/{company['id']}"
    assert admin.patch(company_path, json={"name": "Umbrella Corp"}).status_code == 200
    assert admin.delete(f"/api/v1/jobs/{job['id']}").status_code == 204
    assert admin.delete(company_path).status_code == 204
    assert outbox_types(app) == ["job.renamed", "company.renamed", "job.deleted", "company.deleted"]


def test_readyz_and_metrics_show_the_events_waiting_and_pending(app, admin, client):
    company = admin.company("Waiting Co")
    assert admin.delete(f"/api/v1/companies/{company['id']}").status_code == 204
    events = client.get("/readyz").json["events"]
    assert events["outbox"]["waiting"] == 1 and events["outbox"]["oldest_age_seconds"] >= 0
    assert events["inbox"] == {
        "pending": 0,
        "dead_lettered": 0,
        "oldest_pending_age_seconds": None,
        "delivery_lag_seconds": None,
    }
    metrics = client.get("/metrics").get_data(as_text=True)
    assert 'jobsight_outbox_waiting{service="jobs"} 1.0' in metrics
    assert 'jobsight_inbox_dead_lettered{service="jobs"} 0.0' in metrics


def test_the_consumers_lag_is_how_long_recent_events_took_to_arrive(app, client):
    late = account_event("user.deactivated", uuid.uuid4(), version=2, active=False)
    late = dataclasses.replace(late, occurred_at=late.occurred_at - timedelta(seconds=90))
    assert deliver(app, late) == "applied"
    lag = client.get("/readyz").json["events"]["inbox"]["delivery_lag_seconds"]
    assert 90 <= lag < 120
    metrics = client.get("/metrics").get_data(as_text=True)
    assert 'jobsight_inbox_delivery_lag_seconds{service="jobs"} 9' in metrics


def test_the_worker_refuses_the_embedded_broker_and_a_missing_one_outside_development(app):
    original = dict(app.config)
    try:
        app.config.update(APP_ENV="production", EVENT_BROKER_URL="sqla+postgresql+psycopg2://u@/e")
        result = app.test_cli_runner().invoke(args=["worker"])
        assert result.exit_code != 0 and "embedded PostgreSQL transport" in result.output
        app.config.update(EVENT_BROKER_URL=None)
        result = app.test_cli_runner().invoke(args=["worker"])
        assert result.exit_code != 0 and "EVENT_BROKER_URL is not set" in result.output
    finally:
        app.config.clear()
        app.config.update(original)


def test_a_service_refuses_to_start_on_the_embedded_broker_outside_development(database_url):
    from jobs import create_app
    from servicekit.config import ConfigurationError

    settings = {
        "APP_ENV": "production",
        "SECRET_KEY": "a-real-secret-of-some-length",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "JWKS_URL": "http://users/.well-known/jwks.json",
        "EVENT_BROKER_URL": "sqla+postgresql+psycopg2://u@/events",
    }
    with pytest.raises(ConfigurationError, match="embedded PostgreSQL transport"):
        create_app(settings)
