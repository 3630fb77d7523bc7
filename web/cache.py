"""The web app's caches: query results and whole callback answers, both keyed by data version.

The data version is the id of the last successful ETL run (`berhasil` or `sebagian`). A run's row commits
in the same transaction as its data, so the version changes exactly when the data do; it is read once per
request (one primary-key lookup on a small table), before the data, so an entry can only be newer than its
key, never older.

Backend: flask-caching's SimpleCache (per process) by default, RedisCache when REDIS_URL is set (shared by
every gunicorn worker and app server, and warmed after each nightly load: see web/warm.py),
FileSystemCache with CACHE_DIR. The query layer memoises through `QueryCache` (portal/queries/memo.py).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging

from flask import Flask, Response, current_app, g, has_app_context, has_request_context, request
from flask_caching import Cache
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from portal.access import Reader
from portal.db import current_url, get_engine
from portal.models import EtlRun
from portal.queries import memo
from portal.settings import DATA_DIR, Settings
from portal.vocab import LOADED
from web import light, reader

log = logging.getLogger(__name__)
cache = Cache()
TIMEOUT = 26 * 3600  # a day and a bit: entries of an old version age out even without a new load


def config(settings: Settings) -> dict:
    """flask-caching configuration from the settings: Redis when REDIS_URL is set."""
    if settings.redis_url:
        return {
            "CACHE_TYPE": "RedisCache",
            "CACHE_REDIS_URL": settings.redis_url,
            "CACHE_KEY_PREFIX": "portal:",
            "CACHE_DEFAULT_TIMEOUT": TIMEOUT,
        }
    options = {"CACHE_TYPE": settings.cache_type, "CACHE_DEFAULT_TIMEOUT": TIMEOUT, "CACHE_THRESHOLD": 2000}
    if settings.cache_type == "FileSystemCache":
        options["CACHE_DIR"] = settings.cache_dir or str(DATA_DIR / "cache")
    return options


def shared(settings: Settings) -> bool:
    """Whether every worker (and the warm-up) sees the same cache: Redis, or a cache folder on this server."""
    return bool(settings.redis_url) or settings.cache_type == "FileSystemCache"


def data_version() -> int:
    """Id of the last successful ETL run (0 when nothing was loaded); read once per request."""
    if has_request_context() and "portal_data_version" in g:
        return g.portal_data_version
    with get_engine().connect() as conn:
        version = conn.execute(select(func.max(EtlRun.id)).where(EtlRun.status.in_(LOADED))).scalar_one() or 0
    if has_request_context():
        g.portal_data_version = version
    return version


def scope() -> str | None:
    """The database and its data version: the prefix of every key.

    None when the database does not answer: nothing is cached or served from the cache then, and the caller
    runs as if there were no cache, so pages show their own "database unavailable" notice.
    """
    try:
        version = data_version()
    except SQLAlchemyError:
        return None
    return f"{hashlib.sha256(current_url().encode()).hexdigest()[:12]}:{version}"


def _active() -> bool:
    return has_app_context() and current_app.extensions.get("cache", {}).get(cache) is not None


class QueryCache:
    """The query layer's memo backend: this app's cache, inside one of its requests or app contexts."""

    def scope(self) -> str | None:
        return scope() if _active() else None

    def get(self, key: str):
        return cache.get(key)

    def set(self, key: str, value) -> None:
        cache.set(key, value)


def init_app(server: Flask, settings: Settings) -> None:
    """Attach the cache to the Flask server and let the query layer memoise through it."""
    cache.init_app(server, config=config(settings))
    memo.install(QueryCache())


@contextlib.contextmanager
def bound(server: Flask, settings: Settings):
    """The server's cache switched to the one `settings` describe for a while (warm-up, tests), then restored."""
    caches = server.extensions.setdefault("cache", {})
    saved = caches.get(cache)
    cache.init_app(server, config=config(settings))
    try:
        yield server
    finally:
        if saved is None:
            caches.pop(cache, None)
        else:
            caches[cache] = saved


# --- callback answers ------------------------------------------------------------------------------------
# Building Plotly figures, not SQL, sets the speed of a callback. A page render (the pages callback) and a
# callback that only outputs figures are pure functions of their request body, the data, the reader and
# the language, so their JSON answers are cached under all four. Pages with live or per-form content
# (sign-in with its anti-forgery token, the ETL status) are never cached.
PAGES_OUTPUT = ".._pages_content.children..._pages_store.data.."
# The meeting pages and the workflow's pages (drafts, forms with the anti-forgery token) are never cached either.
UNCACHED_PAGES = ("masuk", "status", "rapat", "tindak-lanjut", "kirim", "kiriman", "instansi")
CALLBACK_SUFFIX = "/_dash-update-component"
# Outputs that are figures: a graph's figure, and a lazy chart's room filled with its graph (pages/_charts.py).
FIGURE_OUTPUTS = (".figure", '"type":"chart-slot"}.children')


