"""The Dash app: `create_app(settings)` builds one (gunicorn serves `app:create_app()`; tests build their own)."""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from html import escape
from urllib.parse import urlsplit

import dash
import dash_bootstrap_components as dbc
from dash import Dash, Input, Output, html
from dash import _callback as dash_callbacks
from dash._utils import to_json
from flask import Response, abort, has_request_context, request
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix

from components import chart_card, export, first_screen, share
from components.layout import Visitor, footer, navbar
from portal import audit
from portal.i18n import t
from portal.settings import ROOT, Settings
from web import (
    api,
    auth,
    cache,
    ckan,
    compression,
    datapack,
    deliveries,
    downloads,
    duedates,
    gridjs,
    light,
    notfound,
    offline,
    plotlyjs,
    polyfill,
    reader,
    routes,
    security,
)

log = logging.getLogger(__name__)


def visitor() -> Visitor:
    """Who is on the page, as the frame shows them: reader, name, sign-out token, where they are."""
    if not has_request_context():
        return Visitor(reader.current())
    here, images = request.full_path.rstrip("?"), light.wanted()
    if not current_user.is_authenticated:
        return Visitor(reader.current(), here=here, light=images)
    name = current_user.full_name or current_user.username
    return Visitor(reader.current(), name=name, csrf=auth.csrf_token(), here=here, light=images)


def shell(page=None) -> html.Div:
    """The frame around every page, in the reader's language (around `page`: the first screen's copy)."""
    who = visitor()
    lang = who.reader.lang
    return html.Div(
        [
            html.A(t("skip_to_content", lang), href="#main", className="visually-hidden-focusable skip-link"),
            navbar(who),
            html.Main(dbc.Container(dash.page_container if page is None else page, fluid="lg"), id="main", lang=lang),
            footer(lang),
        ]
    )


def _first_screen(path: str) -> first_screen.Page | None:
    """The page at this request's address with its layout written as HTML, from the cache when it has it (the
    frame around it is made per request: it holds the reader's sign-out token)."""
    key = cache.first_screen_key(request.full_path)
    found = cache.cache.get(key) if key else None
    if found is None:
        try:
            found = first_screen.page_at(path, request.args.to_dict(flat=False))
            if found is not None:
                written = first_screen.written(found.layout)
                found = replace(found, layout=written, preview=share.preview(found.layout))
        except Exception:  # the app still comes and shows the page (or its error) as it always has
            log.exception("first screen of %s", path)
            return None
        if found is not None and key:
            cache.cache.set(key, found)
    return found


def _layout_once(page: dict):
    """A page's layout function whose answer, as the JSON the app receives, is kept for the app's page render
    that follows the first screen (the same arguments, reader, language and data version): the server builds a
    view once, not twice. The first screen itself always builds the components (it writes them as HTML)."""
    build = page["layout"]

    def layout(**arguments):
        key = cache.layout_key(page["path"], arguments)
        rendering = has_request_context() and request.path.endswith(cache.CALLBACK_SUFFIX)
        found = cache.cache.get(key) if key and rendering else None
        if found is not None:
            return json.loads(found)
        built = build(**arguments)
        if key and not rendering:
            cache.cache.set(key, to_json(built))
        return built

    layout.portal_once = True
    return layout


def _share_metas(page: first_screen.Page | None) -> str:
    """The link preview of this address (WhatsApp, Telegram, X, ...): the page's title, its view's sentence and an
    image of the exact chart of the view, by absolute addresses."""
    lang = reader.lang()
    title = page.title if page is not None else t("app_title", lang)
    preview = page.preview if page is not None else None
    description = preview.sentence if preview is not None else t("tagline", lang)
    here = request.full_path.rstrip("?")
    tags = [
        ("name", "description", description),
        ("property", "og:site_name", "Satu Data Kaltim"),
        ("property", "og:type", "website"),
        ("property", "og:url", share.absolute(here)),
        ("property", "og:title", title),
        ("property", "og:description", description),
        ("property", "og:locale", "id_ID" if lang == "id" else "en_US"),
        ("name", "twitter:title", title),
        ("name", "twitter:description", description),
    ]
    if preview is not None and preview.chart:
        image = share.absolute(share.og_path(here, cache.data_version()))
        width, height = share.OG_SIZE
        tags += [
            ("property", "og:image", image),
            ("property", "og:image:type", "image/png"),
            ("property", "og:image:width", str(width)),
            ("property", "og:image:height", str(height)),
            ("property", "og:image:alt", title),
            ("name", "twitter:card", "summary_large_image"),
            ("name", "twitter:image", image),
        ]
    else:
        tags.append(("name", "twitter:card", "summary"))
    return "".join(
        f'\n      <meta {kind}="{name}" content="{escape(value, quote=True)}">' for kind, name, value in tags
    )


