"""Downloads of exactly what a page shows: CSV, XLSX with a metadata sheet, and a ZIP of report-ready PNGs.

The PNGs are made on the server by kaleido with the system Chromium (components/png.py: one browser per process,
started on first use), so each image after the first takes well under a second; a batch of them (a ZIP's, a
meeting pack's) is drawn in one call, two at a time.
"""

from __future__ import annotations

import io
import logging
import zipfile

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from components import png
from components.charts import EXPORT_HEIGHT, EXPORT_SCALE, EXPORT_WIDTH, figure
from portal import fmt
from portal.i18n import pick, t
from portal.periods import label
from portal.publishers import publisher
from portal.state.charts import Chart
from portal.state.series import SeriesView, file_stem

log = logging.getLogger(__name__)
PNG_OPTS = {
    "format": "png",
    "width": EXPORT_WIDTH / EXPORT_SCALE,
    "height": EXPORT_HEIGHT / EXPORT_SCALE,
    "scale": EXPORT_SCALE,
}
_browser_path: str | None = None  # the BROWSER_PATH setting, handed down by the app factory


def use_browser(path: str | None) -> None:
    """The Chromium kaleido drives for server-made PNGs (None: kaleido looks for one itself)."""
    global _browser_path
    _browser_path = path or None


def table(rows: pd.DataFrame, meta: dict, lang: str) -> pd.DataFrame:
    """The rows shown, as a tidy table in the data standard's columns (headers in the reader's language)."""
    unit = pick(meta, "unit", lang)
    yes, no = t("exp_yes", lang), t("exp_no", lang)
    out = pd.DataFrame(
        {
            t("exp_col_indicator_code", lang): meta["code"],
            t("exp_col_indicator", lang): pick(meta, "name", lang),
            t("exp_col_region_code", lang): rows["region"].astype(str),
            t("exp_col_region", lang): rows["region_name"],
            t("exp_col_period", lang): rows["period"],
            t("exp_col_period_label", lang): [label(p, lang) for p in rows["period"]],
            t("exp_col_value", lang): rows["value"].round(int(meta["decimals"])),
            t("exp_col_unit", lang): unit,
            t("exp_col_status", lang): rows["status"],
            t("exp_col_sample", lang): [yes if s else no for s in rows["is_sample"]],
            # Who published each row's figure (a BPS release, the site quoting the producer, or sample data).
            t("exp_col_source", lang): [
                publisher(url, meta["producer_agency"], bool(sample), title, lang)
                for url, sample, title in zip(rows["source_url"], rows["is_sample"], rows["source_title"], strict=True)
            ],
            t("exp_col_source_url", lang): rows["source_url"].fillna(""),
        }
    )
    return out.reset_index(drop=True)


def metadata(meta: dict, rows: pd.DataFrame, regions: list[str], period: str, view_url: str, lang: str) -> pd.DataFrame:
    """The metadata sheet: what the indicator is, which filters made the table, and when it was exported."""
    fields = [
        (t("exp_m_indicator", lang), pick(meta, "name", lang)),
        (t("exp_m_code", lang), meta["code"]),
        (t("exp_m_definition", lang), pick(meta, "definition", lang)),
        (t("exp_m_unit", lang), pick(meta, "unit", lang)),
        (t("exp_m_decimals", lang), int(meta["decimals"])),
        (t("exp_m_frequency", lang), meta["frequency"]),
        (t("exp_m_classification", lang), meta["classification"]),
        (t("exp_m_producer", lang), meta["producer_agency"]),
        (t("exp_m_source", lang), meta["source_note"]),
        (t("exp_m_regions", lang), ", ".join(regions)),
        (t("exp_m_codes", lang), t("exp_m_codes_text", lang)),
        (t("exp_m_period", lang), period),
        (t("exp_m_rows", lang), len(rows)),
        (t("exp_m_sample_rows", lang), int(rows["is_sample"].astype(bool).sum())),
        (t("exp_m_view", lang), view_url),
        (t("exp_m_exported", lang), fmt.now(lang)),
    ]
    return pd.DataFrame(fields, columns=[t("exp_field", lang), t("exp_value", lang)])


