"""The application directory: the agencies' digital service applications, from a reviewed CSV.

Columns: nama, kode_perangkat_daerah, perangkat_daerah, sektor, deskripsi, url, status, contoh
(English aliases: name, agency_code, agency, sector, description, url, status, is_sample).
Rows go into `agency` and `application`, keyed by (nama, kode_perangkat_daerah); every row is
loaded, unchanged, or rejected with a reason, as for observations.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import Connection, insert, select, update

from etl.delivery import Delivery
from etl.sources.fields import MappingError, normalise_header
from etl.validate import Reasons, raw_json, text
from portal.models import Agency, Application, Sector
from portal.vocab import AppStatus

COLUMNS = {
    "nama": "name",
    "name": "name",
    "kode_perangkat_daerah": "agency",
    "agency_code": "agency",
    "perangkat_daerah": "agency_name",
    "agency": "agency_name",
    "sektor": "sector",
    "sector": "sector",
    "deskripsi": "description",
    "description": "description",
    "url": "url",
    "status": "status",
    "contoh": "is_sample",
    "is_sample": "is_sample",
}
REQUIRED = ("name", "agency", "agency_name")
STATUSES = set(AppStatus)
BOOLEAN = {"": False, "true": True, "ya": True, "1": True, "false": False, "tidak": False, "0": False}
FIELDS = ["name", "agency", "sector", "description", "url", "status", "is_sample"]


def read(location: str, options: dict | None = None) -> Delivery:
    path = Path(location)
    if not path.exists():
        raise FileNotFoundError(f"berkas tidak ditemukan: {path} / file not found: {path}")
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    names = {c: COLUMNS.get(normalise_header(c)) for c in raw.columns}
    unknown = [c for c, n in names.items() if n is None]
    missing = [c for c in REQUIRED if c not in names.values()]
    if unknown or missing:
        raise MappingError(
            f"{path.name}: kolom tidak dikenal {unknown} / kolom wajib tidak ada {missing}; kolom: {', '.join(COLUMNS)} / "
            f"unknown columns {unknown} / required columns missing {missing}"
        )
    frame = raw.rename(columns=names).reindex(columns=[*FIELDS, "agency_name"])
    frame.insert(0, "row_number", np.arange(2, len(raw) + 2))
    frame["raw"] = [raw_json(r) for r in raw.to_dict("records")]
    return Delivery(pd.DataFrame(), applications=frame)


def validate(frame: pd.DataFrame, sectors: set[str]) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """(valid applications, one per key; rejects; identical repeats), like etl.validate.validate."""
    df = frame.copy()
    for col in [*FIELDS, "agency_name"]:
        df[col] = text(df[col])
    df["status"] = df["status"].str.lower().replace("", AppStatus.AKTIF)
    df["is_sample"] = df["is_sample"].str.lower().map(BOOLEAN)
    reasons = Reasons(df.index)
    flag = reasons.flag

    for col, what_id, what_en in (
        ("name", "nama aplikasi", "application name"),
        ("agency", "kode perangkat daerah", "agency code"),
        ("agency_name", "nama perangkat daerah", "agency name"),
    ):
        flag(df[col] == "", lambda i, a=what_id, b=what_en: (f"{a} kosong", f"{b} is empty"))
    flag(
        (df["sector"] != "") & ~df["sector"].isin(sectors),
        lambda i: (
            f"sektor '{df.at[i, 'sector']}' tidak dikenal ({', '.join(sorted(sectors))})",
            f"sector '{df.at[i, 'sector']}' is unknown ({', '.join(sorted(sectors))})",
        ),
    )
    flag(
        ~df["status"].isin(STATUSES),
        lambda i: (
            f"status '{df.at[i, 'status']}' tidak dikenal (aktif, pengembangan, nonaktif)",
            f"status '{df.at[i, 'status']}' is unknown (aktif, pengembangan, nonaktif)",
        ),
    )
    flag(
        (df["url"] != "") & ~df["url"].str.match(r"https?://"),
        lambda i: (
            f"url '{df.at[i, 'url']}' bukan alamat http(s)",
            f"url '{df.at[i, 'url']}' is not an http(s) address",
        ),
    )
    flag(
        df["is_sample"].isna(),
        lambda i: (
            f"kolom contoh '{frame.at[i, 'is_sample']}' harus true/false",
            f"is_sample '{frame.at[i, 'is_sample']}' must be true/false",
        ),
    )
    ok = df[reasons.ok]
    agency_names = ok.groupby("agency")["agency_name"].transform("nunique") > 1
    flag(
        agency_names.reindex(df.index, fill_value=False),
        lambda i: (
            f"kode perangkat daerah '{df.at[i, 'agency']}' bernama lain di baris lain",
            f"agency code '{df.at[i, 'agency']}' carries another name in another row",
        ),
    )
    ok = df[reasons.ok]
    key = ["name", "agency"]
    conflicting = ok.groupby(key)[FIELDS].transform(lambda c: c.nunique(dropna=False)).gt(1).any(axis=1)
    flag(
        conflicting.reindex(df.index, fill_value=False),
        lambda i: (
            "aplikasi yang sama (nama, perangkat daerah) muncul lagi dengan isi berbeda",
            "the same application (name, agency) appears again with different content",
        ),
    )
    ok = df[reasons.ok]
    repeats = ok.duplicated(key)
    rejected = reasons.rejected(frame, frame.loc[~reasons.ok, "raw"])
    return ok[~repeats].reset_index(drop=True), rejected, int(repeats.sum())


def upsert(conn: Connection, frame: pd.DataFrame) -> tuple[int, int, pd.DataFrame, int]:
    """Validate and write the directory; returns (loaded, unchanged, rejected, repeats)."""
    sectors = set(conn.execute(select(Sector.code)).scalars())
    valid, rejected, repeats = validate(frame, sectors)
    agencies = valid[["agency", "agency_name"]].drop_duplicates()
    have = dict(conn.execute(select(Agency.code, Agency.name)).all())
    for code, name in agencies.itertuples(index=False):
        if code not in have:
            conn.execute(insert(Agency).values(code=code, name=name))
        elif have[code] != name:
            conn.execute(update(Agency).where(Agency.code == code).values(name=name))
    a = Application.__table__
    existing = {
        (r.name, r.agency): r
        for r in conn.execute(
            select(a.c.name, a.c.agency, a.c.sector, a.c.description, a.c.url, a.c.status, a.c.is_sample)
        )
    }
    loaded = 0
    for rec in valid[FIELDS].to_dict("records"):
        rec["sector"] = rec["sector"] or None
        rec["url"] = rec["url"] or None
        old = existing.get((rec["name"], rec["agency"]))
        if old is None:
            conn.execute(insert(a).values(**rec))
        elif tuple(old) != tuple(rec[f] for f in FIELDS):
            conn.execute(update(a).where(a.c.name == rec["name"], a.c.agency == rec["agency"]).values(**rec))
        else:
            continue
        loaded += 1
    return loaded, len(valid) - loaded, rejected, repeats
