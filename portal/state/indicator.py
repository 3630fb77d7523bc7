"""/indikator/<kode> — one indicator: its series under the reader's window, the table of exactly the values
shown, and what the metadata tab says (coverage per region)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlparse

import pandas as pd

from portal import fmt, queries
from portal.access import Reader
from portal.i18n import pick, t, t_of
from portal.periods import label
from portal.state import series
from portal.vocab import DeliveryStage

PARAMS = ("wilayah", "dari", "sampai")
# Every ASCII punctuation character (CommonMark lets each be backslash-escaped): a source title made from a file
# name is shown as text, never as a link, an entity (&amp;) or a GFM autolink (www., a@b.c).
MARKDOWN = re.compile(r"([!-/:-@\[-`{-~])")


@dataclass
class Version:
    """An earlier published version of a value: what it was and when, by which source (and delivery)."""

    value: str
    status: str
    published: str
    replaced: str
    source: str
    delivery: int | None  # the delivery that published it (shown to readers who see deliveries)
    by: str | None


@dataclass
class Revised:
    """A value that was corrected or removed, with its earlier versions (newest first)."""

    region_name: str
    period: str
    current: str  # the value now, or "dihapus"
    versions: list[Version]


@dataclass
class Pending:
    """A draft value of this indicator not published yet (for readers who may see drafts)."""

    delivery: int
    stage: str
    stage_text: str
    where: str
    value: str


@dataclass
class IndicatorPage:
    series: series.Series
    table: list[dict]  # the grid's rows: the values the charts show, formatted
    caption: str
    history: list[Revised] = field(default_factory=list)
    pending: list[Pending] = field(default_factory=list)


def plain(text: str) -> str:
    """Text that a Markdown renderer shows as it is (no link, no emphasis)."""
    return MARKDOWN.sub(r"\\\1", text)


def source_cell(row: dict, lang: str) -> str:
    """A real value links to the publication it was read in (shown by its site); a sample says so."""
    url = row["source_url"]
    if row["is_sample"]:
        return t("chart_sample_point", lang)
    if not isinstance(url, str) or not url.startswith(("https://", "http://")):
        return plain(str(row["source_title"]))
    site = plain(urlparse(url).netloc.removeprefix("www."))
    target = url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")  # cannot close the link early
    return f"[{site}]({target})"


def table(view: series.SeriesView) -> list[dict]:
    """The grid's rows: the values the charts show, formatted in the reader's language."""
    lang, meta = view.lang, view.meta
    unit, decimals = pick(meta, "unit", lang), int(meta["decimals"])
    return [
        {
            "region_name": r["region_name"],
            "region": r["region"],
            "period": r["period"],
            "period_label": label(r["period"], lang),
            "value": r["value"],
            "value_text": fmt.value(r["value"], unit, decimals, lang),
            "status": t_of("ind_status", r["status"], lang),
            "stage": t_of("wf_stage", DeliveryStage.TERBIT, lang),
            "kind": t("sample_badge", lang) if r["is_sample"] else t("real_badge", lang),
            "source": source_cell(r, lang),
        }
        for r in view.rows.to_dict("records")
    ]


def page(code: str, given: Mapping[str, object], reader: Reader, strict: bool = False) -> IndicatorPage | None:
    """The page of indicator `code` under the window `given`; None when it is unknown or not the reader's."""
    found = series.read(code, given, reader, strict=strict)
    if found is None:
        return None
    rows = table(found.view)
    caption = t("ind_table_caption", reader.lang, count=fmt.number(len(rows), 0, reader.lang))
    if strict:  # a window change redraws the series only
        return IndicatorPage(found, rows, caption)
    return IndicatorPage(found, rows, caption, history(found.meta, reader), pending(found.meta, reader))


def _value(value: float, meta: dict, lang: str) -> str:
    return fmt.value(value, pick(meta, "unit", lang), int(meta["decimals"]), lang)


def history(meta: dict, reader: Reader) -> list[Revised]:
    """The province's and the regencies' corrected or removed values of the indicator, each with its earlier
    published versions (sample values have no history)."""
    lang = reader.lang
    earlier = queries.value_history(meta["code"], classes=reader.classes)
    earlier = earlier[earlier["region"].isin(set(queries.regions()["code"]))]
    if earlier.empty:
        return []
    now = queries.observations(meta["code"], regions=sorted(set(earlier["region"])), classes=reader.classes)
    current = {(r["region"], r["period"]): r for r in now.to_dict("records")}
    sees = reader.drafts is not None
    out = []
    for (region, period), versions in earlier.groupby(["region", "period"], sort=True):
        found = current.get((region, period))
        shown = (
            f"{_value(found['value'], meta, lang)} ({t_of('ind_status', found['status'], lang)})"
            if found is not None
            else t("ind_removed", lang)
        )
        out.append(
            Revised(
                region_name=versions["region_name"].iloc[0],
                period=label(period, lang),
                current=shown,
                versions=[
                    Version(
                        value=_value(v["value"], meta, lang),
                        status=t_of("ind_status", v["status"], lang),
                        published=fmt.moment(v["loaded_at"], lang),
                        replaced=fmt.moment(v["replaced_at"], lang),
                        source=str(v["source_title"]),
                        delivery=int(v["delivery_id"]) if sees and pd.notna(v["delivery_id"]) else None,
                        by=v["published_by"] if sees and isinstance(v["published_by"], str) else None,
                    )
                    for v in versions.to_dict("records")
                ],
            )
        )
    return out


def pending(meta: dict, reader: Reader) -> list[Pending]:
    """The indicator's draft values the reader may see, with their stage (Draf, Diperiksa): none for a reader who
    sees published values only."""
    if reader.drafts is None:
        return []
    lang = reader.lang
    return [
        Pending(
            delivery=int(r["delivery_id"]),
            stage=r["stage"],
            stage_text=t_of("wf_stage", r["stage"], lang),
            where=f"{r['region_name']} · {label(r['period'], lang)}",
            value=_value(r["value"], meta, lang),
        )
        for r in queries.pending_values(meta["code"], reader.drafts).to_dict("records")
    ]
