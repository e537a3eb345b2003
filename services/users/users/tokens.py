"""Issuing access tokens and rotating refresh tokens (with reuse detection)."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
from flask import current_app
from servicekit.problems import abort
from servicekit.tokens import access_claims
from sqlalchemy import select, update

from .extensions import db
from .keys import SigningKeys
from .models import RefreshToken, User

REFRESH_TOKEN_BYTES = 32  # 256 bits


def _now() -> datetime:
    return datetime.now(UTC)


def _hash(raw_token: str) -> str:
    return hashlib.sha256(raw_token.encode()).hexdigest()


def _signing_keys() -> SigningKeys:
    return current_app.extensions["signing_keys"]


def issue_access_token(user: User) -> str:
    config, keys = current_app.config, _signing_keys()
    claims = access_claims(
        user_id=user.id,
        role=user.role,
        issuer=config["JWT_ISSUER"],
        audience=config["JWT_AUDIENCE"],
        lifetime=timedelta(seconds=config["ACCESS_TOKEN_TTL_SECONDS"]),
    )
    return jwt.encode(claims, keys.private_key, algorithm="RS256", headers={"kid": keys.kid})


def issue_token_pair(user: User, family_id: uuid.UUID | None = None) -> dict[str, Any]:
    """A new access token and refresh token; the caller commits the session."""
    raw_refresh = secrets.token_urlsafe(REFRESH_TOKEN_BYTES)
    db.session.add(
        RefreshToken(
            user_id=user.id,
            family_id=family_id or uuid.uuid4(),
            token_hash=_hash(raw_refresh),
            expires_at=_now() + timedelta(days=current_app.config["REFRESH_TOKEN_TTL_DAYS"]),
        )
    )
    return {
        "access_token": issue_access_token(user),
        "refresh_token": raw_refresh,
        "token_type": "Bearer",
        "expires_in": current_app.config["ACCESS_TOKEN_TTL_SECONDS"],
    }


def _refuse_refresh():
    abort(401, "The refresh token is invalid, expired or revoked.")


def rotate_refresh_token(raw_token: str) -> dict[str, Any]:
    """Trade a refresh token for a new pair; a token presented twice revokes its family.

    The row is locked, so two concurrent refreshes with one token cannot both succeed.
    """
    token = db.session.scalar(
        select(RefreshToken).where(RefreshToken.token_hash == _hash(raw_token)).with_for_update()
    )
    if token is None:
        _refuse_refresh()
    user = db.session.get(User, token.user_id)
    if token.used_at is not None or token.revoked_at is not None or not user.is_active:
        # A replayed token means it leaked: everything descended from that login goes.
        revoke_family(token.family_id)
        db.session.commit()
        _refuse_refresh()
    if token.expires_at <= _now():
        db.session.rollback()
        _refuse_refresh()
    token.used_at = _now()
    pair = issue_token_pair(user, family_id=token.family_id)
    db.session.commit()
    return pair


def _revoke(*which) -> None:
    """Revoke the live refresh tokens that `which` selects; the caller commits."""
    db.session.execute(
        update(RefreshToken)
        .where(*which, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=_now())
    )


def revoke_family(family_id: uuid.UUID) -> None:
    _revoke(RefreshToken.family_id == family_id)


def revoke_family_of(raw_token: str) -> None:
    """Logout: revoke the presented token's family; an unknown token changes nothing."""
    family_id = db.session.scalar(
        select(RefreshToken.family_id).where(RefreshToken.token_hash == _hash(raw_token))
    )
    if family_id is not None:
        revoke_family(family_id)
    db.session.commit()


def revoke_all_for_user(user_id: uuid.UUID) -> None:
    """Revoke every refresh token of a user; the caller commits."""
    _revoke(RefreshToken.user_id == user_id)