def csv_bytes(data: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark, so that spreadsheet programs read the accents right."""
    return data.to_csv(index=False).encode("utf-8-sig")


def number_format(decimals: int) -> str:
    """An Excel number format with thousands grouping and exactly `decimals` decimals (Excel shows the reader's
    own marks: 2,40 in an Indonesian spreadsheet, 2.40 in an English one)."""
    return "#,##0" + ("." + "0" * decimals if decimals > 0 else "")


def xlsx_bytes(data: pd.DataFrame, meta_sheet: pd.DataFrame, lang: str, decimals: int = 2) -> bytes:
    """A workbook with the data sheet first (its header frozen, filters on, the values with the indicator's
    `decimals`) and the metadata sheet second."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        data.to_excel(writer, sheet_name=t("exp_data_sheet", lang), index=False)
        meta_sheet.to_excel(writer, sheet_name=t("exp_meta_sheet", lang), index=False)
        for sheet in writer.sheets.values():
            sheet.freeze_panes = "A2"
            for column in sheet.columns:
                width = max(len(str(c.value or "")) for c in column)
                sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 10), 80)
        rows = writer.sheets[t("exp_data_sheet", lang)]
        rows.auto_filter.ref = rows.dimensions
        value = data.columns.get_loc(t("exp_col_value", lang)) + 1
        for (cell,) in rows.iter_rows(min_row=2, min_col=value, max_col=value):
            cell.number_format = number_format(decimals)
    return buffer.getvalue()


def png_bytes(figure) -> bytes:
    """A figure as the same report-ready PNG the browser saves: EXPORT_WIDTH x EXPORT_HEIGHT pixels."""
    return png.draw([figure], PNG_OPTS, _browser_path)[0]


def png_batch(figures: list) -> list[bytes]:
    """Each figure as png_bytes draws it, in order, in one call (the browser's tabs draw them side by side)."""
    return png.draw(figures, PNG_OPTS, _browser_path)


def image_bytes(figure, kind: str, width: float, height: float, scale: float = 1) -> bytes:
    """A figure drawn on the server as `kind` (png or svg), laid out at `width` x `height` and rendered at `scale`."""
    opts = {"format": kind, "width": width, "height": height, "scale": scale}
    return png.draw([figure], opts, _browser_path)[0]


def zip_bytes(figures: list[tuple[str, object]], files: dict[str, bytes] | None = None) -> bytes:
    """One PNG per (file stem, figure), and `files` (name -> content) first, in a ZIP."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in (files or {}).items():
            archive.writestr(name, content)
        for (stem, _), png in zip(figures, png_batch([f for _, f in figures]), strict=True):
            archive.writestr(f"{stem}.png", png)
    return buffer.getvalue()


def readme(meta_sheet: pd.DataFrame, files: list[tuple[str, str]], lang: str) -> bytes:
    """The ZIP's short readme: what the view is (the metadata sheet's fields) and what each file holds."""
    lines = [t("exp_readme_title", lang), ""]
    lines += [f"{field}: {value}" for field, value in meta_sheet.itertuples(index=False)]
    lines += ["", t("exp_readme_files", lang)]
    lines += [f"- {name}: {what}" for name, what in files]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")


def send(content: bytes, filename: str) -> dict:
    """What a dcc.Download expects."""
    return dcc.send_bytes(content, filename)


def view_download(kind: str, view: SeriesView, view_url: str, more_charts: list[Chart] = ()) -> dict:
    """The file of kind "csv", "xlsx" or "zip" for a series view: exactly what it shows.

    The ZIP also holds `more_charts`, the page's other charts; a chart of the same file name is there once.
    """
    stem, lang = file_stem(view.meta, view.window), view.lang
    data = table(view.rows, view.meta, lang)
    if kind == "csv":
        return send(csv_bytes(data), f"{stem}.csv")
    names = [c.ctx.regions for c in view.charts[:1]]
    period = f"{view.window.start}–{view.window.end}"
    sheet = metadata(view.meta, view.rows, names[0] if names else [], period, view_url, lang)
    if kind == "zip":
        # Every file follows the view: its charts, and the page's other charts only as they stood in its window.
        charts: dict[str, Chart] = {}
        for chart in [*view.charts, *more_charts]:
            charts.setdefault(chart.ctx.filename, chart)
        what = [(f"{stem}.csv", t("exp_readme_csv", lang))]
        what += [(f"{name}.png", f"{chart.ctx.title} · {chart.ctx.period}") for name, chart in charts.items()]
        files = {t("exp_readme_name", lang): readme(sheet, what, lang), f"{stem}.csv": csv_bytes(data)}
        return send(zip_bytes([(name, figure(chart)) for name, chart in charts.items()], files), f"{stem}.zip")
    return send(xlsx_bytes(data, sheet, lang, int(view.meta["decimals"])), f"{stem}.xlsx")


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
