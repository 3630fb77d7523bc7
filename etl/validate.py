"""Validation before anything is written: each bad row gets a reason in Indonesian and English.

Checks run column-wise over the whole delivery (vectorised); only the failing rows are formatted.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import Connection, select

from etl.numbers import NumberError, parse_number
from portal.models import Indicator, Region, RegionAlias
from portal.periods import PATTERNS

STATUS_MAP = {"": "tetap", "tetap": "tetap", "sementara": "sementara", "final": "tetap", "preliminary": "sementara"}
FREQ_EXAMPLES = {"tahunan": "2024", "semesteran": "2024-S1", "triwulanan": "2024-Q1", "bulanan": "2024-03"}
KEY = ["indicator", "region", "period"]
COLUMNS = ["row_number", "raw", "indicator", "region", "period", "value", "unit", "status", "source_url", "note"]


def normalise_name(text: object) -> str:
    """Region names as keys: lower case, single spaces, 'kab.kutai' == 'kab. kutai'."""
    return re.sub(r"\s+", " ", str(text).replace(".", ". ").lower()).strip().replace(" .", ".")


@dataclass
class Reference:
    """What validation checks against, read once per run."""

    indicators: pd.DataFrame  # index code; columns frequency, min_value, max_value, unit_id, unit_en
    regions: dict  # normalised alias/code/name -> BPS code

    @classmethod
    def read(cls, conn: Connection) -> Reference:
        indicators = pd.DataFrame(
            conn.execute(
                select(
                    Indicator.code,
                    Indicator.frequency,
                    Indicator.min_value,
                    Indicator.max_value,
                    Indicator.unit_id,
                    Indicator.unit_en,
                )
            ).all(),
            columns=["code", "frequency", "min_value", "max_value", "unit_id", "unit_en"],
        ).set_index("code")
        regions: dict[str, str] = {}
        for r in conn.execute(select(Region.code, Region.kemendagri_code, Region.name, Region.name_full)):
            for key in (r.code, r.kemendagri_code, r.name, r.name_full):
                regions[normalise_name(key)] = r.code
        for a in conn.execute(select(RegionAlias.alias, RegionAlias.region_code)):
            regions[normalise_name(a.alias)] = a.region_code
        return cls(indicators, regions)


def text(column: pd.Series) -> pd.Series:
    """A column as stripped text, empty where missing (whatever dtype it arrived in)."""
    return column.astype(object).where(column.notna(), "").astype(str).str.strip()


def _numbers(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Parse a column of raw values: (numbers, reasons) where a reason marks a bad cell."""
    if pd.api.types.is_numeric_dtype(values):
        return values.astype(float), pd.Series(None, index=values.index, dtype=object)
    fast = pd.to_numeric(values.where(values.map(lambda v: isinstance(v, (int, float)))), errors="coerce")
    numbers = fast.astype(float)
    reasons = pd.Series(None, index=values.index, dtype=object)
    for idx, raw in values[fast.isna()].items():
        try:
            parsed = parse_number(raw)
        except NumberError as err:
            reasons[idx] = (err.reason_id, err.reason_en)
            continue
        if parsed is None:
            reasons[idx] = ("tidak ada data: nilai kosong atau '-'", "no data: the value is empty or '-'")
        else:
            numbers[idx] = parsed
    return numbers, reasons


