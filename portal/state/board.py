"""/perhatian — the exception board: every indicator x region (province and ten regencies) with a target or a
trend, scored, labelled and ranked worst first, each with a one-line reason made from the data.

The scoring is a pure function of frames (`score_board`), unit-tested directly:

- **Against a target** (the target of the latest value's year, else the next one ahead), the score of Bappenas's
  SDG dashboard: 100 = target met, above 100 = exceeded, below = not met. Higher is better: 100 x value / target;
  lower is better, the formula flips: 100 x (2 - value / target) (Indonesia's performance-measurement form,
  "rencana - (realisasi - rencana)"). A target of zero or below cannot be a ratio's base: no score, and
  "met" is then read directly (value against target in the indicator's direction). Labels: *tercapai* (met),
  *akan tercapai* (not met, improving beyond noise), *perlu perhatian khusus* (not met, worsening beyond noise);
  a change within noise is *stagnan*: never coloured as worse.
- **Without a target**, the change against the previous period: beyond the indicator's noise it is *membaik* or
  *memburuk*; within it *tidak berubah berarti*. The noise is the catalogue's reviewed `noise` field, else a
  robust spread of the indicator's own recent history (1.4826 x the median absolute deviation of its
  period-to-period changes in the province and regencies), never below half the last published decimal.
- An indicator with no direction (polarity 0) is never judged; nor a series with one period only.

Ranks among the ten regencies follow the SDG index's caution: places a few apart are no real difference, so a
rank is given as the range of places whose values lie within noise of this one, and "worst" is said only of a
regency clearly below every other.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from portal import fmt, params, queries
from portal.access import Reader
from portal.i18n import pick, t, t_of
from portal.periods import label
from portal.vocab import BoardStatus

PROVINCE = "64"
MAD_SCALE = 1.4826  # the median absolute deviation of a normal sample times this estimates its standard deviation
MIN_CHANGES = 5  # fewer period-to-period changes than this: too little history for a robust spread
PARAMS = ("sektor", "wilayah", "instansi", "status")
# Worst first; within a status, rows with a score lowest score first, worsenings largest (in noise units) first.
SEVERITY = {s: i for i, s in enumerate(BoardStatus)}
ATTENTION = (BoardStatus.PERLU_PERHATIAN, BoardStatus.MEMBURUK)  # what the home page counts
COLUMNS = [
    "indicator",
    "region",
    "region_name",
    "sector",
    "agency",
    "period",
    "value",
    "is_sample",
    "prev_period",
    "prev_value",
    "delta",
    "noise",
    "noise_source",
    "target_year",
    "target",
    "target_is_sample",
    "score",
    "status",
    "since",
    "run",
    "rank_low",
    "rank_high",
    "ranked",
]


def score(value: float, target: float, polarity: int) -> float | None:
    """The SDG dashboard's score of a value against its target (100 = met); None when it cannot be a ratio."""
    if polarity == 0 or target is None or not target > 0 or value is None or math.isnan(value):
        return None
    ratio = value / target
    return 100.0 * (ratio if polarity > 0 else 2.0 - ratio)


def met(value: float, target: float, polarity: int) -> bool:
    """Whether a value meets its target in the indicator's direction."""
    return (value - target) * polarity >= 0


def noise_levels(history: pd.DataFrame, catalogue: pd.DataFrame) -> pd.DataFrame:
    """Per indicator its noise threshold and where it comes from ("katalog", "riwayat"); NaN when unknown.

    `history`: indicator, region, period, value (any order); `catalogue`: code, decimals and optionally noise.
    """
    rows = history.sort_values(["indicator", "region", "period"])
    codes, regions = rows["indicator"].to_numpy(), rows["region"].to_numpy()
    values = rows["value"].to_numpy(float)
    same = (codes[1:] == codes[:-1]) & (regions[1:] == regions[:-1])  # a change within one series
    diffs, owners = (values[1:] - values[:-1])[same], codes[1:][same]
    spread: dict[str, float] = {}
    for code in pd.unique(owners):
        d = diffs[owners == code]
        if len(d) >= MIN_CHANGES:
            spread[code] = MAD_SCALE * float(np.median(np.abs(d - np.median(d))))
    out = []
    for meta in catalogue.to_dict("records"):
        floor = 0.5 * 10 ** -int(meta["decimals"])
        reviewed = meta.get("noise")
        if reviewed is not None and not pd.isna(reviewed):
            out.append((meta["code"], max(float(reviewed), floor), "katalog"))
            continue
        robust = spread.get(meta["code"], math.nan)
        out.append((meta["code"], math.nan if pd.isna(robust) else max(float(robust), floor), "riwayat"))
    return pd.DataFrame(out, columns=["indicator", "noise", "noise_source"]).set_index("indicator")


