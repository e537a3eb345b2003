"""Account rules: registration, sign-in, self-service changes and admin changes."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from flask import current_app
from servicekit.auth import AccountView, Identity
from servicekit.db import commit_or_abort
from servicekit.emails import email_key
from servicekit.events import publish_later
from servicekit.pagination import Listing, SortKey
from servicekit.problems import abort
from servicekit.search import contains_pattern
from sqlalchemy import or_, select

from .extensions import db
from .models import OutboxEvent, User
from .passwords import hash_password, needs_rehash, verify_password
from .tokens import issue_token_pair, revoke_all_for_user


def find_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email_key == email_key(email)))


def register(email: str, password: str, display_name: str) -> User:
    user = User(
        email=email.strip(),
        email_key=email_key(email),
        password_hash=hash_password(password),
        display_name=display_name,
    )
    db.session.add(user)
    commit_or_abort(db.session, conflict="An account with this email already exists.")
    return user


def log_in(email: str, password: str) -> dict[str, Any]:
    user = find_by_email(email)
    # Verify even for an unknown email so both failures take the same time and answer.
    valid = verify_password(user.password_hash if user else None, password)
    if not valid or user is None or not user.is_active:
        abort(401, "Wrong email or password.")
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    pair = issue_token_pair(user)
    db.session.commit()
    return pair


def standing(user_id: uuid.UUID) -> AccountView:
    """What servicekit.auth checks on every request: a deleted or deactivated account's
    tokens are refused at once, and the account's role, not the token's, counts."""
    user = db.session.get(User, user_id)
    if user is None:
        return AccountView(usable=False, role="user")
    return AccountView(usable=user.is_active, role=user.role)


def active_user(identity: Identity) -> User:
    """The caller's account (authentication already refused a gone account's token)."""
    return db.session.get(User, identity.user_id)


def _announce(user: User, *event_types: str) -> None:
    """Tell the other services the account's standing changed, in this transaction."""
    user.account_version += 1
    standing = {
        "account_version": user.account_version,
        "active": user.is_active,
        "role": user.role,
    }
    for event_type in event_types:
        publish_later(db.session, OutboxEvent, event_type, user.id, standing)


def update_me(user: User, changes: dict[str, Any]) -> User:
    if "password" in changes:
        check_current_password(user, changes["current_password"])
        if email_key(changes["password"]) == user.email_key:
            abort(
                422,
                "The password must not be the email.",
                errors={"password": ["The password must not be the email."]},
            )
        user.password_hash = hash_password(changes["password"])
        revoke_all_for_user(user.id)
    if "display_name" in changes:
        user.display_name = changes["display_name"]
    db.session.commit()
    return user


def check_current_password(user: User, password: str) -> None:
    """The caller's current password, or 403; past the limit, 429 without checking.

    A stolen access token must not be a way to guess the password: wrong guesses count per
    account, in the database, so the limit holds across workers and replicas. The account
    row is locked, so concurrent guesses are counted one after another.
    """
    config = current_app.config
    limit, window = config["PASSWORD_CHECK_LIMIT"], config["PASSWORD_CHECK_WINDOW_SECONDS"]
    db.session.refresh(user, with_for_update=True)
    now = datetime.now(UTC)
    since = user.password_failures_since
    if since is None or (now - since).total_seconds() >= window:
        user.password_failures, user.password_failures_since = 0, now
    if user.password_failures >= limit:
        retry_after = window - int((now - user.password_failures_since).total_seconds())
        db.session.commit()
        abort(
            429,
            "Too many wrong current passwords; try again later.",
            headers={"Retry-After": str(max(1, retry_after))},
        )
    if not verify_password(user.password_hash, password):
        user.password_failures += 1
        db.session.commit()  # the failure counts even though the request is refused
        abort(403, "The current password is wrong.")
    user.password_failures, user.password_failures_since = 0, None


def delete_me(user: User) -> None:
    # Refresh tokens go with the row (ON DELETE CASCADE). The event makes jobs delete the
    # account's private data and reviews unlink its public contributions from it.
    _announce(user, "user.deleted")
    db.session.delete(user)
    db.session.commit()


USER_ORDER = (SortKey(User.created_at, descending=True), SortKey(User.id, descending=True))


def users_listing(query: dict[str, Any]) -> Listing:
    """Every account, newest first; `q` matches any part of the email or display name."""
    statement, q = select(User), query.get("q")
    if q:
        pattern = contains_pattern(q)
        statement = statement.where(
            or_(
                User.email.ilike(pattern, escape="\\"),
                User.display_name.ilike(pattern, escape="\\"),
            )
        )
    return Listing(statement, USER_ORDER, "users")


def admin_update_user(user_id: uuid.UUID, changes: dict[str, Any]) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404, "No such user.")
    announcements = []
    if "role" in changes and changes["role"] != user.role:
        user.role = changes["role"]
        announcements.append("user.role_changed")
    if "is_active" in changes and changes["is_active"] != user.is_active:
        user.is_active = changes["is_active"]
        announcements.append("user.reactivated" if user.is_active else "user.deactivated")
        if not user.is_active:
            revoke_all_for_user(user.id)
    if announcements:
        _announce(user, *announcements)
    db.session.commit()
    return user
