"""The status page's state (portal/state/status.py): who sees which rejected rows and how much of them, the source
cards, the run choice read from an address and from the control, and the sign-in page's state."""

import json

import pandas as pd
import pytest

from portal import access
from portal.access import Reader
from portal.params import InvalidInput
from portal.state import signin, status
from portal.state.listing import ALL
from portal.vocab import Role

CATALOGUE = pd.DataFrame(
    [
        {"code": "kemiskinan_p0", "classification": "publik"},
        {"code": "investasi_proyek", "classification": "terbatas"},
    ]
)


def _rejected(run_id, row, fields):
    return {
        "run_id": run_id,
        "source": "publikasi",
        "row_number": row,
        "raw": json.dumps(fields),
        "reason": "periode tidak sesuai frekuensi",
        "reason_en": "period does not match the frequency",
    }


REJECTED = pd.DataFrame(
    [
        _rejected(3, 7, {"file": "a.csv", "kode_indikator": "kemiskinan_p0", "periode": "2024-Q5", "catatan": ""}),
        _rejected(3, 9, {"file": "a.csv", "kode_indikator": "investasi_proyek", "periode": "2024-13"}),
        {**_rejected(3, 11, {}), "raw": "not json, kemiskinan_p0"},
    ]
)


@pytest.mark.parametrize("role", [None, *Role], ids=lambda r: r or "anonymous")
def test_sts001_only_readers_who_may_open_the_page_see_rejected_rows_and_walidata_their_content(role):
    rows = status.rejected_rows(REJECTED, CATALOGUE, Reader(role))
    if role not in (Role.WALIDATA, Role.ADMIN):
        assert rows == []
        return
    assert [(r["run"], r["row"]) for r in rows] == [(3, 7), (3, 9), (3, 11)]
    assert rows[0]["raw"] == "file: a.csv · kode_indikator: kemiskinan_p0 · periode: 2024-Q5"  # empty fields left out
    assert rows[1]["raw"].startswith("file: a.csv · kode_indikator: investasi_proyek")  # walidata read restricted ones
    assert rows[2]["raw"] == "not json, kemiskinan_p0"
    assert rows[0]["reason"] == "periode tidak sesuai frekuensi"
    english = status.rejected_rows(REJECTED, CATALOGUE, Reader(role, "en"))
    assert english[0]["reason"] == "period does not match the frequency"


def test_sts002_a_row_naming_an_indicator_outside_the_readers_classes_never_shows_its_content(monkeypatch):
    """Should a role that may not read restricted indicators be let onto the status page (a walidata pendukung
    checking deliveries), the policy still holds: the reasons, and the content of the other rows only."""
    monkeypatch.setitem(access.ROLE_PERMISSIONS, Role.WALIDATA_PENDUKUNG, frozenset({"view_status", "view_rejected"}))
    checker = Reader(Role.WALIDATA_PENDUKUNG)
    assert checker.classes == access.PUBLIC
    rows = status.rejected_rows(REJECTED, CATALOGUE, checker)
    assert rows[0]["raw"].startswith("file: a.csv") and rows[2]["raw"] == "not json, kemiskinan_p0"
    assert rows[1]["raw"] == "(disembunyikan: indikator terbatas)" and "investasi_proyek" not in str(rows)
    assert rows[1]["reason"] == "periode tidak sesuai frekuensi"
    # May open the page but not see rejected rows' content: reasons only.
    monkeypatch.setitem(access.ROLE_PERMISSIONS, Role.WALIDATA_PENDUKUNG, frozenset({"view_status"}))
    rows = status.rejected_rows(REJECTED, CATALOGUE, Reader(Role.WALIDATA_PENDUKUNG, "en"))
    assert [r["raw"] for r in rows] == [
        "(row content for signed-in data stewards only)",
        "(hidden: restricted indicator)",
        "(row content for signed-in data stewards only)",
    ]


