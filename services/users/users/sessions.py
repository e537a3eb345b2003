"""Browser sessions: the refresh token in a cookie that page scripts cannot read.

A client asks for it with `"session": "cookie"` at login (or refresh). The refresh token
then travels only as the `jobsight_refresh` cookie: HttpOnly (no script reads it), Secure
(HTTPS only; plain HTTP is allowed with APP_ENV=development), SameSite=Strict (a request
from another site never carries it) and scoped to /api/v1/auth (no other route receives
it). The access token stays in the body, for the client to keep in memory.

Cross-site use is refused twice over: SameSite=Strict keeps the cookie off cross-site
requests, and a request authenticated by the cookie must have a JSON body, which a form on
another site cannot send (a cross-origin fetch with JSON needs a CORS preflight the gateway
grants only to CORS_ORIGINS, and it never allows credentials).

A refresh token in the body wins over the cookie, so scripts and the tests that send it
in JSON keep working whatever cookie they carry.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, request
from servicekit.config import DEVELOPMENT
from servicekit.problems import abort
from werkzeug.http import dump_cookie

COOKIE = "jobsight_refresh"
COOKIE_PATH = "/api/v1/auth"


def presented_refresh_token(data: dict[str, Any]) -> tuple[str, bool]:
    """The refresh token the request presents, and whether it came in the cookie."""
    if data.get("refresh_token"):
        return data["refresh_token"], False
    cookie = request.cookies.get(COOKIE)
    if not cookie:
        message = "Send the refresh token, in the body or as the session cookie."
        abort(422, message, errors={"refresh_token": [message]})
    if not request.is_json:
        # A form on another site can post with the cookie, never with a JSON body.
        abort(415, "A request carrying the session cookie must have a JSON body.")
    return cookie, True


def answer(pair: dict[str, Any], *, in_cookie: bool, status: int = 200):
    """The token pair as the client asked: the refresh token in the body, or in the cookie."""
    if not in_cookie:
        return pair, status
    body = {name: value for name, value in pair.items() if name != "refresh_token"}
    max_age = current_app.config["REFRESH_TOKEN_TTL_DAYS"] * 24 * 3600
    return body, status, {"Set-Cookie": _cookie(pair["refresh_token"], max_age)}


def cleared():
    """Headers that delete the session cookie (logout)."""
    return {"Set-Cookie": _cookie("", 0)}


def _cookie(value: str, max_age: int) -> str:
    secure = current_app.config["APP_ENV"] != DEVELOPMENT
    return dump_cookie(
        COOKIE,
        value,
        max_age=max_age,
        path=COOKIE_PATH,
        secure=secure,
        httponly=True,
        samesite="Strict",
    )