def _target_for(targets: list[tuple[int, float, bool]], year: int) -> tuple[int, float, bool] | None:
    """The target of `year`, else the first one after it (where the series is heading next); (year, value, sample)."""
    ahead = [tg for tg in targets if tg[0] >= year]
    return min(ahead, key=lambda tg: tg[0]) if ahead else None


def _run(values: list[float], periods: list[str], polarity: int) -> tuple[str | None, int]:
    """Since when a series has moved the wrong way without a break: (the period it started from, changes)."""
    count = 0
    for i in range(len(values) - 1, 0, -1):
        if (values[i] - values[i - 1]) * polarity < 0:
            count += 1
        else:
            break
    return (periods[len(values) - 1 - count] if count else None), count


def _status(polarity: int, delta: float | None, noise: float, target: tuple | None, value: float) -> BoardStatus:
    if polarity == 0:
        return BoardStatus.TIDAK_DINILAI
    if target is not None and met(value, target[1], polarity):
        return BoardStatus.TERCAPAI
    if delta is None or pd.isna(noise):
        return BoardStatus.TIDAK_DINILAI
    beyond = abs(delta) > noise
    if target is not None:
        if not beyond:
            return BoardStatus.STAGNAN
        return BoardStatus.AKAN_TERCAPAI if delta * polarity > 0 else BoardStatus.PERLU_PERHATIAN
    if not beyond:
        return BoardStatus.TIDAK_BERUBAH
    return BoardStatus.MEMBAIK if delta * polarity > 0 else BoardStatus.MEMBURUK


def _ranks(board: pd.DataFrame, noise: pd.Series, polarity: pd.Series) -> pd.DataFrame:
    """Each regency's rank range among the regencies measured at the same latest period (1 = best)."""
    low, high, ranked = [pd.NA] * len(board), [pd.NA] * len(board), [pd.NA] * len(board)
    regencies = board[board["region"] != PROVINCE]
    for (code, _period), group in regencies.groupby(["indicator", "period"]):
        pol, eps = int(polarity[code]), noise.get(code, math.nan)
        if pol == 0 or len(group) < 2:
            continue
        eps = 0.0 if pd.isna(eps) else float(eps)
        values = group["value"].to_numpy(float) * pol  # higher is better now
        for position, v in zip(group.index, values, strict=True):
            low[position] = 1 + int((values > v + eps).sum())
            high[position] = len(values) - int((values < v - eps).sum())
            ranked[position] = len(values)
    return board.assign(rank_low=low, rank_high=high, ranked=ranked)


def _rows(frame: pd.DataFrame, *columns: str):
    """The frame's rows as tuples of `columns`, read through plain arrays: itertuples reads a string column one
    element at a time through pandas (a third of a cold board's time on 11,000 rows)."""
    return zip(*(frame[c].to_numpy() for c in columns), strict=True)


