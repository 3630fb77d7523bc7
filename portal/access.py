"""Who may read and do what: the access classes of the data and the permissions of the roles.

Anonymous readers see `publik` indicators only; any signed-in role also sees `terbatas` ones. Query
functions take the classes a reader may see as an argument (default: public only), so nothing restricted
leaks by default. The current web reader is found in web/reader.py; this module knows no web framework.
"""

from __future__ import annotations

from dataclasses import dataclass

from portal.vocab import Classification, Role

PUBLIC = (Classification.PUBLIK,)
ALL_CLASSES = tuple(Classification)
ROLES = tuple(Role)  # the staff ladder first (each includes the ones before it), then the roles beside it
_VIEWER = frozenset({"read_restricted"})
_ANALYST = _VIEWER | {"download_raw"}
_WALIDATA = _ANALYST | {"view_status", "view_rejected", "ingest"}
# What each role may do. An agency role acts for its own agency only (the account's `agency`).
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.VIEWER: _VIEWER,
    Role.ANALYST: _ANALYST,
    Role.WALIDATA: _WALIDATA,
    Role.ADMIN: _WALIDATA | {"manage_users"},
    Role.PRODUSEN: _VIEWER,
    Role.WALIDATA_PENDUKUNG: _VIEWER,
    Role.PERANGKAT_DAERAH: _VIEWER,
    Role.PIMPINAN: _ANALYST,
}
PERMISSIONS = frozenset().union(*ROLE_PERMISSIONS.values())


def role_allows(role: str | None, permission: str) -> bool:
    """Whether a role (None: anonymous) holds a permission."""
    if permission not in PERMISSIONS:
        raise KeyError(permission)
    return permission in ROLE_PERMISSIONS.get(role, frozenset())


def roles_with(permission: str) -> list[str]:
    """The roles that hold a permission, in ROLES order (the lowest rung of the staff ladder first)."""
    return [r for r in ROLES if role_allows(r, permission)]


def classes_for(role: str | None) -> tuple[str, ...]:
    """The indicator classifications a role (None: anonymous) may see."""
    return ALL_CLASSES if role_allows(role, "read_restricted") else PUBLIC


@dataclass(frozen=True)
class Reader:
    """Who is reading, in which language: all the page state and the queries need to know of the reader."""

    role: str | None = None
    lang: str = "id"
    agency: str | None = None  # the agency an agency role acts for

    @property
    def classes(self) -> tuple[str, ...]:
        return classes_for(self.role)

    def can(self, permission: str) -> bool:
        return role_allows(self.role, permission)


ANONYMOUS = Reader()