def _view_address() -> str:
    """The address of the view this request draws: the page's, or the one Dash's router is rendering."""
    if request.method == "POST" and request.path.endswith(cache.CALLBACK_SUFFIX):
        body = request.get_json(silent=True) or {}
        if body.get("output") == cache.PAGES_OUTPUT:
            found = {i.get("property"): i.get("value") for i in body.get("inputs") or [] if isinstance(i, dict)}
            return f"{found.get('pathname') or '/'}{found.get('search') or ''}"
        back = urlsplit(request.referrer or "/")  # a callback that changes the view says its new address itself
        return back.path + (f"?{back.query}" if back.query else "")
    return request.full_path.rstrip("?")


def _page_drawn(path: str) -> first_screen.Page:
    """The page at `path` with this request's query (but the data version), drawn as the app draws it (graphs,
    not light mode's images, the lazy ones too): what the server's images of its charts show. 404 when no page
    answers there."""
    query = {k: v for k, v in request.args.to_dict(flat=False).items() if k != share.VERSION}
    with light.drawn_normally():
        token, every = chart_card.LIGHT_VIEW.set(None), chart_card.LAZY.set(False)  # every graph in the layout
        try:
            page = first_screen.page_at(path.strip("/"), query)  # as Dash's router reads an address
        finally:
            chart_card.LAZY.reset(every)
            chart_card.LIGHT_VIEW.reset(token)
    if page is None:
        abort(404)
    return page


def _image(kind: str, what: str, draw) -> Response:
    """A server-made image, from the cache when this reader's data version has it (`draw()` makes it)."""
    key = cache.image_key(f"{kind}:{what}")
    body = cache.cache.get(key) if key else None
    if body is None:
        body = draw()
        if key:
            cache.cache.set(key, body)
    response = Response(body, mimetype=share.MIMETYPES[kind])
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response


def og_image(view: str) -> Response:
    """/og/<page path>.png?<query>: the link preview's image of a view (its share panel's chart), 1200 x 630."""
    path = "/" if view == share.HOME else f"/{view}"

    def draw() -> bytes:
        page = _page_drawn(path)
        found = page.preview or share.preview(page.layout)
        drawn = share.chart_of(page.layout, found.chart) if found is not None and found.chart else None
        if drawn is None:
            abort(404)
        return share.og_png(drawn.figure)

    return _image("og", request.full_path, draw)


def chart_image(view: str, graph: str, kind: str) -> Response:
    """/grafik/<page path>/<graph id>.svg|png?<query>: one chart of a view drawn on the server (light mode, the
    embed view, a light mode reader's PNG download)."""
    if kind not in ("svg", "png"):
        abort(404)
    path = "/" if view == share.HOME else f"/{view}"

    def draw() -> bytes:
        drawn = share.chart_of(_page_drawn(path).layout, graph)
        if drawn is None:
            abort(404)
        return share.chart_image(drawn, kind)

    return _image(kind, request.full_path, draw)


def embed_view(view: str) -> Response:
    """/sematkan/<page path>?<query>: the view's chart for an agency's website, in a frame of any site."""
    path = f"/{view}"
    page = _page_drawn(path)
    found = share.preview(page.layout)
    drawn = share.chart_of(page.layout, found.chart) if found is not None and found.chart else None
    if drawn is None:
        abort(404)
    query = request.query_string.decode()
    address = path + (f"?{query}" if query else "")
    image = chart_card.image_url(address, found.chart)
    html_text = share.embed_document(drawn, image, share.absolute(address), reader.lang())
    return Response(html_text, mimetype="text/html")


ICONS = [
    ("icon", ' type="image/svg+xml"', "favicon.svg"),
    ("apple-touch-icon", ' sizes="180x180"', "apple-touch-icon.png"),
]


class PortalDash(Dash):
    """Dash whose page says the reader's language in <html lang>, for screen readers and browser translation,
    and which takes the pages' callbacks even when it is not the first app of the process."""

    def interpolate_index(self, **kwargs) -> str:
        page = _first_screen(self.strip_relative_path(request.path)) if has_request_context() else None
        if has_request_context():
            kwargs["metas"] += _share_metas(page)
            if page is not None:
                kwargs["title"] = escape(page.title)
                kwargs["app_entry"] = first_screen.document(shell(page.layout), kwargs["css"], kwargs["app_entry"])
                # The app's scripts no longer hold up the parser: the first screen paints while they load.
                kwargs["scripts"] = kwargs["scripts"].replace("<script src=", "<script defer src=")
                kwargs["renderer"] = kwargs["renderer"].replace(self.renderer, first_screen.deferred(self.renderer))

        # The data grid's script is fetched by the first grid a page draws (assets/grid-loader.js), not by every page.
        kwargs["scripts"], kwargs["metas"] = gridjs.lazy(kwargs["scripts"], kwargs["metas"])
        kwargs["scripts"] = polyfill.dropped(kwargs["scripts"])  # for browsers of before 2018, and slow
        if page is not None and page.waits:  # on a phone the app starts at the reader's first move
            kwargs["scripts"], preloads = first_screen.held_back(kwargs["scripts"])
            kwargs["metas"] += preloads
            kwargs["renderer"] = kwargs["renderer"].replace(
                first_screen.deferred(self.renderer), first_screen.waiting(self.renderer)
            )
        # The portal's own icons beside the favicon.ico Dash finds in assets/: SVG for the tab, PNG for a phone;
        # the installable app's manifest and colour, and the offline banner (web/offline.py).
        kwargs["favicon"] = (
            kwargs.get("favicon", "")
            + "".join(f'\n    <link rel="{rel}"{kind} href="{self.get_asset_url(name)}">' for rel, kind, name in ICONS)
            + offline.HEAD
        )
        if has_request_context():
            kwargs["app_entry"] += offline.banner(reader.lang())
        return super().interpolate_index(**kwargs).replace("<html>", f'<html lang="{reader.lang()}">', 1)

    def csp_hashes(self, hash_algorithm="sha256"):
        return [*super().csp_hashes(hash_algorithm), *first_screen.script_hashes(self.renderer)]

    def _setup_server(self):
        if not self._got_first_request["setup_server"] and _page_callbacks is not None:
            _restore_page_callbacks()
        super()._setup_server()


