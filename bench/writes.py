"""Writes at scale: a review and a salary for the largest company, and a helpful vote,
through the gateway at 4 connections, as the bench user.

Every request is a new write (wrk/requests.lua sends a list of distinct requests in turn):
a review is one per author, job, term and year, so each names another combination of the
largest company's jobs, terms and years; a salary lands in that company's biggest group
(CAD, hourly), whose statistics the database's triggers keep; a vote goes to another of its
published reviews each time. The bench user's earlier writes are removed first, so every
run writes the same rows on the same data.
"""

from __future__ import annotations

import itertools
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

import psycopg2

import load

CONNECTIONS = 4
# More distinct requests than a run can send, so none repeats (a repeated review is a 409).
REQUESTS_A_RUN = 30_000
YEARS = range(2015, 2026)
TERMS = ("winter", "spring", "summer", "fall")


@dataclass(frozen=True)
class Write:
    label: str
    method_and_path: str  # as the report shows it
    result: load.LoadResult


def _rows(url: str, sql: str, parameters: tuple) -> list:
    connection = psycopg2.connect(url)
    try:
        with connection, connection.cursor() as cursor:
            cursor.execute(sql, parameters)
            return cursor.fetchall() if cursor.description else []
    finally:
        connection.close()


def forget_earlier_writes(reviews_url: str, user_id: str) -> None:
    """The bench user's reviews, salaries and votes from earlier runs, removed (the
    triggers take them out of the statistics as they go)."""
    for statement in (
        "DELETE FROM helpful_votes WHERE user_id = %s",
        "DELETE FROM reviews WHERE author_id = %s",
        "DELETE FROM salaries WHERE author_id = %s",
    ):
        _rows(reviews_url, statement, (user_id,))


def _requests_file(directory: Path, name: str, lines) -> Path:
    path = directory / f"{name}.tsv"
    with path.open("w") as out:
        for method, route, body in itertools.islice(lines, REQUESTS_A_RUN):
            out.write(f"{method}\t{route}\t{json.dumps(body) if body else ''}\n")
    return path


def _review_requests(job_ids: list[str]):
    for year, term, job_id in itertools.product(YEARS, TERMS, job_ids):
        body = {"job_id": job_id, "title": "Steady team", "rating": 4, "term": term}
        yield "POST", "/api/v1/reviews", {**body, "year": year, "pros": "Mentors"}


def _salary_requests(job_ids: list[str]):
    for n, job_id in enumerate(itertools.cycle(job_ids)):
        amount = 20 + n % 30 + (n % 7) / 10
        yield (
            "POST",
            "/api/v1/salaries",
            {
                "job_id": job_id,
                "amount": amount,
                "currency": "CAD",
                "period": "hourly",
            },
        )


def _vote_requests(review_ids: list[str]):
    for review_id in review_ids:
        yield "PUT", f"/api/v1/reviews/{review_id}/helpful", None


def measure(stack, token: str, user_id: str, company_id: str, seconds: float, say) -> list:
    gateway = stack.url("gateway")
    reviews_url = stack.database_url("reviews")
    forget_earlier_writes(reviews_url, user_id)  # first: none of them may be voted on
    job_ids = [
        str(row[0])
        for row in _rows(
            stack.database_url("jobs"),
            "SELECT id FROM jobs WHERE company_id = %s ORDER BY id",
            (company_id,),
        )
    ]
    review_ids = [
        str(row[0])
        for row in _rows(
            reviews_url,
            "SELECT id FROM reviews WHERE company_id = %s AND status = 'published' "
            "ORDER BY id LIMIT %s",
            (company_id, REQUESTS_A_RUN),
        )
    ]
    headers = {"Authorization": f"Bearer {token}"}
    kinds = [
        ("a review of the largest company", "POST /api/v1/reviews", _review_requests(job_ids)),
        ("a salary of the largest company", "POST /api/v1/salaries", _salary_requests(job_ids)),
        ("a helpful vote", "PUT /api/v1/reviews/{id}/helpful", _vote_requests(review_ids)),
    ]
    measured = []
    with tempfile.TemporaryDirectory(prefix="jobsight-writes-") as directory:
        for n, (label, shown, lines) in enumerate(kinds):
            listed = _requests_file(Path(directory), f"writes-{n}", lines)
            say(f"writes: {label}, {CONNECTIONS} connections")
            result = load.run_wrk(
                gateway,
                connections=CONNECTIONS,
                seconds=seconds,
                headers=headers,
                requests_file=listed,
            )
            measured.append(Write(label, shown, result))
    return measured
