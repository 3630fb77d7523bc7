"""/instansi/<kode> — one agency (perangkat daerah) as a producer of the province's data: the indicators it
produces against the release schedule (due, delivered, late and by how long, where each deadline comes from),
its coverage of the Daftar Data, its deliveries and their stages (for those who may see them), the due dates the
walidata set for its indicators, and, for the walidata, the form that sets one (portal/duedates.py).

Pure functions of the address and the reader; the data through portal.queries only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pandas as pd

from portal import fmt, params, queries
from portal.access import Reader
from portal.i18n import pick, t, t_of
from portal.periods import label
from portal.state.delivery import PERIOD_EXAMPLES, Summary, summary
from portal.state.schedule import schedule
from portal.vocab import DueRefusal

WITA = ZoneInfo("Asia/Makassar")
DELIVERIES = 20  # the agency's latest deliveries listed (the rest on /kiriman)
DONE = "ok"  # ?tenggat=ok: a due date was set (or taken away)


def find(code: object) -> str | None:
    """The agency's name, or None when no agency has `code`."""
    if not isinstance(code, str) or not code or len(code) > 30:
        return None
    agencies = queries.agencies()
    found = agencies.loc[agencies["code"] == code, "name"]
    return str(found.iloc[0]) if len(found) else None


@dataclass
class AgencyPage:
    code: str
    name: str
    summary: str  # its required data against the schedule, in one sentence
    coverage: str  # its share of the Daftar Data published
    worst: str | None  # the most days any of its indicators is late
    rows: list[dict]  # one per indicator it produces: the release schedule's row
    applications: str  # how many applications of the directory it runs
    deliveries: list[Summary] | None  # None: the reader may not see its deliveries
    dues: list[dict]  # the due dates the walidata set for its indicators
    can_set: bool  # the reader may set a due date (the form is shown)
    choices: list[tuple[str, str]]  # the form's indicators: (code, "name (tahunan: 2024)")
    message: str | None  # the refusal's sentence, or what was done
    refused: bool
    notice: str | None


def _dues(dues: pd.DataFrame, names: dict[str, str], lang: str) -> list[dict]:
    return [
        {
            "indicator": names.get(r["indicator"], r["indicator"]),
            "code": r["indicator"],
            "period": label(r["period"], lang),
            "due_on": fmt.day(pd.Timestamp(r["due_on"]).date(), lang),
            "set": t("agc_set_by", lang, who=r["set_by"], when=fmt.moment(r["set_at"], lang)),
        }
        for r in dues.to_dict("records")
    ]


def page(code: str, query: Mapping[str, object], reader: Reader, today: date | None = None) -> AgencyPage | None:
    """The agency `code` as the reader may see it on `today` (default: today in WITA); None for an unknown code.
    ?galat=<refusal> says why a due date was not set; ?tenggat=ok that it was."""
    name = find(code)
    if name is None:
        return None
    lang = reader.lang
    reading = params.Reading(query, ("galat", "tenggat"), silent={"galat", "tenggat"})
    refusal = reading.choice("galat", list(DueRefusal))
    done = reading.choice("tenggat", [DONE])
    on = today or datetime.now(WITA).date()
    found = schedule(reader, on, agency=code)
    line = next((line for line in found.agencies if line.code == code), None)
    n = lambda value: fmt.number(value, 0, lang)  # noqa: E731
    total = line.total if line else 0
    published = line.on_time + line.late if line else 0
    catalogue = queries.catalogue(reader.classes)
    own = catalogue[catalogue["agency"] == code]
    names = {r["code"]: pick(r, "name", lang) for r in own.to_dict("records")}
    apps = queries.applications()
    may_see = reader.may_see_delivery(code)
    deliveries = queries.deliveries(code, limit=DELIVERIES) if may_see else None
    return AgencyPage(
        code=code,
        name=name,
        summary=t(
            "agc_summary",
            lang,
            total=n(total),
            on_time=n(line.on_time if line else 0),
            late=n(line.late if line else 0),
            never=n(line.never if line else 0),
            awaiting=n(line.awaiting if line else 0),
        )
        if total
        else t("agc_produces_none", lang),
        coverage=t(
            "agc_coverage",
            lang,
            published=n(published),
            total=n(total),
            share=fmt.number(100 * published / total, 0, lang) if total else "0",
        ),
        worst=t("sch_most_late", lang, days=n(line.most_late)) if line and line.most_late is not None else None,
        rows=found.rows,
        applications=t("agc_applications", lang, n=n(int((apps["agency"] == code).sum()))),
        deliveries=[summary(d, lang) for d in deliveries.to_dict("records")] if deliveries is not None else None,
        dues=_dues(queries.release_dues(reader.classes, code), names, lang),
        can_set=reader.can("set_due"),
        choices=[
            (
                r["code"],
                f"{names[r['code']]} ({t_of('freq', r['frequency'], lang)}: {PERIOD_EXAMPLES.get(r['frequency'], '')})",
            )
            for r in own.to_dict("records")
        ],
        message=t_of("due_err", refusal, lang) if refusal else (t("agc_due_done", lang) if done else None),
        refused=refusal is not None,
        notice=reading.notice(lang),
    )
