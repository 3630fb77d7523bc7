"""/katalog — every indicator the reader may see, searchable and filterable by sector and producer, with how
fresh its latest period is and how much of it is sample data."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import pandas as pd

from portal import fmt, queries
from portal.access import Reader
from portal.i18n import pick, t, t_of
from portal.periods import label, start_date
from portal.state.listing import Filter, Listing, read
from portal.vocab import Frequency, Freshness

# How long after a period ends its figure is normally published (statistics lag), in days.
PUBLICATION_LAG_DAYS = 400
DAYS_PER_MONTH = 30.44
PERIOD_DAYS = {Frequency.TAHUNAN: 366, Frequency.SEMESTERAN: 183, Frequency.TRIWULANAN: 92, Frequency.BULANAN: 31}
TEXT_COLUMNS = ("name_id", "name_en", "code", "definition_id", "definition_en", "producer_agency")


def freshness(latest_period: str | None, frequency: str, today: date | None = None) -> Freshness:
    """ "current" when the latest period is as recent as publication lags allow, "behind" when older, "empty"."""
    if not isinstance(latest_period, str) or not latest_period:
        return Freshness.EMPTY
    today = today or date.today()
    age = (today - start_date(latest_period)).days
    return Freshness.CURRENT if age <= PERIOD_DAYS.get(frequency, 366) + PUBLICATION_LAG_DAYS else Freshness.BEHIND


def age_months(latest_period: str, frequency: str, today: date | None = None) -> tuple[int, int]:
    """How many months ago the latest period ended, and how many months after its end its figure is due by the
    release schedule (the publication lag `freshness` allows): an age to read against the schedule."""
    today = today or date.today()
    ended = (today - start_date(latest_period)).days - PERIOD_DAYS.get(frequency, 366)
    return max(0, round(ended / DAYS_PER_MONTH)), round(PUBLICATION_LAG_DAYS / DAYS_PER_MONTH)


def fresh_text(latest_period: str | None, frequency: str, lang: str, today: date | None = None) -> str:
    """The freshness cell: the state in words and, with data, its age against the schedule."""
    state = freshness(latest_period, frequency, today)
    if state == Freshness.EMPTY:
        return t_of("fresh", state, lang)
    age, due = age_months(latest_period, frequency, today)
    return t("cat_fresh_age", lang, state=t_of("fresh", state, lang), age=age, due=due)


def data_kind(values: int, samples: int, lang: str) -> str:
    """Whether an indicator's values are real, sample data, or how many of each."""
    if values and samples == values:
        return t("cat_data_sample", lang)
    if not samples:
        return t("cat_data_real", lang)
    return t("cat_data_mixed", lang, real=fmt.number(values - samples, 0, lang), sample=fmt.number(samples, 0, lang))


def rows(
    catalogue: pd.DataFrame, sectors: pd.DataFrame, fresh: pd.DataFrame, counts: pd.DataFrame, lang: str
) -> pd.DataFrame:
    """The catalogue with sector names, latest period, last load and sample counts; sectors in their display order
    (kemiskinan first), headline indicators first within a sector."""
    sectors = sectors.set_index("code")
    fresh = fresh[["code", "latest_period", "last_loaded_at"]]
    counts = counts.rename(columns={"indicator": "code"})
    out = catalogue.merge(fresh, on="code", how="left").merge(counts, on="code", how="left")
    out["position"] = out["sector"].map(sectors["position"])
    out = out.sort_values(["position", "headline", "code"], na_position="last").reset_index(drop=True)
    out["values"] = out["values"].fillna(0).astype(int)
    out["sample_values"] = out["sample_values"].fillna(0).astype(int)
    out["sector_name"] = [pick(sectors.loc[s].to_dict() | {"code": s}, "name", lang) for s in out["sector"]]
    out["name"] = [pick(r, "name", lang) for r in out.to_dict("records")]
    out["definition"] = [pick(r, "definition", lang) for r in out.to_dict("records")]
    return out


def producer_link(name: str, agency: object) -> str:
    """The producer's name, linked (markdown) to its agency's page when an agency of the province produces it."""
    return f"[{name}](/instansi/{agency})" if isinstance(agency, str) and agency else name


def grid_rows(shown: pd.DataFrame, lang: str, today: date | None = None) -> list[dict]:
    """The grid's rows: the name links to the indicator's page; periods, dates and states in the reader's words."""
    out = []
    for r in shown.to_dict("records"):
        latest = r["latest_period"] if isinstance(r["latest_period"], str) else None
        state = freshness(latest, r["frequency"], today)
        loaded = r["last_loaded_at"]
        out.append(
            {
                "code": r["code"],
                "name": f"[{r['name']}](/indikator/{r['code']})",
                "sector": r["sector_name"],
                "unit": pick(r, "unit", lang),
                "frequency": t_of("freq", r["frequency"], lang),
                "producer": producer_link(r["producer_agency"], r.get("agency")),
                "latest": latest or "",
                "latest_label": label(latest, lang) if latest else "–",
                "loaded": fmt.day(fmt.local(loaded), lang)
                if fmt.local(loaded)
                else "–",  # the date on the province's clock
                "fresh": fresh_text(latest, r["frequency"], lang, today),
                "fresh_state": state,
                "data": data_kind(r["values"], r["sample_values"], lang),
            }
        )
    return out


def filters(frame: pd.DataFrame, lang: str) -> list[Filter]:
    """Sector (in display order) and producer (alphabetical), among those the reader's catalogue holds."""
    sectors = frame.drop_duplicates("sector")[["sector", "sector_name"]].itertuples(index=False, name=None)
    producers = sorted(frame["producer_agency"].unique())
    return [
        Filter("sektor", "sector", t("cat_sector", lang), tuple(sectors)),
        Filter("produsen", "producer_agency", t("cat_producer", lang), tuple((p, p) for p in producers)),
    ]


def listing(frame: pd.DataFrame, given: Mapping[str, object], lang: str, strict: bool = False) -> Listing:
    """The catalogue `frame` (from `rows`) under the search and choices `given`."""
    return read(frame, given, filters(frame, lang), TEXT_COLUMNS, grid_rows, lang, strict)


def page(given: Mapping[str, object], reader: Reader, strict: bool = False) -> Listing:
    """The catalogue of the indicators `reader` may see (restricted ones never reach the frame) under `given`."""
    frame = rows(
        queries.catalogue(reader.classes),
        queries.sectors(),
        queries.indicator_freshness(),
        queries.sample_counts(reader.classes),
        reader.lang,
    )
    return listing(frame, given, reader.lang, strict)
