"""Wide tables: one row per data item, one column per year, as Satu Data portals publish them.

    No | Daftar Data          | Satuan | 2016  | 2017  | ... | _id
    1  | Kelas I              | Rombel | 120   | "131" |     | 1
    2  | Kelas  III           | Rombel | ...
    9  | Jumlah               | Rombel | ...                    <- a total row: skipped, named in the notes

Each cell under a period column becomes one observation: the item's indicator (from the reviewed
label -> indicator mapping in the registry), the region (a constant or a region column), the period
(the column's name, or what the registry maps it to) and the value. Labels are compared trimmed, with
inner runs of spaces made one and case ignored ("Kelas  III " is "Kelas III"); a label the mapping
does not name is a rejected row that names it, never a guess. Registry, under [source.options.wide]:

    label = "Daftar Data"           the column naming the data item (or constants.kode_indikator)
    indicators = { "Kelas I" = "rombel_kelas_1", ... }   label -> catalogue code: the reviewed mapping
    region = "Kabupaten/Kota"       a column naming the region (or constants.kode_wilayah)
    unit = "Satuan"                 optional: checked against the indicator's unit
    periods = ["2019", "2020"]      optional: which columns (default: every column named by a year);
                                    or { "Semester I 2024" = "2024-S1" } to name the period
    totals = ["Jumlah", "Total"]    optional: labels of total rows (default: Jumlah, Jumlah Total, Total)
    ignore = ["Keterangan"]         optional: columns read past; any other column stops the source

CKAN's own columns (`_id`, `_full_text`, ...) and a row counter ("No") are always read past.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

from etl.sources.fields import IGNORED, MappingError, normalise_header, standard_frame
from etl.validate import raw_json

YEAR = re.compile(r"(19|20)\d\d")
DEFAULT_TOTALS = ("Jumlah", "Jumlah Total", "Total")
KEYS = {"label", "indicators", "region", "unit", "periods", "totals", "ignore"}


def clean_label(value: object) -> str:
    """A label as a walidata reads it: trimmed, inner runs of spaces made one."""
    return "" if value is None else re.sub(r"\s+", " ", str(value)).strip()


def label_key(value: object) -> str:
    """What two labels are compared by: the clean label, case ignored."""
    return clean_label(value).casefold()


def _periods(spec: dict, columns: list[str]) -> dict[str, str]:
    """Column -> period: as the registry names them, or every column named by a year."""
    given = spec.get("periods")
    if given is None:
        return {c: c.strip() for c in columns if YEAR.fullmatch(c.strip())}
    if isinstance(given, dict):
        return {str(c): str(p) for c, p in given.items()}
    return {str(c): str(c).strip() for c in given}


def _mapping(spec: dict) -> dict[str, str]:
    """The label -> indicator mapping keyed for comparison; two keys that compare equal are refused."""
    out: dict[str, str] = {}
    first: dict[str, str] = {}
    for label, code in dict(spec.get("indicators", {})).items():
        key = label_key(label)
        if key in out:
            raise MappingError(
                f"options.wide.indicators menyebut label yang sama dua kali: '{first[key]}' dan '{label}' / "
                f"options.wide.indicators names the same label twice: '{first[key]}' and '{label}'"
            )
        out[key], first[key] = str(code or "").strip(), str(label)
    return out


def check(spec: dict, constants: dict, where: str) -> None:
    """Refuse a wide spec that cannot work, before anything is fetched."""
    unknown = sorted(set(spec) - KEYS)
    if unknown:
        raise MappingError(
            f"{where}: options.wide tidak mengenal {', '.join(unknown)} (dikenal: {', '.join(sorted(KEYS))}) / "
            f"{where}: options.wide does not know {', '.join(unknown)} (known: {', '.join(sorted(KEYS))})"
        )
    if bool(spec.get("label")) == ("kode_indikator" in constants):
        raise MappingError(
            f"{where}: tabel lebar perlu tepat satu dari options.wide.label (dengan indicators) atau "
            f"constants.kode_indikator / {where}: a wide table needs exactly one of options.wide.label "
            f"(with indicators) or constants.kode_indikator"
        )
    if bool(spec.get("region")) == bool({"kode_wilayah", "wilayah"} & set(constants)):
        raise MappingError(
            f"{where}: tabel lebar perlu tepat satu dari options.wide.region atau constants.kode_wilayah / "
            f"{where}: a wide table needs exactly one of options.wide.region or constants.kode_wilayah"
        )
    _mapping(spec)


def _empty(value: object) -> bool:
    return value is None or str(value).strip() == ""


def _unmapped(label: str) -> tuple[str, str]:
    if not label:
        return ("label data kosong", "the data item's label is empty")
    return (
        f"label '{label}' tidak dipetakan ke indikator (options.wide.indicators di data/sources.toml)",
        f"label '{label}' is not mapped to an indicator (options.wide.indicators in data/sources.toml)",
    )


def wide_frame(
    records: Sequence[dict], row_numbers: Sequence[int], spec: dict, constants: dict, where: str
) -> tuple[pd.DataFrame, list[str]]:
    """The delivery frame of a wide table (one row per period cell) and the notes on what was skipped."""
    check(spec, constants, where)
    columns: list[str] = list(dict.fromkeys(str(k) for r in records for k in r))
    periods = _periods(spec, columns)
    label_col, region_col, unit_col = spec.get("label"), spec.get("region"), spec.get("unit")
    named = [c for c in (label_col, region_col, unit_col, *periods) if c]
    if records:
        absent = [c for c in named if c not in columns]
        if absent or not periods:
            raise MappingError(
                f"{where}: kolom yang disebut options.wide tidak ada di tabel: {', '.join(absent) or 'kolom tahun'}; "
                f"kolom yang ada: {', '.join(columns)} / {where}: columns named in options.wide are not in the "
                f"table: {', '.join(absent) or 'year columns'}; columns present: {', '.join(columns)}"
            )
    # Year columns the registry leaves out of `periods` are left out on purpose; anything else is named.
    read_past = {*named, *map(str, spec.get("ignore", []))}
    unknown = [
        c
        for c in columns
        if c not in read_past
        and not c.startswith("_")
        and normalise_header(c) not in IGNORED
        and not YEAR.fullmatch(c.strip())
    ]
    if unknown:
        raise MappingError(
            f"{where}: kolom tidak dikenal: {', '.join(repr(c) for c in unknown)}; sebut di options.wide "
            f"(periods, unit, ...) atau abaikan dengan options.wide.ignore / {where}: unknown columns: "
            f"{', '.join(repr(c) for c in unknown)}; name them in options.wide (periods, unit, ...) or read them "
            f"past with options.wide.ignore"
        )
    mapping = _mapping(spec)
    totals = {label_key(t) for t in spec.get("totals", DEFAULT_TOTALS)}
    out: dict[str, list] = {k: [] for k in ("kode_indikator", "kode_wilayah", "periode", "nilai", "satuan")}
    numbers, raw, reject, skipped = [], [], [], []
    fixed = {k: v for k, v in constants.items() if k not in ("kode_indikator", "kode_wilayah", "wilayah")}
    for number, record in zip(row_numbers, records, strict=True):
        label = clean_label(record.get(label_col)) if label_col else ""
        region = clean_label(record.get(region_col)) if region_col else ""
        if not label and not region and all(_empty(record.get(c)) for c in periods):
            continue  # a blank row is not a row, as in a template file
        if {label_key(label), label_key(region)} & totals:
            skipped.append(label or region)
            continue
        if label_col:
            indicator = mapping.get(label_key(label), "")
            why = None if indicator else _unmapped(label)
        else:
            indicator, why = constants["kode_indikator"], None
        shown = {k: v for k, v in record.items() if not str(k).startswith("_")}
        for column, period in periods.items():
            out["kode_indikator"].append(indicator)
            out["kode_wilayah"].append(
                region if region_col else constants.get("kode_wilayah", constants.get("wilayah"))
            )
            out["periode"].append(period)
            out["nilai"].append(record.get(column))
            out["satuan"].append(clean_label(record.get(unit_col)) if unit_col else None)
            numbers.append(number)
            reject.append(why)
            raw.append(raw_json({"kode_indikator": indicator or None, "kolom": column, **shown}))
    frame = standard_frame(out, numbers, raw, fixed)
    frame["reject"] = pd.Series(reject, dtype=object)
    notes = []
    if skipped:
        names = ", ".join(f"'{s}'" for s in dict.fromkeys(skipped))
        notes.append(
            f"{len(skipped)} baris total dilewati, tidak dimuat sebagai data ({names}) / "
            f"{len(skipped)} total rows skipped, not loaded as data ({names})"
        )
    return frame, notes