def score_board(
    catalogue: pd.DataFrame, history: pd.DataFrame, targets: pd.DataFrame, regions: pd.DataFrame
) -> pd.DataFrame:
    """Every series (indicator x region) of `history` scored, labelled and ranked, worst first.

    catalogue: code, sector, polarity, decimals, producer_agency (and optionally noise);
    history: indicator, region, period, value, is_sample (the recent periods of the province and regencies);
    targets: indicator, region, year, value, is_sample; regions: code, name. Columns: COLUMNS.
    """
    if history.empty or catalogue.empty:
        return pd.DataFrame(columns=COLUMNS)
    meta = catalogue.set_index("code")
    history = history[history["indicator"].isin(meta.index)]
    noise = noise_levels(history, catalogue)
    names = dict(zip(regions["code"], regions["name"], strict=False))
    aims: dict[tuple[str, str], list] = {}
    for code, region, year, value, sample in _rows(targets, "indicator", "region", "year", "value", "is_sample"):
        aims.setdefault((code, region), []).append((int(year), float(value), bool(sample)))
    series: dict[tuple[str, str], list] = {}
    ordered = history.sort_values(["indicator", "region", "period"])
    for code, region, period, value, sample in _rows(ordered, "indicator", "region", "period", "value", "is_sample"):
        series.setdefault((code, region), []).append((period, float(value), bool(sample)))
    levels = dict(zip(noise.index, zip(noise["noise"], noise["noise_source"], strict=True), strict=True))
    catalogue_rows = {code: row for code, row in zip(meta.index, meta.to_dict("records"), strict=True)}
    records = []
    for (code, region), points in series.items():
        m = catalogue_rows[code]
        polarity = int(m["polarity"])
        periods, values = [p[0] for p in points], [p[1] for p in points]
        delta = values[-1] - values[-2] if len(values) > 1 else None
        eps, source = levels[code]
        target = _target_for(aims.get((code, region), []), int(periods[-1][:4]))
        status = _status(polarity, delta, eps, target, values[-1])
        since, run = _run(values, periods, polarity) if polarity else (None, 0)
        records.append(
            {
                "indicator": code,
                "region": region,
                "region_name": names.get(region, region),
                "sector": m["sector"],
                "agency": m["producer_agency"],
                "period": periods[-1],
                "value": values[-1],
                "is_sample": points[-1][2],
                "prev_period": periods[-2] if len(values) > 1 else None,
                "prev_value": values[-2] if len(values) > 1 else None,
                "delta": delta,
                "noise": eps,
                "noise_source": source,
                "target_year": target[0] if target else None,
                "target": target[1] if target else None,
                "target_is_sample": target[2] if target else None,
                "score": score(values[-1], target[1], polarity) if target else None,
                "status": status,
                "since": since,
                "run": run,
            }
        )
    board = _ranks(pd.DataFrame.from_records(records), noise["noise"], meta["polarity"])
    return rank_rows(board, noise["noise"])[COLUMNS]


def rank_rows(board: pd.DataFrame, noise: pd.Series) -> pd.DataFrame:
    """Worst first: by status, then the lowest score, then the largest change against noise, then by code."""
    severity = board["status"].map(lambda s: SEVERITY[BoardStatus(s)])
    eps = board["indicator"].map(noise).astype(float)
    size = (board["delta"].astype(float).abs() / eps.where(eps > 0)).fillna(0)
    order = pd.DataFrame(
        {"sev": severity, "score": board["score"].astype(float).fillna(math.inf), "size": -size}, index=board.index
    )
    order["indicator"], order["region"] = board["indicator"], board["region"]
    keep = order.sort_values(["sev", "score", "size", "indicator", "region"]).index
    return board.loc[keep].reset_index(drop=True)


# --- the one-line reason ---------------------------------------------------------------------------------


def _value(v: float, meta: dict, lang: str) -> str:
    return fmt.value(v, pick(meta, "unit", lang), int(meta["decimals"]), lang)


def _size(d: float, meta: dict, lang: str) -> str:
    return fmt.change(abs(d), int(meta["decimals"]), pick(meta, "unit", lang), lang).lstrip("+")


