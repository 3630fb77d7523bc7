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
from portal.config import Settings, load_settings

log = logging.getLogger(__name__)
cache = Cache()
OK = ("berhasil", "sebagian")
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
    return {"CACHE_TYPE": settings.CACHE_TYPE, "CACHE_DEFAULT_TIMEOUT": TIMEOUT, "CACHE_THRESHOLD": 2000}


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
        version = conn.execute(select(func.max(EtlRun.id)).where(EtlRun.status.in_(OK))).scalar_one() or 0
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


def warm(settings: Settings | None = None) -> int:
    """After a load: fill a shared cache (Redis) with the default views' queries; returns how many were run.

    With the per-process SimpleCache the ETL cannot reach the app servers' memory, so nothing is done: each
    worker fills its own cache on the first request of the new data version.
    """
    settings = settings or load_settings()
    if not settings.REDIS_URL:
        log.info("cache warm-up skipped: the cache is per process (set REDIS_URL to share and warm it)")
        return 0
    from portal import queries

    server = Flask("portal-cache-warm")
    init_app(server, settings)
    done = 0
    with server.app_context():
        queries.sectors()
        queries.regions()
        done += 2
        for classes in (access.PUBLIC, access.ALL_CLASSES):
            catalogue = queries.catalogue(classes)
            headline = catalogue.loc[catalogue["headline"].notna(), "code"].tolist()
            queries.headline_observations(classes=classes)
            queries.targets(headline)
            queries.headline_regional(classes)
            for code in headline[:1]:
                queries.regional_values(code, classes)
            done += 5
    return done


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
