"""Raw-data downloads: every observation of an indicator as CSV, for analysts and above only."""

from __future__ import annotations

import pytest

from bench.dash_requests import CALLBACK_PATH, page_body
from portal import accounts
from portal.access import role_allows
from tests.accounts import sign_in

pytestmark = pytest.mark.security

ROLES = [None, *accounts.ROLES]


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r or "anonymous")
def test_dl001_raw_downloads_for_analysts_and_above(web, role):
    sign_in(web, role)
    public = web.get("/unduh/mentah/ipm.csv")
    restricted = web.get("/unduh/mentah/investasi_proyek.csv")
    if role is None:
        assert public.status_code == restricted.status_code == 401
        assert "Jumlah Proyek Investasi" not in restricted.get_data(as_text=True)
    elif not role_allows(role, "download_raw"):  # viewer and the agency roles
        assert public.status_code == restricted.status_code == 403
    else:
        assert public.status_code == 200 and public.mimetype == "text/csv"
        lines = public.get_data(as_text=True).splitlines()
        assert lines[0].lstrip("\ufeff").startswith("indicator,region,region_name,period,value,status,source")
        assert len(lines) > 100 and all(line.startswith("ipm,") for line in lines[1:])
        assert restricted.status_code == 200 and "investasi_proyek,6472" in restricted.get_data(as_text=True)
        assert web.get("/unduh/mentah/tidak_ada.csv").status_code == 404
        assert web.get("/unduh/mentah/x'%20OR%201=1.csv").status_code == 404


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r or "anonymous")
def test_dl002_the_indicator_page_links_raw_data_for_analysts(web, role):
    sign_in(web, role)
    body = web.post(CALLBACK_PATH, json=page_body("/indikator/ipm")).get_data(as_text=True)
    # Dash writes "/" as \\u002f in its JSON: look for the download name instead of the address.
    assert ("ipm-mentah.csv" in body) is role_allows(role, "download_raw")


def test_dl003_raw_downloads_are_audited(web):
    import json

    sign_in(web, "analyst")
    assert web.get("/unduh/mentah/ipm.csv").status_code == 200
    events = [json.loads(line) for line in web.audit_file.read_text().splitlines()]
    assert events[-1]["event"] == "raw_download" and events[-1]["actor"] == "uji_analyst"
    assert events[-1]["indicator"] == "ipm" and events[-1]["rows"] > 100
