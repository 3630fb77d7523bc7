"""The data packs as files: `GET /unduh/wilayah/<kode>.xlsx` (one regency: a cover sheet, the contents, the notes,
then one indicator per sheet) and `GET /unduh/semua-data.zip` (the whole portal: the same cover, contents and notes
as CSV, the catalogue with its Satu Data metadata, the regions, and one CSV per indicator). Open to every reader,
with the indicators the reader may see (portal/state/datapack.py says what a pack holds).
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime

import pandas as pd
from flask import Flask, Response, abort

from portal import params as check
from portal import queries, sdi
from portal.state import datapack
from web import reader

CSV_ENCODING = "utf-8-sig"  # with a byte-order mark, so that spreadsheet programs read the accents right


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _fit(sheet) -> None:
    for column in sheet.columns:
        width = max(len(str(c.value or "")) for c in column[:200])
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 10), 60)


def xlsx_bytes(pack: datapack.Pack) -> bytes:
    """The workbook: cover, contents and notes first, then one table per sheet."""
    buffer = io.BytesIO()
    names = pack.sheets
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        pack.cover.to_excel(writer, sheet_name=names["cover"], index=False)
        pack.contents.to_excel(writer, sheet_name=names["contents"], index=False)
        pack.notes.to_excel(writer, sheet_name=names["notes"], index=False)
        for table in pack.tables:
            table.rows.to_excel(writer, sheet_name=table.name, index=False)
        for sheet in writer.sheets.values():
            _fit(sheet)
            sheet.freeze_panes = "A2"
    return buffer.getvalue()


def _csv(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False, lineterminator="\n").encode(CSV_ENCODING)


def _catalogue(classes, licence: str) -> pd.DataFrame:
    """Every indicator the reader may see with its Satu Data metadata (Indonesian fields, as SDI names them)."""
    rows = [
        {
            "kode": r["code"],
            **sdi.fields(r, licence),
            "sektor": r["sector_name_id"],
            "sumber": r["source_note"],
            "concept": r["name_en"],
            "definition": r["definition_en"],
        }
        for r in queries.catalogue_records(classes).to_dict("records")
    ]
    return pd.DataFrame(rows)


def zip_bytes(pack: datapack.Pack, classes, licence: str) -> bytes:
    """The whole portal: cover, contents and notes, the catalogue, the regions, and data/<code>.csv each."""
    regions = queries.region_list(limit=1_000_000)
    buffer = io.BytesIO()
    names = pack.sheets
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"0-{datapack.slug(names['cover'])}.csv", _csv(pack.cover))
        archive.writestr(f"1-{datapack.slug(names['contents'])}.csv", _csv(pack.contents))
        archive.writestr(f"2-{datapack.slug(names['notes'])}.csv", _csv(pack.notes))
        archive.writestr("katalog.csv", _csv(_catalogue(classes, licence)))
        archive.writestr("wilayah.csv", _csv(regions.drop(columns=["child_count"], errors="ignore")))
        for table in pack.tables:
            archive.writestr(f"data/{table.name}.csv", _csv(table.rows))
    return buffer.getvalue()


def _send(content: bytes, filename: str, mimetype: str) -> Response:
    return Response(content, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def regency_xlsx(kode: str) -> Response:
    try:
        code = check.code(kode, allow_none=False)
    except check.InvalidInput:
        abort(404)
    settings = reader.settings()
    pack = datapack.regency(code, reader.current(), settings.public_url, settings.data_license, _now())
    if pack is None:
        abort(404)
    mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return _send(xlsx_bytes(pack), pack.filename, mimetype)


def portal_zip() -> Response:
    settings, now = reader.settings(), reader.current()
    pack = datapack.whole(now, settings.public_url, settings.data_license, _now())
    return _send(zip_bytes(pack, now.classes, settings.data_license), pack.filename, "application/zip")


def init_app(server: Flask) -> None:
    server.add_url_rule("/unduh/wilayah/<kode>.xlsx", "regency_pack", regency_xlsx)
    server.add_url_rule("/unduh/semua-data.zip", "portal_pack", portal_zip)
