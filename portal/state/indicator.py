"""/indikator/<kode> — one indicator: its series under the reader's window, the table of exactly the values
shown, and what the metadata tab says (coverage per region)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlparse

from portal import fmt
from portal.access import Reader
from portal.i18n import pick, t, t_of
from portal.periods import label
from portal.state import series

PARAMS = ("wilayah", "dari", "sampai")
# Every ASCII punctuation character (CommonMark lets each be backslash-escaped): a source title made from a file
# name is shown as text, never as a link, an entity (&amp;) or a GFM autolink (www., a@b.c).
MARKDOWN = re.compile(r"([!-/:-@\[-`{-~])")


@dataclass
class IndicatorPage:
    series: series.Series
    table: list[dict]  # the grid's rows: the values the charts show, formatted
    caption: str


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
    return IndicatorPage(found, rows, caption)
