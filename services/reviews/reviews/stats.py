"""Summaries and salary statistics over published content.

A summary of one company or one job reads the row that PostgreSQL's triggers keep exact on
every write (review_stats, interview_stats, salary_stats; see their migration): one
primary-key lookup, however many contributions there are. Salary figures are percentiles,
which no delta updates, so a salary write only marks its company and job stale and the
figures are recomputed after it: by the reviews worker in the background, or by the first
reader that finds them stale (migration 7c4e2a9f1d35). Salary statistics narrowed to one
year have no such row and are one aggregate query over the salaries themselves.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import Numeric, cast, func, select

from . import contributions
from .extensions import db
from .models import Salary
from .summary_tables import InterviewStats, ReviewStats, SalaryStats, SalaryStatsStale
from .vocabulary import INTERVIEW_OUTCOMES, SUB_RATINGS

# Salary figures of a group are published only when it holds entries from this many
# distinct accounts: one account posting several entries beside a victim's cannot isolate
# it. No minimum or maximum is published (each is one entry), and every figure is rounded
# to 3 significant figures, so no entry's exact amount is given back.
MIN_SALARY_ACCOUNTS = 5
SALARY_FIGURES = ("p25", "median", "p75", "mean")
SIGNIFICANT_FIGURES = 3


def _rounded(expression, places: int = 2):
    return func.round(cast(expression, Numeric), places)


def _published(value: Decimal | None) -> float | None:
    """A salary figure as published: 3 significant figures (85,432.10 -> 85,400)."""
    if value is None:
        return None
    step = Decimal(1).scaleb(value.adjusted() - SIGNIFICANT_FIGURES + 1)
    return float(value.quantize(step, rounding=ROUND_HALF_UP))


def _scope(query: dict[str, Any]) -> tuple[str, Any]:
    """The company or job a summary is about (the query schema requires exactly one)."""
    if query.get("company_id"):
        return "company", query["company_id"]
    return "job", query["job_id"]


def _ratio(numerator: int, denominator: int, places: int, scale: int = 1) -> float | None:
    """numerator * scale / denominator rounded as PostgreSQL's round(avg(...), places)."""
    if not denominator:
        return None
    exact = Decimal(numerator * scale) / Decimal(denominator)
    return float(exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def _counters(model, query: dict[str, Any]):
    """The scope's row of counters; all zero when nothing was contributed yet."""
    row = db.session.get(model, _scope(query))
    if row is None:
        row = model(**{c.key: 0 for c in model.__table__.columns if not c.primary_key})
    return row


def review_summary(query: dict[str, Any]) -> dict[str, Any]:
    stats = _counters(ReviewStats, query)
    return {
        "count": stats.count,
        "rating": {
            "average": _ratio(stats.rating_sum, stats.count, 2),
            "distribution": {str(n): getattr(stats, f"rating_{n}") for n in range(1, 6)},
        },
        "ratings": {
            name: _ratio(getattr(stats, f"{name}_sum"), getattr(stats, f"{name}_count"), 2)
            for name in SUB_RATINGS
        },
        "would_recommend_pct": _ratio(stats.recommend_yes, stats.recommend_count, 1, 100),
    }


SALARY_SLICES = ("year", "term", "program")


def salary_stats(query: dict[str, Any]) -> dict[str, Any]:
    if any(query.get(name) for name in SALARY_SLICES):
        rows = _salary_groups_of_slice(query)
    else:
        scope, scope_id = _scope(query)
        _refresh_if_stale(scope, scope_id)
        rows = db.session.scalars(
            select(SalaryStats)
            .where(SalaryStats.scope == scope, SalaryStats.scope_id == scope_id)
            .order_by(SalaryStats.count.desc(), SalaryStats.currency, SalaryStats.period)
        )
    groups = []
    for row in rows:
        enough = row.accounts >= MIN_SALARY_ACCOUNTS
        groups.append(
            {
                "currency": row.currency,
                "period": row.period,
                "count": row.count,
                **{n: _published(getattr(row, n)) if enough else None for n in SALARY_FIGURES},
            }
        )
    return {"groups": groups}


def _refresh_if_stale(scope: str, scope_id) -> None:
    """The scope's figures recomputed first if a salary changed since (one primary-key
    lookup when nothing did), committed so that the next reader finds them ready."""
    refreshed = db.session.execute(
        select(func.refresh_salary_stats(SalaryStatsStale.scope, SalaryStatsStale.scope_id)).where(
            SalaryStatsStale.scope == scope, SalaryStatsStale.scope_id == scope_id
        )
    ).first()
    if refreshed is not None:
        db.session.commit()


REFRESH_BATCH = 100


def refresh_stale_salary_stats(batch: int = REFRESH_BATCH) -> bool:
    """Recompute the figures of up to `batch` stale scopes, the most written first, each in
    a transaction of its own (the reviews worker's chore, each second); whether more were
    waiting than the batch took."""
    stale = db.session.execute(
        select(SalaryStatsStale.scope, SalaryStatsStale.scope_id)
        .order_by(SalaryStatsStale.writes.desc())
        .limit(batch + 1)
    ).all()
    db.session.commit()
    for scope, scope_id in stale[:batch]:
        db.session.execute(select(func.refresh_salary_stats(scope, scope_id)))
        db.session.commit()
    return len(stale) > batch


def _salary_groups_of_slice(query: dict[str, Any]):
    """The same figures as salary_stats' triggers compute, over the salaries of one year,
    term or program (or several of them at once)."""

    def percentile(fraction: float):
        return _rounded(func.percentile_cont(fraction).within_group(Salary.amount))

    statement = select(
        Salary.currency,
        Salary.period,
        func.count().label("count"),
        func.count(func.distinct(Salary.author_id)).label("accounts"),
        percentile(0.25).label("p25"),
        percentile(0.5).label("median"),
        percentile(0.75).label("p75"),
        _rounded(func.avg(Salary.amount)).label("mean"),
    ).group_by(Salary.currency, Salary.period)
    for name in SALARY_SLICES:
        if query.get(name):
            statement = statement.where(getattr(Salary, name) == query[name])
    statement = contributions.about(statement, Salary, query)
    return db.session.execute(
        statement.order_by(func.count().desc(), Salary.currency, Salary.period)
    )


def interview_summary(query: dict[str, Any]) -> dict[str, Any]:
    stats = _counters(InterviewStats, query)
    return {
        "count": stats.count,
        "average_difficulty": _ratio(stats.difficulty_sum, stats.count, 2),
        "outcomes": {outcome: getattr(stats, outcome) for outcome in INTERVIEW_OUTCOMES},
    }


def review_summaries(query: dict[str, Any]) -> dict[str, Any]:
    """Count and average rating of each company (or job) asked for, from one query; one
    that has no published review, or does not exist, is simply absent."""
    scope = "company" if query.get("company_id") else "job"
    ids = query[f"{scope}_id"]
    rows = db.session.scalars(
        select(ReviewStats).where(
            ReviewStats.scope == scope, ReviewStats.scope_id.in_(ids), ReviewStats.count > 0
        )
    )
    return {
        "items": [
            {
                f"{scope}_id": row.scope_id,
                "count": row.count,
                "average": _ratio(row.rating_sum, row.count, 2),
            }
            for row in rows
        ]
    }
