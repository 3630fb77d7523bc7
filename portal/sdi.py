"""An indicator's metadata as Satu Data Indonesia's data standard names it (Perpres 39/2019: konsep, definisi,
klasifikasi, ukuran, satuan; with the producer, frequency, licence and last update the metadata adds).

The measure (ukuran: Persentase, Indeks, Jumlah ...) follows from the unit (satuan) through the reviewed table
data/reference/measures.csv; a unit the table lacks has no measure (null), never a guess.
"""

from __future__ import annotations

import csv
import math
from datetime import datetime
from functools import cache

import pandas as pd

from portal.settings import DATA_DIR, LICENSES

MEASURES = DATA_DIR / "reference" / "measures.csv"


@cache
def measures() -> dict[str, tuple[str, str]]:
    """unit_id -> (measure_id, measure_en), from the reviewed table."""
    with MEASURES.open(encoding="utf-8", newline="") as f:
        return {r["unit_id"]: (r["measure_id"], r["measure_en"]) for r in csv.DictReader(f)}


def instant(value: object) -> str | None:
    """A stored time (naive UTC) as ISO 8601 with its zone; None when there is none."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return None
    stamp = pd.Timestamp(value) if not isinstance(value, datetime) else value
    return stamp.strftime("%Y-%m-%dT%H:%M:%SZ")


def text_or_none(value: object) -> str | None:
    """A text cell, None for a missing one (NaN from an outer join)."""
    return value if isinstance(value, str) and value else None


def metadata(record: dict, licence: str) -> dict:
    """The SDI metadata of one catalogue record (queries.catalogue_records or queries.indicator, with
    last_loaded_at), bilingual where the catalogue is."""
    measure = measures().get(record["unit_id"])
    return {
        "concept": {"id": record["name_id"], "en": record["name_en"]},
        "definition": {"id": record["definition_id"], "en": record["definition_en"]},
        "classification": record["classification"],
        "measure": {"id": measure[0], "en": measure[1]} if measure else None,
        "unit": {"id": record["unit_id"], "en": record["unit_en"]},
        "producer": record["producer_agency"],
        "frequency": record["frequency"],
        "licence": licence,
        "licence_url": LICENSES[licence][2],
        "last_update": instant(record.get("last_loaded_at")),
    }


def fields(record: dict, licence: str) -> dict[str, str]:
    """The SDI metadata of one catalogue record as flat text fields under the standard's Indonesian names (CKAN
    extras, the data pack's catalogue)."""
    meta = metadata(record, licence)
    return {
        "konsep": meta["concept"]["id"],
        "definisi": meta["definition"]["id"],
        "klasifikasi": meta["classification"],
        "ukuran": meta["measure"]["id"] if meta["measure"] else "",
        "satuan": meta["unit"]["id"],
        "produsen_data": meta["producer"],
        "frekuensi": meta["frequency"],
        "lisensi": licence,
        "tanggal_pembaruan": meta["last_update"] or "",
    }
