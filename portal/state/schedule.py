"""Jadwal rilis on /status: per indicator, the latest period due (portal/schedule.py), the latest real period
published, and whether its producer agency is on time, late (by how many days and periods) or has never published
one; per agency, the coverage of the province's Daftar Data: how many of its required data are on time, late or
never published, how many wait as deliveries, and the indicators no agency of the province holds. Each row says
where its deadline comes from: the rule (the frequency's RELEASE_LAG_DAYS) or a date the walidata set."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from portal import fmt, queries
from portal.access import Reader
from portal.i18n import pick, t, t_of
from portal.periods import label
from portal.schedule import RELEASE_LAG_DAYS, release
from portal.vocab import ReleaseState


@dataclass(frozen=True)
class AgencyLine:
    """One producer agency's required data against the schedule (code None: held by no agency)."""

    code: str | None
    name: str
    total: int
    on_time: int
    late: int
    never: int
    awaiting: int  # indicators with rows in an undecided delivery
    most_late: int | None  # the most days any of its indicators is late


@dataclass
class Schedule:
    agencies: list[AgencyLine]
    rows: list[dict]  # the grid's rows, one per indicator
    summary: str


def basis(frequency: str, is_set: bool, lang: str) -> str:
    """Where a deadline comes from: a date the walidata set, or the rule (the period's end + its lag in days)."""
    if is_set:
        return t("sch_basis_set", lang)
    return t("sch_basis_rule", lang, days=fmt.number(RELEASE_LAG_DAYS[frequency], 0, lang))


def set_dates(dues: pd.DataFrame) -> dict[str, dict[str, date]]:
    """The set due dates (queries.release_dues) as indicator -> period -> date."""
    out: dict[str, dict[str, date]] = {}
    for code, period, due_on in dues[["indicator", "period", "due_on"]].itertuples(index=False, name=None):
        out.setdefault(code, {})[period] = pd.Timestamp(due_on).date()
    return out


def _row(r: dict, today: date, lang: str, dues: dict[str, date] | None = None) -> dict | None:
    found = release(r["frequency"], r["real_latest_period"], today, dues)
    if found is None:
        return None
    agency = r["agency_name"] if isinstance(r["agency_name"], str) else t("sch_no_agency", lang)
    return {
        "agency_code": r["agency"] if isinstance(r["agency"], str) else None,
        "agency": agency,
        "code": r["code"],
        "indicator": pick(r, "name", lang),
        "frequency_code": r["frequency"],
        "frequency": t_of("freq", r["frequency"], lang),
        "latest": label(found.latest, lang) if found.latest else "–",
        "due": label(found.due, lang),
        "state": str(found.state),
        "state_text": t_of("rel", found.state, lang),
        "days_late": found.days_late,
        "days_late_text": fmt.number(found.days_late, 0, lang) if found.days_late is not None else "",
        "periods_behind": found.periods_behind,
        "awaiting": int(r["open_deliveries"]),
        "awaiting_text": fmt.number(r["open_deliveries"], 0, lang),
        "deadline": found.deadline.isoformat(),
        "deadline_text": t(
            "sch_deadline", lang, day=fmt.day(found.deadline, lang), period=label(found.deadline_period, lang)
        ),
        "deadline_set": found.deadline_set,
        "basis": basis(r["frequency"], found.deadline_set, lang),
    }


def schedule(reader: Reader, today: date, agency: str | None = None) -> Schedule:
    """The schedule of every indicator the reader may see (of one agency: `agency`), on `today` (WITA), with the
    due dates the walidata set."""
    lang = reader.lang
    found = queries.release_schedule(reader.classes)
    if agency is not None:
        found = found[found["agency"] == agency]
    dues = set_dates(queries.release_dues(reader.classes, agency))
    rows = [row for r in found.to_dict("records") if (row := _row(r, today, lang, dues.get(r["code"]))) is not None]
    rows.sort(key=lambda r: (r["agency_code"] is None, r["agency"], -(r["days_late"] or 0), r["code"]))
    lines = []
    frame = pd.DataFrame(rows)
    if not frame.empty:
        for (code, name), group in frame.groupby([frame["agency_code"].fillna(""), "agency"], sort=False):
            late = group[group["state"] == ReleaseState.TERLAMBAT]
            lines.append(
                AgencyLine(
                    code=code or None,
                    name=name,
                    total=len(group),
                    on_time=int((group["state"] == ReleaseState.TEPAT).sum()),
                    late=len(late),
                    never=int((group["state"] == ReleaseState.BELUM_ADA).sum()),
                    awaiting=int((group["awaiting"] > 0).sum()),
                    most_late=int(late["days_late"].max()) if len(late) else None,
                )
            )
    held = [line for line in lines if line.code is not None]
    n = lambda value: fmt.number(value, 0, lang)  # noqa: E731
    summary = t(
        "sch_summary",
        lang,
        total=n(sum(line.total for line in held)),
        on_time=n(sum(line.on_time for line in held)),
        late=n(sum(line.late for line in held)),
        never=n(sum(line.never for line in held)),
        unheld=n(sum(line.total for line in lines if line.code is None)),
    )
    return Schedule(lines, rows, summary)
