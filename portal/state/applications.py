"""/aplikasi — the directory of the agencies' digital service applications: searchable, filterable by agency,
sector and status; sample entries labelled as such."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from portal import fmt, queries
from portal.access import Reader
from portal.i18n import pick, t, t_of
from portal.state.listing import Filter, Listing, read
from portal.vocab import AppStatus

TEXT_COLUMNS = ("name", "agency_name", "description", "sector_name_id", "sector_name_en")


@dataclass
class Directory:
    listing: Listing
    empty: bool  # no application registered at all
    samples: str | None  # how many entries are sample data, in words; None when none are


def grid_rows(apps: pd.DataFrame, lang: str) -> list[dict]:
    """The grid's rows: the address as a link (opening elsewhere), status and kind in the reader's words."""
    rows = []
    for a in apps.to_dict("records"):
        url = a["url"] if isinstance(a["url"], str) and a["url"] else None
        sector = pick(a, "sector_name", lang) if isinstance(a["sector_name_id"], str) else "–"
        rows.append(
            {
                "name": a["name"],
                "agency": a["agency_name"],
                "sector": sector,
                "description": a["description"],
                "address": f"[{url}]({url})" if url else t("apps_no_address", lang),
                "status": t_of("apps_status", a["status"], lang),
                "kind": t("sample_badge", lang) if a["is_sample"] else t("apps_kind_registered", lang),
                "is_sample": bool(a["is_sample"]),
            }
        )
    return rows


def filters(apps: pd.DataFrame, lang: str) -> list[Filter]:
    """Agency (by name), sector and status (in the vocabulary's order), among those the directory holds."""
    agencies = apps.drop_duplicates("agency").sort_values("agency_name")[["agency", "agency_name"]]
    sectors = apps.dropna(subset=["sector"]).drop_duplicates("sector")
    statuses = set(apps["status"])
    return [
        Filter("opd", "agency", t("apps_agency", lang), tuple(agencies.itertuples(index=False, name=None))),
        Filter(
            "sektor",
            "sector",
            t("apps_sector", lang),
            tuple((s["sector"], pick(s, "sector_name", lang)) for s in sectors.to_dict("records")),
        ),
        Filter(
            "status",
            "status",
            t("apps_status", lang),
            tuple((s.value, t_of("apps_status", s, lang)) for s in AppStatus if s in statuses),
        ),
    ]


def directory(apps: pd.DataFrame, given: Mapping[str, object], lang: str, strict: bool = False) -> Directory:
    """The directory `apps` (queries.applications) under the search and choices `given`."""
    found = read(apps, given, filters(apps, lang), TEXT_COLUMNS, grid_rows, lang, strict)
    samples = int(apps["is_sample"].astype(bool).sum())
    counted = t("apps_sample_notice", lang, count=fmt.number(samples, 0, lang)) if samples else None
    return Directory(found, apps.empty, counted)


def page(given: Mapping[str, object], reader: Reader, strict: bool = False) -> Directory:
    """The application directory (the same for every reader) under `given`."""
    return directory(queries.applications(), given, reader.lang, strict)