def uncached_page(path: str) -> bool:
    """Whether `path` routes to a page that is never cached, as Dash's router reads it (//masuk is /masuk)."""
    return path.strip("/").split("/")[0].lower() in UNCACHED_PAGES


def response_key() -> str | None:
    """The cache key of this callback request, or None when its answer must not be cached."""
    if request.method != "POST" or not request.path.endswith(CALLBACK_SUFFIX):
        return None
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("output"), str):
        return None
    output = body["output"]
    if output == PAGES_OUTPUT:
        inputs = body.get("inputs") or [{}]
        path = inputs[0].get("value") if isinstance(inputs[0], dict) else None
        if not isinstance(path, str) or uncached_page(path):
            return None
    elif not all(part.endswith(FIGURE_OUTPUTS) for part in output.strip(".").split("...")):
        return None
    return _reader_key("r", json.dumps(body, sort_keys=True, separators=(",", ":")))


def _reader_key(kind: str, what: str) -> str | None:
    """A key for `what` as this reader (user, role, language) sees it in this data version; None without one."""
    now = reader.current()
    if now.drafts is not None:
        return None  # a reader who may see drafts sees their stage badges: answers change without a new load
    prefix = scope()
    if prefix is None:
        return None
    who = current_user.get_id() if current_user and current_user.is_authenticated else "-"
    digest = hashlib.sha256(what.encode()).hexdigest()
    mode = "ringan" if light.wanted() else "penuh"  # light mode draws charts as images: another answer
    return f"{kind}:{prefix}:{who}:{now.role}:{now.lang}:{mode}:{digest}"


def image_key(what: str) -> str | None:
    """The cache key of a server-made chart image of `what` (its kind, size and view address), as this reader
    sees it in this data version; None when it must not be cached."""
    return _reader_key("img", what) if _active() else None


def layout_key(page_path: str, arguments: dict) -> str | None:
    """The cache key of a page's layout called with `arguments` (its address's variables and query), shared by
    the first screen in the HTML and the app's page render that follows it; None when it must not be cached."""
    if not _active() or not has_request_context() or uncached_page(page_path):
        return None
    return _reader_key("layout", json.dumps([page_path, arguments], sort_keys=True, default=str))


def first_screen_key(full_path: str) -> str | None:
    """The cache key of a page's first screen (its layout as HTML) at `full_path` (path and query), or None when
    it must not be cached (the pages whose callback answer is not cached either)."""
    if not _active() or uncached_page(full_path.split("?", 1)[0]):
        return None
    return _reader_key("fs", full_path)


# --- open data API answers -----------------------------------------------------------------------------
# An API answer is a pure function of its address (path and query), the data and the reader's access: the
# values of one indicator for every region (a thousand records) are rebuilt and encoded in tens of
# milliseconds, served from the cache in one lookup. Larger answers (a full page of 10,000 rows) are built
# each time rather than crowd out the rest.
API_ANSWER_MAX = 1024 * 1024  # bytes of an answer kept


def api_key(who: Reader, full_path: str) -> str | None:
    """The cache key of the API's answer at `full_path` for reader `who` (a token's holder or the request's
    reader) in this data version; None when it must not be cached (no cache, no data version, a reader who
    may see drafts)."""
    if not _active() or who.drafts is not None:
        return None
    prefix = scope()
    if prefix is None:
        return None
    digest = hashlib.sha256(full_path.encode()).hexdigest()
    return f"api:{prefix}:{who.role}:{who.agency}:{who.lang}:{','.join(who.classes)}:{digest}"


def api_answer(key: str | None, build) -> Response:
    """The API's answer under `key`: from the cache, else `build()` (stored when it is a 200 of at most
    API_ANSWER_MAX bytes). The compressed copy of a stored answer is kept too (web/compression.py)."""
    if key is None:
        return build()
    g.portal_response_id = key
    hit = cache.get(key)
    if hit is not None:
        body, mimetype, headers = hit
        return Response(body, mimetype=mimetype, headers=headers)
    response = build()
    body = response.get_data()
    if response.status_code == 200 and len(body) <= API_ANSWER_MAX:
        kept = [(k, v) for k, v in response.headers.items() if k in ("Link", "Content-Disposition")]
        cache.set(key, (body, response.mimetype, kept))
    else:
        g.pop("portal_response_id", None)  # nothing stored: its compressed copy is not kept either
    return response


def install_response_cache(server: Flask) -> None:
    """Serve repeated callback answers from the cache; install after the request checks (web/security.py)."""

    @server.before_request
    def _cached_response():
        key = response_key()
        if key is None:
            return None
        g.portal_response_id = key  # also names the compressed copy of the answer (web/compression.py)
        body = cache.get(key)
        if body is not None:
            return Response(body, mimetype="application/json")
        g.portal_response_key = key
        return None

    @server.after_request
    def _store_response(response):
        key = g.pop("portal_response_key", None)
        if key and response.status_code == 200 and response.mimetype == "application/json":
            cache.set(key, response.get_data())
        return response