def reason(row: Mapping, meta: Mapping, lang: str) -> str:
    """The row's one line, in plain words from its data: target, change, rank, responsible agency."""
    parts = []
    status = BoardStatus(row["status"])
    value = _value(row["value"], meta, lang)
    if row.get("target") is not None and not pd.isna(row["target"]):
        target = _value(row["target"], meta, lang)
        year = int(row["target_year"])
        has_score = row.get("score") is not None and not pd.isna(row["score"])
        scored = fmt.number(row["score"], 0, lang) if has_score else None
        if status == BoardStatus.TERCAPAI:
            key_met = t("brd_met_score", lang, year=year, score=scored, value=value, target=target)
            parts.append(key_met if scored else t("brd_met", lang, year=year, value=value, target=target))
        elif scored:
            parts.append(t("brd_score", lang, year=year, score=scored, value=value, target=target))
        else:
            parts.append(t("brd_not_met", lang, year=year, value=value, target=target))
    else:
        parts.append(t("brd_value", lang, value=value, period=label(row["period"], lang)))
    parts.append(_change_text(row, status, meta, lang))
    rank = rank_text(row, lang)
    if rank:
        parts.append(rank)
    parts.append(t("brd_agency", lang, agency=row["agency"]))
    return "; ".join(p for p in parts if p) + "."


def _change_text(row: Mapping, status: BoardStatus, meta: Mapping, lang: str) -> str:
    if int(meta["polarity"]) == 0:
        return t("brd_no_direction", lang)
    if row.get("prev_period") is None or pd.isna(row.get("delta")):
        return t("brd_one_period", lang)
    if pd.isna(row["noise"]):
        return t("brd_short_history", lang)
    delta, prev = float(row["delta"]), label(row["prev_period"], lang)
    if abs(delta) <= float(row["noise"]):
        return t("brd_flat", lang, prev=prev, noise=_size(float(row["noise"]), meta, lang))
    if delta * int(meta["polarity"]) > 0:
        return t("brd_better", lang, delta=_size(delta, meta, lang), prev=prev)
    if int(row["run"]) > 1:
        return t("brd_worse_run", lang, delta=_size(delta, meta, lang), since=label(row["since"], lang), n=row["run"])
    return t("brd_worse", lang, delta=_size(delta, meta, lang), prev=prev)


def rank_text(row: Mapping, lang: str) -> str | None:
    """'peringkat 9 dari 10', a range when neighbours lie within noise; 'terburuk' only when clearly last."""
    if row.get("ranked") is None or pd.isna(row.get("ranked")):
        return None
    low, high, n = int(row["rank_low"]), int(row["rank_high"]), int(row["ranked"])
    if low == high == n:
        return t("brd_rank_worst", lang, n=n)
    if low == high == 1:
        return t("brd_rank_best", lang, n=n)
    if low == high:
        return t("brd_rank", lang, rank=low, n=n)
    return t("brd_rank_range", lang, low=low, high=high, n=n)


# --- the page ------------------------------------------------------------------------------------------------


@dataclass
class Item:
    """One row of the board as the page, the downloads and the pack show it."""

    row: dict
    meta: dict
    reason: str

    @property
    def status(self) -> BoardStatus:
        return BoardStatus(self.row["status"])


@dataclass
class BoardPage:
    rows: pd.DataFrame  # the rows the filters keep, worst first
    meta: dict[str, dict]  # catalogue row per indicator code
    lang: str
    total: int  # rows on the whole board the reader may see
    counts: dict[str, int]  # per status, of the rows the filters keep
    chosen: dict[str, str | None]
    sectors: list[tuple[str, str]]
    regions: list[tuple[str, str]]
    agencies: list[str]
    notice: str | None = None

    def items(self, limit: int | None = None) -> list[Item]:
        """The first `limit` rows (all: None) with their reasons (made only for the rows shown)."""
        rows = self.rows if limit is None else self.rows.head(limit)
        return [
            Item(r, self.meta[r["indicator"]], reason(r, self.meta[r["indicator"]], self.lang))
            for r in rows.to_dict("records")
        ]

    @property
    def sample(self) -> bool:
        """Whether any value or target kept is sample data."""
        return bool(self.rows["is_sample"].any() or self.rows["target_is_sample"].fillna(False).astype(bool).any())

    def address(self) -> str:
        return params.address(self.chosen)


