import uuid

import pytest
from jobs.models import SavedJob
from servicekit.testing import assert_problem


@pytest.fixture
def job(user):
    return user.job(user.company()["id"])


def test_put_and_delete_are_idempotent(user, job, count_rows):
    path = f"/api/v1/jobs/{job['id']}/saved"
    assert user.put(path).status_code == 204
    assert user.put(path).status_code == 204
    assert count_rows(SavedJob) == 1
    assert user.delete(path).status_code == 204
    assert user.delete(path).status_code == 204
    assert count_rows(SavedJob) == 0


def test_saved_list_shows_only_the_callers_saved_jobs(user, other_user, job):
    second = user.job(job["company_id"], title="Another")
    user.put(f"/api/v1/jobs/{job['id']}/saved")
    other_user.put(f"/api/v1/jobs/{second['id']}/saved")
    mine = user.get("/api/v1/jobs?saved=true").json["items"]
    assert [j["id"] for j in mine] == [job["id"]]
    everything = user.get("/api/v1/jobs?saved=false").json["items"]
    assert len(everything) == 2


def test_saved_list_needs_a_token(client):
    assert_problem(client.get("/api/v1/jobs?saved=true"), 401)


def test_saving_needs_a_token_and_a_real_job(client, user, count_rows):
    assert_problem(client.put(f"/api/v1/jobs/{uuid.uuid4()}/saved"), 401)
    assert_problem(user.put(f"/api/v1/jobs/{uuid.uuid4()}/saved"), 404)
    assert count_rows(SavedJob) == 0


def test_a_saved_job_deleted_by_an_admin_leaves_the_list(user, admin, job, count_rows):
    user.put(f"/api/v1/jobs/{job['id']}/saved")
    admin.delete(f"/api/v1/jobs/{job['id']}")
    assert count_rows(SavedJob) == 0
    assert user.get("/api/v1/jobs?saved=true").json["items"] == []
