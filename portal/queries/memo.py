"""Query results memoised by data version, when a cache backend is installed (the web app installs one).

A key holds the backend's scope (the database and its data version: a nightly load invalidates
everything, nothing stale is served), the function and its arguments, the reader's classes included,
so a reader who may see `terbatas` indicators never shares an entry with an anonymous one. Without a
backend (the ETL, the command-line tools, tests of the query layer) calls go straight to the database.
"""

from __future__ import annotations

import functools
import inspect
from typing import Any, Protocol


class Backend(Protocol):
    def scope(self) -> str | None:
        """The key prefix now, or None when nothing may be cached (no app, the database does not answer)."""

    def get(self, key: str) -> Any: ...

    def set(self, key: str, value: Any) -> None: ...


_backend: Backend | None = None
_NONE = ("portal-cache", "None")  # stands for a None result (a plain None reads as a miss)


def install(backend: Backend | None) -> None:
    """Use `backend` for every memoised query function of this process (None: no caching)."""
    global _backend
    _backend = backend


def memoised(fn):
    """Cache a query function's result under (scope, function, arguments)."""
    signature = inspect.signature(fn)
    name = f"{fn.__module__}.{fn.__qualname__}"

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        backend = _backend
        prefix = backend.scope() if backend is not None else None
        if prefix is None:
            return fn(*args, **kwargs)
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        key = f"q:{prefix}:{name}:{bound.arguments!r}"
        value = backend.get(key)
        if value is None:
            value = fn(*bound.args, **bound.kwargs)
            backend.set(key, _NONE if value is None else value)
        return None if isinstance(value, tuple) and value == _NONE else value

    wrapper.uncached = fn
    return wrapper