def full_board(reader: Reader) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The whole board the reader may see, and the catalogue it was scored with."""
    catalogue = queries.catalogue(reader.classes)
    board = score_board(
        catalogue, queries.board_history(reader.classes), queries.board_targets(reader.classes), queries.regions()
    )
    return board, catalogue


def read(given: Mapping[str, object], reader: Reader, strict: bool = False) -> BoardPage:
    """The board under the filters `given` (an address, or the controls' values with `strict`)."""
    board, catalogue = full_board(reader)
    reading = params.Reading(given, PARAMS, strict=strict)
    sectors = [(s["code"], pick(s, "name", reader.lang)) for s in queries.sectors().to_dict("records")]
    region_choices = [(r["code"], r["name"]) for r in queries.regions().to_dict("records")]
    agencies = sorted(catalogue["producer_agency"].unique())
    chosen = {
        "sektor": reading.choice("sektor", [c for c, _ in sectors]),
        "wilayah": reading.choice("wilayah", [c for c, _ in region_choices]),
        "instansi": reading.choice("instansi", agencies),
        "status": reading.choice("status", [s.value for s in BoardStatus]),
    }
    kept = filter_board(board, chosen).reset_index(drop=True)
    counts = {s.value: int((kept["status"] == s).sum()) for s in BoardStatus}
    meta = {r["code"]: r for r in catalogue.to_dict("records")}
    return BoardPage(
        kept,
        meta,
        reader.lang,
        len(board),
        counts,
        chosen,
        sectors,
        region_choices,
        agencies,
        reading.notice(reader.lang),
    )


def filter_board(board: pd.DataFrame, chosen: Mapping[str, str | None]) -> pd.DataFrame:
    """The rows matching the chosen sector, region, agency and status (None: any)."""
    keep = pd.Series(True, index=board.index)
    for name, column in (("sektor", "sector"), ("wilayah", "region"), ("instansi", "agency"), ("status", "status")):
        if chosen.get(name):
            keep &= board[column] == chosen[name]
    return board[keep]


def attention_count(reader: Reader) -> tuple[int, int]:
    """How many rows need attention (perlu perhatian khusus, memburuk), of how many: the home page's line."""
    board, _ = full_board(reader)
    return int(board["status"].isin(ATTENTION).sum()), len(board)


def table(items: list[Item], lang: str) -> pd.DataFrame:
    """The board as a download: one row per item, in the reader's language, with its reason."""
    rows = []
    for it in items:
        r, m = it.row, it.meta
        rows.append(
            {
                t("brd_col_status", lang): t_status(it.status, lang),
                t("exp_col_indicator_code", lang): r["indicator"],
                t("exp_col_indicator", lang): pick(m, "name", lang),
                t("exp_col_region_code", lang): r["region"],
                t("exp_col_region", lang): r["region_name"],
                t("exp_col_period", lang): r["period"],
                t("exp_col_value", lang): round(float(r["value"]), int(m["decimals"])),
                t("exp_col_unit", lang): pick(m, "unit", lang),
                t("brd_col_prev", lang): None
                if pd.isna(r["prev_value"])
                else round(r["prev_value"], int(m["decimals"])),
                t("brd_col_target_year", lang): None if pd.isna(r["target_year"]) else int(r["target_year"]),
                t("brd_col_target", lang): None if pd.isna(r["target"]) else r["target"],
                t("brd_col_score", lang): None if pd.isna(r["score"]) else round(float(r["score"]), 1),
                t("brd_col_noise", lang): None if pd.isna(r["noise"]) else round(float(r["noise"]), 4),
                t("brd_col_agency", lang): r["agency"],
                t("exp_col_sample", lang): t("exp_yes" if r["is_sample"] else "exp_no", lang),
                t("brd_col_reason", lang): it.reason,
            }
        )
    return pd.DataFrame(rows)


def t_status(status: BoardStatus, lang: str) -> str:
    """A status as readers say it (Perlu perhatian khusus, Tidak berubah berarti, ...)."""
    return t_of("board", status, lang)