SOURCES = pd.DataFrame(
    [
        {
            "name": "publikasi",
            "title": "Publikasi BPS",
            "schedule": "harian",
            "is_sample": False,
            "enabled": True,
            "last_started": pd.Timestamp("2025-03-01 02:00"),
            "last_status": "sebagian",
            "last_rows_loaded": 1254.0,
            "last_rows_rejected": 3.0,
            "last_error": None,
            "last_notes": "Kolom tahun dibaca dari judul.\nAngka dengan titik ribuan.",
            "last_success": pd.Timestamp("2025-03-01 02:01"),
            "data_age_days": 0.5,
            "stale": False,
        },
        {
            "name": "uji_usang",
            "title": "Tidak pernah dimuat",
            "schedule": "mingguan",
            "is_sample": True,
            "enabled": False,
            "last_started": pd.NaT,
            "last_status": float("nan"),
            "last_rows_loaded": float("nan"),
            "last_rows_rejected": float("nan"),
            "last_error": float("nan"),
            "last_notes": float("nan"),
            "last_success": pd.NaT,
            "data_age_days": float("nan"),
            "stale": True,
        },
    ]
)


def test_sts003_source_cards_in_the_readers_words():
    loaded, never = status.source_cards(SOURCES, "id")
    assert (loaded.result, loaded.status, loaded.schedule, loaded.rows) == (
        "dimuat, sebagian ditolak",
        "sebagian",
        "harian",
        "1.254 / 3",
    )
    assert loaded.age == "0,5 hari" and not loaded.stale and loaded.error is None
    assert loaded.notes == ["Kolom tahun dibaca dari judul.", "Angka dengan titik ribuan."]
    assert (never.status, never.result, never.age, never.rows, never.last_run) == (
        None,
        "belum pernah",
        "belum pernah",
        "–",
        "–",
    )
    assert never.stale and never.is_sample and not never.enabled and never.notes == [] and never.error is None
    assert status.source_cards(SOURCES, "en")[0].age == "0.5 days"


RUNS = pd.DataFrame(
    [
        {"id": 12, "source": "publikasi", "started_at": pd.Timestamp("2025-03-01 02:00"), "rows_rejected": 3},
        {"id": 11, "source": "apbd", "started_at": pd.Timestamp("2025-03-01 02:00"), "rows_rejected": 0},
        {"id": 1, "source": "publikasi", "started_at": pd.Timestamp("2025-02-01 02:00"), "rows_rejected": 1200},
    ]
)


def test_sts004_the_run_choice_from_an_address_and_from_the_control():
    options = status.run_options(RUNS, "id")
    assert [v for v, _ in options] == ["12", "1"]  # runs without rejected rows are not offered
    assert options[1][1].startswith("#1 · publikasi · ") and options[1][1].endswith(" · 1.200 ditolak")
    assert status.chosen_run({"run": "1"}, options, "id") == (1, None)
    assert status.chosen_run({}, options, "id") == (None, None)
    run, notice = status.chosen_run({"run": "999", "x": "<b>"}, options, "id")
    assert run is None and notice.endswith("run=999, x=<b>.")
    assert status.chosen_run({"run": ALL}, options, "id", strict=True) == (None, None)
    assert status.chosen_run({"run": "12"}, options, "id", strict=True) == (12, None)
    for tampered in ("11", "999", ["12"], {"a": 1}):
        with pytest.raises(InvalidInput):
            status.chosen_run({"run": tampered}, options, "id", strict=True)
    assert status.Rejected(12, [], "").address() == "?run=12" and status.Rejected(None, [], "").address() == ""


def test_sgn001_sign_in_page_says_what_went_wrong_and_keeps_where_to_return():
    state = signin.page({"galat": "batas", "next": "/sektor/kemiskinan?wilayah=6472"}, None, "id")
    assert state.error.startswith("Terlalu banyak") and state.next == "/sektor/kemiskinan?wilayah=6472"
    assert state.signed_in_as is None
    unknown = signin.page({"galat": "<script>", "utm": "x"}, None, "en")
    assert unknown.error is None and unknown.next is None
    assert signin.page({"galat": "1"}, None, "en").error == "Wrong user name or password."
    assert signin.page({}, "sari", "id").signed_in_as == "sari"
