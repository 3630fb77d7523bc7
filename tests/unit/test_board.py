"""The exception board's scoring (portal/state/board.py) as a pure function of frames: the SDG dashboard's score
and its three labels, polarity flips, honest judgement within noise, rank ranges on ties, and the reasons."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from portal.queries.board import periods_back
from portal.state.board import noise_levels, reason, score, score_board
from portal.vocab import BoardStatus

REGIONS = pd.DataFrame(
    {"code": ["64", *[f"64{i:02d}" for i in range(1, 11)]], "name": ["Kaltim", *[f"Kab {i}" for i in range(1, 11)]]}
)


def _catalogue(**over) -> pd.DataFrame:
    row = {
        "code": "x",
        "sector": "kesehatan",
        "polarity": 1,
        "decimals": 1,
        "producer_agency": "Dinas Kesehatan",
        "noise": None,
        "name_id": "Cakupan X",
        "name_en": "X coverage",
        "unit_id": "persen",
        "unit_en": "percent",
    }
    return pd.DataFrame([{**row, **over}])


def _history(series: dict[str, list[float]], code: str = "x", start: int = 2015) -> pd.DataFrame:
    rows = [
        {"indicator": code, "region": region, "period": str(start + i), "value": v, "is_sample": False}
        for region, values in series.items()
        for i, v in enumerate(values)
    ]
    return pd.DataFrame(rows)


NO_TARGETS = pd.DataFrame(columns=["indicator", "region", "year", "value", "is_sample"])


def _targets(*rows) -> pd.DataFrame:
    return pd.DataFrame(
        [{"indicator": "x", "region": r, "year": y, "value": v, "is_sample": False} for r, y, v in rows]
    )


def _one(board: pd.DataFrame, region: str = "64") -> dict:
    return board[board["region"] == region].iloc[0].to_dict()


# --- the score ----------------------------------------------------------------------------------------------


def test_brd001_score_is_100_at_target_and_flips_for_lower_is_better():
    assert score(80, 80, 1) == pytest.approx(100)
    assert score(88, 80, 1) == pytest.approx(110)  # exceeded
    assert score(72, 80, 1) == pytest.approx(90)
    # Lower is better (stunting): 20% against a 22% target exceeds it, 24% falls short by the same amount.
    assert score(20, 22, -1) == pytest.approx(100 * (2 - 20 / 22))
    assert score(20, 22, -1) > 100 > score(24, 22, -1)
    assert score(24, 22, -1) == pytest.approx(100 - (score(20, 22, -1) - 100))
    assert score(5, 0, 1) is None and score(5, -2, -1) is None  # no ratio on a base of zero or below
    assert score(5, 4, 0) is None  # an indicator with no direction is never scored


def test_brd002_the_three_labels_with_a_target():
    # A steady history with small wiggles: the noise is small; the last change decides.
    base = [50, 50.4, 50.1, 50.5, 50.2, 50.6, 50.3]
    board = score_board(
        _catalogue(),
        _history({"64": [*base, 52.0], "6401": [*base, 48.0], "6402": [*base, 50.4], "6403": [*base, 61.0]}),
        _targets(("64", 2022, 60), ("6401", 2022, 60), ("6402", 2022, 60), ("6403", 2022, 60)),
        REGIONS,
    )
    assert _one(board, "64")["status"] == BoardStatus.AKAN_TERCAPAI  # below target, improving beyond noise
    assert _one(board, "6401")["status"] == BoardStatus.PERLU_PERHATIAN  # below target, moving away
    assert _one(board, "6402")["status"] == BoardStatus.STAGNAN  # below target, within noise: not coloured worse
    assert _one(board, "6403")["status"] == BoardStatus.TERCAPAI
    assert _one(board, "6403")["score"] == pytest.approx(100 * 61 / 60)
    # Worst first: the one moving away, then the stagnant one, then on track, then met.
    assert board["region"].tolist() == ["6401", "6402", "64", "6403"]


def test_brd003_polarity_flip_turns_the_same_numbers_around():
    """The same values for an indicator where lower is better: falling is improving, rising is worsening."""
    base = [30, 30.3, 30.1, 30.4, 30.2, 30.5, 30.3]
    history = _history({"64": [*base, 27.0], "6401": [*base, 33.0]})
    higher = score_board(_catalogue(polarity=1), history, NO_TARGETS, REGIONS)
    lower = score_board(_catalogue(polarity=-1), history, NO_TARGETS, REGIONS)
    assert (_one(higher, "64")["status"], _one(higher, "6401")["status"]) == (BoardStatus.MEMBURUK, BoardStatus.MEMBAIK)
    assert (_one(lower, "64")["status"], _one(lower, "6401")["status"]) == (BoardStatus.MEMBAIK, BoardStatus.MEMBURUK)
    # With a target of 28 (lower is better), 27 meets it and 33 is far off it.
    targeted = score_board(_catalogue(polarity=-1), history, _targets(("64", 2022, 28), ("6401", 2022, 28)), REGIONS)
    assert _one(targeted, "64")["status"] == BoardStatus.TERCAPAI
    assert _one(targeted, "6401")["status"] == BoardStatus.PERLU_PERHATIAN
    assert _one(targeted, "6401")["score"] == pytest.approx(100 * (2 - 33 / 28))


def test_brd004_a_change_within_noise_is_never_worse_and_a_reviewed_threshold_wins():
    wiggly = [10, 12, 9, 13, 8, 12, 9, 11]  # big wiggles: a robust spread of about 3
    drop = [*wiggly, 9.5]  # -1.5, well inside the noise
    board = score_board(_catalogue(), _history({"64": drop}), NO_TARGETS, REGIONS)
    row = _one(board)
    assert row["status"] == BoardStatus.TIDAK_BERUBAH and row["noise_source"] == "riwayat" and row["noise"] > 1.5
    # A reviewed catalogue threshold of 0.5 says the same drop is real.
    reviewed = score_board(_catalogue(noise=0.5), _history({"64": drop}), NO_TARGETS, REGIONS)
    assert _one(reviewed)["status"] == BoardStatus.MEMBURUK and _one(reviewed)["noise_source"] == "katalog"


def test_brd005_no_direction_and_too_little_history_are_not_judged():
    board = score_board(_catalogue(polarity=0), _history({"64": [1, 2, 3, 4, 5, 6, 50]}), NO_TARGETS, REGIONS)
    assert _one(board)["status"] == BoardStatus.TIDAK_DINILAI
    short = score_board(_catalogue(), _history({"64": [1, 2, 9]}), NO_TARGETS, REGIONS)
    assert _one(short)["status"] == BoardStatus.TIDAK_DINILAI and math.isnan(_one(short)["noise"])
    single = score_board(_catalogue(), _history({"64": [4]}), NO_TARGETS, REGIONS)
    assert _one(single)["status"] == BoardStatus.TIDAK_DINILAI
    # A met target is still said when the history is too short to judge a change.
    met = score_board(_catalogue(), _history({"64": [1, 2, 9]}), _targets(("64", 2017, 8)), REGIONS)
    assert _one(met)["status"] == BoardStatus.TERCAPAI


def test_brd006_noise_is_robust_to_one_outlier_and_floored_at_the_published_precision():
    history = _history({"64": [10, 10.1, 10.2, 10.3, 10.4, 10.5, 30, 30.1]})
    level = noise_levels(history, _catalogue()).loc["x"]
    assert level["noise"] < 0.2  # the one jump of 19.5 does not blow the spread up
    flat = noise_levels(_history({"64": [5, 5, 5, 5, 5, 5, 5]}), _catalogue(decimals=2)).loc["x"]
    assert flat["noise"] == pytest.approx(0.005)  # half the last published decimal


def test_brd007_ranks_within_noise_are_a_range_and_never_called_worst():
    # Ten regencies; noise about 0.3 from the shared wiggles. Three are within noise of each other at the bottom.
    wig = [50, 50.3, 50.0, 50.3, 50.0, 50.3]
    last = {1: 70, 2: 68, 3: 66, 4: 64, 5: 62, 6: 60, 7: 58, 8: 40.2, 9: 40.1, 10: 40.0}
    series = {f"64{i:02d}": [*wig, v] for i, v in last.items()}
    board = score_board(_catalogue(), _history(series), NO_TARGETS, REGIONS)
    bottom = _one(board, "6410")
    assert (bottom["rank_low"], bottom["rank_high"], bottom["ranked"]) == (8, 10, 10)
    meta = _catalogue().iloc[0].to_dict()
    text = reason(bottom, meta, "id")
    assert "peringkat 8–10 dari 10" in text and "terburuk" not in text
    assert "8–10 of 10" in reason(bottom, meta, "en") and "worst" not in reason(bottom, meta, "en")
    top = _one(board, "6401")
    assert (top["rank_low"], top["rank_high"]) == (1, 1) and "terbaik dari 10" in reason(top, meta, "id")
    # Move the last one clearly below the others: now it is the worst, and said so.
    series["6410"][-1] = 30.0
    clear = _one(score_board(_catalogue(), _history(series), NO_TARGETS, REGIONS), "6410")
    assert (clear["rank_low"], clear["rank_high"]) == (10, 10) and "terburuk dari 10" in reason(clear, meta, "id")


def test_brd008_the_reason_says_target_change_since_when_and_agency_in_both_languages():
    base = [60, 60.2, 60.0, 60.2, 60.0, 60.2]
    history = _history({"64": [*base, 58.0, 56.0, 54.0]})  # three worse periods in a row, from 2020's 60.2
    board = score_board(_catalogue(), history, _targets(("64", 2023, 65)), REGIONS)
    row, meta = _one(board), _catalogue().iloc[0].to_dict()
    assert row["status"] == BoardStatus.PERLU_PERHATIAN and (row["since"], row["run"]) == ("2020", 3)
    text = reason(row, meta, "id")
    assert text.startswith("skor 83 terhadap target 2023 (65,0%; kini 54,0%)")
    assert "menurun sejak 2020 (3 periode berturut-turut)" in text and "Dinas Kesehatan" in text
    en = reason(row, meta, "en")
    assert en.startswith("score 83 against the 2023 target (65.0%; now 54.0%)") and "since 2020" in en


def test_brd009_the_target_is_the_years_own_else_the_next_one_ahead():
    history = _history({"64": [50, 50.2, 50.0, 50.2, 50.0, 50.2, 52.0]})  # latest 2021
    past_only = score_board(_catalogue(), history, _targets(("64", 2019, 40)), REGIONS)
    assert pd.isna(_one(past_only)["target"]) and _one(past_only)["status"] == BoardStatus.MEMBAIK
    ahead = score_board(_catalogue(), history, _targets(("64", 2019, 40), ("64", 2024, 60), ("64", 2026, 70)), REGIONS)
    assert (_one(ahead)["target_year"], _one(ahead)["status"]) == (2024, BoardStatus.AKAN_TERCAPAI)


def test_brd010_periods_back_at_each_frequency():
    assert periods_back("2024", 9) == "2015"
    assert periods_back("2024-S1", 3) == "2022-S2"
    assert periods_back("2024-Q1", 1) == "2023-Q4"
    assert periods_back("2024-03", 14) == "2023-01"
    assert periods_back("nonsense", 2) is None
