"""Compressed responses: the JavaScript bundles and callback JSON travel zstd, brotli or gzip (Flask-Compress).

Dash's own bundles and plotly.js are most of what a phone downloads; compressed they are about a third.
What is compressed once is kept, per worker: the static files under /_dash-component-suites/ and /assets/
(they never change while the server runs), and the answers the response cache serves (web/cache.py; their
key holds the data version, the reader and the language, so a load makes the old copies unreachable). Other
responses are compressed per request.
"""

from __future__ import annotations

from cachelib import SimpleCache
from flask import Flask, Request, g, request
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


def _accepted(header: str) -> str:
    """Accept-Encoding without the codings the client refuses (`gzip;q=0`): Flask-Compress would pick one."""
    kept = []
    for part in header.split(","):
        coding, _, params = part.partition(";")
        quality = params.strip().removeprefix("q=") if params.strip().startswith("q=") else "1"
        try:
            refused = float(quality) <= 0
        except ValueError:
            refused = False
        if coding.strip() and not refused:
            kept.append(part.strip())
    return ", ".join(kept)


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

    inner = server.wsgi_app

    def honour_refusals(environ, start_response):
        if environ.get("HTTP_ACCEPT_ENCODING"):
            environ["HTTP_ACCEPT_ENCODING"] = _accepted(environ["HTTP_ACCEPT_ENCODING"])
        return inner(environ, start_response)

    server.wsgi_app = honour_refusals

    @server.after_request  # runs before Compress's own (after-request hooks run last-registered first)
    def _whole_static_files(response):
        # A static file is sent as a stream, which Flask-Compress compresses only with its streaming codings
        # (no gzip): read it whole, so it is compressed like the rest and kept compressed once per worker.
        if response.direct_passthrough and request.path.startswith(STATIC_PREFIXES) and response.status_code == 200:
            response.direct_passthrough = False
            response.set_data(response.get_data())
        return response
