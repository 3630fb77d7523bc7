"""Who may read and do what: the access classes of the data and the permissions of the roles.

Anonymous readers see `publik` indicators only; any signed-in role also sees `terbatas` ones. Query
functions take the classes a reader may see as an argument (default: public only), so nothing restricted
leaks by default. The current web reader is found in web/reader.py; this module knows no web framework.
"""

from __future__ import annotations

from dataclasses import dataclass

from portal.vocab import Classification, Role

PUBLIC = (Classification.PUBLIK,)
ALL_AGENCIES = "*"  # a reader whose draft scope is every agency (and every registered source)
ALL_CLASSES = tuple(Classification)
ROLES = tuple(Role)  # the staff ladder first (each includes the ones before it), then the roles beside it
_VIEWER = frozenset({"read_restricted"})
_ANALYST = _VIEWER | {"download_raw"}
# view_deliveries: open deliveries, drafts too (a walidata every one; an agency role its agency's);
# review: decide on (approve and so publish, or return) any delivery, a registered source's drafts too.
# set_due: set the due date of an indicator's period (the release schedule's computed one otherwise).
_WALIDATA = _ANALYST | {"view_status", "view_rejected", "ingest", "view_deliveries", "review", "set_due"}
# Coordination meetings: who reads them and their follow-ups, who schedules them (the secretariat and leadership),
# who assigns a follow-up (leadership) and who updates one (leadership; an agency head for its own agency only).
_MEETINGS_READ = frozenset({"view_meetings"})
_MEETINGS_STAFF = _MEETINGS_READ | {"schedule_meeting"}
# Who chooses the accounts that receive the nightly alert digest (on /rapat): the secretariat, walidata and admin.
_ALERTS = frozenset({"manage_alerts"})
# What each role may do. An agency role acts for its own agency only (the account's `agency`): deliver sends its
# agency's data as drafts; review_agency decides on its agency's deliveries (never on one the reviewer sent).
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.VIEWER: _VIEWER,
    Role.ANALYST: _ANALYST,
    Role.WALIDATA: _WALIDATA | _MEETINGS_STAFF | _ALERTS,
    Role.ADMIN: _WALIDATA | {"manage_users"} | _MEETINGS_STAFF | _ALERTS,
    Role.PRODUSEN: _VIEWER | {"deliver", "view_deliveries"},
    Role.WALIDATA_PENDUKUNG: _VIEWER | {"view_deliveries", "review_agency"},
    Role.PERANGKAT_DAERAH: _VIEWER | _MEETINGS_READ | {"update_followup"},
    Role.PIMPINAN: _ANALYST | _MEETINGS_STAFF | {"assign_followup", "update_followup"},
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

    @property
    def drafts(self) -> str | None:
        """Whose deliveries (drafts too) the reader may see: ALL_AGENCIES for a walidata, the own agency for a
        produsen data or walidata pendukung, None for everyone else (who sees published values only)."""
        if self.can("review"):
            return ALL_AGENCIES
        if self.agency and self.can("view_deliveries"):
            return self.agency
        return None

    def may_see_delivery(self, agency: str | None) -> bool:
        """Whether the reader may open a delivery of `agency` (None: a registered source's run)."""
        return self.drafts == ALL_AGENCIES or (self.drafts is not None and self.drafts == agency)

    def may_review(self, agency: str | None) -> bool:
        """Whether the reader may approve or return a delivery of `agency` (None: a registered source's run)."""
        return self.can("review") or (self.can("review_agency") and agency is not None and self.agency == agency)


ANONYMOUS = Reader()