def validate(frame: pd.DataFrame, ref: Reference) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """Split a delivery into valid rows, rejected rows and identical repeats.

    `frame` has the COLUMNS above with raw text in indicator/region/period/value/status.
    Returns (valid rows, one per key; rejects with reason and reason_en; count of identical repeats).
    """
    df = frame.reindex(columns=COLUMNS).copy()
    df["indicator"] = text(df["indicator"])
    df["period"] = text(df["period"])
    region_raw = text(df["region"])
    df["region"] = region_raw.map(normalise_name).map(ref.regions)
    status_raw = text(df["status"]).str.lower()
    df["status"] = status_raw.map(STATUS_MAP)
    meta = ref.indicators.reindex(df["indicator"])
    meta.index = df.index
    values, value_reasons = _numbers(df["value"])
    df["value"] = values

    reason = pd.Series(None, index=df.index, dtype=object)

    def flag(mask: pd.Series, make) -> None:
        todo = mask & reason.isna()
        for idx in todo[todo].index:
            reason[idx] = make(idx)

    flag(
        meta["frequency"].isna(),
        lambda i: (
            f"kode indikator '{df.at[i, 'indicator']}' tidak dikenal di katalog",
            f"indicator code '{df.at[i, 'indicator']}' is not in the catalogue",
        ),
    )
    flag(
        df["region"].isna(),
        lambda i: (
            f"wilayah '{region_raw[i]}' tidak dikenal (bukan kode BPS/Kemendagri atau nama yang terdaftar)",
            f"region '{region_raw[i]}' is unknown (not a BPS/Kemendagri code or a registered name)",
        ),
    )
    period_ok = pd.Series(False, index=df.index)
    for freq, pattern in PATTERNS.items():
        rows = meta["frequency"] == freq
        period_ok |= rows & df["period"].str.match(pattern.pattern)
    flag(
        ~period_ok,
        lambda i: (
            f"periode '{df.at[i, 'period']}' tidak sesuai frekuensi {meta.at[i, 'frequency']} indikator ini "
            f"(contoh: {FREQ_EXAMPLES[meta.at[i, 'frequency']]})",
            f"period '{df.at[i, 'period']}' does not match the indicator's frequency {meta.at[i, 'frequency']} "
            f"(e.g. {FREQ_EXAMPLES[meta.at[i, 'frequency']]})",
        ),
    )
    unit = text(df["unit"]).str.lower()
    unit_ok = (unit == "") | (unit == meta["unit_id"].str.lower()) | (unit == meta["unit_en"].str.lower())
    flag(
        ~unit_ok,
        lambda i: (
            f"satuan '{df.at[i, 'unit']}' berbeda dengan satuan indikator ({meta.at[i, 'unit_id']})",
            f"unit '{df.at[i, 'unit']}' differs from the indicator's unit ({meta.at[i, 'unit_en']})",
        ),
    )
    flag(value_reasons.notna(), lambda i: value_reasons[i])
    low, high = meta["min_value"].astype(float), meta["max_value"].astype(float)
    out_of_range = (values < low.fillna(-np.inf)) | (values > high.fillna(np.inf))

    def bounds(i):
        return f"{'-∞' if pd.isna(low[i]) else f'{low[i]:g}'} – {'∞' if pd.isna(high[i]) else f'{high[i]:g}'}"

    flag(
        out_of_range,
        lambda i: (
            f"nilai {values[i]:g} di luar rentang wajar indikator ({bounds(i)})",
            f"value {values[i]:g} is outside the indicator's plausible range ({bounds(i)})",
        ),
    )
    flag(
        df["status"].isna(),
        lambda i: (
            f"status '{status_raw[i]}' tidak dikenal (tetap atau sementara)",
            f"status '{status_raw[i]}' is unknown (tetap or sementara)",
        ),
    )

    valid = df[reason.isna()]
    # The same key twice: identical repeats count once; conflicting values reject every copy.
    conflicting = valid.groupby(KEY)["value"].transform("nunique") > 1
    flag(
        reason.isna() & conflicting.reindex(df.index, fill_value=False),
        lambda i: (
            "kunci yang sama (indikator, wilayah, periode) muncul lagi dengan nilai berbeda di berkas ini",
            "the same key (indicator, region, period) appears again with a different value in this delivery",
        ),
    )
    valid = df[reason.isna()]
    repeats = valid.duplicated(KEY, keep="first")
    rejected = frame.loc[reason.notna(), ["row_number", "raw"]].copy()
    rejected["reason"] = reason[reason.notna()].map(lambda r: r[0])
    rejected["reason_en"] = reason[reason.notna()].map(lambda r: r[1])
    return valid[~repeats].reset_index(drop=True), rejected.reset_index(drop=True), int(repeats.sum())


def raw_json(record: dict) -> str:
    """The original row as text, as stored with a rejected row."""
    clean = {k: (None if v is None or (isinstance(v, float) and np.isnan(v)) else v) for k, v in record.items()}
    return json.dumps(clean, ensure_ascii=False, default=str)
