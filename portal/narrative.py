"""What changed, in plain words: short generated sentences about an indicator. Pure functions, both languages."""

from __future__ import annotations

import math

import pandas as pd

from portal import fmt
from portal.i18n import pick, t
from portal.kpi import direction
from portal.periods import label, year_of

# How many years of history the on-track projection looks at.
PACE_YEARS = 3


def _unit(meta: dict, lang: str) -> str:
    return pick(meta, "unit", lang)


def _value(v: float, meta: dict, lang: str) -> str:
    return fmt.value(v, _unit(meta, lang), int(meta["decimals"]), lang)


def _delta(d: float, meta: dict, lang: str) -> str:
    """A signed change: +0,25 poin."""
    return fmt.change(d, int(meta["decimals"]), _unit(meta, lang), lang)


def _size(d: float, meta: dict, lang: str) -> str:
    """The size of a change, without its sign: 0,25 poin."""
    return _delta(abs(d), meta, lang).lstrip("+")


def province_sentence(meta: dict, province: pd.DataFrame, lang: str) -> str | None:
    """The province's latest value and its change from the period before."""
    if province.empty:
        return None
    rows = province.sort_values("period")
    last = rows.iloc[-1]
    name = pick(meta, "name", lang)
    base = {"name": name, "period": label(last["period"], lang), "value": _value(last["value"], meta, lang)}
    if len(rows) < 2:
        return t("nar_province_only", lang, **base)
    prev = rows.iloc[-2]
    delta = float(last["value"] - prev["value"])
    way = direction(delta, int(meta["polarity"]), int(meta["decimals"]))
    if way == "same":
        return t("nar_province_same", lang, prev=label(prev["period"], lang), **base)
    verdict = {"better": t("nar_better", lang), "worse": t("nar_worse", lang)}.get(way, "")
    return t(
        "nar_province",
        lang,
        verb=t("nar_rose" if delta > 0 else "nar_fell", lang),
        delta=_size(delta, meta, lang),
        prev=label(prev["period"], lang),
        verdict=verdict,
        **base,
    )


def regency_change_sentences(meta: dict, regencies: pd.DataFrame, lang: str) -> list[str]:
    """Which regency improved most (and which worsened most) between the last two periods."""
    if regencies.empty:
        return []
    periods = sorted(regencies["period"].unique())
    if len(periods) < 2:
        return []
    last, prev = periods[-1], periods[-2]
    wide = regencies[regencies["period"].isin([prev, last])].pivot_table(
        index="region_name", columns="period", values="value", aggfunc="first"
    )
    changes = (wide[last] - wide[prev]).dropna() if last in wide and prev in wide else pd.Series(dtype=float)
    if changes.empty:
        return []
    polarity, decimals = int(meta["polarity"]), int(meta["decimals"])
    prev_label = label(prev, lang)
    if polarity == 0:
        region = changes.idxmax()
        return [t("nar_largest_rise", lang, prev=prev_label, region=region, delta=_delta(changes[region], meta, lang))]
    # Oriented so that a larger number is always better news.
    oriented = (changes * polarity).round(decimals).sort_values(kind="stable")
    best, worst = oriented.index[-1], oriented.index[0]
    improved = oriented.iloc[-1] > 0
    if improved:
        sentences = [
            t("nar_most_improved", lang, prev=prev_label, region=best, delta=_delta(changes[best], meta, lang))
        ]
    else:
        sentences = [t("nar_none_improved", lang, prev=prev_label)]
    if oriented.iloc[0] < 0 and not (improved and worst == best):
        sentences.append(t("nar_most_worsened", lang, region=worst, delta=_delta(changes[worst], meta, lang)))
    return sentences


def lagging_sentence(meta: dict, latest: pd.DataFrame, province_value: float | None, lang: str) -> str | None:
    """How many regencies are worse than the province in the ranking period, and which."""
    polarity = int(meta["polarity"])
    if latest.empty or province_value is None or polarity == 0:
        return None
    period = label(latest["period"].iloc[0], lang)
    worse = latest[(latest["value"] - province_value) * polarity < 0].sort_values("value", ascending=polarity > 0)
    if worse.empty:
        return t("nar_none_lagging", lang, period=period)
    return t(
        "nar_lagging",
        lang,
        count=len(worse),
        total=len(latest),
        period=period,
        regions=", ".join(worse["region_name"]),
    )


def target_sentence(meta: dict, province: pd.DataFrame, targets: pd.DataFrame, lang: str) -> str | None:
    """Whether the province met its target for the latest year, or is on track for the next one."""
    polarity = int(meta["polarity"])
    if province.empty or targets.empty or polarity == 0:
        return None
    rows = province.sort_values("period")
    last_period, last_value = rows["period"].iloc[-1], float(rows["value"].iloc[-1])
    year = year_of(last_period)
    chosen = targets[targets["year"] >= year].sort_values("year")
    if chosen.empty:
        return None
    target_year, target_value = int(chosen["year"].iloc[0]), float(chosen["value"].iloc[0])
    target_text = _value(target_value, meta, lang)
    if "is_sample" in chosen and bool(chosen["is_sample"].iloc[0]):
        target_text += f", {t('sample_target', lang)}"
    if target_year == year:
        gap = (last_value - target_value) * polarity
        if gap >= 0:
            return t("nar_target_met", lang, year=target_year, target=target_text)
        return t("nar_target_missed", lang, year=target_year, target=target_text, gap=_size(gap, meta, lang))
    # Project the average yearly change of the last PACE_YEARS years to the target year.
    yearly = rows.assign(year=rows["period"].map(year_of)).groupby("year")["value"].last()
    history = yearly[yearly.index >= year - PACE_YEARS]
    if len(history) < 2:
        return None
    pace = (history.iloc[-1] - history.iloc[0]) / (history.index[-1] - history.index[0])
    projected = last_value + pace * (target_year - year)
    if math.isnan(projected):
        return None
    return t(
        "nar_on_track" if (projected - target_value) * polarity >= 0 else "nar_off_track",
        lang,
        since=int(history.index[0]),
        year=target_year,
        target=target_text,
        projected=_value(projected, meta, lang),
    )


def what_changed(
    meta: dict,
    province: pd.DataFrame,
    regencies: pd.DataFrame,
    latest: pd.DataFrame,
    province_latest: float | None,
    targets: pd.DataFrame,
    lang: str = "id",
) -> list[str]:
    """The sentences a reader needs: the province's change, regency movers and laggards, the target, caveats.

    `province` and `regencies` hold period, value (regencies also region_name) and is_sample over the
    chosen window; `latest` the regencies in the ranking period; `targets` year and value for the province.
    """
    if province.empty and regencies.empty:
        return [t("nar_no_data", lang)]
    sentences = [
        province_sentence(meta, province, lang),
        target_sentence(meta, province, targets, lang),
        *regency_change_sentences(meta, regencies, lang),
        lagging_sentence(meta, latest, province_latest, lang),
    ]
    shown = pd.concat([province, regencies])
    if "is_sample" in shown and shown["is_sample"].astype(bool).any():
        sentences.append(t("nar_sample", lang))
    return [s for s in sentences if s]
