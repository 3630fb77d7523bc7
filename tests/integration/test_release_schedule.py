"""The release schedule on /status (portal/state/schedule.py) against the loaded data, on both engines: each
indicator's state follows its latest real published period, counted independently here; the agencies' lines add
up to the indicators; the producers no agency of the province holds are their own line; drafts are counted as
waiting, never as published."""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import text

from etl import workflow
from etl.ledger import Actor
from portal.access import Reader
from portal.db import get_engine
from portal.schedule import release
from portal.state.schedule import schedule
from portal.vocab import ReleaseState

TODAY = date(2026, 12, 3)
WALIDATA = Reader("walidata")


def _real_latest(url: str) -> dict[str, str]:
    with get_engine(url).connect() as conn:
        rows = conn.execute(
            text(
                "SELECT o.indicator, max(o.period) FROM observation o JOIN source s ON s.name = o.source "
                "WHERE NOT s.is_sample GROUP BY o.indicator"
            )
        ).all()
    return dict(rows)


def test_rs001_each_indicator_is_judged_on_its_latest_real_period(loaded_db):
    found = schedule(WALIDATA, TODAY)
    latest = _real_latest(loaded_db)
    rows = pd.DataFrame(found.rows)
    assert len(rows) > 50 and rows["code"].is_unique
    for r in found.rows:
        expected = release(r["frequency_code"], latest.get(r["code"]), TODAY)
        assert r["state"] == expected.state and r["days_late"] == expected.days_late, r
    # Official figures are what count: an indicator with only sample values has never been published.
    assert (rows["state"] == ReleaseState.BELUM_ADA).sum() == sum(1 for c in rows["code"] if c not in latest)
    assert {ReleaseState.TEPAT, ReleaseState.TERLAMBAT} <= set(rows["state"])
    # The agencies' lines add up, and BPS and national bodies are the line of no agency.
    assert sum(line.total for line in found.agencies) == len(rows)
    for line in found.agencies:
        assert line.total == line.on_time + line.late + line.never
    unheld = [line for line in found.agencies if line.code is None]
    assert len(unheld) == 1 and unheld[0].total == int(rows["agency_code"].isna().sum()) > 0
    assert "dinkes" in {line.code for line in found.agencies}
    # A reader of public indicators only sees fewer required data, never a restricted one.
    public = pd.DataFrame(schedule(Reader(), TODAY).rows)
    assert set(public["code"]) < set(rows["code"])


def test_rs002_a_draft_waits_and_is_not_published(loaded_copy):

    before = {r["code"]: r for r in schedule(WALIDATA, TODAY).rows}
    assert before["imunisasi_dasar_lengkap"]["awaiting"] == 0
    rows = [
        {
            "kode_indikator": "imunisasi_dasar_lengkap",
            "kode_wilayah": "6472",
            "periode": "2025",
            "nilai": "91",
            "status": "tetap",
            "baris": 1,
        },
    ]
    workflow.submit_values(get_engine(loaded_copy), rows, "dinkes", Actor("dewi", "web"))
    after = {r["code"]: r for r in schedule(WALIDATA, TODAY).rows}
    assert after["imunisasi_dasar_lengkap"]["awaiting"] == 1
    assert after["imunisasi_dasar_lengkap"]["latest"] == before["imunisasi_dasar_lengkap"]["latest"]
    line = next(line for line in schedule(WALIDATA, TODAY).agencies if line.code == "dinkes")
    assert line.awaiting == 1
