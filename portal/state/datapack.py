"""The data packs: *Unduh semua data <kabupaten>* (one workbook for a regency: a cover sheet, a notes sheet and
one table per sheet, one indicator each, the regency with its kecamatan and desa) and the same for the whole
portal as CSV files in one ZIP.

A pack holds the values exactly as the database keeps the ones readers are shown (never rounded; a series with
an official figure holds only its official figures), each with its status, source and sample flag, and only the
indicators the reader may see. This module says what a pack holds; web/datapack.py writes the files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from portal import fmt, queries
from portal.access import Reader
from portal.i18n import pick, t

SHEET_MOST = 31  # the longest sheet name a workbook takes
RESERVED_SHEETS = 3  # cover, contents and notes come first


@dataclass(frozen=True)
class Table:
    """One indicator's values in the pack: its sheet (or file) name and its tidy rows."""

    name: str
    code: str
    title: str
    unit: str
    rows: pd.DataFrame


@dataclass(frozen=True)
class Pack:
    """What one download holds: a cover (field, value), the contents, the notes (topic, text) and the tables."""

    filename: str
    title: str
    cover: pd.DataFrame
    contents: pd.DataFrame
    notes: pd.DataFrame
    tables: Iterable[Table]  # the whole portal's are read one indicator at a time, as they are written
    lang: str

    @property
    def sheets(self) -> dict[str, str]:
        """The names of the first sheets (or files), in the reader's language."""
        return {
            "cover": t("pack_sheet_cover", self.lang),
            "contents": t("pack_sheet_contents", self.lang),
            "notes": t("pack_sheet_notes", self.lang),
        }


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def sheet_names(codes: list[str]) -> list[str]:
    """A sheet name per indicator code: the code, cut to a sheet's length, numbered when two cuts meet."""
    names: list[str] = []
    for code in codes:
        name, n = code[:SHEET_MOST], 1
        while name in names:
            n += 1
            name = f"{code[: SHEET_MOST - len(str(n)) - 1]}~{n}"
        names.append(name)
    return names


ALL_ROWS = 2**31 - 1  # a whole indicator in one read


def tidy(rows: pd.DataFrame, meta: dict, lang: str, with_indicator: bool = False) -> pd.DataFrame:
    """One indicator's values as a table with headers in the reader's language, values as stored."""
    yes, no = t("exp_yes", lang), t("exp_no", lang)
    columns = {
        t("exp_col_region_code", lang): rows["region"].astype(str),
        t("pack_col_kemendagri", lang): rows["kemendagri_code"].astype(str),
        t("exp_col_region", lang): rows["region_name"],
        t("pack_col_level", lang): rows["level"],
        t("exp_col_period", lang): rows["period"],
        t("exp_col_value", lang): rows["value"].astype(float),
        t("exp_col_unit", lang): pick(meta, "unit", lang),
        t("exp_col_status", lang): rows["status"],
        t("exp_col_sample", lang): [yes if s else no for s in rows["is_sample"].astype(bool)],
        t("exp_col_source", lang): rows["source_title"],
        t("exp_col_source_url", lang): rows["source_url"].fillna(""),
        t("pack_col_loaded", lang): [fmt.stamp(v) for v in rows["loaded_at"]],
    }
    if with_indicator:
        columns = {t("exp_col_indicator_code", lang): meta["code"], **columns}
    return pd.DataFrame(columns).reset_index(drop=True)


def _tables(values: pd.DataFrame, catalogue: pd.DataFrame, lang: str) -> list[Table]:
    """One table per indicator with values, in the catalogue's order (by sector, headline first)."""
    present = catalogue[catalogue["code"].isin(set(values["indicator"]))]
    by_code = dict(tuple(values.groupby("indicator", sort=False))) if len(values) else {}
    metas = present.to_dict("records")
    return [
        Table(
            name,
            m["code"],
            pick(m, "name", lang),
            pick(m, "unit", lang),
            tidy(by_code[m["code"]], m, lang),
        )
        for name, m in zip(sheet_names([m["code"] for m in metas]), metas, strict=True)
    ]


def _contents(tables: list[Table], values: pd.DataFrame, lang: str) -> pd.DataFrame:
    samples = values.groupby("indicator")["is_sample"].sum() if len(values) else pd.Series(dtype=int)
    return pd.DataFrame(
        {
            t("pack_c_sheet", lang): [x.name for x in tables],
            t("exp_col_indicator_code", lang): [x.code for x in tables],
            t("exp_col_indicator", lang): [x.title for x in tables],
            t("exp_col_unit", lang): [x.unit for x in tables],
            t("pack_c_values", lang): [len(x.rows) for x in tables],
            t("pack_c_sample", lang): [int(samples.get(x.code, 0)) for x in tables],
        }
    )


