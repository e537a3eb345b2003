"""Summaries and salary statistics, computed by PostgreSQL over published content.

Each is one aggregate query: no rows are loaded into Python.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Numeric, case, cast, func, select

from . import contributions
from .extensions import db
from .models import Interview, Review, Salary
from .vocabulary import INTERVIEW_OUTCOMES, SUB_RATINGS

MIN_SALARY_GROUP = 3  # below this, a figure could reveal one person's salary


def _rounded(expression, places: int = 2):
    return func.round(cast(expression, Numeric), places)


def _number(value) -> float | None:
    return None if value is None else float(value)


def review_summary(query: dict[str, Any]) -> dict[str, Any]:
    columns = [
        func.count().label("count"),
        _rounded(func.avg(Review.rating)).label("average"),
        *[func.count().filter(Review.rating == stars).label(f"r{stars}") for stars in range(1, 6)],
        *[_rounded(func.avg(getattr(Review, name))).label(name) for name in SUB_RATINGS],
        _rounded(
            func.avg(case((Review.would_recommend, 100.0), else_=0.0)).filter(
                Review.would_recommend.is_not(None)
            ),
            1,
        ).label("recommend"),
    ]
    statement = select(*columns).where(Review.status == "published")
    row = db.session.execute(contributions.about(statement, Review, query)).one()
    return {
        "count": row.count,
        "rating": {
            "average": _number(row.average),
            "distribution": {str(stars): getattr(row, f"r{stars}") for stars in range(1, 6)},
        },
        "ratings": {name: _number(getattr(row, name)) for name in SUB_RATINGS},
        "would_recommend_pct": _number(row.recommend),
    }


def salary_stats(query: dict[str, Any]) -> dict[str, Any]:
    def percentile(fraction: float):
        return _rounded(func.percentile_cont(fraction).within_group(Salary.amount))

    statement = select(
        Salary.currency,
        Salary.period,
        func.count().label("count"),
        func.min(Salary.amount).label("min"),
        percentile(0.25).label("p25"),
        percentile(0.5).label("median"),
        percentile(0.75).label("p75"),
        func.max(Salary.amount).label("max"),
        _rounded(func.avg(Salary.amount)).label("mean"),
    ).group_by(Salary.currency, Salary.period)
    if query.get("year"):
        statement = statement.where(Salary.year == query["year"])
    statement = contributions.about(statement, Salary, query)
    rows = db.session.execute(
        statement.order_by(func.count().desc(), Salary.currency, Salary.period)
    )
    figures = ("min", "p25", "median", "p75", "max", "mean")
    groups = []
    for row in rows:
        enough = row.count >= MIN_SALARY_GROUP
        groups.append(
            {
                "currency": row.currency,
                "period": row.period,
                "count": row.count,
                **{name: _number(getattr(row, name)) if enough else None for name in figures},
            }
        )
    return {"groups": groups}


def interview_summary(query: dict[str, Any]) -> dict[str, Any]:
    statement = select(
        func.count().label("count"),
        _rounded(func.avg(Interview.difficulty)).label("difficulty"),
        *[
            func.count().filter(Interview.outcome == outcome).label(outcome)
            for outcome in INTERVIEW_OUTCOMES
        ],
    )
    row = db.session.execute(contributions.about(statement, Interview, query)).one()
    return {
        "count": row.count,
        "average_difficulty": _number(row.difficulty),
        "outcomes": {outcome: getattr(row, outcome) for outcome in INTERVIEW_OUTCOMES},
    }
