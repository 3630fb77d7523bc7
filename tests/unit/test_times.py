"""Times carry the province's zone (issue 19, item 9): every load, send or export time a reader sees is on the WITA
clock (UTC+8), to the minute, written by portal.fmt, whatever form the database driver returns it in."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd

from portal import fmt
from portal.state import catalogue, datapack, delivery
from tests.unit.test_state_lists import CATALOGUE, COUNTS, SECTORS

# Stored as the database keeps it: naive UTC. 17.30 UTC on 2 December is 01.30 WITA on 3 December.
LATE = datetime(2026, 12, 2, 17, 30, 46)


def test_time001_one_helper_reads_every_form_a_driver_returns():
    for stored in (LATE, pd.Timestamp(LATE), "2026-12-02 17:30:46", LATE.replace(tzinfo=UTC)):
        assert fmt.moment(stored, "id") == "3 Des 2026 01.30 WITA"
        assert fmt.stamp(stored) == "2026-12-03 01:30"
    assert fmt.moment(LATE, "en") == "3 Dec 2026, 01:30 WITA"
    for missing in (None, pd.NaT, float("nan"), ""):
        assert fmt.moment(missing, "id") == "–" and fmt.stamp(missing) == ""
    assert fmt.moment(None, "id", missing="belum") == "belum"


def test_time002_the_catalogue_dates_a_load_on_the_province_s_calendar():
    fresh = pd.DataFrame([{"code": code, "latest_period": "2024", "last_loaded_at": pd.Timestamp(LATE)} for code in
                          CATALOGUE["code"]])  # fmt: skip
    rows = catalogue.grid_rows(catalogue.rows(CATALOGUE, SECTORS, fresh, COUNTS, "id"), "id")
    assert {r["loaded"] for r in rows} == {"3 Des 2026"}  # not the server's 2 Des


def test_time003_the_data_pack_column_and_a_delivery_s_times_are_wita():
    rows = pd.DataFrame(
        [{"region": "64", "kemendagri_code": "64", "region_name": "Kalimantan Timur", "level": "provinsi",
          "period": "2024", "value": 1.0, "status": "tetap", "is_sample": False, "source_title": "BPS",
          "source_url": None, "loaded_at": pd.Timestamp(LATE)}]
    )  # fmt: skip
    table = datapack.tidy(rows, {"code": "x", "unit_id": "persen", "unit_en": "percent"}, "id")
    assert table["dimuat_wita"].tolist() == ["2026-12-03 01:30"]
    sent = delivery.summary(
        {"id": 1, "kind": "formulir", "stage": "diajukan", "agency_name": "Dinas", "source_title": "", "source": "",
         "submitted_by": "ani", "submitted_at": pd.Timestamp(LATE), "review_note": None, "error": None,
         "rows_read": 1, "rows_loaded": 1, "rows_unchanged": 0, "rows_rejected": 0}, "id"
    ).sent  # fmt: skip
    # Converted once, named once (it read "3 Des 2026 09.30 WITA WITA": eight hours added twice).
    assert "3 Des 2026 01.30 WITA" in sent and "WITA WITA" not in sent
