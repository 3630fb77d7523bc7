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
import inspect
import logging

from flask import Flask, current_app, g, has_app_context, has_request_context
from flask_caching import Cache
from sqlalchemy import func, select

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
        key = f"q:{data_version()}:{name}:{bound.arguments!r}"
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
