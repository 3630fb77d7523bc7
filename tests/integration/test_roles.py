"""Anonymous readers and each role on pages, downloads and raw callback requests.

Restricted indicators (classification `terbatas`) must not appear in any answer to an anonymous reader;
signed-in roles see them; /status is for walidata and admin; raw downloads for analysts and above.
"""

from __future__ import annotations

import pytest

from bench.dash_requests import CALLBACK_PATH, callback_body, page_body
from portal import accounts
from tests.accounts import restricted_markers, sign_in

pytestmark = pytest.mark.security

ROLES = [None, *accounts.ROLES]
PAGES = [
    ("/", ""),
    ("/katalog", ""),
    ("/katalog", "?sektor=investasi"),
    ("/sektor/investasi", "?indikator=investasi_proyek"),
    ("/sektor/digitalisasi", "?indikator=transaksi_layanan_digital"),
    ("/indikator/investasi_proyek", ""),
    ("/indikator/transaksi_layanan_digital", "?wilayah=6472"),
    ("/wilayah", "?indikator=investasi_proyek"),
    ("/wilayah/6472", ""),
    ("/aplikasi", ""),
    ("/status", ""),
]


def _text(response) -> str:
    """A response body as text, with Dash's escaped slashes written plainly."""
    return response.get_data(as_text=True).replace("\\u002f", "/")


def _answers(client, callback_map) -> dict[str, str]:
    """Every page above, and the indicator page's own callbacks asked for a restricted indicator."""
    answers = {
        f"{path}{search}": _text(client.post(CALLBACK_PATH, json=page_body(path, search))) for path, search in PAGES
    }
    for fragment, values, states in (
        ("indikator-grafik.children", [["6472"], 2015, 2025], ["investasi_proyek"]),
        ("indikator-download.data", [1, None, None], [["6472"], 2015, 2025, "investasi_proyek"]),
        ("sektor-view.children", ["investasi_proyek", ["6472"], 2015, 2025], ["investasi"]),
    ):
        found = [(k, v) for k, v in callback_map.items() if fragment in k]
        assert found, f"no callback {fragment}"
        key, spec = found[0]
        body = callback_body(key, spec, values[: len(spec["inputs"])], states[: len(spec.get("state", []))])
        answers[f"{fragment} {states}"] = _text(client.post(CALLBACK_PATH, json=body))
    return answers


@pytest.fixture(scope="module")
def callback_map(accounts_db):
    from tests.conftest import web_app

    app = web_app(accounts_db)
    app.server.test_client().get("/")
    return dict(app.callback_map)


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r or "anonymous")
def test_rol001_restricted_data_only_for_signed_in_readers(web, callback_map, role):
    sign_in(web, role)
    answers = _answers(web, callback_map)
    markers = restricted_markers()
    # A code the request itself names may be echoed back ("indikator=investasi_proyek was ignored"); the
    # restricted indicators' names, and codes the request did not name, must never appear.
    leaked = {
        where: [m for m in markers if m in body and not ("_" in m and m in where)] for where, body in answers.items()
    }
    if role is None:
        assert {k: v for k, v in leaked.items() if v} == {}
    else:
        assert "Jumlah Proyek Investasi" in answers["/katalog"]
        assert "Jumlah Proyek Investasi" in answers["/indikator/investasi_proyek"]
        assert "Transaksi Layanan Publik Digital" in answers["/indikator/transaksi_layanan_digital?wilayah=6472"]


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r or "anonymous")
def test_rol002_status_page_for_walidata_and_admin(web, role):
    sign_in(web, role)
    body = _text(web.post(CALLBACK_PATH, json=page_body("/status")))
    allowed = role in ("walidata", "admin")
    assert ("status-ditolak" in body) is allowed
    assert ("access-notice" in body) is not allowed
    nav = _text(web.get("/_dash-layout"))
    assert ('"href":"/status"' in nav) is allowed
