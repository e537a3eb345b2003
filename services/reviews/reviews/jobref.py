"""Which company a job belongs to: asked of the jobs service once, then kept here.

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


def company_of(job_id: uuid.UUID) -> uuid.UUID:
    known = db.session.get(JobReference, job_id)
    if known is not None:
        return known.company_id
    company_id = _ask_jobs_service(job_id)
    # Kept in the same transaction as the contribution: all of it lands, or none.
    db.session.execute(
        insert(JobReference).values(job_id=job_id, company_id=company_id).on_conflict_do_nothing()
    )
    return company_id


def _ask_jobs_service(job_id: uuid.UUID) -> uuid.UUID:
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
        return uuid.UUID(response.json()["company_id"])
    except (requests.HTTPError, ValueError, KeyError, TypeError) as exc:
        log.warning("jobs service answered %s: %s", response.status_code, exc)
        _jobs_unavailable()


def _jobs_unavailable():
    abort(
        503,
        "The jobs service is unavailable, so the job cannot be checked; nothing was saved.",
        headers={"Retry-After": "5"},
    )
