"""Compressed responses: the JavaScript bundles and callback JSON travel zstd, brotli or gzip (Flask-Compress).

Dash's own bundles and plotly.js are most of what a phone downloads; compressed they are about a third.
What is compressed once is kept, per worker: the static files under /_dash-component-suites/ and /assets/
(they never change while the server runs), and the answers the response cache serves (portal/cache.py; their
key holds the data version, the reader and the language, so a load makes the old copies unreachable). Other
responses are compressed per request.
"""

from __future__ import annotations

from cachelib import SimpleCache
from flask import Flask, Request, g
from flask_compress import Compress

STATIC_PREFIXES = ("/_dash-component-suites/", "/assets/")


class CompressedCopies:
    """The compressed bytes of the responses `_key` names; a key naming none is neither stored nor found."""

    def __init__(self) -> None:
        self._cache = SimpleCache(threshold=1000, default_timeout=0)

    @staticmethod
    def _named(key: str) -> bool:
        return bool(key.partition(";")[2])  # Flask-Compress prefixes the algorithm: "br;<our key>"

    def get(self, key: str):
        return self._cache.get(key) if self._named(key) else None

    def set(self, key: str, value: bytes) -> None:
        if self._named(key):
            self._cache.set(key, value)


def _key(request: Request) -> str:
    if request.path.startswith(STATIC_PREFIXES):
        # Dash fingerprints its bundles in the path or the query (?v=...): the full path names one file's bytes.
        return f"static:{request.full_path}"
    response_id = g.get("portal_response_id")
    return f"callback:{response_id}" if response_id else ""


def init_app(server: Flask) -> None:
    server.config.setdefault("COMPRESS_ALGORITHM", ["zstd", "br", "gzip"])
    server.config.setdefault("COMPRESS_CACHE_BACKEND", CompressedCopies)
    server.config.setdefault("COMPRESS_CACHE_KEY", _key)
    server.config.setdefault(
        "COMPRESS_MIMETYPES",
        [
            "text/html",
            "text/css",
            "application/javascript",
            "text/javascript",
            "application/json",
            "image/svg+xml",
            "text/csv",
        ],
    )
    Compress(server)
