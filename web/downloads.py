"""Raw-data downloads for analysts: every observation of one indicator, as loaded, in one CSV.

`GET /unduh/mentah/<kode>.csv` — the province and the ten regencies, every period, with status, source,
source URL, sample flag and load time. Analysts and above only (portal.access); each download is audited.
The views' own CSV/XLSX/PNG exports (what is on screen, for a report) stay open to every reader.
"""

from __future__ import annotations

from flask import Flask, Response, abort

from portal import audit, queries
from portal import params as check
from web import reader

COLUMNS = ["region", "region_name", "period", "value", "status", "source", "source_title", "source_url", "is_sample"]


@reader.require("download_raw")
def raw_csv(kode: str) -> Response:
    """One indicator's observations as CSV (UTF-8 with BOM, so spreadsheet programs read it right)."""
    try:
        code = check.code(kode, allow_none=False)
    except check.InvalidInput:
        abort(404)
    meta = queries.indicator(code, reader.current().classes)
    if meta is None:
        abort(404)
    rows = queries.observations(code, classes=reader.current().classes, as_loaded=True)
    data = rows.reindex(columns=[*COLUMNS, "loaded_at"]).assign(indicator=code, unit=meta["unit_id"])
    body = "\ufeff" + data[["indicator", *COLUMNS, "unit", "loaded_at"]].to_csv(index=False)
    audit.event("raw_download", indicator=code, rows=len(data), classification=meta["classification"])
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{code}-mentah.csv"'},
    )


PACK_TYPES = {
    "pdf": "application/pdf",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


@reader.require("view_meetings")
def meeting_pack(meeting_id: int, lang: str, fmt: str) -> Response:
    """A meeting's kept pack (PDF or PPTX), for those who may read the meetings; each download is audited."""
    if fmt not in PACK_TYPES or lang not in ("id", "en"):
        abort(404)
    content = queries.pack_content(meeting_id, fmt, lang)
    if content is None:
        abort(404)
    audit.event("meeting_pack_download", meeting=meeting_id, format=fmt, lang=lang)
    name = f"bahan-rapat-{meeting_id}-{lang}.{fmt}"
    return Response(
        content, mimetype=PACK_TYPES[fmt], headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


def init_app(server: Flask) -> None:
    server.add_url_rule("/unduh/mentah/<kode>.csv", "raw_csv", raw_csv)
    server.add_url_rule("/unduh/rapat/<int:meeting_id>-<lang>.<fmt>", "meeting_pack", meeting_pack)
