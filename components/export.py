"""Downloads of exactly what a page shows: CSV, XLSX with a metadata sheet, and a ZIP of report-ready PNGs.

The PNGs are made on the server by kaleido with the system Chromium; one kaleido server runs per process
(started on first use), so each image after the first takes well under a second.
"""

from __future__ import annotations

import atexit
import io
import logging
import threading
import zipfile
from datetime import datetime

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from components.charts import EXPORT_HEIGHT, EXPORT_SCALE, EXPORT_WIDTH
from components.indicator_view import Chart, IndicatorView, file_stem
from portal.i18n import pick, register, t
from portal.periods import label

register(
    {
        "exp_csv": ("Unduh CSV", "Download CSV"),
        "exp_xlsx": ("Unduh XLSX", "Download XLSX"),
        "exp_zip": ("Unduh semua grafik (ZIP)", "Download all charts (ZIP)"),
        "exp_downloads": ("Unduhan", "Downloads"),
        "exp_shown_note": (
            "Berkas berisi persis data yang tampil dengan filter saat ini.",
            "The files hold exactly the data shown with the current filters.",
        ),
        "exp_col_indicator_code": ("kode_indikator", "indicator_code"),
        "exp_col_indicator": ("indikator", "indicator"),
        "exp_col_region_code": ("kode_wilayah", "region_code"),
        "exp_col_region": ("wilayah", "region"),
        "exp_col_period": ("periode", "period"),
        "exp_col_period_label": ("label_periode", "period_label"),
        "exp_col_value": ("nilai", "value"),
        "exp_col_unit": ("satuan", "unit"),
        "exp_col_status": ("status", "status"),
        "exp_col_sample": ("data_contoh", "sample_data"),
        "exp_col_source": ("sumber", "source"),
        "exp_col_source_url": ("url_sumber", "source_url"),
        "exp_yes": ("ya", "yes"),
        "exp_no": ("tidak", "no"),
        "exp_meta_sheet": ("Metadata", "Metadata"),
        "exp_data_sheet": ("Data", "Data"),
        "exp_field": ("Keterangan", "Field"),
        "exp_value": ("Isi", "Value"),
        "exp_m_indicator": ("Indikator", "Indicator"),
        "exp_m_code": ("Kode indikator", "Indicator code"),
        "exp_m_definition": ("Definisi", "Definition"),
        "exp_m_unit": ("Satuan", "Unit"),
        "exp_m_decimals": ("Jumlah desimal", "Decimals"),
        "exp_m_frequency": ("Frekuensi", "Frequency"),
        "exp_m_classification": ("Klasifikasi", "Classification"),
        "exp_m_producer": ("Produsen data", "Data producer"),
        "exp_m_source": ("Sumber", "Source"),
        "exp_m_regions": ("Wilayah dipilih", "Selected regions"),
        "exp_m_period": ("Periode", "Period"),
        "exp_m_rows": ("Jumlah baris", "Rows"),
        "exp_m_sample_rows": ("Baris data contoh (sintetis)", "Sample (synthetic) rows"),
        "exp_m_view": ("Alamat tampilan", "View address"),
        "exp_m_exported": ("Diunduh", "Exported"),
        "exp_m_codes": ("Kode wilayah", "Region codes"),
        "exp_m_codes_text": (
            "Kode BPS (kode Kemendagri pada tabel wilayah)",
            "BPS codes (Kemendagri codes in the region table)",
        ),
    }
)

log = logging.getLogger(__name__)
_kaleido_lock = threading.Lock()
_kaleido_started = False


def table(rows: pd.DataFrame, meta: dict, lang: str) -> pd.DataFrame:
    """The rows shown, as a tidy table in the data standard's columns (headers in the reader's language)."""
    unit = pick(meta, "unit", lang)
    yes, no = t("exp_yes", lang), t("exp_no", lang)
    out = pd.DataFrame(
        {
            "exp_col_indicator_code": meta["code"],
            "exp_col_indicator": pick(meta, "name", lang),
            "exp_col_region_code": rows["region"].astype(str),
            "exp_col_region": rows["region_name"],
            "exp_col_period": rows["period"],
            "exp_col_period_label": [label(p, lang) for p in rows["period"]],
            "exp_col_value": rows["value"].round(int(meta["decimals"])),
            "exp_col_unit": unit,
            "exp_col_status": rows["status"],
            "exp_col_sample": [yes if s else no for s in rows["is_sample"]],
            "exp_col_source": rows["source_title"],
            "exp_col_source_url": rows["source_url"].fillna(""),
        }
    )
    return out.rename(columns={k: t(k, lang) for k in out.columns}).reset_index(drop=True)


