"""Reviews, salaries, interview reports, helpful votes and flags.

Every contribution keeps its author's id (for ownership and one-per-user rules) and the
job's company id, learned once from the jobs service, so company-wide summaries need no
call at read time. Author ids never leave the service except to admins.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from servicekit.accounts import AccountStateMixin
from servicekit.db import Timestamps, sql_in
from servicekit.events import InboxMixin
from sqlalchemy import (
    ARRAY,
    CheckConstraint,
    ForeignKey,
    Index,
    Numeric,
    SmallInteger,
    String,
    Text,
    func,
)
from sqlalchemy.orm import (
    Mapped,
    declared_attr,
    foreign,
    mapped_column,
    query_expression,
    relationship,
)

from .extensions import db
from .vocabulary import (
    FLAG_REASONS,
    FLAG_STATUSES,
    INTERVIEW_OUTCOMES,
    REVIEW_STATUSES,
    SALARY_PERIODS,
    SUB_RATINGS,
    TERMS,
)


class JobReference(db.Model):
    """What this service learned from the jobs service about a job: its company, and the
    names contributions are shown with."""

    __tablename__ = "job_references"

    job_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    company_id: Mapped[uuid.UUID]
    job_title: Mapped[str | None] = mapped_column(String(200))
    company_name: Mapped[str | None] = mapped_column(String(200))
    learned_at: Mapped[datetime] = mapped_column(server_default=func.now())
    # When the jobs service said the job (or its company) was deleted: contributions that
    # name it stay readable, new ones are refused.
    gone_at: Mapped[datetime | None]


class Contribution(Timestamps):
    """Columns every contribution has: who wrote it, about which job, in which co-op term."""

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    # Null once the author's account is deleted: the contribution stays, linked to nobody.
    author_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    job_id: Mapped[uuid.UUID]
    company_id: Mapped[uuid.UUID]
    term: Mapped[str | None] = mapped_column(String(8))
    year: Mapped[int | None] = mapped_column(SmallInteger)

    @declared_attr
    def job(cls) -> Mapped[JobReference]:
        # The job's title and company name: loaded when a response shows them; listings
        # load it for a whole page in one query (contributions.with_job_names).
        return relationship(
            JobReference,
            primaryjoin=lambda: foreign(cls.job_id) == JobReference.job_id,
            viewonly=True,
        )


def _rating(nullable: bool = True):
    return mapped_column(SmallInteger, nullable=nullable)


class Review(Contribution, db.Model):
    __tablename__ = "reviews"
    __table_args__ = (
        CheckConstraint(sql_in("status", REVIEW_STATUSES), name="status_known"),
        CheckConstraint(sql_in("term", TERMS), name="term_known"),
        CheckConstraint("rating BETWEEN 1 AND 5", name="rating_range"),
        CheckConstraint("helpful_count >= 0", name="helpful_count_not_negative"),
    )

    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str | None] = mapped_column(Text)
    pros: Mapped[str | None] = mapped_column(Text)
    cons: Mapped[str | None] = mapped_column(Text)
    rating: Mapped[int] = _rating(nullable=False)
    work_life_balance: Mapped[int | None] = _rating()
    culture: Mapped[int | None] = _rating()
    learning: Mapped[int | None] = _rating()
    compensation: Mapped[int | None] = _rating()
    would_recommend: Mapped[bool | None]
    coop_number: Mapped[int | None] = mapped_column(SmallInteger)
    program: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), default="published", server_default="published")
    helpful_count: Mapped[int] = mapped_column(default=0, server_default="0")
    # Whether the caller has marked it helpful: loaded by the views that show reviews
    # (reviewing.with_callers_vote), in the same query as the reviews; None elsewhere.
    marked_helpful: Mapped[bool | None] = query_expression()

    @property
    def ratings(self) -> dict[str, int | None]:
        """The sub-ratings as the API shows them: one object."""
        return {name: getattr(self, name) for name in SUB_RATINGS}


# One review per user per job per term and year; a missing term or year counts as a value.
Index(
    "uq_reviews_author_job_term_year",
    Review.author_id,
    Review.job_id,
    func.coalesce(Review.term, ""),
    func.coalesce(Review.year, 0),
    unique=True,
)
Index("ix_reviews_company_created", Review.company_id, Review.created_at.desc(), Review.id.desc())
Index("ix_reviews_job_created", Review.job_id, Review.created_at.desc(), Review.id.desc())
Index("ix_reviews_created", Review.created_at.desc(), Review.id.desc())


class HelpfulVote(db.Model):
    __tablename__ = "helpful_votes"

    review_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("reviews.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())


class Flag(db.Model):
    __tablename__ = "flags"
    __table_args__ = (
        CheckConstraint(sql_in("reason", FLAG_REASONS), name="reason_known"),
        CheckConstraint(sql_in("status", FLAG_STATUSES), name="status_known"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    review_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"))
    user_id: Mapped[uuid.UUID]
    reason: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(8), default="open", server_default="open")
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    resolved_at: Mapped[datetime | None]
    # The flagged review, shown in the moderation queue; loaded for a whole page at once.
    review: Mapped[Review] = relationship(Review, viewonly=True)


Index("uq_flags_review_user", Flag.review_id, Flag.user_id, unique=True)
Index("ix_flags_status_created", Flag.status, Flag.created_at.desc(), Flag.id.desc())


class Salary(Contribution, db.Model):
    __tablename__ = "salaries"
    __table_args__ = (
        CheckConstraint(sql_in("period", SALARY_PERIODS), name="period_known"),
        CheckConstraint(sql_in("term", TERMS), name="term_known"),
        CheckConstraint("amount > 0", name="amount_positive"),
    )

    amount: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    currency: Mapped[str] = mapped_column(String(3))
    period: Mapped[str] = mapped_column(String(8))
    coop_number: Mapped[int | None] = mapped_column(SmallInteger)
    program: Mapped[str | None] = mapped_column(String(200))
    location: Mapped[str | None] = mapped_column(String(200))
    signing_bonus: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    relocation_stipend: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))


Index("ix_salaries_company_group", Salary.company_id, Salary.currency, Salary.period, Salary.amount)
Index("ix_salaries_job_group", Salary.job_id, Salary.currency, Salary.period, Salary.amount)


class Interview(Contribution, db.Model):
    __tablename__ = "interviews"
    __table_args__ = (
        CheckConstraint(sql_in("outcome", INTERVIEW_OUTCOMES), name="outcome_known"),
        CheckConstraint(sql_in("term", TERMS), name="term_known"),
        CheckConstraint("difficulty BETWEEN 1 AND 5", name="difficulty_range"),
    )

    questions: Mapped[list[str]] = mapped_column(ARRAY(Text))
    difficulty: Mapped[int] = mapped_column(SmallInteger)
    outcome: Mapped[str] = mapped_column(String(16))
    experience: Mapped[str | None] = mapped_column(Text)


Index(
    "ix_interviews_company_created",
    Interview.company_id,
    Interview.created_at.desc(),
    Interview.id.desc(),
)
Index(
    "ix_interviews_job_created", Interview.job_id, Interview.created_at.desc(), Interview.id.desc()
)
Index("ix_interviews_created", Interview.created_at.desc(), Interview.id.desc())


class InboxEvent(InboxMixin, db.Model):
    """Events received from users and jobs, each applied once."""


class AccountState(AccountStateMixin, db.Model):
    """The standing of accounts that changed since registering (servicekit.accounts)."""
