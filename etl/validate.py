"""Validation before anything is written: each bad row gets a reason in Indonesian and English.

Checks run column-wise over the whole delivery (vectorised); only the failing rows are formatted.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
from sqlalchemy import Connection, select

from etl.numbers import NumberError, non_ascii_digits, parse_number
from portal.breaks import BREAK_COLUMNS, method_spans
from portal.models import Indicator, Region, RegionAlias, SeriesBreak
from portal.periods import EARLIEST_YEAR, LATEST_YEAR, in_span, start_date, written_as
from portal.vocab import Frequency, ObservationStatus

# The template's status, in Indonesian or English; empty means final.
STATUS_MAP = {
    "": ObservationStatus.TETAP,
    "tetap": ObservationStatus.TETAP,
    "sementara": ObservationStatus.SEMENTARA,
    "final": ObservationStatus.TETAP,
    "preliminary": ObservationStatus.SEMENTARA,
}
FREQ_EXAMPLES = {
    Frequency.TAHUNAN: "2024",
    Frequency.SEMESTERAN: "2024-S1",
    Frequency.TRIWULANAN: "2024-Q1",
    Frequency.BULANAN: "2024-03",
}
KEY = ["indicator", "region", "period"]
AMBIGUOUS = "?"  # marks a region name that more than one region carries
# The standard template's own column names, used to show a rejected row as the agency wrote it.
TEMPLATE_NAMES = {
    "indicator": "kode_indikator",
    "region": "wilayah",
    "period": "periode",
    "value": "nilai",
    "unit": "satuan",
    "status": "status",
    "note": "catatan",
}
# Ranges assumed when the catalogue gives none: a percentage lies in 0-100, a count is never negative.
PERCENT_UNITS = {"persen", "percent"}
UNIT_SYNONYMS = {"%": "persen", "pct": "persen"}
COUNT_UNITS = {"jiwa", "orang", "people", "proyek", "layanan", "transaksi", "unit"}
COLUMNS = [
    "row_number",
    "raw",
    "indicator",
    "region",
    "period",
    "value",
    "unit",
    "status",
    "source_url",
    "note",
    "method",
]
# An alternative (a second source, or a superseded method's figure) as load writes it beside the fact table.
ALTERNATIVE_COLUMNS = ["row_number", "indicator", "region", "period", "value", "method", "source_url", "note"]
WITA = ZoneInfo("Asia/Makassar")


def today() -> date:
    """The walidata's date (WITA): an observation's period must have begun by then."""
    return datetime.now(WITA).date()


def normalise_name(text: object) -> str:
    """Region names as keys: lower case, single spaces, 'kab.kutai' == 'kab. kutai'."""
    return re.sub(r"\s+", " ", str(text).replace(".", ". ").lower()).strip().replace(" .", ".")


@dataclass
class Reference:
    """What validation checks against, read once per run."""

    indicators: pd.DataFrame  # index code; columns frequency, min_value, max_value, unit_id, unit_en
    regions: dict  # normalised alias/code/name -> BPS code
    breaks: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=BREAK_COLUMNS))  # series_break

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
        names: dict[str, set[str]] = {}
        for r in conn.execute(select(Region.code, Region.kemendagri_code, Region.name, Region.name_full)):
            for key in (r.code, r.kemendagri_code, r.name, r.name_full):
                names.setdefault(normalise_name(key), set()).add(r.code)
        for a in conn.execute(select(RegionAlias.alias, RegionAlias.region_code)):
            names.setdefault(normalise_name(a.alias), set()).add(a.region_code)
        # A name shared by two regions (a kecamatan named like a kabupaten) maps to none: never guess.
        regions = {k: (next(iter(v)) if len(v) == 1 else AMBIGUOUS) for k, v in names.items()}
        b = SeriesBreak
        breaks = pd.DataFrame(
            conn.execute(select(b.indicator, b.period, b.method_before, b.method_after)).all(), columns=BREAK_COLUMNS
        )
        return cls(indicators, regions, breaks)


def by_unique(column: pd.Series, fn) -> pd.Series:
    """Apply a Python function once per distinct value (a delivery repeats codes and names a lot)."""
    codes, uniques = pd.factorize(column, use_na_sentinel=False)
    mapped = np.empty(len(uniques), dtype=object)
    mapped[:] = [fn(u) for u in uniques]
    return pd.Series(mapped[codes], index=column.index, dtype=object)


def text(column: pd.Series) -> pd.Series:
    """A column as stripped text, empty where missing (whatever dtype it arrived in)."""
    return by_unique(column, lambda v: "" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v).strip())


NO_DATA_REASON = ("tidak ada data: nilai kosong atau '-'", "no data: the value is empty or '-'")
_AMBIGUOUS_NUMBER = r"\s*-?[0-9]{1,3}\.[0-9]{3}\s*"


def _numbers(values: pd.Series, decimal: str | None = None) -> tuple[pd.Series, pd.Series]:
    """Parse a column of raw values: (numbers, reasons) where a reason marks a bad cell.

    Plain numbers go through pandas at C speed; only what it cannot read (Indonesian formats,
    "-", text) reaches parse_number, once per distinct string. "1.234" is refused, never guessed.
    A source with its own number format (`decimal`, see etl.numbers) has every text cell read by
    parse_number in that format (such deliveries are portal tables, small next to a template file).
    """
    reasons = pd.Series(None, index=values.index, dtype=object)
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        numbers = values.astype(float)
    elif decimal is not None:
        parsed = by_unique(values.astype(object), lambda v: _parse_or_reason(v, decimal))
        ok = parsed.map(lambda p: isinstance(p, float)).astype(bool)
        numbers = pd.Series(np.nan, index=values.index, dtype=float)
        numbers[ok] = parsed[ok].astype(float)
        reasons[~ok] = parsed[~ok]
    else:
        values = values.astype(object)
        numbers = pd.to_numeric(values, errors="coerce").astype(float)
        is_text = values.map(lambda v: isinstance(v, str)).astype(bool)
        # pandas also reads "1E1" and "７０"; the template allows neither: parse_number names why.
        read = numbers.notna() & is_text
        if read.any():
            cells = values[read].astype(str)
            foreign = ~cells.str.isascii() | cells.str.contains("e", case=False, regex=False)
            numbers[foreign[foreign].index] = np.nan
        suspect = numbers.notna() & is_text & (numbers.abs() < 1000)
        ambiguous = suspect & values.where(suspect, "").str.fullmatch(_AMBIGUOUS_NUMBER)
        numbers[ambiguous] = np.nan
        rest = numbers.isna() & values.notna() & is_text
        if rest.any():
            # "12,5": the Indonesian decimal comma without thousands dots, the common case, in bulk.
            simple = values[rest].str.fullmatch(r"\s*-?[0-9]+,[0-9]+\s*")
            simple = simple[simple.astype(bool)].index
            numbers[simple] = pd.to_numeric(values[simple].str.replace(",", ".", regex=False)).astype(float)
            rest = numbers.isna() & values.notna()
        if rest.any():
            parsed = by_unique(values[rest], _parse_or_reason)
            ok = parsed.map(lambda p: isinstance(p, float))
            numbers[ok[ok].index] = parsed[ok].astype(float)
            reasons[ok[~ok].index] = parsed[~ok]
    missing = numbers.isna() & reasons.isna()
    reasons[missing[missing].index] = [NO_DATA_REASON] * int(missing.sum())
    infinite = np.isinf(numbers)
    for idx in infinite[infinite].index:
        reasons[idx] = (f"nilai '{values[idx]}' bukan angka", f"value '{values[idx]}' is not a number")
    return numbers, reasons


def _parse_or_reason(raw: object, decimal: str | None = None) -> float | tuple[str, str]:
    try:
        parsed = parse_number(raw, decimal)
    except NumberError as err:
        return (err.reason_id, err.reason_en)
    return NO_DATA_REASON if parsed is None else float(parsed)


class Reasons:
    """The first reason each row fails for; checks run in order and a row keeps its first reason."""

    def __init__(self, index: pd.Index):
        self.reason = pd.Series(None, index=index, dtype=object)

    def flag(self, mask: pd.Series, make) -> None:
        """Give every row in `mask` without a reason yet the (Indonesian, English) pair `make(i)`."""
        todo = mask & self.reason.isna()
        for idx in todo[todo].index:
            self.reason[idx] = make(idx)

    @property
    def ok(self) -> pd.Series:
        return self.reason.isna()

    def rejected(self, rows: pd.DataFrame, raw: pd.Series) -> pd.DataFrame:
        """row_number, raw, reason, reason_en of the rows that failed."""
        bad = self.reason.notna()
        out = pd.DataFrame({"row_number": rows.loc[bad, "row_number"], "raw": raw})
        out["reason"] = self.reason[bad].map(lambda r: r[0])
        out["reason_en"] = self.reason[bad].map(lambda r: r[1])
        return out.reset_index(drop=True)


def _empty(what_id: str, what_en: str):
    return lambda i: (f"{what_id} kosong", f"{what_en} is empty")


def validate(
    frame: pd.DataFrame,
    ref: Reference,
    raw_lookup=None,
    decimal: str | None = None,
    future: bool = False,
    keep_alternatives: bool = True,
) -> tuple[pd.DataFrame, pd.DataFrame, int, pd.DataFrame]:
    """Split a delivery into valid rows, rejected rows, identical repeats and alternatives.

    `frame` has the COLUMNS above with raw text in indicator/region/period/value/status; `raw` may
    be left out, and is then written for the rejected rows only: by `raw_lookup(row_numbers)` when
    given, else under the template's column names. An optional `reject` column holds the
    (Indonesian, English) reason a connector already rejects a row for (a label or code its mapping
    lacks): that reason comes first. `decimal` is the source's number format (etl.numbers). A period
    must lie in the plausible span (portal.periods) and, unless `future` (targets), have begun by today. An
    optional `method` names the method of a figure whose indicator has a series break (portal.breaks).
    Returns (valid rows, one per key; rejects with row_number, raw, reason and reason_en; count of
    identical repeats; alternatives in ALTERNATIVE_COLUMNS). A key given again with the same value from
    another publication (another source_url) is an alternative, a second source of that figure; a figure
    of a method a later break superseded (the old method's value for a period the new method covers) is an
    alternative with its method named. With `keep_alternatives` off, both count as repeats and `method` is
    not read (targets). Every check is column-wise; only the failing rows are formatted.
    """
    df = frame.reindex(columns=COLUMNS)
    df["indicator"] = text(df["indicator"])
    df["period"] = text(df["period"])
    region_raw = text(df["region"])
    df["region"] = by_unique(region_raw, lambda v: ref.regions.get(normalise_name(v)))
    status_raw = by_unique(df["status"], lambda v: "" if pd.isna(v) else str(v).strip().lower())
    df["status"] = status_raw.map(STATUS_MAP)
    meta = pd.DataFrame({col: df["indicator"].map(ref.indicators[col]) for col in ref.indicators.columns})
    values, value_reasons = _numbers(df["value"], decimal)
    df["value"] = values

    reasons = Reasons(df.index)
    flag = reasons.flag
    if "reject" in frame.columns:
        flag(frame["reject"].notna(), lambda i: tuple(frame.at[i, "reject"]))
    flag(df["indicator"] == "", _empty("kode indikator", "indicator code"))
    flag(
        meta["frequency"].isna(),
        lambda i: (
            f"kode indikator '{df.at[i, 'indicator']}' tidak dikenal di katalog",
            f"indicator code '{df.at[i, 'indicator']}' is not in the catalogue",
        ),
    )
    flag(region_raw == "", _empty("wilayah", "region"))
    flag(
        df["region"] == AMBIGUOUS,
        lambda i: (
            f"nama wilayah '{region_raw[i]}' dipakai lebih dari satu wilayah: tulis kode BPS-nya",
            f"region name '{region_raw[i]}' belongs to more than one region: write its BPS code",
        ),
    )
    flag(
        df["region"].isna(),
        lambda i: (
            f"wilayah '{region_raw[i]}' tidak dikenal (bukan kode BPS/Kemendagri atau nama yang terdaftar)",
            f"region '{region_raw[i]}' is unknown (not a BPS/Kemendagri code or a registered name)",
        ),
    )
    flag(df["period"] == "", _empty("periode", "period"))
    flag(
        by_unique(df["period"], non_ascii_digits).astype(bool),
        lambda i: (
            f"periode '{df.at[i, 'period']}' memakai angka selain 0-9 (mis. angka lebar penuh atau Arab): "
            f"tulis dengan angka 0-9 (contoh: {FREQ_EXAMPLES[meta.at[i, 'frequency']]})",
            f"period '{df.at[i, 'period']}' uses digits other than 0-9 (e.g. fullwidth or Arabic-Indic digits): "
            f"write it with 0-9 (e.g. {FREQ_EXAMPLES[meta.at[i, 'frequency']]})",
        ),
    )
    period_ok = by_unique(df["period"], written_as) == meta["frequency"]
    flag(
        ~period_ok,
        lambda i: (
            f"periode '{df.at[i, 'period']}' tidak sesuai frekuensi {meta.at[i, 'frequency']} indikator ini "
            f"(contoh: {FREQ_EXAMPLES[meta.at[i, 'frequency']]})",
            f"period '{df.at[i, 'period']}' does not match the indicator's frequency {meta.at[i, 'frequency']} "
            f"(e.g. {FREQ_EXAMPLES[meta.at[i, 'frequency']]})",
        ),
    )
    # The form is right from here on: the year is the period's first four ASCII digits.
    flag(
        by_unique(df["period"], lambda p: written_as(p) is not None and not in_span(int(p[:4]))).astype(bool),
        lambda i: (
            f"periode '{df.at[i, 'period']}' di luar rentang yang masuk akal (tahun {EARLIEST_YEAR}–{LATEST_YEAR})",
            f"period '{df.at[i, 'period']}' is outside the plausible span (years {EARLIEST_YEAR}–{LATEST_YEAR})",
        ),
    )
    if not future:
        now = today()
        flag(
            by_unique(df["period"], lambda p: (start_date(p) or date.min) > now).astype(bool),
            lambda i: (
                f"periode '{df.at[i, 'period']}' belum dimulai (hari ini {now.isoformat()}): "
                "nilai hanya untuk periode yang sudah berjalan",
                f"period '{df.at[i, 'period']}' has not begun yet (today is {now.isoformat()}): "
                "values are for periods that have begun",
            ),
        )
    unit = text(df["unit"]).str.lower().replace(UNIT_SYNONYMS)
    unit_ok = (unit == "") | (unit == meta["unit_id"].str.lower()) | (unit == meta["unit_en"].str.lower())
    flag(
        ~unit_ok,
        lambda i: (
            f"satuan '{df.at[i, 'unit']}' berbeda dengan satuan indikator ({meta.at[i, 'unit_id']})",
            f"unit '{df.at[i, 'unit']}' differs from the indicator's unit ({meta.at[i, 'unit_en']})",
        ),
    )
    flag(value_reasons.notna(), lambda i: value_reasons[i])
    unit_id = meta["unit_id"].str.lower()
    low = meta["min_value"].astype(float).fillna(unit_id.isin(PERCENT_UNITS | COUNT_UNITS).map({True: 0.0}))
    high = meta["max_value"].astype(float).fillna(unit_id.isin(PERCENT_UNITS).map({True: 100.0}))
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

    method = text(df["method"]) if keep_alternatives else pd.Series("", index=df.index, dtype=object)
    superseded = _check_methods(df, method, ref, flag) if (method != "").any() else method != ""
    # Only a superseded figure keeps its method's name; any other's method is the one its period has.
    df["method"] = method.where(superseded, "")

    # The same key twice (and the same method: a superseded figure is not the same figure): conflicting values
    # reject every copy; the same value again from the same publication counts once, from another publication
    # it is an alternative (a second source).
    group = [*KEY, "method"]
    valid = df[reasons.ok]
    twice = valid[valid.duplicated(group, keep=False)]
    if len(twice):
        conflicting = twice.groupby(group)["value"].transform("nunique") > 1
        flag(
            conflicting.reindex(df.index, fill_value=False),
            lambda i: (
                "kunci yang sama (indikator, wilayah, periode) muncul lagi dengan nilai berbeda di berkas ini",
                "the same key (indicator, region, period) appears again with a different value in this delivery",
            ),
        )
        valid = df[reasons.ok]
    first = ~valid.duplicated(group, keep="first")
    repeats = ~first
    if keep_alternatives and repeats.any():  # only keys given more than once are compared by publication
        again = valid[valid.duplicated(group, keep=False)]
        again = again.assign(_url=text(again["source_url"])).duplicated([*group, "_url"], keep="first")
        repeats = again.reindex(valid.index, fill_value=False)
    primary = first & (valid["method"] == "")
    alternatives = valid[~primary & ~repeats]
    rejected = reasons.rejected(frame, raw_text(frame.loc[~reasons.ok], raw_lookup))
    return (
        valid[primary].reset_index(drop=True),
        rejected,
        int(repeats.sum()),
        alternatives.reindex(columns=ALTERNATIVE_COLUMNS).reset_index(drop=True),
    )


def _check_methods(df: pd.DataFrame, method: pd.Series, ref: Reference, flag) -> pd.Series:
    """Flag rows naming a method their indicator's breaks do not know, or a method for a period before it
    applies; return the rows whose method a later break superseded (kept as alternatives, not as the figure)."""
    spans = method_spans(ref.breaks)
    with_breaks = set(ref.breaks["indicator"])
    no_break, unknown, too_early, superseded = (pd.Series(False, index=df.index) for _ in range(4))
    start_of: dict = {}
    for i in method[method != ""].index:
        code, period = df.at[i, "indicator"], df.at[i, "period"]
        if code not in with_breaks:
            no_break[i] = True
            continue
        span = spans.get((code, method[i]))
        if span is None:
            unknown[i] = True
        elif span[0] is not None and period < span[0]:
            too_early[i], start_of[i] = True, span[0]
        elif span[1] is not None and period >= span[1]:
            superseded[i] = True

    def known(i) -> str:
        code = df.at[i, "indicator"]
        return ", ".join(sorted(m for (c, m) in spans if c == code))

    flag(
        no_break,
        lambda i: (
            f"metode '{method[i]}' diberikan, tetapi seri indikator ini tidak punya pemisah metode",
            f"method '{method[i]}' is given, but this indicator's series has no method break",
        ),
    )
    flag(
        unknown,
        lambda i: (
            f"metode '{method[i]}' tidak dikenal untuk indikator ini (dikenal: {known(i)})",
            f"method '{method[i]}' is not a method of this indicator's series (known: {known(i)})",
        ),
    )
    flag(
        too_early,
        lambda i: (
            f"metode '{method[i]}' baru berlaku sejak periode {start_of[i]}, bukan untuk {df.at[i, 'period']}",
            f"method '{method[i]}' applies from period {start_of[i]} on, not to {df.at[i, 'period']}",
        ),
    )
    return superseded


def raw_text(rows: pd.DataFrame, raw_lookup=None) -> pd.Series:
    """The raw text of rejected rows: as delivered, or rebuilt under the template's column names."""
    if "raw" in rows.columns:
        return rows["raw"]
    if raw_lookup is not None:
        return pd.Series(raw_lookup(rows["row_number"]), index=rows.index, dtype=object)
    names = {k: v for k, v in TEMPLATE_NAMES.items() if k in rows.columns}
    records = rows[list(names)].rename(columns=names).to_dict("records")
    return pd.Series([raw_json(r) for r in records], index=rows.index, dtype=object)


def raw_json(record: dict) -> str:
    """The original row as text, as stored with a rejected row."""
    clean = {k: (None if v is None or (isinstance(v, float) and np.isnan(v)) else v) for k, v in record.items()}
    return json.dumps(clean, ensure_ascii=False, default=str)
