"""The real published figures bundled under data/published/ (one CSV per theme, a URL on every row).

Two research rounds: the first set in data/published/ and the second in data/published/batch2/, each with the same
themes and columns (data/published/SOURCES.md). Their indicator names and periods are the research notes' own;
this step maps them onto the catalogue. Rows the mapping cannot place are passed on unchanged, so validation
rejects them with a reason. An optional `method` column names the method of a figure whose indicator has a series
break (data/reference/series_breaks.csv). A row repeating a key with the same value (a confirmation from a second
publication) is loaded as an alternative source of that figure, not as another data point (etl.validate).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from etl.delivery import Delivery
from etl.validate import raw_json
from portal.publishers import is_release

FILES = ["poverty", "labour", "ipm", "stunting", "investment", "digital", "education"]
# The research rounds, in order: a later round's confirmation of an earlier row becomes its alternative source.
BATCHES = ["", "batch2"]
TARGETS_FILE = "targets"

# Research-note names -> catalogue codes. Quarterly investment rows get their own indicators (below).
INDICATORS = {
    "persentase_penduduk_miskin_P0": "kemiskinan_p0",
    "jumlah_penduduk_miskin": "kemiskinan_jumlah",
    "garis_kemiskinan": "kemiskinan_garis",
    "indeks_kedalaman_kemiskinan_P1": "kemiskinan_p1",
    "indeks_keparahan_kemiskinan_P2": "kemiskinan_p2",
    "gini_ratio": "gini_ratio",
    "persentase_penduduk_miskin_perkotaan": "kemiskinan_p0_perkotaan",
    "persentase_penduduk_miskin_perdesaan": "kemiskinan_p0_perdesaan",
    "jumlah_penduduk_miskin_perkotaan": "kemiskinan_jumlah_perkotaan",
    "jumlah_penduduk_miskin_perdesaan": "kemiskinan_jumlah_perdesaan",
    "tingkat_pengangguran_terbuka": "tpt",
    "jumlah_pengangguran": "jumlah_pengangguran",
    "ipm": "ipm",
    "umur_harapan_hidup": "umur_harapan_hidup",
    "harapan_lama_sekolah": "harapan_lama_sekolah",
    "rata_rata_lama_sekolah": "rata_rata_lama_sekolah",
    "pengeluaran_per_kapita_disesuaikan": "pengeluaran_per_kapita",
    "prevalensi_stunting_balita": "stunting",
    "realisasi_investasi_total": "investasi_total",
    "realisasi_investasi_PMA": "investasi_pma",
    "realisasi_investasi_PMDN": "investasi_pmdn",
    "indeks_spbe": "indeks_spbe",
    "ip_tik": "ip_tik",
    "indeks_pembangunan_statistik": "indeks_pembangunan_statistik",
    "angka_partisipasi_sekolah_7_12": "aps_7_12",
    "angka_partisipasi_sekolah_13_15": "aps_13_15",
    "angka_partisipasi_sekolah_16_18": "aps_16_18",
    "angka_partisipasi_sekolah_19_24": "aps_19_24",
    "angka_tidak_sekolah_13_15": "ats_13_15",
    "angka_tidak_sekolah_16_18": "ats_16_18",
    "apm_agregat_disdikbud": "apm_agregat_disdikbud",
    "apm_sd": "apm_sd",
    "apm_smp": "apm_smp",
    "apm_sma": "apm_sma",
    # Second round (data/published/batch2): indicators the catalogue gained with it, and BPS internet use.
    "tingkat_partisipasi_angkatan_kerja": "tpak",
    "gini_ratio_perkotaan": "gini_ratio_perkotaan",
    "gini_ratio_perdesaan": "gini_ratio_perdesaan",
    "persentase_pengeluaran_40persen_terbawah": "pengeluaran_40_terbawah",
    "persentase_pengeluaran_40persen_terbawah_perkotaan": "pengeluaran_40_terbawah_perkotaan",
    "persentase_pengeluaran_40persen_terbawah_perdesaan": "pengeluaran_40_terbawah_perdesaan",
    "persentase_penduduk_mengakses_internet": "internet_penduduk",
    "penetrasi_internet_apjii": "penetrasi_internet_apjii",
    "indeks_keterbukaan_informasi_publik": "ikip",
    "rata_rata_lama_sekolah_pemuda": "rls_pemuda",
    "tingkat_penyelesaian_sd": "tingkat_penyelesaian_sd",
    "tingkat_penyelesaian_sma": "tingkat_penyelesaian_sma",
    "angka_putus_sekolah_7_12": "angka_putus_sekolah_7_12",
    "angka_putus_sekolah_13_15": "angka_putus_sekolah_13_15",
    "angka_putus_sekolah_16_18": "angka_putus_sekolah_16_18",
}
QUARTERLY = {"investasi_pma": "investasi_pma_usd_triwulan", "investasi_pmdn": "investasi_pmdn_triwulan"}
# A full year's foreign investment given in US dollars has its own indicator (the rupiah series is another).
UNIT_CODES = {("investasi_pma", "juta USD"): "investasi_pma_usd"}
TARGETS = {
    "target_realisasi_investasi": "investasi_total",
    "target_prevalensi_stunting": "stunting",
    "target_apm_agregat": "apm_agregat_disdikbud",
    "target_rata_rata_lama_sekolah": "rata_rata_lama_sekolah",
}
# Unit labels of the research notes that name the catalogue's unit differently (same scale).
UNIT_ALIASES = {
    "indeks (skala 5)": "indeks (skala 0-5)",
    "indeks (0-10)": "indeks (skala 0-10)",
    "juta Rp/tahun": "juta Rp/orang/tahun",
}
SCALE_ALIASES = {
    ("indeks_pembangunan_statistik", "indeks"): "indeks (skala 0-5)",
    ("ikip", "indeks"): "indeks (skala 0-100)",
    # "orang" and "jiwa" both count people; the number of unemployed keeps its own unit "orang".
    ("kemiskinan_jumlah", "orang"): "jiwa",
    ("kemiskinan_jumlah", "ribu orang"): "ribu jiwa",
    ("kemiskinan_jumlah_perdesaan", "ribu orang"): "ribu jiwa",
}
# Exact unit conversions: some releases give the number of poor in thousands.
CONVERSIONS = {("kemiskinan_jumlah", "ribu jiwa"): (1000, "jiwa")}
SEMESTER_MONTHS = {"02": "S1", "03": "S1", "08": "S2", "09": "S2"}  # Sakernas Feb/Aug, Susenas Mar/Sep
SEMESTER_CODES = {"kemiskinan_p0", "kemiskinan_jumlah", "kemiskinan_garis", "kemiskinan_p1", "kemiskinan_p2"}


def map_row(indicator: str, region: str, period: str) -> tuple[str, str]:
    """Catalogue code and standard period for one research-note row (unmappable ones pass through)."""
    code = INDICATORS.get(indicator, indicator)
    if code in QUARTERLY and "-Q" in period and ".." not in period:
        code = QUARTERLY[code]
    year, _, rest = period.partition("-")
    if rest in SEMESTER_MONTHS:
        return code, f"{year}-{SEMESTER_MONTHS[rest]}"
    if code in SEMESTER_CODES and not rest and region != "64":
        # NOTE: BPS estimates regency poverty once a year from the March Susenas, so a regency's
        # yearly figure is the first semester. Province rows without a month stay unplaced (rejected).
        return code, f"{year}-S1"
    return code, period


def _numbers(cells: pd.Series) -> pd.Series:
    """The research files write decimals with a point; a cell that is not a number stays text,
    so that validation rejects it with a reason."""
    numbers = pd.to_numeric(cells, errors="coerce")
    return numbers.astype(object).where(numbers.notna(), cells)


def _frame(path: Path, start: int, name: str | None = None) -> pd.DataFrame:
    """One research file as template rows; `name` is how its rows' raw text names the file."""
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    mapped = [map_row(r.indicator, r.region_code_bps, r.year) for r in raw.itertuples()]
    codes = [m[0] for m in mapped]
    values = _numbers(raw["value"])
    units = raw["unit"].map(lambda u: UNIT_ALIASES.get(u, u)).tolist()
    for i, code in enumerate(codes):
        codes[i] = code = UNIT_CODES.get((code, units[i]), code)
        units[i] = SCALE_ALIASES.get((code, units[i]), units[i])
        if (code, units[i]) in CONVERSIONS and isinstance(values[i], float):
            factor, units[i] = CONVERSIONS[(code, units[i])]
            values[i] = round(values[i] * factor, 6)
    return pd.DataFrame(
        {
            "row_number": range(start, start + len(raw)),
            "raw": [raw_json({"file": name or path.name, **r}) for r in raw.to_dict("records")],
            "indicator": codes,
            "region": raw["region_code_bps"],
            "period": [m[1] for m in mapped],
            "value": values,
            "unit": units,
            "status": "tetap",
            "source_url": raw["source_url"],
            "note": raw["note"],
            "method": raw["method"] if "method" in raw.columns else "",
        }
    )


def files() -> list[str]:
    """The research files of every round, as paths relative to the published folder, in load order."""
    return [f"{batch}/{name}.csv".lstrip("/") for batch in BATCHES for name in FILES]


def read(folder: Path) -> Delivery:
    """Every published file in `folder` (both rounds) as one delivery; row numbers run on across files."""
    frames, start = [], 1
    for name in files():
        frame = _frame(folder / name, start, name)
        frames.append(frame)
        start += len(frame)
    observations = pd.concat(frames, ignore_index=True)
    # A figure read in several publications keeps the first as its source: a BPS release (BRS) goes first, so
    # that "Resmi" links to the statistics office's own release rather than a news page quoting it.
    release = observations["source_url"].map(is_release)
    observations = observations.iloc[release.map({True: 0, False: 1}).argsort(kind="stable")].reset_index(drop=True)
    targets = _frame(folder / f"{TARGETS_FILE}.csv", start)
    targets["indicator"] = targets["indicator"].map(lambda c: TARGETS.get(c, c))
    targets["document"] = targets["note"].where(targets["note"] != "", "Target (sumber terlampir)")
    targets["is_sample"] = False
    return Delivery(observations, targets)
