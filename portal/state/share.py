"""What a view says when it is shared to a chat: its address, its one-line sentence, a ready caption (value, period,
source, date, in the reader's language and number format), and which of its charts the link preview shows.

The indicator and sector pages share a series view (`of_series`); a regency profile shares its headline change
(`of_profile`). The address is absolute (BASE_URL): a link pasted into a chat must open from anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from portal import fmt, queries
from portal.i18n import pick, t
from portal.periods import label
from portal.state.profile import ProfilePage
from portal.state.series import PROVINCE, SeriesView, sources

EMBED_PATH = "/sematkan"  # the iframe view of an address: /sematkan/indikator/<kode>?...


@dataclass(frozen=True)
class Shared:
    """A view as it is shared: the link, its sentence, the caption and the chart of the preview (a graph id)."""

    url: str
    sentence: str
    caption: str
    chart: str | None
    lang: str

    def embed_url(self, base_url: str) -> str:
        """The iframe view of the same address."""
        return f"{base_url}{EMBED_PATH}{self.url.removeprefix(base_url)}"

    def embed_code(self, base_url: str, title: str) -> str:
        """The HTML an agency pastes into its website: the view in a frame, with a title for screen readers."""
        safe = title.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
        return (
            f'<iframe src="{self.embed_url(base_url)}" title="{safe}" width="100%" height="560" '
            'style="border:0;max-width:960px" loading="lazy"></iframe>'
        )


def _date(loaded: datetime | None, lang: str) -> str:
    return fmt.day(fmt.local(loaded), lang) if loaded else t("never_loaded", lang)


def caption(what: str, value: str, period: str, source: str, loaded: datetime | None, url: str, lang: str) -> str:
    """The caption pasted with the link: 'Kemiskinan (P0), Kalimantan Timur, Maret 2024: 6,11 persen. Sumber: ...
    Data per 3 Des 2026. <link>'."""
    return t(
        "shr_caption", lang, what=what, period=period, value=value, source=source, date=_date(loaded, lang), url=url
    )


def of_series(view: SeriesView, url: str, chart_prefix: str) -> Shared | None:
    """A series view (indicator or sector page) shared: the province's last value in the window (else the first
    region drawn), the view's first sentence, and its trend chart (`chart_prefix`-tren) in the preview."""
    if view.rows.empty or not view.charts:
        return None
    lang, meta = view.lang, view.meta
    rows = view.rows.sort_values("period")
    own = rows[rows["region"] == PROVINCE]
    last = (own if len(own) else rows).iloc[-1]
    value = fmt.value(last["value"], pick(meta, "unit", lang), int(meta["decimals"]), lang)
    what = f"{pick(meta, 'name', lang)}, {last['region_name']}"
    source = "; ".join(sources(rows[rows["period"] == last["period"]], meta, lang))
    text = caption(what, value, label(last["period"], lang), source, queries.last_load(), url, lang)
    sentence = view.sentences[0] if view.sentences else what
    return Shared(url, sentence, text, f"{chart_prefix}-{view.charts[0].key}", lang)


def of_profile(state: ProfilePage, url: str, lang: str) -> Shared | None:
    """A regency profile shared: what changed most there (its first line), with the first sector's first chart."""
    if not state.changes:
        return None
    row = state.changes[0]
    kpi, meta = row.kpi, row.meta
    unit, decimals = pick(meta, "unit", lang), int(meta["decimals"])
    name = pick(meta, "name", lang)
    sentence = t(
        "shr_profile_sentence",
        lang,
        region=state.region["name_full"],
        name=name,
        prev=fmt.value(kpi.prev_value, unit, decimals, lang),
        prev_period=label(kpi.prev_period, lang),
        value=fmt.value(kpi.value, unit, decimals, lang),
        period=label(kpi.period, lang),
    )
    source = t("view_sample_source", lang) if kpi.is_sample else f"{meta['producer_agency']} ({meta['source_note']})"
    what = f"{name}, {state.region['name_full']}"
    value = fmt.value(kpi.value, unit, decimals, lang)
    text = caption(what, value, label(kpi.period, lang), source, queries.last_load(), url, lang)
    charts = [c.key for s in state.sections for c in s.charts]
    return Shared(url, sentence, text, charts[0] if charts else None, lang)
