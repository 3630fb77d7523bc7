"""Where sign-in sends a reader next: only to a page of this site, whatever the ?next= says."""

from __future__ import annotations

import pytest

from web import auth

pytestmark = pytest.mark.security

TAMPERED_NEXT = [
    "https://evil.example/",
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\/evil.example",
    "/%5Cevil.example",
    "/%5cevil.example",
    "/%255Cevil.example",
    "/%2F/evil.example",
    "%2F%2Fevil.example",
    "/\t/evil.example",
    "/%09/evil.example",
    "/\n/evil.example",
    "/%0A/evil.example",
    "https:evil.example",
    "https:/evil.example",
    "evil.example",
    " //evil.example",
]


@pytest.mark.parametrize("target", TAMPERED_NEXT)
def test_aut004b_tampered_next_stays_on_the_site(target):
    assert auth.safe_next(target) == "/"


def test_aut004c_local_next_is_kept():
    assert auth.safe_next("/indikator/ipm?wilayah=6472,6471&dari=2019") == "/indikator/ipm?wilayah=6472,6471&dari=2019"
    assert auth.safe_next("/sektor/kemiskinan") == "/sektor/kemiskinan"
    assert auth.safe_next(None) == "/" and auth.safe_next("") == "/"
