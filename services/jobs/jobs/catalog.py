"""Companies and jobs: who may change what, unique names, and exact job counts."""

from __future__ import annotations

import re
import unicodedata
import uuid
from typing import Any

from servicekit.auth import Identity, require_identity
from servicekit.db import commit_or_abort, read_row, refuse_integrity_errors, update_owned
from servicekit.pagination import Listing, SortKey
from servicekit.problems import abort
from servicekit.search import contains_pattern
from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import aliased

from .events import announce
from .extensions import db
from .models import Company, Job, SavedJob


def _company_orders(entity) -> dict[str, tuple[SortKey, ...]]:
    return {
        "name": (SortKey(entity.name), SortKey(entity.id)),
        "-job_count": (SortKey(entity.job_count, True), SortKey(entity.id, True)),
        "-created_at": (SortKey(entity.created_at, True), SortKey(entity.id, True)),
    }


JOB_ORDERS = {
    "-created_at": (SortKey(Job.created_at, True), SortKey(Job.id, True)),
    "title": (SortKey(Job.title), SortKey(Job.id)),
}
DUPLICATE_COMPANY = "A company with this name already exists."
DUPLICATE_JOB = "This company already lists a job with this title and location."


# --- companies -------------------------------------------------------------------------


def slugify(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:200] or "company"


def _free_slug(name: str) -> str:
    slug = slugify(name)
    if db.session.scalar(select(Company.id).where(Company.slug == slug)) is None:
        return slug
    # "A&B" and "A B" differ as names but not as slugs: keep both, distinctly.
    return f"{slug}-{uuid.uuid4().hex[:6]}"


def _company_named_by(key: uuid.UUID | str):
    """The condition picking a company by its id or by its slug (`/companies/maple-ledger`)."""
    try:
        return Company.id == uuid.UUID(str(key))
    except ValueError:
        return Company.slug == key


def _found(company):
    if company is None:
        abort(404, "No such company.")
    return company


def get_company(key: uuid.UUID | str) -> Company:
    """A company by its id or by its slug; 404 for neither."""
    return _found(db.session.scalar(select(Company).where(_company_named_by(key))))


def read_company(key: str):
    """get_company for a read: the company's row, which CompanySchema dumps as it would the
    object (the hot read of a company page; see bench/ANALYSIS.md)."""
    return _found(read_row(db.session, Company, _company_named_by(key)))


def create_company(identity: Identity, data: dict[str, Any]) -> Company:
    company = Company(**data, slug=_free_slug(data["name"]), created_by=identity.user_id)
    db.session.add(company)
    commit_or_abort(db.session, conflict=DUPLICATE_COMPANY)
    return company


def update_company(identity: Identity, key: str, changes: dict[str, Any]) -> Company:
    company = get_company(key)
    if changes.get("name", company.name) != company.name:
        announce("company.renamed", company.id, name=changes["name"])
    return update_owned(
        db.session,
        identity,
        company,
        changes,
        owner_id=company.created_by,
        conflict=DUPLICATE_COMPANY,
    )


def delete_company(key: str) -> None:
    company = get_company(key)
    announce("company.deleted", company.id)  # and so are its jobs, for reviews
    db.session.delete(company)  # its jobs go with it (ON DELETE CASCADE)
    db.session.commit()


def companies_listing(query: dict[str, Any]) -> Listing:
    """Companies by `industry` and any part of the name (`q`), in the order `sort` names."""
    statement, sort = select(Company), query["sort"]
    if query.get("industry"):
        statement = statement.where(func.lower(Company.industry) == query["industry"].lower())
    if not query.get("q"):
        return Listing(statement, _company_orders(Company)[sort], f"companies:{sort}")
    # Find the matches first (trigram index), then order them. As one query the planner may
    # walk the name index instead and filter as it goes, betting that matches are spread
    # evenly; for a name part that sorts late (`?q=Company 99`) that reads the whole table.
    pattern = contains_pattern(query["q"])
    matches = (
        statement.where(Company.name.ilike(pattern, escape="\\"))
        .cte("matches")
        .prefix_with("MATERIALIZED")
    )
    match = aliased(Company, matches)
    return Listing(select(match), _company_orders(match)[sort], f"companies:{sort}")


# --- jobs ------------------------------------------------------------------------------


