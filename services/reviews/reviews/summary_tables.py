"""The summaries' tables: one row per company and per job, kept exact on write.

Triggers in PostgreSQL (migration 2273a26734d0) maintain these tables in the same
transaction as every change to reviews, interviews and salaries, whatever path made it
(API, moderation, cascade, bulk load). The service only reads them: a summary of the
largest company is then one primary-key lookup instead of an aggregate over its rows.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from servicekit.db import sql_in
from sqlalchemy import CheckConstraint, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from .extensions import db

SCOPES = ("company", "job")


class ScopedStats:
    """One row per company and per job."""

    scope: Mapped[str] = mapped_column(String(8), primary_key=True)
    scope_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)


def _counter():
    return mapped_column(default=0, server_default="0")


class ReviewStats(ScopedStats, db.Model):
    """Sums and counts over published reviews; averages are derived on read."""

    __tablename__ = "review_stats"
    __table_args__ = (CheckConstraint(sql_in("scope", SCOPES), name="scope_known"),)

    count: Mapped[int] = _counter()
    rating_sum: Mapped[int] = _counter()
    rating_1: Mapped[int] = _counter()
    rating_2: Mapped[int] = _counter()
    rating_3: Mapped[int] = _counter()
    rating_4: Mapped[int] = _counter()
    rating_5: Mapped[int] = _counter()
    work_life_balance_sum: Mapped[int] = _counter()
    work_life_balance_count: Mapped[int] = _counter()
    culture_sum: Mapped[int] = _counter()
    culture_count: Mapped[int] = _counter()
    learning_sum: Mapped[int] = _counter()
    learning_count: Mapped[int] = _counter()
    compensation_sum: Mapped[int] = _counter()
    compensation_count: Mapped[int] = _counter()
    recommend_yes: Mapped[int] = _counter()
    recommend_count: Mapped[int] = _counter()


class InterviewStats(ScopedStats, db.Model):
    __tablename__ = "interview_stats"
    __table_args__ = (CheckConstraint(sql_in("scope", SCOPES), name="scope_known"),)

    count: Mapped[int] = _counter()
    difficulty_sum: Mapped[int] = _counter()
    offer: Mapped[int] = _counter()
    rejected: Mapped[int] = _counter()
    no_response: Mapped[int] = _counter()
    withdrew: Mapped[int] = _counter()


class SalaryStats(ScopedStats, db.Model):
    """Each (currency, period) group's figures, recomputed for the scopes a change touches:
    percentiles cannot be updated by a delta. A write marks its scopes stale and the
    figures are recomputed after it (SalaryStatsStale)."""

    __tablename__ = "salary_stats"
    __table_args__ = (CheckConstraint(sql_in("scope", SCOPES), name="scope_known"),)

    currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    period: Mapped[str] = mapped_column(String(8), primary_key=True)
    count: Mapped[int]
    # Distinct authors: figures are published only past a number of accounts, not entries.
    accounts: Mapped[int] = mapped_column(server_default="0")
    p25: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    median: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    p75: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    mean: Mapped[Decimal] = mapped_column(Numeric(14, 2))


class SalaryStatsStale(ScopedStats, db.Model):
    """A scope whose salaries changed since its figures were computed: its row is written
    by the salaries' trigger, in the writing transaction, and taken by
    refresh_salary_stats(scope, scope_id), which recomputes the figures (migration
    7c4e2a9f1d35 says why this order keeps them exact)."""

    __tablename__ = "salary_stats_stale"
    __table_args__ = (CheckConstraint(sql_in("scope", SCOPES), name="scope_known"),)

    writes: Mapped[int] = mapped_column(server_default="1")
