"""Who is calling: the bearer token verified on every request, and view guards."""

from __future__ import annotations

import dataclasses
import functools
import uuid
from collections.abc import Callable
from typing import Any

from flask import Flask, current_app, g, request

from .problems import abort
from .tokens import Identity, InvalidToken, KeysUnavailable, TokenVerifier

BEARER_SECURITY = [{"bearerAuth": []}]
GONE_ACCOUNT = "The account behind this token no longer exists or is deactivated."


@dataclasses.dataclass(frozen=True)
class AccountView:
    """What a service knows of an account now: whether its tokens count, and its role."""

    usable: bool
    role: str


# user id -> the account's standing as this service knows it, or None when it knows nothing
# newer than the token (then the token's claims stand).
AccountLookup = Callable[[uuid.UUID], AccountView | None]


def register_account_lookup(app: Flask, lookup: AccountLookup) -> None:
    """Consult `lookup` for every verified token: refuse a gone account's, take its role."""
    app.extensions["account_lookup"] = lookup


def register_authentication(app: Flask, verifier: TokenVerifier) -> None:
    """Verify any bearer token a request carries, on every route.

    A bad token is refused even on public routes, so a client learns its token is broken
    instead of silently being treated as anonymous.
    """
    app.extensions["token_verifier"] = verifier

    @app.before_request
    def authenticate() -> None:
        g.identity = None
        header = request.headers.get("Authorization")
        if header is None:
            return
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            _invalid_token("The Authorization header must be 'Bearer <access token>'.")
        try:
            g.identity = _current_standing(verifier.verify(token.strip()))
        except InvalidToken:
            _invalid_token("The access token is invalid or expired.")
        except KeysUnavailable:
            abort(
                503,
                "The keys that verify access tokens are unavailable; try again shortly.",
                headers={"Retry-After": "5"},
            )


def _current_standing(identity: Identity) -> Identity:
    """The identity as the account stands now, not as it stood when the token was issued."""
    lookup = current_app.extensions.get("account_lookup")
    account = lookup(identity.user_id) if lookup else None
    if account is None:
        return identity
    if not account.usable:
        _invalid_token(GONE_ACCOUNT)
    if account.role != identity.role:
        return dataclasses.replace(identity, role=account.role)
    return identity


def current_identity() -> Identity | None:
    return g.get("identity")


def _invalid_token(detail: str):
    abort(401, detail, headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})


def _document_security(wrapper: Callable[..., Any]) -> None:
    # flask-smorest reads `_apidoc["manual_doc"]` when it builds the OpenAPI document.
    apidoc = dict(getattr(wrapper, "_apidoc", {}))
    apidoc["manual_doc"] = {**apidoc.get("manual_doc", {}), "security": BEARER_SECURITY}
    wrapper._apidoc = apidoc


def require_identity(*, admin: bool = False, detail: str | None = None) -> Identity:
    """The caller's identity; 401 if anonymous (saying `detail`, when given, of what needed
    it), 403 if `admin` and the caller is not one."""
    identity = current_identity()
    if identity is None:
        detail = detail or "This route needs an access token."
        abort(401, detail, headers={"WWW-Authenticate": "Bearer"})
    if admin and not identity.is_admin:
        abort(403, "This route is for admins.")
    return identity


def _guard(view: Callable[..., Any], *, admin: bool) -> Callable[..., Any]:
    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        require_identity(admin=admin)
        return view(*args, **kwargs)

    _document_security(wrapper)
    return wrapper


def login_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Refuse anonymous callers with 401 and `WWW-Authenticate: Bearer`."""
    return _guard(view, admin=False)


def admin_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Like `login_required`, and the caller must be an admin (403 otherwise)."""
    return _guard(view, admin=True)
