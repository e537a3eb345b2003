"""Demo reviews, salaries and interview reports for the demo jobs, loaded by `make dev`.

The jobs come from the running jobs service (its public list), exactly as a client sees
them; contributions are written by a handful of made-up authors with a fixed seed.
"""

from __future__ import annotations

import random
import uuid
from decimal import Decimal

import requests
from flask import current_app
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert

from .extensions import db
from .models import Interview, JobReference, Review, Salary

SEED = 2026
AUTHORS = [
    uuid.uuid5(uuid.NAMESPACE_URL, f"https://jobsight.dev/demo/author/{n}") for n in range(12)
]
TITLES = [
    "Great mentorship",
    "Solid first co-op",
    "Fast-paced and fun",
    "Learned a lot",
    "Good pay, long hours",
    "Friendly team",
    "Too much waiting",
    "Would return",
]
PROS = ["Supportive manager", "Real production work", "Flexible hours", "Free lunch on Fridays"]
CONS = ["Slow onboarding", "Legacy code", "Long meetings", "Little feedback"]
QUESTIONS = [
    "Reverse a linked list.",
    "Tell me about a conflict in a team.",
    "Design a URL shortener.",
    "What happens when you type a URL in a browser?",
    "Explain SQL joins.",
    "Why this company?",
]
HOURLY_CAD = {
    "co-op": (22, 45),
    "internship": (20, 40),
    "part-time": (18, 30),
    "contract": (35, 80),
}


def _demo_jobs() -> list[dict]:
    url = current_app.config["JOBS_URL"].rstrip("/") + "/api/v1/jobs"
    jobs, cursor = [], None
    while True:
        params = {"limit": 100, **({"cursor": cursor} if cursor else {})}
        page = requests.get(url, params=params, timeout=5).json()
        jobs += page["items"]
        cursor = page["next_cursor"]
        if not cursor:
            # A stable order (the demo jobs share one creation time), so the seed always
            # produces the same contributions.
            return sorted(jobs, key=lambda job: (job["company"]["name"], job["title"]))


def _salary(rng: random.Random, job: dict, author: uuid.UUID) -> Salary:
    if job["employment_type"] == "full-time":
        amount, period = Decimal(rng.randrange(60_000, 140_000, 500)), "yearly"
    else:
        low, high = HOURLY_CAD[job["employment_type"]]
        amount, period = Decimal(rng.randrange(low * 100, high * 100, 25)) / 100, "hourly"
    return Salary(
        author_id=author,
        job_id=job["id"],
        company_id=job["company_id"],
        amount=amount,
        currency="CAD",
        period=period,
        year=rng.choice([2024, 2025, 2026]),
        term=rng.choice(["winter", "summer", "fall"]),
        coop_number=rng.randint(1, 6),
    )


def load_demo_data() -> tuple[int, int, int]:
    """Add demo contributions unless any review exists; returns (reviews, salaries, interviews)."""
    if db.session.scalar(select(Review.id).limit(1)) is not None:
        return 0, 0, 0
    rng = random.Random(SEED)  # noqa: S311 - demo data, not secrets
    counts = [0, 0, 0]
    for job in _demo_jobs():
        db.session.execute(
            insert(JobReference)
            .values(
                job_id=job["id"],
                company_id=job["company_id"],
                job_title=job["title"],
                company_name=job["company"]["name"],
            )
            .on_conflict_do_nothing()
        )
        # At least 5 authors a job: salary figures need 5 distinct accounts to be shown.
        authors = rng.sample(AUTHORS, rng.randint(5, 8))
        for index, author in enumerate(authors):
            rating = rng.choices([1, 2, 3, 4, 5], weights=[1, 2, 4, 6, 4])[0]
            db.session.add(
                Review(
                    author_id=author,
                    job_id=job["id"],
                    company_id=job["company_id"],
                    title=rng.choice(TITLES),
                    pros=rng.choice(PROS),
                    cons=rng.choice(CONS),
                    rating=rating,
                    work_life_balance=rng.randint(2, 5),
                    culture=rng.randint(2, 5),
                    learning=rng.randint(3, 5),
                    compensation=rng.randint(2, 5),
                    would_recommend=rating >= 3,
                    term="summer",
                    year=2025 - index % 2,
                    coop_number=rng.randint(1, 6),
                    program="Computer Science",
                )
            )
            db.session.add(_salary(rng, job, author))
            counts[0] += 1
            counts[1] += 1
            if rng.random() < 0.4:
                db.session.add(
                    Interview(
                        author_id=author,
                        job_id=job["id"],
                        company_id=job["company_id"],
                        questions=rng.sample(QUESTIONS, rng.randint(1, 3)),
                        difficulty=rng.randint(1, 5),
                        outcome=rng.choice(["offer", "rejected", "no_response", "withdrew"]),
                        experience="Two rounds, friendly interviewers.",
                        term="fall",
                        year=2025,
                    )
                )
                counts[2] += 1
    db.session.commit()
    return tuple(counts)
