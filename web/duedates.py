"""The walidata sets the due date of an indicator's period on its agency's page (portal/duedates.py).

    POST /instansi/<kode>/tenggat     fields indikator, periode, tanggal (YYYY-MM-DD; empty: the rule applies again)

A plain form post with the session's anti-forgery token, answered with a redirect to the agency's page: with
?tenggat=ok when it was written, with ?galat=<refusal> (whose sentence the page shows) when it was not. A reader
whose role may not set due dates gets that sentence too, and nothing is written.
"""

from __future__ import annotations

from flask import Flask, abort, redirect, request
from flask_login import current_user

from portal import duedates
from portal.db import get_engine
from portal.state.agency import DONE, find
from web import reader
from web.auth import check_csrf


def set_due(kode: str):
    check_csrf()
    if find(kode) is None:
        abort(404)
    where = f"/instansi/{kode}"
    try:
        duedates.set_due(
            get_engine(),
            reader.current(),
            getattr(current_user, "username", None) or "",
            kode,
            request.form.get("indikator", "")[:60],
            request.form.get("periode", "").strip()[:20],
            request.form.get("tanggal", "")[:40],
        )
    except duedates.DueError as err:
        return redirect(f"{where}?galat={err.code}", code=303)
    return redirect(f"{where}?tenggat={DONE}", code=303)


def init_app(server: Flask) -> None:
    server.add_url_rule("/instansi/<kode>/tenggat", "set_due", set_due, methods=["POST"])
