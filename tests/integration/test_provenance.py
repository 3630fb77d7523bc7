"""Where a figure comes from, as the CSV and the "Resmi" link say it (issue 19, item 14), on the loaded bundled
data: a figure with a BPS release links to it, `sumber` names each row's publisher, and no sample row is "tetap"."""

from __future__ import annotations

import io

import pandas as pd

from components.export import csv_bytes, table
from portal import queries
from portal.state.series import Window, build


def _csv(code: str, regions: list[str], start: int, end: int) -> pd.DataFrame:
    """The CSV a reader downloads for a view, read back as a spreadsheet would."""
    meta = queries.indicator(code)
    trend = queries.observations(code, ["64", *regions], start, end)
    recent = queries.recent_regional(code, end)
    view = build(meta, trend, recent, queries.targets([code]), Window(code, tuple(regions), start, end), "id")
    return pd.read_csv(io.BytesIO(csv_bytes(table(view.rows, meta, "id"))), dtype=str, encoding="utf-8-sig")


def test_prov001_a_figure_with_a_bps_release_links_to_the_release(loaded_db):
    # Bontang's poverty rate 2023 was read in a news report and in BPS Bontang's release: the release is its source.
    rows = queries.observations("kemiskinan_p0", ["6474"], 2023, 2023)
    figure = rows[rows["period"] == "2023-S1"].iloc[0]
    assert "bontangkota.bps.go.id" in figure["source_url"] and "pressrelease" in figure["source_url"]
    # The news page is kept as a second source of the same figure, not lost.
    others = queries.alternative_values("kemiskinan_p0", ["6474"])
    assert (others["period"] == "2023-S1").any()


def test_prov002_the_csv_names_each_rows_publisher_and_never_calls_sample_rows_final(loaded_db):
    real = _csv("kemiskinan_p0", ["6474", "6401"], 2016, 2025)
    assert len(real) and set(real["data_contoh"]) == {"tidak"}
    # No generic "dihimpun dari rilis dan berita": each real row names who published it.
    assert not real["sumber"].str.contains("dihimpun").any()
    release = real[real["url_sumber"].str.contains("bps.go.id", na=False)]
    assert (release["sumber"] == "BPS Kota Bontang, Berita Resmi Statistik").any()
    news = real[real["url_sumber"].str.contains("antaranews", na=False)]
    assert len(news) and news["sumber"].str.match(r"^[a-z.]*antaranews\.com, mengutip BPS").all()
    assert "tetap" in set(real["status"])
    # An indicator the portal fills with sample data: its rows say so, in `sumber` and in `status`.
    catalogue = queries.catalogue()
    code = next(c for c in catalogue["code"] if queries.observations(c, ["64"])["is_sample"].astype(bool).any())
    sample = _csv(code, [], 2016, 2025)
    sample = sample[sample["data_contoh"] == "ya"]
    assert len(sample) and sample["sumber"].str.startswith("Data contoh (sintetis)").all()
    assert set(sample["status"]) == {"contoh"}
