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
ROLES = tuple(Role)  # in order: each role includes the ones before it
# The lowest role that holds each permission.
PERMISSIONS = {
    "read_restricted": Role.VIEWER,
    "download_raw": Role.ANALYST,
    "view_status": Role.WALIDATA,
    "view_rejected": Role.WALIDATA,
    "ingest": Role.WALIDATA,
    "manage_users": Role.ADMIN,
}


def role_allows(role: str | None, permission: str) -> bool:
    """Whether a role (None: anonymous) holds a permission."""
    needed = PERMISSIONS[permission]
    return role in ROLES and ROLES.index(role) >= ROLES.index(needed)


def classes_for(role: str | None) -> tuple[str, ...]:
    """The indicator classifications a role (None: anonymous) may see."""
    return ALL_CLASSES if role_allows(role, "read_restricted") else PUBLIC


@dataclass(frozen=True)
class Reader:
    """Who is reading, in which language: all the page state and the queries need to know of the reader."""

    role: str | None = None
    lang: str = "id"

    @property
    def classes(self) -> tuple[str, ...]:
        return classes_for(self.role)

    def can(self, permission: str) -> bool:
        return role_allows(self.role, permission)


ANONYMOUS = Reader()
