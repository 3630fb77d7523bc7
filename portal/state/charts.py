"""What a chart shows, before it is drawn: its context (title, regions, period, unit, source, sample flag, file
name) and its data. components/charts.py turns a Chart into a Plotly figure; exports use the same Chart."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from portal import fmt
from portal.i18n import t


@dataclass
class ChartContext:
    """What a chart image must say to be understood without a caption."""

    title: str
    regions: list[str]
    period: str
    unit: str
    sources: list[str]
    is_sample: bool
    lang: str
    filename: str  # without extension, e.g. kemiskinan-p0_6472-6471_2019-2024
    note: str = ""  # a last subtitle part the figure adds about itself (a ranking's axis that does not start at 0)

    def subtitle_parts(self) -> list[str]:
        regions = (
            ", ".join(self.regions) if len(self.regions) <= 6 else t("chart_n_regions", self.lang, n=len(self.regions))
        )
        return [regions, self.period, f"{t('chart_unit', self.lang)}: {self.unit}", *([self.note] if self.note else [])]

    def subtitle(self) -> str:
        return " · ".join(self.subtitle_parts())

    def footer(self) -> str:
        # The time of the export on the province's clock (WITA), to the minute.
        today = fmt.now(self.lang)
        parts = [f"{t('chart_source', self.lang)}: {'; '.join(self.sources)}"]
        if self.is_sample:
            parts.append(t("chart_sample", self.lang))
        parts.append(f"{t('chart_exported', self.lang)} {today} · {t('chart_portal', self.lang)}")
        return "<br>".join(parts)


@dataclass
class Chart:
    """One chart of a view: what it is (`kind`: trend, ranking, choropleth or tilegrid), the data it draws, its
    context and its text alternative. `key` names it on its page (tren, peringkat, peta, ...)."""

    key: str
    kind: str
    ctx: ChartContext
    summary: str
    meta: dict
    # trend: region, region_name, period, value, is_sample; ranking: one row per region (region_name, value,
    # period, is_sample); choropleth and tilegrid: one row per regency (portal/state/regional.py `map_data`)
    rows: pd.DataFrame
    targets: pd.DataFrame | None = None  # trend: year, value, is_sample (only years inside the drawn periods)
    target_of: str = ""  # trend: whose targets they are (the province, or the regency of a profile)
    province: float | None = None  # ranking: the province's value as the yardstick
    highlight: tuple[str, ...] = field(default_factory=tuple)  # ranking: region names drawn in bold
    geojson: dict | None = None  # choropleth: the regency boundaries (BPS code in properties.code)
    selected: str | None = None  # choropleth, tilegrid: the BPS code of the regency outlined
    # trend: the series breaks inside the drawn periods, as (first period of the new method, what the marker says);
    # the rows' `segment` column keeps the lines of the two methods apart (portal.breaks).
    breaks: tuple[tuple[str, str], ...] = field(default_factory=tuple)
