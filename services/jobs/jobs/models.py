"""Companies, jobs, saved jobs, and each user's private application tracker."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from servicekit.accounts import AccountStateMixin
from servicekit.db import Timestamps, sql_in
from servicekit.events import InboxMixin, OutboxMixin
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .extensions import db
from .vocabulary import (
    APPLICATION_STATUSES,
    COMPANY_SIZES,
    EMPLOYMENT_TYPES,
    WORKPLACES,
)


class Company(Timestamps, db.Model):
    __tablename__ = "companies"
    __table_args__ = (
        CheckConstraint(sql_in("size", COMPANY_SIZES), name="size_known"),
        CheckConstraint("job_count >= 0", name="job_count_not_negative"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(220), unique=True)
    website: Mapped[str | None] = mapped_column(String(2048))
    logo_url: Mapped[str | None] = mapped_column(String(2048))
    industry: Mapped[str | None] = mapped_column(String(100))
    size: Mapped[str | None] = mapped_column(String(16))
    headquarters: Mapped[str | None] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    job_count: Mapped[int] = mapped_column(default=0, server_default="0")
    # Who added it (they may edit it); null once that account is deleted (admins only then).
    created_by: Mapped[uuid.UUID | None]


# Names are stored trimmed, so lower(name) is "the name ignoring case and surrounding spaces".
Index("uq_companies_name_lower", func.lower(Company.name), unique=True)
# Trigram index: `name ILIKE '%part%'` stays an index scan at any table size.
Index(
    "ix_companies_name_trgm",
    Company.name,
    postgresql_using="gin",
    postgresql_ops={"name": "gin_trgm_ops"},
)
Index("ix_companies_name_id", Company.name, Company.id)
Index("ix_companies_job_count_id", Company.job_count.desc(), Company.id.desc())
Index("ix_companies_created_at_id", Company.created_at.desc(), Company.id.desc())
Index("ix_companies_industry_lower", func.lower(Company.industry))


class Job(Timestamps, db.Model):
    __tablename__ = "jobs"
    __table_args__ = (
        CheckConstraint(sql_in("employment_type", EMPLOYMENT_TYPES), name="employment_type_known"),
        CheckConstraint(sql_in("workplace", WORKPLACES), name="workplace_known"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    company_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    location: Mapped[str | None] = mapped_column(String(200))
    employment_type: Mapped[str] = mapped_column(String(16))
    workplace: Mapped[str | None] = mapped_column(String(16))
    description: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[uuid.UUID | None]  # as for companies

    company: Mapped[Company] = relationship(lazy="joined", innerjoin=True)


Index(
    "uq_jobs_company_title_location",
    Job.company_id,
    func.lower(Job.title),
    func.lower(func.coalesce(Job.location, "")),
    unique=True,
)
Index("ix_jobs_company_created_at_id", Job.company_id, Job.created_at.desc(), Job.id.desc())
Index("ix_jobs_created_at_id", Job.created_at.desc(), Job.id.desc())
Index("ix_jobs_title_id", Job.title, Job.id)
Index(
    "ix_jobs_title_trgm",
    Job.title,
    postgresql_using="gin",
    postgresql_ops={"title": "gin_trgm_ops"},
)


class SavedJob(db.Model):
    __tablename__ = "saved_jobs"

    user_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    job_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("jobs.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())


class Application(Timestamps, db.Model):
    """One user's record of applying somewhere; visible to that user only."""

    __tablename__ = "applications"
    __table_args__ = (CheckConstraint(sql_in("status", APPLICATION_STATUSES), name="status_known"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID]
    # The tracker outlives a job an admin deletes: the copied names keep the record readable.
    job_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("jobs.id", ondelete="SET NULL"))
    company_name: Mapped[str] = mapped_column(String(200))
    position_title: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), default="applied")
    applied_on: Mapped[date | None]
    url: Mapped[str | None] = mapped_column(String(2048))
    notes: Mapped[str | None] = mapped_column(Text)

    contacts: Mapped[list[Contact]] = relationship(
        order_by="Contact.position", cascade="all, delete-orphan"
    )
    events: Mapped[list[ApplicationEvent]] = relationship(
        order_by="ApplicationEvent.at", cascade="all, delete-orphan"
    )


Index(
    "ix_applications_user_created_at_id",
    Application.user_id,
    Application.created_at.desc(),
    Application.id.desc(),
)


class Contact(db.Model):
    __tablename__ = "application_contacts"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    application_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    role: Mapped[str | None] = mapped_column(String(200))
    notes: Mapped[str | None] = mapped_column(Text)


class ApplicationEvent(db.Model):
    """A status the application entered, and when: the timeline."""

    __tablename__ = "application_events"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    application_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(16))
    # Set in Python, not now(): now() is the transaction's start, the same for every event
    # written in one transaction.
    at: Mapped[datetime] = mapped_column(default=lambda: datetime.now(UTC))
    note: Mapped[str | None] = mapped_column(Text)


class OutboxEvent(OutboxMixin, db.Model):
    """Events about companies and jobs, written with the change; `flask worker` sends them."""


class InboxEvent(InboxMixin, db.Model):
    """Events received from other services, each applied once."""


class AccountState(AccountStateMixin, db.Model):
    """The standing of accounts that changed since registering (servicekit.accounts)."""