def metadata(meta: dict, rows: pd.DataFrame, regions: list[str], period: str, view_url: str, lang: str) -> pd.DataFrame:
    """The metadata sheet: what the indicator is, which filters made the table, and when it was exported."""
    fields = [
        ("exp_m_indicator", pick(meta, "name", lang)),
        ("exp_m_code", meta["code"]),
        ("exp_m_definition", pick(meta, "definition", lang)),
        ("exp_m_unit", pick(meta, "unit", lang)),
        ("exp_m_decimals", int(meta["decimals"])),
        ("exp_m_frequency", meta["frequency"]),
        ("exp_m_classification", meta["classification"]),
        ("exp_m_producer", meta["producer_agency"]),
        ("exp_m_source", meta["source_note"]),
        ("exp_m_regions", ", ".join(regions)),
        ("exp_m_codes", t("exp_m_codes_text", lang)),
        ("exp_m_period", period),
        ("exp_m_rows", len(rows)),
        ("exp_m_sample_rows", int(rows["is_sample"].astype(bool).sum())),
        ("exp_m_view", view_url),
        ("exp_m_exported", datetime.now().strftime("%Y-%m-%d %H:%M")),
    ]
    return pd.DataFrame([(t(k, lang), v) for k, v in fields], columns=[t("exp_field", lang), t("exp_value", lang)])


def csv_bytes(data: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark, so that spreadsheet programs read the accents right."""
    return data.to_csv(index=False).encode("utf-8-sig")


def xlsx_bytes(data: pd.DataFrame, meta_sheet: pd.DataFrame, lang: str) -> bytes:
    """A workbook with the data sheet first and the metadata sheet second."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        data.to_excel(writer, sheet_name=t("exp_data_sheet", lang), index=False)
        meta_sheet.to_excel(writer, sheet_name=t("exp_meta_sheet", lang), index=False)
        for sheet in writer.sheets.values():
            for column in sheet.columns:
                width = max(len(str(c.value or "")) for c in column)
                sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 10), 80)
    return buffer.getvalue()


def _kaleido():
    """The kaleido module with this process's sync server running (started once, stopped at exit)."""
    global _kaleido_started
    import kaleido

    if not _kaleido_started:
        kaleido.start_sync_server(silence_warnings=True)
        atexit.register(kaleido.stop_sync_server, silence_warnings=True)
        _kaleido_started = True
    return kaleido


def png_bytes(figure) -> bytes:
    """A figure as the same report-ready PNG the browser saves: EXPORT_WIDTH x EXPORT_HEIGHT pixels."""
    opts = {
        "format": "png",
        "width": EXPORT_WIDTH / EXPORT_SCALE,
        "height": EXPORT_HEIGHT / EXPORT_SCALE,
        "scale": EXPORT_SCALE,
    }
    # The sync server takes one request at a time: a lock keeps threaded workers from mixing up answers.
    with _kaleido_lock:
        return _kaleido().calc_fig_sync(figure, opts=opts)


def zip_bytes(figures: list[tuple[str, object]]) -> bytes:
    """One PNG per (file stem, figure), in a ZIP."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for stem, figure in figures:
            archive.writestr(f"{stem}.png", png_bytes(figure))
    return buffer.getvalue()


def send(content: bytes, filename: str) -> dict:
    """What a dcc.Download expects."""
    return dcc.send_bytes(content, filename)


def view_download(kind: str, view: IndicatorView, view_url: str, more_charts: list[Chart] = ()) -> dict:
    """The file of kind "csv", "xlsx" or "zip" for an IndicatorView: exactly what it shows.

    The ZIP also holds `more_charts`, the page's other charts; a chart of the same file name is there once.
    """
    stem = file_stem(view.meta, view.filters)
    if kind == "zip":
        charts: dict[str, object] = {}
        for chart in [*view.charts, *more_charts]:
            charts.setdefault(chart.ctx.filename, chart.figure)
        return send(zip_bytes(list(charts.items())), f"{stem}.zip")
    data = table(view.rows, view.meta, view.lang)
    if kind == "csv":
        return send(csv_bytes(data), f"{stem}.csv")
    names = [c.ctx.regions for c in view.charts[:1]]
    sheet = metadata(
        view.meta,
        view.rows,
        names[0] if names else [],
        f"{view.filters.start}–{view.filters.end}",
        view_url,
        view.lang,
    )
    return send(xlsx_bytes(data, sheet, view.lang), f"{stem}.xlsx")


def download_bar(ids: dict[str, str], lang: str, with_zip: bool = True) -> html.Div:
    """The download buttons of a page; `ids` maps csv, xlsx, zip and download to the page's component ids."""
    buttons = [
        dbc.Button(t("exp_csv", lang), id=ids["csv"], color="primary", outline=True, size="sm", n_clicks=0),
        dbc.Button(t("exp_xlsx", lang), id=ids["xlsx"], color="primary", outline=True, size="sm", n_clicks=0),
    ]
    if with_zip:
        buttons.append(
            dbc.Button(t("exp_zip", lang), id=ids["zip"], color="primary", outline=True, size="sm", n_clicks=0)
        )
    return html.Div(
        [
            html.H2(t("exp_downloads", lang), className="visually-hidden"),
            html.Div(buttons, className="d-flex flex-wrap gap-2"),
            html.Small(t("exp_shown_note", lang), className="text-muted d-block mt-1"),
            dcc.Loading(dcc.Download(id=ids["download"]), type="dot", delay_show=200),
        ],
        className="download-bar mb-3",
    )