def get_job(job_id: uuid.UUID) -> Job:
    job = db.session.get(Job, job_id)
    if job is None:
        abort(404, "No such job.")
    return job


def _adjust_job_count(company_id: uuid.UUID, delta: int) -> None:
    # An UPDATE of the column itself, so concurrent job writes never lose a count.
    db.session.execute(
        update(Company).where(Company.id == company_id).values(job_count=Company.job_count + delta)
    )


def create_job(identity: Identity, data: dict[str, Any]) -> Job:
    if db.session.get(Company, data["company_id"]) is None:
        abort(422, "The company does not exist.", errors={"company_id": ["No such company."]})
    job = Job(**data, created_by=identity.user_id)
    with refuse_integrity_errors(
        db.session, conflict=DUPLICATE_JOB, missing_reference="The company does not exist."
    ):
        db.session.add(job)
        _adjust_job_count(job.company_id, +1)  # flushes the job first; all or nothing
        db.session.commit()
    return job


def update_job(identity: Identity, job_id: uuid.UUID, changes: dict[str, Any]) -> Job:
    job = get_job(job_id)
    if changes.get("title", job.title) != job.title:
        announce("job.renamed", job.id, company_id=str(job.company_id), title=changes["title"])
    return update_owned(
        db.session, identity, job, changes, owner_id=job.created_by, conflict=DUPLICATE_JOB
    )


def delete_job(job_id: uuid.UUID) -> None:
    job = get_job(job_id)
    announce("job.deleted", job.id, company_id=str(job.company_id))
    _adjust_job_count(job.company_id, -1)
    db.session.delete(job)
    db.session.commit()


def jobs_listing(query: dict[str, Any]) -> Listing:
    """Jobs by the query's filters, newest first or by title; `saved` keeps the caller's."""
    statement = select(Job)
    if query.get("company_id"):
        statement = statement.where(Job.company_id == query["company_id"])
    if query.get("q"):
        statement = statement.where(Job.title.ilike(contains_pattern(query["q"]), escape="\\"))
    if query.get("location"):
        statement = statement.where(
            Job.location.ilike(contains_pattern(query["location"]), escape="\\")
        )
    for field in ("employment_type", "workplace"):
        if query.get(field):
            statement = statement.where(getattr(Job, field) == query[field])
    if query.get("saved"):
        identity = require_identity(detail="?saved=true needs an access token.")
        statement = statement.join(SavedJob, SavedJob.job_id == Job.id).where(
            SavedJob.user_id == identity.user_id
        )
    sort = query["sort"]
    return Listing(statement, JOB_ORDERS[sort], f"jobs:{sort}")


def saved_among(identity: Identity, job_ids: list[str]) -> set[str]:
    """Which of `job_ids` the caller saved (ids as the API writes them)."""
    rows = db.session.scalars(
        select(SavedJob.job_id).where(
            SavedJob.user_id == identity.user_id, SavedJob.job_id.in_(job_ids)
        )
    )
    return {str(job_id) for job_id in rows}


def save_job(identity: Identity, job_id: uuid.UUID) -> None:
    get_job(job_id)
    db.session.execute(
        insert(SavedJob).values(user_id=identity.user_id, job_id=job_id).on_conflict_do_nothing()
    )
    commit_or_abort(db.session, conflict="Already saved.", missing_reference="No such job.")


def unsave_job(identity: Identity, job_id: uuid.UUID) -> None:
    get_job(job_id)
    db.session.execute(
        delete(SavedJob).where(SavedJob.user_id == identity.user_id, SavedJob.job_id == job_id)
    )
    db.session.commit()


FILTER_VALUES_SHOWN = 100


def filter_values() -> dict[str, list[dict[str, Any]]]:
    """What a search page offers to filter jobs by, each value with how many jobs it has."""

    def counted(column, *joins) -> list[dict[str, Any]]:
        statement = select(column, func.count(Job.id).label("count")).select_from(Job)
        for target in joins:
            statement = statement.join(target)
        rows = db.session.execute(
            statement.where(column.is_not(None))
            .group_by(column)
            .order_by(func.count(Job.id).desc(), column)
            .limit(FILTER_VALUES_SHOWN)
        )
        return [{"value": value, "count": count} for value, count in rows]

    return {
        "industries": counted(Company.industry, Company),
        "locations": counted(Job.location),
        "employment_types": counted(Job.employment_type),
        "workplaces": counted(Job.workplace),
    }
