"""Readable offline: the web app manifest, the service worker and what it may keep, the offline banner.

The worker (web/sw.js, served from the root scope as /sw.js) keeps the pages a reader opened, the app's layout
and the callbacks' answers, and gives the last copy back when the network fails; assets/offline.js registers it
and shows the banner. What the worker may keep is said by the server: an anonymous reader's pages and answers
are `private, no-cache` (a browser may keep them, must ask again first; no shared cache may), everything else
— a signed-in reader's, the sign-in and workflow pages, downloads, the API — stays `no-store`, which the worker
never keeps. Signing out clears the site's storage (`Clear-Site-Data`, web/auth.py) and the
worker deletes its own.
"""

from __future__ import annotations

import json
from html import escape

from flask import Flask, Response, request
from flask_login import current_user

from portal.i18n import t
from portal.settings import ROOT
from web import cache

WORKER = ROOT / "web" / "sw.js"
MANIFEST_PATH = "/manifest.webmanifest"
THEME_COLOUR = "#0b5394"  # the navbar's (assets/portal.css --portal-primary)
APP_PATHS = ("/_dash-layout", "/_dash-dependencies")
NOT_PAGES = ("/_dash", "/api/", "/auth/", "/unduh/", "/lang/", "/assets/", "/healthz")
ICONS = [
    {"src": "/assets/favicon.svg", "sizes": "any", "type": "image/svg+xml", "purpose": "any"},
    {"src": "/assets/apple-touch-icon.png", "sizes": "180x180", "type": "image/png", "purpose": "any"},
]
# What the index's head says of the installable app.
HEAD = f'\n    <link rel="manifest" href="{MANIFEST_PATH}">\n    <meta name="theme-color" content="{THEME_COLOUR}">'
# Storage only (the worker's copies, its registration, local storage): what a signed-in reader was sent is `no-store`,
# so the HTTP cache holds none of it, and Chromium's "cache" clearing holds up the sign-out's navigation for seconds
# (crbug.com/40233601; Rails and GitHub dropped it for that).
CLEAR_ON_SIGN_OUT = '"storage"'


def manifest() -> dict:
    """The installable app: name, icons, colours, start address, standalone display."""
    return {
        "name": "Portal Satu Data Kaltim",
        "short_name": "Satu Data Kaltim",
        "description": t("tagline", "id"),
        "lang": "id",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": "#ffffff",
        "icons": ICONS,
    }


def keepable(status: int = 200) -> bool:
    """Whether the browser (and so the worker) may keep this request's answer: an anonymous reader's page, the
    app's layout, or a callback answer the server itself caches per reader (a page render, figures). Only a
    successful answer is kept (a refused body, too large or nested past the parser, is never read again here)."""
    if status != 200 or (current_user and current_user.is_authenticated):
        return False
    path = request.path
    if request.method == "POST":
        return path.endswith(cache.CALLBACK_SUFFIX) and cache.response_key() is not None
    if request.method != "GET":
        return False
    if path in APP_PATHS or path == MANIFEST_PATH:
        return True
    return not path.startswith(NOT_PAGES) and not cache.uncached_page(path)


def cache_control(status: int = 200) -> str:
    """The Cache-Control of a response that does not set its own (web/security.py adds it)."""
    return "private, no-cache" if keepable(status) else "no-store"


def banner(lang: str) -> str:
    """The offline banner, hidden until assets/offline.js shows it (fixed at the bottom: nothing moves)."""
    text = escape(t("offline_banner", lang), quote=True)
    return (
        f'<div id="offline-banner" class="offline-banner" role="status" hidden data-text="{text}">'
        f'<strong class="offline-date"></strong> <span>{escape(t("offline_controls", lang))}</span></div>'
    )


def _worker() -> Response:
    response = Response(WORKER.read_bytes(), mimetype="text/javascript")
    response.headers["Service-Worker-Allowed"] = "/"
    response.headers["Cache-Control"] = "no-cache"  # a new worker is picked up on the next visit
    return response


def _manifest() -> Response:
    response = Response(json.dumps(manifest(), ensure_ascii=False), mimetype="application/manifest+json")
    response.headers["Cache-Control"] = "no-cache"
    return response


def init_app(server: Flask) -> None:
    server.add_url_rule("/sw.js", "service_worker", _worker)
    server.add_url_rule(MANIFEST_PATH, "manifest", _manifest)
