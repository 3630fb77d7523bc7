"""Query results cached by data version: a nightly load invalidates everything, nothing stale is served.

The data version is the id of the last successful ETL run (`berhasil` or `sebagian`). A run's row commits
in the same transaction as its data, so the version changes exactly when the data do. Every cache key
holds the version, the function, its arguments and the access classes the call resolves to (a reader who
may see `terbatas` indicators never shares an entry with an anonymous one). The version is read once per
request (one primary-key lookup on a small table); it is read before the data, so an entry can only be
newer than its key, never older.

Backend: flask-caching's SimpleCache (per process) by default, RedisCache when REDIS_URL is set (shared by
every gunicorn worker and app server, and warmed by the ETL after a load: see `warm`). Outside an app
context (the ETL, the CLI, tests of the query layer) calls go straight to the database.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import inspect
import json
import logging

from flask import Flask, current_app, g, has_app_context, has_request_context
from flask_caching import Cache
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from portal import access
from portal.config import DATA_DIR, Settings, load_settings
from portal.vocab import LOADED

log = logging.getLogger(__name__)
cache = Cache()
TIMEOUT = 26 * 3600  # a day and a bit: entries of an old version age out even without a new load
_NONE = ("portal-cache", "None")  # stands for a None result (a plain None reads as a miss)


def config(settings: Settings) -> dict:
    """flask-caching configuration from the settings: Redis when REDIS_URL is set."""
    if settings.REDIS_URL:
        return {
            "CACHE_TYPE": "RedisCache",
            "CACHE_REDIS_URL": settings.REDIS_URL,
            "CACHE_KEY_PREFIX": "portal:",
            "CACHE_DEFAULT_TIMEOUT": TIMEOUT,
        }
    options = {"CACHE_TYPE": settings.CACHE_TYPE, "CACHE_DEFAULT_TIMEOUT": TIMEOUT, "CACHE_THRESHOLD": 2000}
    if settings.CACHE_TYPE == "FileSystemCache":
        options["CACHE_DIR"] = settings.CACHE_DIR or str(DATA_DIR / "cache")
    return options


def init_app(server: Flask, settings: Settings | None = None) -> None:
    """Attach the query cache to the Flask server."""
    cache.init_app(server, config=config(settings or load_settings()))


def data_version() -> int:
    """Id of the last successful ETL run (0 when nothing was loaded); read once per request."""
    if has_request_context() and "portal_data_version" in g:
        return g.portal_data_version
    from portal.db import get_engine
    from portal.models import EtlRun

    with get_engine().connect() as conn:
        version = conn.execute(select(func.max(EtlRun.id)).where(EtlRun.status.in_(LOADED))).scalar_one() or 0
    if has_request_context():
        g.portal_data_version = version
    return version


def scope() -> str | None:
    """The database and its data version: the prefix of every key (tests and tools may switch DATABASE_URL).

    None when the database does not answer: nothing is cached or served from the cache then, and the caller
    runs as if there were no cache, so pages show their own "database unavailable" notice.
    """
    url = load_settings().DATABASE_URL
    try:
        version = data_version()
    except SQLAlchemyError:
        return None
    return f"{hashlib.sha256(url.encode()).hexdigest()[:12]}:{version}"


def _active() -> bool:
    return has_app_context() and current_app.extensions.get("cache", {}).get(cache) is not None


def cached(fn):
    """Cache a query function's result under (data version, function, arguments, resolved classes)."""
    signature = inspect.signature(fn)
    name = f"{fn.__module__}.{fn.__qualname__}"

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        if not _active():
            return fn(*args, **kwargs)
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        if "classes" in bound.arguments:
            # None (or the default) means "the current reader's classes": resolve it here, so the key says
            # which classes the result holds and the function receives the same explicit value.
            bound.arguments["classes"] = access.resolve(bound.arguments["classes"])
        prefix = scope()
        if prefix is None:
            return fn(*bound.args, **bound.kwargs)
        key = f"q:{prefix}:{name}:{bound.arguments!r}"
        value = cache.get(key)
        if value is None:
            value = fn(*bound.args, **bound.kwargs)
            cache.set(key, _NONE if value is None else value)
        return None if isinstance(value, tuple) and value == _NONE else value

    wrapper.uncached = fn
    return wrapper


