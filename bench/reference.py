"""The reference service: the least Flask and psycopg2 need to answer two of the jobs
service's reads, so the report can say what the service's own machinery costs on top.

It answers `GET /api/v1/companies/<id>` (one primary-key read) and
`GET /api/v1/jobs?company_id=<id>` (the company's 20 newest jobs, with the signed cursor of
the next page) with the same SQL shape and byte for byte the same JSON as the jobs service,
from the jobs service's database, under the same gunicorn settings (deploy/gunicorn.conf.py:
gthread, 2 workers of 4 threads, keep-alive). No validation, no authentication, no logs, no
metrics, no tracing: everything the service does beyond this is its overhead.

    SERVICE=reference DATABASE_URL=... SECRET_KEY=... gunicorn --config \
        deploy/gunicorn.conf.py --pythonpath bench 'reference:create_app()'
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
from contextlib import contextmanager
from datetime import UTC

from flask import Flask, Response, abort, request
from psycopg2.pool import ThreadedConnectionPool

COMPANY_COLUMNS = (
    "id, name, slug, website, logo_url, industry, size, headquarters, description, "
    "job_count, created_at, updated_at"
)
JOB_COLUMNS = (
    "j.id, j.company_id, c.id, c.name, j.title, j.location, j.employment_type, j.workplace, "
    "j.description, j.created_at, j.updated_at"
)
PAGE = 20


def _timestamp(value) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _company(row) -> dict:
    keys = COMPANY_COLUMNS.split(", ")
    company = dict(zip(keys, row, strict=True))
    company["id"] = str(company["id"])
    company["created_at"] = _timestamp(company["created_at"])
    company["updated_at"] = _timestamp(company["updated_at"])
    return company


def _job(row) -> dict:
    return {
        "id": str(row[0]),
        "company_id": str(row[1]),
        "company": {"id": str(row[2]), "name": row[3]},
        "title": row[4],
        "location": row[5],
        "employment_type": row[6],
        "workplace": row[7],
        "description": row[8],
        "created_at": _timestamp(row[9]),
        "updated_at": _timestamp(row[10]),
    }


def _cursor(secret: bytes, row) -> str:
    """The jobs service's cursor after `row` (servicekit.pagination's format)."""
    values = [row[9].isoformat(), str(row[0])]
    payload = json.dumps(["jobs:-created_at", values], separators=(",", ":")).encode()
    signature = hmac.new(secret, payload, hashlib.sha256).digest()[:16]
    return base64.urlsafe_b64encode(signature + payload).decode().rstrip("=")


def create_app() -> Flask:
    app = Flask(__name__)
    pool = ThreadedConnectionPool(1, 4, os.environ["DATABASE_URL"])
    secret = os.environ["SECRET_KEY"].encode()

    @contextmanager
    def cursor():
        connection = pool.getconn()
        try:
            with connection, connection.cursor() as cur:
                yield cur
        finally:
            pool.putconn(connection)

    def answer(document) -> Response:
        # As Flask's jsonify writes it: compact, fields in the schema's order, a newline.
        body = json.dumps(document, separators=(",", ":")) + "\n"
        return Response(body, mimetype="application/json")

    @app.get("/api/v1/companies/<uuid:company_id>")
    def company(company_id):
        with cursor() as cur:
            cur.execute(
                f"SELECT {COMPANY_COLUMNS} FROM companies WHERE id = %s",
                (str(company_id),),
            )
            row = cur.fetchone()
        if row is None:
            abort(404)
        return answer(_company(row))

    @app.get("/api/v1/jobs")
    def jobs():
        with cursor() as cur:
            cur.execute(
                f"SELECT {JOB_COLUMNS} FROM jobs AS j JOIN companies AS c ON c.id = j.company_id "
                "WHERE j.company_id = %s ORDER BY j.created_at DESC, j.id DESC LIMIT %s",
                (request.args["company_id"], PAGE + 1),
            )
            rows = cur.fetchall()
        more = len(rows) > PAGE
        rows = rows[:PAGE]
        next_cursor = _cursor(secret, rows[-1]) if more else None
        return answer({"next_cursor": next_cursor, "items": [_job(row) for row in rows]})

    return app
