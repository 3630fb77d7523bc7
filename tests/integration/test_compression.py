"""Compressed transfer: what a phone downloads (plotly.js, Dash's bundles, callback JSON) travels compressed."""

from __future__ import annotations

import gzip
import json

import brotli
import pytest
from backports import zstd

from bench.dash_requests import page_body
from tests.conftest import web_app

PLOTLY = "/_dash-component-suites/plotly/package_data/plotly.min.js"
DECODE = {"gzip": gzip.decompress, "br": brotli.decompress, "zstd": zstd.decompress}


@pytest.fixture
def client(loaded_db):
    return web_app(loaded_db).server.test_client()


@pytest.mark.parametrize("encoding", ["zstd", "br", "gzip"])
def test_cmp001_plotly_js_travels_compressed_and_decodes_to_the_same_bytes(client, encoding):
    plain = client.get(PLOTLY).data
    packed = client.get(PLOTLY, headers={"Accept-Encoding": encoding})
    assert packed.status_code == 200 and packed.headers["Content-Encoding"] == encoding
    assert len(packed.data) < len(plain) / 2.5  # 4.8 MB becomes about 1.4 MB
    assert DECODE[encoding](packed.data) == plain
    again = client.get(PLOTLY, headers={"Accept-Encoding": encoding})  # the compressed copy kept by the worker
    assert again.data == packed.data


def test_cmp002_a_cached_page_render_is_compressed_once_not_twice(client):
    """The response cache keeps plain JSON: a hit is compressed like a miss, and a plain client gets plain JSON."""
    headers = {"Accept-Encoding": "gzip"}
    first = client.post("/_dash-update-component", json=page_body("/"), headers=headers)
    hit = client.post("/_dash-update-component", json=page_body("/"), headers=headers)
    plain = client.post("/_dash-update-component", json=page_body("/"))
    assert first.headers["Content-Encoding"] == hit.headers["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in plain.headers
    assert gzip.decompress(first.data) == gzip.decompress(hit.data) == plain.data
    assert "response" in json.loads(plain.data)


def test_cmp003_a_repeated_answer_is_compressed_once(client, monkeypatch):
    """What the response cache serves is compressed once per worker, not on every request."""
    import flask_compress.flask_compress as fc

    calls = []
    real = fc._compress_data
    monkeypatch.setattr(
        fc, "_compress_data", lambda app, data, algorithm: calls.append(len(data)) or real(app, data, algorithm)
    )
    headers = {"Accept-Encoding": "br"}
    body = page_body("/sektor/pendidikan")
    first = client.post("/_dash-update-component", json=body, headers=headers)
    again = client.post("/_dash-update-component", json=body, headers=headers)
    assert first.data == again.data and brotli.decompress(again.data).startswith(b"{")
    assert len(calls) == 1


def test_cmp010_static_files_travel_compressed_and_a_refused_coding_is_never_used(client):
    """Bootstrap's CSS (a static file, sent as a stream) is compressed for a gzip-only client too; a client that
    refuses gzip (q=0) gets it plain."""
    plain = client.get("/assets/vendor/bootstrap.min.css", headers={"Accept-Encoding": "identity"})
    assert plain.status_code == 200 and "Content-Encoding" not in plain.headers
    zipped = client.get("/assets/vendor/bootstrap.min.css", headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["Content-Encoding"] == "gzip" and len(zipped.data) < len(plain.data) / 4
    assert gzip.decompress(zipped.data) == plain.data
    refused = client.get(PLOTLY, headers={"Accept-Encoding": "gzip;q=0"})
    assert refused.status_code == 200 and "Content-Encoding" not in refused.headers
    chosen = client.get(PLOTLY, headers={"Accept-Encoding": "gzip;q=0, br;q=0.5"})
    assert chosen.headers["Content-Encoding"] == "br"
