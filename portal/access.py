"""Who may read and do what: access classes of the data and permissions of the roles.

Anonymous readers see `publik` indicators only; any signed-in role also sees `terbatas` ones.
Outside a web request (the ETL, the CLI, tests of the query layer) the reader is anonymous unless a
caller passes classes explicitly, so nothing restricted leaks by default.
"""

from __future__ import annotations

from functools import wraps

from flask import abort, has_request_context
from flask_login import current_user

from portal import audit
from portal.auth import ROLES
from portal.vocab import Classification, Role

PUBLIC = (Classification.PUBLIK,)
ALL_CLASSES = tuple(Classification)
# The lowest role that holds each permission (roles are ordered viewer < analyst < walidata < admin).
PERMISSIONS = {
    "read_restricted": Role.VIEWER,
    "download_raw": Role.ANALYST,
    "view_status": Role.WALIDATA,
    "view_rejected": Role.WALIDATA,
    "ingest": Role.WALIDATA,
    "manage_users": Role.ADMIN,
}


def current_role() -> str | None:
    """The signed-in reader's role, or None for an anonymous reader (or outside a request)."""
    if not has_request_context():
        return None
    user = current_user
    if user is None or not user.is_authenticated:
        return None
    return getattr(user, "role", None) if getattr(user, "role", None) in ROLES else None


def role_allows(role: str | None, permission: str) -> bool:
    """Whether a role (None: anonymous) holds a permission."""
    needed = PERMISSIONS[permission]
    return role is not None and ROLES.index(role) >= ROLES.index(needed)


def can(permission: str) -> bool:
    """Whether the current reader holds a permission."""
    return role_allows(current_role(), permission)


def readable_classes() -> tuple[str, ...]:
    """The indicator classifications the current reader may see."""
    return ALL_CLASSES if can("read_restricted") else PUBLIC


def resolve(classes: tuple[str, ...] | None) -> tuple[str, ...]:
    """A query's `classes` argument: None means the current reader's classes."""
    return readable_classes() if classes is None else tuple(classes)


def check(permission: str) -> None:
    """Stop a request (401 anonymous, 403 signed in) unless the reader holds the permission; audited."""
    if not can(permission):
        audit.event("access_denied", outcome="refused", permission=permission)
        abort(403 if current_role() else 401)


def require(permission: str):
    """Decorator for Flask views: 403 unless the reader holds the permission (401 when anonymous)."""

    def wrap(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            check(permission)
            return view(*args, **kwargs)

        return guarded

    return wrap
