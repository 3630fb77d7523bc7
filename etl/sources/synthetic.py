"""Deterministic demo data ("Data contoh"): every indicator x province and regencies x 2015-2025.

Levels and trends come from data/synthetic/profiles.csv; where a region has real published figures,
its series is shifted to pass through them, and the real keys themselves are never generated.
"""

from __future__ import annotations

import zlib
from pathlib import Path

import numpy as np
import pandas as pd

from etl.delivery import Delivery
from etl.validate import KEY
from portal.vocab import Frequency

YEARS = range(2015, 2026)
TARGET_YEARS = range(2019, 2027)
# Rough development ranking used to spread regencies: cities ahead, the remote interior behind.
DEVELOPMENT = {
    "64": 0.0,
    "6471": 1.0,
    "6472": 0.8,
    "6474": 0.9,
    "6403": 0.0,
    "6405": 0.1,
    "6401": -0.1,
    "6409": -0.2,
    "6404": -0.4,
    "6402": -0.6,
    "6411": -1.0,
}
# Rough population weights (sum 1) that split additive totals (people, rupiah, projects) over regencies.
WEIGHTS = {
    "6472": 0.22,
    "6403": 0.19,
    "6471": 0.18,
    "6404": 0.115,
    "6401": 0.073,
    "6405": 0.066,
    "6474": 0.047,
    "6409": 0.047,
    "6402": 0.044,
    "6411": 0.008,
}
ADDITIVE_UNITS = {"jiwa", "orang", "ribu jiwa", "Rp triliun", "juta USD", "proyek", "layanan", "transaksi"}
SAMPLE_DOCUMENT = "Target contoh (sintetis) — bukan dokumen resmi"


def periods(frequency: str) -> list[str]:
    """Every period 2015-2025 at a frequency, in order."""
    if frequency == Frequency.SEMESTERAN:
        return [f"{y}-S{h}" for y in YEARS for h in (1, 2)]
    if frequency == Frequency.TRIWULANAN:
        return [f"{y}-Q{q}" for y in YEARS for q in range(1, 5)]
    if frequency == Frequency.BULANAN:
        return [f"{y}-{m:02d}" for y in YEARS for m in range(1, 13)]
    return [str(y) for y in YEARS]


def _time(period: str) -> float:
    """Years since 2020 at the middle of the period."""
    year = int(period[:4])
    if "-S" in period:
        return year - 2020 + (0.25 if period.endswith("1") else 0.75)
    if "-Q" in period:
        return year - 2020 + (int(period[-1]) - 0.5) / 4
    if len(period) == 7:
        return year - 2020 + (int(period[5:]) - 0.5) / 12
    return year - 2020 + 0.5


def _series(ind: pd.Series, prof: pd.Series, region: str, rng: np.random.Generator) -> pd.DataFrame:
    ps = periods(ind["frequency"])
    t = np.array([_time(p) for p in ps])
    if ind["unit_id"] in ADDITIVE_UNITS:
        # A regency holds a share of a provincial total, not a copy of it.
        share = 1.0 if region == "64" else WEIGHTS[region] * (1 + 0.3 * rng.uniform(-1, 1))
        noise = prof["noise"] * rng.standard_normal(len(t))
        return pd.DataFrame(
            {
                "indicator": ind["code"],
                "region": region,
                "period": ps,
                "value": share * (prof["level"] + prof["trend"] * t + noise),
            }
        )
    spread = prof["spread"] * (ind["polarity"] * DEVELOPMENT[region] if ind["polarity"] else rng.uniform(-1, 1))
    spread += prof["spread"] * 0.3 * rng.uniform(-1, 1) * (region != "64")
    values = prof["level"] * (1 + spread) + prof["trend"] * t + prof["noise"] * rng.standard_normal(len(t))
    return pd.DataFrame({"indicator": ind["code"], "region": region, "period": ps, "value": values})


