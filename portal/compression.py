"""Compressed responses: the JavaScript bundles and callback JSON travel zstd, brotli or gzip (Flask-Compress).

Dash's own bundles and plotly.js (4.8 MB) are most of what a phone downloads; compressed they are about a
third. Static files under /_dash-component-suites/ and /assets/ never change while the server runs, so each is
compressed once per worker and kept; page and callback responses depend on the reader and are compressed per
request (zstd level 3 costs about a millisecond for a 100 kB callback answer).
"""

from __future__ import annotations

from cachelib import SimpleCache
from flask import Flask, Request
from flask_compress import Compress

STATIC_PREFIXES = ("/_dash-component-suites/", "/assets/")


class StaticOnlyCache:
    """Keeps the compressed bytes of static files only; any other key is neither stored nor found."""

    def __init__(self) -> None:
        self._cache = SimpleCache(threshold=200, default_timeout=0)

    @staticmethod
    def _static(key: str) -> bool:
        return key.partition(";")[2].startswith(STATIC_PREFIXES)

    def get(self, key: str):
        return self._cache.get(key) if self._static(key) else None

    def set(self, key: str, value: bytes) -> None:
        if self._static(key):
            self._cache.set(key, value)


def _key(request: Request) -> str:
    # Dash fingerprints its bundles in the path or the query (?v=...), so the full path names one file's bytes.
    return request.full_path


def init_app(server: Flask) -> None:
    server.config.setdefault("COMPRESS_ALGORITHM", ["zstd", "br", "gzip"])
    server.config.setdefault("COMPRESS_CACHE_BACKEND", StaticOnlyCache)
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
