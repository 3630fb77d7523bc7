"""Deliveries through the web: a produsen data's file or typed values, a reviewer's decision, the full report.

Each is a plain form post with the session's anti-forgery token (web/auth.py), answered with a redirect to the
delivery's page (/kiriman/<id>) or back to the form with the refusal's code (?galat=...), whose sentence the page
shows (text family wf_err). The file goes through the same parser and rules as `python -m etl ingest`
(etl/workflow.py); it may be as large as ETL_MAX_FILE_MB, the ETL's own limit, and no larger: a larger upload is
read to its end and thrown away, then answered with the sentence that names the limit.

    POST /kirim/berkas                 the file (field `berkas`)
    POST /kirim/formulir               up to FORM_ROWS typed rows (fields kode_indikator-0, nilai-0, ...)
    POST /kiriman/<id>/<aksi>          periksa (take up), setujui (approve: publish), kembalikan (return; `catatan`)
    GET  /kiriman/<id>/laporan.csv     every row of the delivery with what became of it
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
from flask import Flask, Response, abort, redirect, request
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from etl import workflow
from etl.ledger import Actor
from portal import audit, queries
from portal.db import get_engine
from portal.vocab import Refusal
from web import reader
from web.auth import check_csrf

UPLOAD_SUFFIXES = (".csv", ".xlsx", ".xlsm", ".txt", ".tsv")
FORM_ROWS = 8
MB = 1024 * 1024
MULTIPART_SLACK = 64 * 1024  # the form's other fields and the multipart boundaries around the file
DRAIN_LIMIT = 1024 * MB  # an oversized upload is read to its end (so the browser hears the answer) up to this
ACTIONS = {"periksa": workflow.take_up, "setujui": workflow.approve, "kembalikan": workflow.return_delivery}
UPLOAD_PATHS = ("/kirim/berkas",)


def limit_bytes() -> int:
    """The largest file a produsen data may send: ETL_MAX_FILE_MB, the ETL's own limit."""
    return int(reader.settings().etl_max_file_mb * MB)


def _actor() -> Actor:
    return Actor(current_user.username, "web", request.remote_addr)


def _back(code: Refusal | str, where: str = "/kirim"):
    return redirect(f"{where}?galat={code}", code=303)


def _drain() -> None:
    """Read an oversized upload to its end and throw it away: a browser still sending hears no answer."""
    stream = request.environ.get("wsgi.input")
    left = min(request.content_length or 0, DRAIN_LIMIT)
    while stream is not None and left > 0:
        chunk = stream.read(min(left, MB))
        if not chunk:
            break
        left -= len(chunk)


def _refused(code: str, **fields) -> None:
    audit.event("delivery_refused", outcome="refused", code=str(code), path=request.path, **fields)


@reader.require("deliver")
def send_file():
    """POST /kirim/berkas: a file in the standard template, kept as a draft of the reader's agency."""
    try:
        check_csrf()  # reads the form: a body over the limit stops here
        upload = request.files.get("berkas")
    except RequestEntityTooLarge:
        _drain()
        _refused(Refusal.TOO_LARGE, bytes=request.content_length)
        return _back(Refusal.TOO_LARGE)
    agency = reader.current().agency
    if not agency:
        _refused(Refusal.NO_AGENCY)
        return _back(Refusal.NO_AGENCY)
    if upload is None or not upload.filename:
        return _back(Refusal.NO_FILE)
    suffix = Path(upload.filename).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        _refused(Refusal.FILE_TYPE, file=workflow.clean_file_name(upload.filename))
        return _back(Refusal.FILE_TYPE)
    with tempfile.TemporaryDirectory(prefix="kiriman-") as folder:
        path = Path(folder) / f"kiriman{suffix}"
        upload.save(path)
        if path.stat().st_size > limit_bytes():  # a body sent without a declared length
            _refused(Refusal.TOO_LARGE, bytes=path.stat().st_size)
            return _back(Refusal.TOO_LARGE)
        outcome = workflow.submit_file(get_engine(), path, agency, _actor(), name=upload.filename)
    return redirect(f"/kiriman/{outcome.delivery_id}", code=303)


