"""Which company a job belongs to, and its names: asked of the jobs service once, then kept.

The call has short timeouts. An unknown job is the client's mistake (422); the jobs service
down, slow or broken is ours (503), and the write that needed the answer is refused whole.
"""

from __future__ import annotations

import logging
import uuid

import requests
from flask import current_app
from servicekit.problems import abort
from sqlalchemy.dialects.postgresql import insert

from .extensions import db
from .models import JobReference

log = logging.getLogger(__name__)
_session = requests.Session()  # keep-alive to the jobs service across requests


def learn_job(job_id: uuid.UUID) -> JobReference:
    """The job's reference, asked of the jobs service the first time a contribution names it
    (or again, for a reference kept before names were kept)."""
    known = db.session.get(JobReference, job_id)
    if known is not None and known.gone_at is not None:
        abort(422, "This job no longer exists.", errors={"job_id": ["This job was deleted."]})
    if known is not None and known.job_title is not None:
        return known
    job = _ask_jobs_service(job_id)
    learned = {
        "company_id": uuid.UUID(job["company_id"]),
        "job_title": job["title"],
        "company_name": job["company"]["name"],
    }
    # Kept in the same transaction as the contribution: all of it lands, or none.
    db.session.execute(
        insert(JobReference)
        .values(job_id=job_id, **learned)
        .on_conflict_do_update(index_elements=[JobReference.job_id], set_=learned)
    )
    return db.session.get(JobReference, job_id, populate_existing=True)


def _ask_jobs_service(job_id: uuid.UUID) -> dict:
    config = current_app.config
    url = f"{config['JOBS_URL'].rstrip('/')}/api/v1/jobs/{job_id}"
    timeout = (config["JOBS_CONNECT_TIMEOUT"], config["JOBS_READ_TIMEOUT"])
    try:
        response = _session.get(url, timeout=timeout)
    except requests.RequestException as exc:
        log.warning("jobs service unreachable: %s", exc)
        _jobs_unavailable()
    if response.status_code == 404:
        abort(422, "The job does not exist.", errors={"job_id": ["No such job."]})
    try:
        response.raise_for_status()
        job = response.json()
        uuid.UUID(job["company_id"])
        if not isinstance(job["title"], str) or not isinstance(job["company"]["name"], str):
            raise TypeError("a job without a title or company name")
        return job
    except (requests.HTTPError, ValueError, KeyError, TypeError) as exc:
        log.warning("jobs service answered %s: %s", response.status_code, exc)
        _jobs_unavailable()


def _jobs_unavailable():
    abort(
        503,
        "The jobs service is unavailable, so the job cannot be checked; nothing was saved.",
        headers={"Retry-After": "5"},
    )