def shared(settings: Settings) -> bool:
    """Whether every worker (and the ETL) sees the same cache: Redis, or a cache folder on this server."""
    return bool(settings.REDIS_URL) or settings.CACHE_TYPE == "FileSystemCache"


def _page_request(path: str) -> dict:
    """The pages callback request the browser sends to render `path` (no query string)."""
    location = [{"id": "_pages_location", "property": p, "value": v} for p, v in (("pathname", path), ("search", ""))]
    return {
        "output": PAGES_OUTPUT,
        "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
        "inputs": location,
        "changedPropIds": ["_pages_location.pathname", "_pages_location.search"],
        "state": [],
    }


def warm(settings: Settings | None = None) -> int:
    """After a load: render the default views into a shared cache, as an anonymous reader in each language.

    The renders fill both the response cache and the query cache, so the first reader after a nightly load
    gets cached answers. Returns how many views were rendered. With the per-process SimpleCache the ETL cannot
    reach the app servers' memory, so nothing is done: each worker fills its own cache on first use.
    """
    settings = settings or load_settings()
    if not shared(settings):
        log.info("cache warm-up skipped: the cache is per process (set REDIS_URL to share and warm it)")
        return 0
    import app as portal_app  # the app the servers run (pages register once per process)
    from portal import queries
    from portal.i18n import COOKIE, LANGS

    paths = ["/", *(f"/sektor/{code}" for code in queries.sectors()["code"]), "/wilayah"]
    done = 0
    with bound(portal_app.server, settings):
        client = portal_app.server.test_client()
        for lang in LANGS:
            client.set_cookie(COOKIE, lang)
            for path in paths:
                response = client.post(CALLBACK_SUFFIX, json=_page_request(path))
                done += response.status_code == 200
    return done


@contextlib.contextmanager
def bound(server: Flask, settings: Settings):
    """The server's cache switched to the one `settings` describe for a while (warm-up, tests), then restored."""
    caches = server.extensions.setdefault("cache", {})
    saved = caches.get(cache)
    init_app(server, settings)
    try:
        yield server
    finally:
        if saved is None:
            caches.pop(cache, None)
        else:
            caches[cache] = saved


# --- figure responses ----------------------------------------------------------------------------------
# Building Plotly figures, not SQL, sets the speed of a callback. A page render (the pages callback) and a
# callback that only outputs figures are pure functions of their request body, the data, the reader and
# the language, so their JSON answers are cached under all four. Pages with live or per-form content
# (sign-in with its CSRF token, the ETL status) are never cached.
PAGES_OUTPUT = ".._pages_content.children..._pages_store.data.."
UNCACHED_PATHS = ("/masuk", "/status")
CALLBACK_SUFFIX = "/_dash-update-component"


def _response_key() -> str | None:
    """The cache key of this callback request, or None when its answer must not be cached."""
    from flask import request
    from flask_login import current_user

    from portal.i18n import current_lang

    if request.method != "POST" or not request.path.endswith(CALLBACK_SUFFIX):
        return None
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("output"), str):
        return None
    output = body["output"]
    if output == PAGES_OUTPUT:
        inputs = body.get("inputs") or [{}]
        path = inputs[0].get("value") if isinstance(inputs[0], dict) else None
        if not isinstance(path, str) or path.startswith(UNCACHED_PATHS):
            return None
    elif not all(part.endswith(".figure") for part in output.strip(".").split("...")):
        return None
    reader = current_user.get_id() if current_user and current_user.is_authenticated else "-"
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"))
    digest = hashlib.sha256(canonical.encode()).hexdigest()
    prefix = scope()
    if prefix is None:
        return None
    return f"r:{prefix}:{reader}:{access.current_role()}:{current_lang()}:{digest}"


def install_response_cache(server: Flask) -> None:
    """Serve repeated figure callbacks from the cache; install after the request checks (security.install)."""

    @server.before_request
    def _cached_response():
        from flask import Response

        key = _response_key()
        if key is None:
            return None
        g.portal_response_id = key  # also names the compressed copy of the answer (portal/compression.py)
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
