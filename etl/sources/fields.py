"""The standard template's columns and the declarative field mapping every connector shares.

A registry entry maps template columns onto the source's own fields:

    [source.options.fields]
    kode_wilayah = "kode_kabupaten_kota"   # template column = source field (a dotted path for JSON)
    periode = "tahun"
    nilai = "jumlah_penduduk_miskin"
    [source.options.constants]
    kode_indikator = "kemiskinan_jumlah"   # the same for every row of this source

A mapping that names a template column that does not exist, or a source field that the delivery
does not have, fails the source loudly instead of loading something else.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from etl.http import dig
from etl.validate import raw_json

# Template column -> the delivery frame's column.
TEMPLATE = {
    "kode_indikator": "indicator",
    "kode_wilayah": "region_code",
    "wilayah": "region_name",
    "periode": "period",
    "nilai": "value",
    "satuan": "unit",
    "status": "status",
    "catatan": "note",
}
# Header names accepted for each template column (normalised: lower case, words joined by "_").
ALIASES = {
    **{name: name for name in TEMPLATE},
    "indikator": "kode_indikator",
    "indicator": "kode_indikator",
    "indicator_code": "kode_indikator",
    "kode_wilayah_bps": "kode_wilayah",
    "kode_bps": "kode_wilayah",
    "region_code": "kode_wilayah",
    "nama_wilayah": "wilayah",
    "kabupaten_kota": "wilayah",
    "kab_kota": "wilayah",
    "region": "wilayah",
    "region_name": "wilayah",
    "period": "periode",
    "tahun": "periode",
    "year": "periode",
    "value": "nilai",
    "unit": "satuan",
    "status_data": "status",
    "keterangan": "catatan",
    "note": "catatan",
    "notes": "catatan",
}
# Row counters that Excel exports carry; read past, never loaded.
IGNORED = {"no", "nomor", "no_urut", "number"}
ACCEPTED = (
    "kode_indikator, kode_wilayah atau/or wilayah, periode, nilai, satuan, status, catatan "
    "(English: indicator_code, region_code or region, period, value, unit, status, note)"
)


class MappingError(ValueError):
    """A delivery whose columns do not fit the template or the registry's mapping."""


def normalise_header(name: object) -> str:
    """'Kode Indikator' -> 'kode_indikator'; 'Nilai (%)' -> 'nilai'; BOM and spaces removed."""
    text = re.sub(r"\(.*?\)", "", str(name or "").replace("\ufeff", "")).lower()
    return re.sub(r"[^0-9a-z]+", "_", text).strip("_")


def check_fields(fields: dict, constants: dict) -> None:
    """The registry's mapping may only name template columns."""
    unknown = sorted(set(fields) - set(TEMPLATE)) + sorted(set(constants) - set(TEMPLATE))
    if unknown:
        raise MappingError(
            f"pemetaan menyebut kolom yang bukan kolom templat: {', '.join(unknown)}; kolom templat: {ACCEPTED} / "
            f"the mapping names columns that are not template columns: {', '.join(unknown)}; template: {ACCEPTED}"
        )


def require(present: set[str], where: str) -> None:
    """Every delivery needs an indicator, a region (code or name), a period and a value."""
    missing = [c for c in ("kode_indikator", "periode", "nilai") if c not in present]
    if "kode_wilayah" not in present and "wilayah" not in present:
        missing.append("kode_wilayah/wilayah")
    if missing:
        raise MappingError(
            f"{where}: kolom wajib tidak ada: {', '.join(missing)}; kolom yang diterima: {ACCEPTED} / "
            f"{where}: required columns missing: {', '.join(missing)}; accepted: {ACCEPTED}"
        )


def standard_frame(
    columns: dict[str, Sequence],
    row_numbers: Sequence[int],
    raw: Sequence[str] | None = None,
    constants: dict | None = None,
    source_url: str | None = None,
) -> pd.DataFrame:
    """The delivery frame validation expects, from columns keyed by template name.

    The region is the code where one is given, else the name. Without `raw`, validation writes the
    raw text of rejected rows itself (only for those rows).
    """
    n = len(row_numbers)
    cols = {k: pd.Series(v, dtype=object) for k, v in columns.items()}
    for name, value in (constants or {}).items():
        cols[name] = pd.Series([value] * n, dtype=object)
    require(set(cols), "data")
    empty = pd.Series([None] * n, dtype=object)
    code = cols.get("kode_wilayah", empty)
    name = cols.get("wilayah", empty)
    has_code = code.notna() & (code.astype(str).str.strip() != "")
    frame = pd.DataFrame(
        {
            "row_number": np.asarray(row_numbers, dtype=np.int64),
            "indicator": cols["kode_indikator"],
            "region": code.where(has_code, name),
            "period": cols["periode"],
            "value": cols["nilai"],
            "unit": cols.get("satuan", empty),
            "status": cols.get("status", empty),
            "source_url": source_url,
            "note": cols.get("catatan", empty),
        }
    )
    if raw is not None:
        frame["raw"] = pd.Series(raw, dtype=object)
    return frame


def records_frame(
    records: list[dict],
    fields: dict,
    constants: dict,
    where: str,
    first_row: int = 1,
    row_numbers: Sequence[int] | None = None,
) -> pd.DataFrame:
    """JSON records (CKAN, REST, ...) as a delivery frame through the registry's mapping.

    Rows are numbered from `first_row`, or by `row_numbers` (a file's line numbers).

    With no `fields`, the records' own keys must be template names or their aliases. A mapped field
    that no record carries fails the source: the mapping is wrong, not the data.
    """
    check_fields(fields, constants)
    if not fields:
        keys = {k for r in records[:100] for k in r}
        fields = {ALIASES[normalise_header(k)]: k for k in keys if normalise_header(k) in ALIASES}
    if records:
        absent = [f"{name} = '{path}'" for name, path in fields.items() if all(dig(r, path) is None for r in records)]
        if absent:
            sample = ", ".join(sorted({k for r in records[:20] for k in r})[:30])
            raise MappingError(
                f"{where}: medan yang dipetakan tidak ada di data: {'; '.join(absent)}. Medan yang ada: {sample} / "
                f"{where}: mapped fields not found in the data: {'; '.join(absent)}. Fields present: {sample}"
            )
    require(set(fields) | set(constants), where)
    columns = {name: [dig(r, path) for r in records] for name, path in fields.items()}
    raw = [raw_json(r) for r in records]
    numbers = row_numbers if row_numbers is not None else range(first_row, first_row + len(records))
    return standard_frame(columns, numbers, raw, constants)