def generate(catalogue: pd.DataFrame, profiles: pd.DataFrame, regions: list[str], real: pd.DataFrame) -> pd.DataFrame:
    """Sample observations for every indicator and region; `real` holds indicator/region/period/value."""
    frames = []
    real = real.dropna(subset=["value"])
    for ind in catalogue.to_dict("records"):
        prof = profiles.loc[ind["code"]]
        for region in regions:
            rng = np.random.default_rng(zlib.crc32(f"{ind['code']}/{region}".encode()))
            series = _series(pd.Series(ind), prof, region, rng)
            anchors = series.merge(real, on=KEY, suffixes=("", "_real"))
            if len(anchors):
                series["value"] += (anchors["value_real"] - anchors["value"]).mean()
            frames.append(series)
    out = pd.concat(frames, ignore_index=True)
    meta = catalogue.set_index("code").reindex(out["indicator"])
    low = meta["min_value"].fillna(-np.inf).to_numpy()
    high = meta["max_value"].fillna(np.inf).to_numpy()
    out["value"] = np.clip(out["value"].to_numpy(), low, high)
    out["value"] = [round(v, int(d)) for v, d in zip(out["value"], meta["decimals"], strict=False)]
    # Real figures win: their keys are never generated.
    taken = out.merge(real[KEY].drop_duplicates(), on=KEY, how="left", indicator=True)["_merge"] == "both"
    return out[~taken.to_numpy()].reset_index(drop=True)


def generate_targets(catalogue: pd.DataFrame, observations: pd.DataFrame, real_targets: pd.DataFrame) -> pd.DataFrame:
    """Sample yearly targets for headline indicators: a steady improvement on the 2018 level."""
    rows = []
    headline = catalogue[catalogue["headline"].notna() & (catalogue["polarity"] != 0)]
    for ind in headline.to_dict("records"):
        obs = observations[observations["indicator"] == ind["code"]]
        for region, series in obs.groupby("region"):
            in_2018 = series[series["period"].str.startswith("2018")]["value"]
            base = in_2018.mean() if len(in_2018) else series["value"].iloc[0]
            step = abs(series["value"].diff().mean())
            step = step if step > 0 else abs(base) * 0.01
            for year in TARGET_YEARS:
                value = base + ind["polarity"] * step * 0.9 * (year - 2018) * (
                    2 if "-S" in series["period"].iloc[0] else 1
                )
                rows.append(
                    {
                        "indicator": ind["code"],
                        "region": region,
                        "period": str(year),
                        "value": round(float(value), int(ind["decimals"])),
                    }
                )
    out = pd.DataFrame(rows)
    meta = catalogue.set_index("code").reindex(out["indicator"])
    out["value"] = np.clip(
        out["value"], meta["min_value"].fillna(-np.inf).to_numpy(), meta["max_value"].fillna(np.inf).to_numpy()
    )
    real_keys = real_targets[["indicator", "region", "period"]].drop_duplicates()
    taken = out.merge(real_keys, on=KEY, how="left", indicator=True)["_merge"] == "both"
    return out[~taken.to_numpy()].reset_index(drop=True)


def read(catalogue: pd.DataFrame, regions: list[str], profiles_path: Path, real: Delivery) -> Delivery:
    """The demo delivery: sample observations and sample targets, every row numbered."""
    profiles = pd.read_csv(profiles_path).set_index("code")
    real_obs = real.observations.assign(value=pd.to_numeric(real.observations["value"], errors="coerce"))
    obs = generate(catalogue, profiles, regions, real_obs[KEY + ["value"]])
    obs = obs.assign(row_number=np.arange(1, len(obs) + 1), raw="", status="tetap")
    obs["raw"] = obs["indicator"] + "," + obs["region"] + "," + obs["period"] + "," + obs["value"].astype(str)
    targets = generate_targets(catalogue, obs, real.targets)
    targets = targets.assign(
        row_number=np.arange(len(obs) + 1, len(obs) + len(targets) + 1),
        status="tetap",
        document=SAMPLE_DOCUMENT,
        is_sample=True,
    )
    targets["raw"] = "target," + targets["indicator"] + "," + targets["region"] + "," + targets["period"]
    return Delivery(obs, targets)