def _notes(values: pd.DataFrame | None, lang: str) -> pd.DataFrame:
    """What a reader must know to use the values: sample marking, statuses, codes, and every source used (the
    whole portal's: each row names its source, and the catalogue each indicator's)."""
    rows = [
        (t("pack_n_sample", lang), t("pack_n_sample_text", lang)),
        (t("pack_n_status", lang), t("pack_n_status_text", lang)),
        (t("pack_n_codes", lang), t("pack_n_codes_text", lang)),
        (t("pack_n_values", lang), t("pack_n_values_text", lang)),
    ]
    if values is None:
        rows.append((t("pack_n_source", lang), t("pack_n_source_all", lang)))
    elif len(values):
        sources = (
            values.assign(is_sample=values["is_sample"].astype(bool))
            .groupby(["source_title", "is_sample"], sort=True)
            .size()
            .reset_index(name="n")
        )
        for title, sample, n in sources.itertuples(index=False, name=None):
            count = fmt.number(n, lang=lang)
            text = (
                t("pack_n_source_sample", lang, title=title, n=count)
                if sample
                else t("pack_n_source_real", lang, title=title, n=count)
            )
            rows.append((t("pack_n_source", lang), text))
    return pd.DataFrame(rows, columns=[t("pack_n_topic", lang), t("pack_n_text", lang)])


def _cover(fields: list[tuple[str, object]], lang: str) -> pd.DataFrame:
    return pd.DataFrame(fields, columns=[t("exp_field", lang), t("exp_value", lang)])


def _summary(indicators: int, values: int, sample: int, loaded, lang: str) -> list[tuple[str, object]]:
    return [
        (t("pack_f_indicators", lang), indicators),
        (t("pack_f_values", lang), values),
        (t("pack_f_sample", lang), sample),
        (t("pack_f_loaded", lang), fmt.moment(loaded, lang, missing="—")),
    ]


def _about(reader: Reader, site_url: str, licence: str, now: datetime) -> list[tuple[str, object]]:
    lang = reader.lang
    scope = t("pack_scope_all", lang) if "terbatas" in reader.classes else t("pack_scope_public", lang)
    return [
        (t("pack_f_made", lang), fmt.moment(now, lang)),
        (t("pack_f_scope", lang), scope),
        (t("pack_f_licence", lang), licence),
        (t("pack_f_portal", lang), site_url),
    ]


def regency(code: str, reader: Reader, site_url: str, licence: str, now: datetime) -> Pack | None:
    """The workbook of regency `code` (a BPS code); None when `code` is no regency."""
    region = queries.region_family(code)
    if region is None or region["level"] != "kabkota":
        return None
    lang = reader.lang
    values = queries.pack_values(code, reader.classes)
    catalogue = queries.catalogue_records(reader.classes)
    tables = _tables(values, catalogue, lang)
    below = values.drop_duplicates("region")["level"].value_counts() if len(values) else pd.Series(dtype=int)
    areas = t(
        "pack_regions_text",
        lang,
        kecamatan=fmt.number(int(below.get("kecamatan", 0)), lang=lang),
        desa=fmt.number(int(below.get("desa", 0)), lang=lang),
    )
    title = t("pack_title", lang, name=region["name_full"])
    loaded = values["loaded_at"].max() if len(values) else None
    fields = [
        (t("pack_f_title", lang), title),
        (t("exp_col_region", lang), region["name_full"]),
        (t("pack_f_codes", lang), f"{region['code']} / {region['kemendagri_code']}"),
        (t("pack_f_regions", lang), areas),
        *_summary(len(tables), len(values), int(values["is_sample"].astype(bool).sum()), loaded, lang),
        *_about(reader, site_url, licence, now),
    ]
    return Pack(
        filename=f"semua-data-{slug(region['name_full'])}-{code}.xlsx",
        title=title,
        cover=_cover(fields, lang),
        contents=_contents(tables, values, lang),
        notes=_notes(values, lang),
        tables=tables,
        lang=lang,
    )


def _indicator_tables(catalogue: pd.DataFrame, classes, lang: str) -> Iterator[Table]:
    """Every indicator with values, one at a time (the whole portal never sits in memory at once)."""
    for meta in catalogue[catalogue["observations"] > 0].to_dict("records"):
        rows = queries.values(meta["code"], classes=classes, limit=ALL_ROWS)
        code = meta["code"]
        yield Table(code, code, pick(meta, "name", lang), pick(meta, "unit", lang), tidy(rows, meta, lang, True))


def whole(reader: Reader, site_url: str, licence: str, now: datetime) -> Pack:
    """Every indicator the reader may see at every region level: one CSV per indicator, in a ZIP. The counts on
    the cover and in the contents are the catalogue's summary of the values readers are shown."""
    lang = reader.lang
    catalogue = queries.catalogue_records(reader.classes)
    held = catalogue[catalogue["observations"] > 0]
    contents = pd.DataFrame(
        {
            t("pack_c_sheet", lang): [f"data/{code}.csv" for code in held["code"]],
            t("exp_col_indicator_code", lang): list(held["code"]),
            t("exp_col_indicator", lang): [pick(m, "name", lang) for m in held.to_dict("records")],
            t("exp_col_unit", lang): [pick(m, "unit", lang) for m in held.to_dict("records")],
            t("pack_c_values", lang): held["observations"].astype(int).tolist(),
            t("pack_c_sample", lang): held["sample_values"].astype(int).tolist(),
        }
    )
    loaded = held["last_loaded_at"].max() if len(held) else None
    title = t("pack_title_all", lang)
    fields = [
        (t("pack_f_title", lang), title),
        *_summary(len(held), int(held["observations"].sum()), int(held["sample_values"].sum()), loaded, lang),
        *_about(reader, site_url, licence, now),
    ]
    return Pack(
        filename="semua-data-kaltim.zip",
        title=title,
        cover=_cover(fields, lang),
        contents=contents,
        notes=_notes(None, lang),
        tables=_indicator_tables(catalogue, reader.classes, lang),
        lang=lang,
    )
