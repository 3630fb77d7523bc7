"""Who reads what: the classes each reader may see, the permissions of each role, and the query defaults."""

from __future__ import annotations

import pytest
from flask_login import login_user

from portal import access, accounts, queries
from tests.conftest import web_app
from web import reader

pytestmark = pytest.mark.security

RESTRICTED = "investasi_proyek"


def test_acc001_the_staff_ladder_includes_the_rungs_below_and_the_other_roles_stand_beside_it():
    ladder = (None, "viewer", "analyst", "walidata", "admin")
    assert [access.role_allows(r, "read_restricted") for r in ladder] == [False, True, True, True, True]
    assert [access.role_allows(r, "download_raw") for r in ladder] == [False, False, True, True, True]
    assert [access.role_allows(r, "view_status") for r in ladder] == [False, False, False, True, True]
    assert [access.role_allows(r, "manage_users") for r in ladder] == [False, False, False, False, True]
    # Every signed-in role reads restricted indicators; only the staff ladder opens /status or manages accounts.
    for role in ("produsen", "walidata_pendukung", "perangkat_daerah", "pimpinan"):
        assert access.role_allows(role, "read_restricted") and not access.role_allows(role, "manage_users")
        assert not access.role_allows(role, "view_status")
    assert access.roles_with("view_status") == ["walidata", "admin"]
    with pytest.raises(KeyError):
        access.role_allows("admin", "no_such_permission")


def test_acc006_the_workflow_permissions_deliver_see_and_decide():
    """produsen data deliver; a walidata decides on every delivery, a walidata pendukung on its agency's only; what
    each sees of the drafts follows (issue 14)."""
    everyone = (None, *accounts.ROLES)
    assert access.roles_with("deliver") == ["produsen"]
    assert access.roles_with("review") == ["walidata", "admin"]
    assert access.roles_with("review_agency") == ["walidata_pendukung"]
    assert access.roles_with("view_deliveries") == ["walidata", "admin", "produsen", "walidata_pendukung"]
    assert [r for r in everyone if access.role_allows(r, "deliver") and access.role_allows(r, "review")] == []
    dinkes = {role: access.Reader(role, agency="dinkes") for role in ("produsen", "walidata_pendukung")}
    assert access.Reader("walidata").drafts == access.ALL_AGENCIES
    assert dinkes["produsen"].drafts == dinkes["walidata_pendukung"].drafts == "dinkes"
    for role in ("viewer", "analyst", "pimpinan", "perangkat_daerah", None):
        assert access.Reader(role, agency="dinkes" if role == "perangkat_daerah" else None).drafts is None
    assert access.Reader("produsen").drafts is None  # an agency role without its agency sees nothing
    assert access.Reader("walidata").may_review("dinkes") and access.Reader("walidata").may_review(None)
    assert dinkes["walidata_pendukung"].may_review("dinkes")
    assert not dinkes["walidata_pendukung"].may_review("disdikbud") and not dinkes["walidata_pendukung"].may_review(
        None
    )
    assert not dinkes["produsen"].may_review("dinkes")  # a producer never approves, its own delivery least of all
    assert dinkes["produsen"].may_see_delivery("dinkes") and not dinkes["produsen"].may_see_delivery("disdikbud")
    assert not dinkes["produsen"].may_see_delivery(None)


def test_acc002_outside_a_request_the_reader_is_anonymous():
    assert reader.current() == access.ANONYMOUS and access.ANONYMOUS.classes == ("publik",)
    # Query functions given no classes return public indicators only: nothing restricted by default.
    assert access.classes_for(None) == ("publik",) and access.classes_for("viewer") == ("publik", "terbatas")


@pytest.mark.parametrize("role", [None, *accounts.ROLES])
def test_acc003_the_web_reader_carries_its_classes_to_the_queries(role, accounts_db):
    server = web_app(accounts_db).server
    with server.test_request_context("/"):
        server.preprocess_request()
        if role:
            login_user(accounts.Account(1, f"uji_{role}", "", role))
        classes = reader.current().classes
        codes = set(queries.catalogue(classes)["code"])
        values = queries.regional_values(RESTRICTED, classes)
        expected = role is not None
        assert classes == (("publik", "terbatas") if expected else ("publik",))
        assert (RESTRICTED in codes) is expected
        assert (not values.empty) is expected
        # Without the reader's classes a query answers as to an anonymous reader.
        assert RESTRICTED not in set(queries.catalogue()["code"])