@reader.require("deliver")
def send_values():
    """POST /kirim/formulir: a few typed values, kept as a draft of the reader's agency."""
    check_csrf()
    agency = reader.current().agency
    if not agency:
        _refused(Refusal.NO_AGENCY)
        return _back(Refusal.NO_AGENCY)
    rows = [
        {**{k: request.form.get(f"{k}-{i}", "")[:200] for k in workflow.FORM_FIELDS}, "baris": i + 1}
        for i in range(FORM_ROWS)
    ]
    try:
        outcome = workflow.submit_values(get_engine(), rows, agency, _actor())
    except workflow.Refused as err:
        return _back(err.code)
    return redirect(f"/kiriman/{outcome.delivery_id}", code=303)


@reader.require("view_deliveries")
def decide(delivery_id: int, aksi: str):
    """POST /kiriman/<id>/<aksi>: take up, approve (publish) or return (with a note) a delivery."""
    check_csrf()
    action = ACTIONS.get(aksi)
    if action is None:
        abort(404)
    note = request.form.get("catatan", "")[: workflow.MAX_NOTE]
    where = f"/kiriman/{delivery_id}"
    try:
        if action is workflow.take_up:
            action(get_engine(), delivery_id, reader.current(), _actor())
        else:
            action(get_engine(), delivery_id, reader.current(), _actor(), note)
    except workflow.Refused as err:
        _refused(err.code, delivery=delivery_id, decision=aksi)
        return _back(err.code, where)
    return redirect(f"{where}?selesai={aksi}", code=303)


REPORT_COLUMNS = ["baris", "hasil", "kode_indikator", "kode_wilayah", "periode", "nilai", "nilai_terbit", "alasan"]
OUTCOME_WORDS = {
    queries.NEW_SERIES: "dimuat (seri baru)",
    queries.NEW_PERIOD: "dimuat (baru)",
    queries.CHANGED: "dimuat (berubah)",
    queries.RESTATED: "dimuat (status/catatan berubah)",
    queries.SAME: "tak berubah",
}


@reader.require("view_deliveries")
def report_csv(delivery_id: int) -> Response:
    """GET /kiriman/<id>/laporan.csv: every row read, with what became of it (the CLI's words) and why."""
    found = queries.delivery(delivery_id, reader.current().drafts)
    if found is None:
        abort(404)
    changes = queries.delivery_changes(delivery_id, found["source"], limit=None)
    kept = pd.DataFrame(
        {
            "baris": changes["row_number"],
            "hasil": changes["outcome"].map(OUTCOME_WORDS),
            "kode_indikator": changes["indicator"],
            "kode_wilayah": changes["region"],
            "periode": changes["period"],
            "nilai": changes["value"],
            "nilai_terbit": changes["published_value"],
            "alasan": "",
        }
    )
    run_id = found["run_id"]
    rejected = queries.rejected_rows(run_id=int(run_id), limit=10_000_000) if pd.notna(run_id) else pd.DataFrame()
    refused = pd.DataFrame(
        {
            "baris": rejected.get("row_number", pd.Series(dtype=int)),
            "hasil": "ditolak",
            "alasan": rejected.get("reason", pd.Series(dtype=str)),
        }
    )
    rows = pd.concat([kept, refused], ignore_index=True).reindex(columns=REPORT_COLUMNS).sort_values("baris")
    audit.event("delivery_report", delivery=delivery_id, rows=len(rows))
    return Response(
        "\ufeff" + rows.to_csv(index=False),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="kiriman-{delivery_id}-laporan.csv"'},
    )


def init_app(server: Flask) -> None:
    """The delivery routes; an upload may be as large as ETL_MAX_FILE_MB (every other request stays small)."""

    @server.before_request
    def _upload_limit():
        if request.method == "POST" and request.path in UPLOAD_PATHS:
            request.max_content_length = limit_bytes() + MULTIPART_SLACK

    server.add_url_rule("/kirim/berkas", "send_file", send_file, methods=["POST"])
    server.add_url_rule("/kirim/formulir", "send_values", send_values, methods=["POST"])
    server.add_url_rule("/kiriman/<int:delivery_id>/<aksi>", "decide_delivery", decide, methods=["POST"])
    server.add_url_rule("/kiriman/<int:delivery_id>/laporan.csv", "delivery_report", report_csv)
