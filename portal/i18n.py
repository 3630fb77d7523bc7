"""Interface text in Bahasa Indonesia (default) and English; the reader's choice lives in a cookie."""

from __future__ import annotations

from portal.config import load_settings

LANGS = ("id", "en")
COOKIE = "lang"

TEXT = {
    "app_title": ("Portal Satu Data Kaltim", "Kaltim One Data Portal"),
    "tagline": (
        "Indikator kinerja utama Provinsi Kalimantan Timur",
        "Key performance indicators of East Kalimantan Province",
    ),
    "skip_to_content": ("Langsung ke isi", "Skip to content"),
    "nav_home": ("Ringkasan", "Summary"),
    "home_title": ("Ringkasan Eksekutif", "Executive Summary"),
    "home_lead": (
        "Capaian lima sektor prioritas: angka terakhir, perubahan sejak periode sebelumnya, dan capaian target.",
        "The five priority sectors: latest figure, change since the previous period, and progress against target.",
    ),
    "sample_notice": (
        "Data contoh: sebagian besar angka di portal ini sintetis untuk demonstrasi dan bukan "
        "statistik resmi. Angka resmi yang terpublikasi ditandai \u201cResmi\u201d beserta sumbernya.",
        "Sample data: most figures in this portal are synthetic, for demonstration, and are not "
        "official statistics. Published official figures are marked \u201cOfficial\u201d with their source.",
    ),
    "sample_badge": ("Data contoh", "Sample data"),
    "real_badge": ("Resmi", "Official"),
    "source": ("Sumber", "Source"),
    "updated": ("Data dimuat", "Data loaded"),
    "never_loaded": ("belum pernah dimuat", "never loaded"),
    "change_since": ("dibanding {period}", "vs {period}"),
    "better": ("membaik", "better"),
    "worse": ("memburuk", "worse"),
    "unchanged": ("tetap", "unchanged"),
    "no_data": ("Tidak ada data", "No data"),
    "target": ("Target {year}", "Target {year}"),
    "target_met": ("tercapai", "met"),
    "target_not_met": ("belum tercapai", "not met"),
    "sample_target": ("target contoh", "sample target"),
    "trend_alt": (
        "Tren {name} {first}–{last}: dari {start} menjadi {end}",
        "Trend of {name} {first}–{last}: from {start} to {end}",
    ),
    "higher_better": ("makin tinggi makin baik", "higher is better"),
    "lower_better": ("makin rendah makin baik", "lower is better"),
    "language": ("Bahasa", "Language"),
    "not_found_title": ("Halaman tidak ditemukan", "Page not found"),
    "not_found_text": (
        "Alamat yang Anda buka tidak ada di portal ini.",
        "The address you opened is not in this portal.",
    ),
    "back_home": ("Kembali ke ringkasan", "Back to the summary"),
    "db_down": (
        "Basis data sedang tidak dapat dihubungi. Coba lagi beberapa saat lagi.",
        "The database cannot be reached right now. Please try again shortly.",
    ),
    "footer": (
        "Portal Satu Data Kaltim · Perpres 39/2019 · Pergub Kaltim 48/2021 · kode wilayah BPS",
        "Kaltim One Data Portal · Perpres 39/2019 · Pergub Kaltim 48/2021 · BPS region codes",
    ),
}


def register(texts: dict[str, tuple[str, str]]) -> None:
    """Add a module's own interface text (id, en); a key may be defined only once."""
    clash = set(texts) & set(TEXT)
    if clash:
        raise KeyError(f"interface text defined twice: {sorted(clash)}")
    TEXT.update(texts)


def t(key: str, lang: str = "id", **values: object) -> str:
    """The text for a key in a language, with {placeholders} filled in."""
    text = TEXT[key][LANGS.index(lang) if lang in LANGS else 0]
    return text.format(**values) if values else text


def current_lang() -> str:
    """The reader's language: the cookie when inside a request, else the configured default."""
    try:
        from flask import has_request_context, request

        if has_request_context() and request.cookies.get(COOKIE) in LANGS:
            return request.cookies[COOKIE]
    except ImportError:  # pragma: no cover - flask always ships with dash
        pass
    default = load_settings().PORTAL_LANG
    return default if default in LANGS else "id"


def pick(row: dict, field: str, lang: str) -> str:
    """A bilingual catalogue field (name_id / name_en) in the reader's language."""
    return row[f"{field}_{lang}"] or row[f"{field}_id"]
