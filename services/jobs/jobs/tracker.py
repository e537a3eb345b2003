"""The application tracker: each user's own records, their contacts and status timeline.

Every query is scoped by the caller's user id from the verified token, so another user's
application is never found (404), never listed and never changed.
"""

from __future__ import annotations

import uuid
from typing import Any

from servicekit.auth import Identity
from servicekit.pagination import Listing, SortKey
from servicekit.problems import abort
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from .extensions import db
from .models import Application, ApplicationEvent, Contact, Job
from .vocabulary import APPLICATION_STATUSES

APPLICATION_ORDER = (SortKey(Application.created_at, True), SortKey(Application.id, True))


def get_own(identity: Identity, application_id: uuid.UUID) -> Application:
    application = db.session.scalar(
        select(Application)
        .where(Application.id == application_id, Application.user_id == identity.user_id)
        .options(selectinload(Application.contacts), selectinload(Application.events))
    )
    if application is None:
        abort(404, "No such application.")
    return application


def _contacts(items: list[dict[str, Any]]) -> list[Contact]:
    return [Contact(position=position, **item) for position, item in enumerate(items)]


def create(identity: Identity, data: dict[str, Any]) -> Application:
    data = dict(data)
    contacts = data.pop("contacts", [])
    note = data.pop("status_note", None)
    if "job_id" in data:
        job = db.session.get(Job, data["job_id"])
        if job is None:
            abort(422, "The job does not exist.", errors={"job_id": ["No such job."]})
        data["company_name"], data["position_title"] = job.company.name, job.title
    application = Application(**data, user_id=identity.user_id, contacts=_contacts(contacts))
    application.events = [ApplicationEvent(status=application.status, note=note)]
    db.session.add(application)  # one transaction: the record, its contacts, its first event
    db.session.commit()
    return application


def update(identity: Identity, application_id: uuid.UUID, changes: dict[str, Any]) -> Application:
    application = get_own(identity, application_id)
    changes = dict(changes)
    note = changes.pop("status_note", None)
    if "contacts" in changes:
        application.contacts = _contacts(changes.pop("contacts"))
    new_status = changes.pop("status", application.status)
    if new_status != application.status:
        application.status = new_status
        application.events.append(ApplicationEvent(status=new_status, note=note))
    for field, value in changes.items():
        setattr(application, field, value)
    db.session.commit()
    return application


def delete(identity: Identity, application_id: uuid.UUID) -> None:
    db.session.delete(get_own(identity, application_id))
    db.session.commit()


def applications_listing(identity: Identity, query: dict[str, Any]) -> Listing:
    """The caller's applications, newest first, in one `status` when the query names one."""
    statement = select(Application).where(Application.user_id == identity.user_id)
    if query.get("status"):
        statement = statement.where(Application.status == query["status"])
    return Listing(statement, APPLICATION_ORDER, "applications")


def stats(identity: Identity) -> dict[str, Any]:
    counts = dict(
        db.session.execute(
            select(Application.status, func.count())
            .where(Application.user_id == identity.user_id)
            .group_by(Application.status)
        ).all()
    )
    by_status = {status: counts.get(status, 0) for status in APPLICATION_STATUSES}
    return {"total": sum(by_status.values()), "by_status": by_status}