NOOP_ID = "bench-noop"


def noop(n_clicks) -> str:
    """Echo a click count; bench/scale.py compares figure callbacks with this round trip."""
    return str(n_clicks if isinstance(n_clicks, int) else 0)


# Dash hands the pages' callbacks (`@dash.callback`, run when the pages are imported by the first app) to the
# first app that serves a request, and empties its global lists: they are kept here and put back before each
# app's first request, so every app this process builds (tests build several) has them.
_page_callbacks: tuple[dict, list, list] | None = None


def _keep_page_callbacks() -> None:
    global _page_callbacks
    if _page_callbacks is None:
        _page_callbacks = (
            dict(dash_callbacks.GLOBAL_CALLBACK_MAP),
            list(dash_callbacks.GLOBAL_CALLBACK_LIST),
            list(dash_callbacks.GLOBAL_INLINE_SCRIPTS),
        )


def _restore_page_callbacks() -> None:
    callback_map, callback_list, scripts = _page_callbacks
    dash_callbacks.GLOBAL_CALLBACK_MAP.clear()
    dash_callbacks.GLOBAL_CALLBACK_MAP.update(callback_map)
    dash_callbacks.GLOBAL_CALLBACK_LIST[:] = callback_list
    dash_callbacks.GLOBAL_INLINE_SCRIPTS[:] = scripts


def create_app(settings: Settings | None = None) -> Dash:
    """Build the app from `settings` (default: the environment, read once); pages register from pages/."""
    settings = settings or Settings.from_env()
    security.check_settings(settings)
    audit.configure(settings.audit_log)
    audit.set_request_actor(reader.actor)
    app = PortalDash(
        __name__,
        use_pages=True,
        pages_folder=str(ROOT / "pages"),
        assets_folder=str(ROOT / "assets"),
        title=t("app_title", "id"),
        update_title=None,
        suppress_callback_exceptions=True,
        # The description and the link preview's tags are the page's own (_share_metas), not Dash's.
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
        include_pages_meta=False,
    )
    _keep_page_callbacks()
    export.use_browser(settings.browser_path)
    share.use_base_url(settings.public_url)
    server = app.server
    server.config["PORTAL_SETTINGS"] = settings
    server.secret_key = settings.signing_key
    if settings.trusted_proxies:  # the client address and scheme as the proxies in front of us saw them
        server.wsgi_app = ProxyFix(server.wsgi_app, x_for=settings.trusted_proxies, x_proto=settings.trusted_proxies)
    routes.bind_database(server, settings)
    auth.init_app(server, settings)
    cache.init_app(server, settings)
    security.install(app, settings)
    downloads.init_app(server)
    datapack.init_app(server)
    api.init_app(server, ckan.bp)
    deliveries.init_app(server)
    duedates.init_app(server)
    plotlyjs.init_app(server)
    server.add_url_rule("/og/<path:view>.png", "og_image", og_image)
    server.add_url_rule(f"{chart_card.IMAGE_PATH}/<path:view>/<graph>.<kind>", "chart_image", chart_image)
    server.add_url_rule(f"{share.EMBED_PATH}/<path:view>", "embed_view", embed_view)

    @server.before_request
    def _light_mode():  # every request says whether it draws charts as images (a worker's thread is reused)
        chart_card.LIGHT_VIEW.set(_view_address() if light.wanted() else None)

    offline.init_app(server)
    # Before the response cache: after-request hooks run last-registered first, so the cache keeps plain JSON.
    compression.init_app(server)
    cache.install_response_cache(server)
    routes.init_app(server)
    notfound.init_app(server)
    app.layout = shell
    for page in dash.page_registry.values():
        if callable(page.get("layout")) and not getattr(page["layout"], "portal_once", False):
            page["layout"] = _layout_once(page)
    # A do-nothing callback (no component in any layout): the benchmarks' baseline for one Dash round trip.
    app.callback(Output(NOOP_ID, "title"), Input(NOOP_ID, "n_clicks"), hidden=True)(noop)
    return app
