"""The Dash app: create_app(settings) builds it; gunicorn serves `server`."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from urllib.parse import urlparse

import dash
import dash_bootstrap_components as dbc
from dash import Dash, Input, Output, html
from flask import jsonify, make_response, redirect, request
from sqlalchemy.exc import SQLAlchemyError

from components.layout import footer, navbar
from portal import auth, compression, downloads, plotlyjs, queries, security
from portal import cache as query_cache
from portal.config import ROOT, Settings, load_settings
from portal.i18n import COOKIE, LANGS, current_lang, t

log = logging.getLogger("portal")


def shell() -> html.Div:
    """The frame around every page, in the reader's language."""
    lang = current_lang()
    return html.Div(
        [
            html.A(t("skip_to_content", lang), href="#main", className="visually-hidden-focusable skip-link"),
            navbar(lang),
            html.Main(dbc.Container(dash.page_container, fluid="lg"), id="main", lang=lang),
            footer(lang),
        ]
    )


def healthz():
    """Database reachable, last successful load and data age, as JSON; 503 when the database is down."""
    try:
        queries.ping()
        loaded = queries.last_load()
    except SQLAlchemyError as err:
        log.error("healthz: database unreachable: %s", err)
        return jsonify(status="error", database=False, error="database unreachable"), 503
    age = (datetime.now(UTC).replace(tzinfo=None) - loaded).total_seconds() if loaded else None
    return jsonify(
        status="ok",
        database=True,
        last_load=loaded.isoformat() if loaded else None,
        data_age_seconds=round(age) if age is not None else None,
    )


def set_language(code: str):
    """Remember the reader's language in a cookie and go back to the page they came from."""
    back = urlparse(request.referrer or "/")
    same_site = not back.netloc or back.netloc == request.host
    target = auth.safe_next(back.path + (f"?{back.query}" if back.query else "")) if same_site else "/"
    response = make_response(redirect(target, code=303))
    if code in LANGS:
        response.set_cookie(
            COOKIE, code, max_age=365 * 24 * 3600, samesite="Lax", httponly=True, secure=request.is_secure
        )
    return response


class PortalDash(Dash):
    """Dash whose page says the reader's language in <html lang>, for screen readers and browser translation."""

    def interpolate_index(self, **kwargs) -> str:
        return super().interpolate_index(**kwargs).replace("<html>", f'<html lang="{current_lang()}">', 1)


NOOP_ID = "bench-noop"


def noop(n_clicks) -> str:
    """Echo a click count; bench/scale.py compares figure callbacks with this round trip."""
    return str(n_clicks if isinstance(n_clicks, int) else 0)


def create_app(settings: Settings | None = None) -> Dash:
    """Build the app; pages register themselves from pages/."""
    settings = settings or load_settings()
    security.check_settings(settings)
    app = PortalDash(
        __name__,
        use_pages=True,
        pages_folder=str(ROOT / "pages"),
        assets_folder=str(ROOT / "assets"),
        title=t("app_title", "id"),
        update_title=None,
        suppress_callback_exceptions=True,
        meta_tags=[
            {"name": "viewport", "content": "width=device-width, initial-scale=1"},
            {"name": "description", "content": t("tagline", "id")},
        ],
    )
    app.server.secret_key = settings.SECRET_KEY or security.DEV_SECRET
    auth.init_app(app.server)
    query_cache.init_app(app.server, settings)
    security.install(app, settings)
    downloads.init_app(app.server)
    plotlyjs.init_app(app.server)
    # Before the response cache: after-request hooks run last-registered first, so the cache keeps plain JSON.
    compression.init_app(app.server)
    query_cache.install_response_cache(app.server)
    app.layout = shell
    # A do-nothing callback (no component in any layout): the benchmarks' baseline for one Dash round trip.
    app.callback(Output(NOOP_ID, "title"), Input(NOOP_ID, "n_clicks"), hidden=True)(noop)
    app.server.add_url_rule("/healthz", "healthz", healthz)
    app.server.add_url_rule("/lang/<code>", "set_language", set_language)
    return app


app = create_app()
server = app.server
