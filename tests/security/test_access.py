"""Who reads what: the classes each reader may see, the permissions of each role, and the query defaults."""

from __future__ import annotations

import pytest
from flask_login import login_user

from portal import access, auth, queries

RESTRICTED = "investasi_proyek"


def test_acc001_roles_are_ordered_and_permissions_follow():
    assert [access.role_allows(r, "read_restricted") for r in (None, *auth.ROLES)] == [False, True, True, True, True]
    assert [access.role_allows(r, "download_raw") for r in (None, *auth.ROLES)] == [False, False, True, True, True]
    assert [access.role_allows(r, "view_status") for r in (None, *auth.ROLES)] == [False, False, False, True, True]
    assert [access.role_allows(r, "manage_users") for r in (None, *auth.ROLES)] == [False, False, False, False, True]
    with pytest.raises(KeyError):
        access.role_allows("admin", "no_such_permission")


def test_acc002_outside_a_request_the_reader_is_anonymous():
    assert access.readable_classes() == ("publik",)
    assert access.resolve(None) == ("publik",) and access.resolve(("terbatas",)) == ("terbatas",)


@pytest.mark.parametrize("role", [None, *auth.ROLES])
def test_acc003_query_defaults_follow_the_reader(role, accounts_db, monkeypatch):
    from app import server

    monkeypatch.setenv("DATABASE_URL", accounts_db)
    with server.test_request_context("/"):
        if role:
            login_user(auth.Account(1, f"uji_{role}", "", role))
        codes = set(queries.catalogue()["code"])
        values = queries.regional_values(RESTRICTED)
        expected = role is not None
        assert access.readable_classes() == (("publik", "terbatas") if expected else ("publik",))
        assert (RESTRICTED in codes) is expected
        assert (not values.empty) is expected
        # An explicit argument still wins (the ETL and the status page use it).
        assert RESTRICTED not in set(queries.catalogue(classes=("publik",))["code"])
