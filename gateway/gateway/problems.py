"""problem+json answers from the gateway itself (no framework on the forwarding path)."""

from __future__ import annotations

import json
from http import HTTPStatus

from servicekit.problems import PROBLEM_MIMETYPE


def problem(
    status: int, detail: str, request_id: str, headers: list[tuple[str, str]] | None = None
) -> tuple[str, list[tuple[str, str]], bytes]:
    body = json.dumps(
        {
            "type": "about:blank",
            "title": HTTPStatus(status).phrase,
            "status": status,
            "detail": detail,
            "request_id": request_id,
        }
    ).encode()
    return (
        f"{status} {HTTPStatus(status).phrase}",
        [("Content-Type", PROBLEM_MIMETYPE), ("Content-Length", str(len(body))), *(headers or [])],
        body,
    )
