"""Light mode: static chart images made on the server instead of plotly.js, for a phone on a slow or metered link.

A reader gets it when they switched it on (*Mode ringan* in the navbar: the `ringan` cookie, 1 or 0), else when the
browser asks to save data (the `Save-Data: on` header), else when the browser reported a 2G-class connection
(assets/light.js sets `ringan=auto` for the session from the Network Information API). The reader's choice wins
over both: `ringan=0` keeps the interactive charts on a slow link.
"""

from __future__ import annotations

import contextlib

from flask import g, has_request_context, request

COOKIE = "ringan"
ON = ("1", "auto")


def wanted() -> bool:
    """Whether this request's reader gets static chart images."""
    if not has_request_context() or g.get("portal_drawn_normally"):
        return False
    chosen = request.cookies.get(COOKIE)
    if chosen in (*ON, "0"):
        return chosen in ON
    return request.headers.get("Save-Data", "").strip().lower() == "on"


def chosen() -> bool:
    """Whether the reader switched light mode on themselves (the navbar's switch shows it as on)."""
    return has_request_context() and request.cookies.get(COOKIE) == "1"


@contextlib.contextmanager
def drawn_normally():
    """Within: this request draws its pages as the app does (a server-made image is of the graph itself), and
    what it keeps in the cache is kept as that."""
    g.portal_drawn_normally = True
    try:
        yield
    finally:
        g.pop("portal_drawn_normally", None)
