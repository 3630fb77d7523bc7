"""Totals (investment, people) against the province (issue 19, item 2): a regency's total is a share of the
province's, never better or worse than it, in the comparison scorecard, the profile and the map's table."""

from __future__ import annotations

import pandas as pd

from components.profile import sector_table
from components.regional import ranking_table, scorecard
from portal.state.profile import profile_rows
from portal.state.regional import map_data
from tests.unit.test_maps import CATALOGUE, REGENCIES, STUNTING, _comparison, _headline_obs, _shown, _values

INVESTMENT = {**STUNTING, "code": "investasi_total", "name_id": "Realisasi Investasi", "name_en": "Investment",
              "unit_id": "Rp triliun", "unit_en": "IDR trillion", "decimals": 2, "polarity": 1, "headline": 3,
              "sector": "ekonomi"}  # fmt: skip
# Rp triliun per regency (summing to the province's 65,24 in 2025).
SPENT = dict(zip(REGENCIES["code"], [9.59, 4.1, 20.3, 12.0, 5.2, 1.05, 0.8, 6.2, 3.0, 3.0], strict=True))


def _obs():
    invest = _values(SPENT, {c: v - 0.5 for c, v in SPENT.items()}, province=(60.24, 65.24))
    return pd.concat([_headline_obs(), invest.assign(indicator="investasi_total")], ignore_index=True)


CATALOGUE_WITH_TOTAL = pd.concat([CATALOGUE, pd.DataFrame([INVESTMENT])], ignore_index=True)


def test_total001_the_scorecard_gives_a_share_never_better_or_worse():
    comparison = _comparison(_obs(), CATALOGUE_WITH_TOTAL, ["6401", "6403"])
    invest = next(r for r in comparison.rows if r.meta["code"] == "investasi_total")
    assert {c.vs_province for c in invest.cells.values()} == {"share"}
    # The rate is still judged against the province.
    assert next(r for r in comparison.rows if r.meta["code"] == "stunting").cells["6403"].vs_province == "worse"
    html = _shown(scorecard(comparison, "id"))
    row = html[html.index("Realisasi Investasi") :]
    assert "14,7% dari total provinsi" in row  # Paser: 9,59 of 65,24
    assert "lebih buruk" not in row and "lebih rendah" not in row


def test_total002_the_profile_gives_a_share_never_better_or_worse():
    obs = _obs()
    history, at = obs[obs["region"].isin(["6401", "64"])], obs[obs["period"] == "2025"]
    targets = pd.DataFrame(columns=["indicator", "year", "value", "is_sample", "document", "source_url"])
    rows = {r.meta["code"]: r for r in profile_rows(history, at, CATALOGUE_WITH_TOTAL, "6401", targets)}
    invest = rows["investasi_total"]
    assert invest.vs_province == "share" and invest.rank == 3  # rank among the regencies still says where it stands
    text = _shown(sector_table([invest], "Ekonomi", "Paser", "id"))
    assert "14,7% dari total provinsi" in text and "lebih buruk" not in text and "lebih rendah" not in text
    assert "14.7% of the province's total" in _shown(sector_table([invest], "Economy", "Paser", "en"))


def test_total003_the_map_table_and_ranking_of_a_total_have_no_province_yardstick():
    data = map_data(_values(SPENT, SPENT, province=(60.24, 65.24)), REGENCIES, "2025", "2024", INVESTMENT, "id")
    assert set(data.frame["vs_province"]) == {"share"}
    text = _shown(ranking_table(data, INVESTMENT, "id"))
    assert "lebih buruk" not in text and "dari total provinsi" in text
