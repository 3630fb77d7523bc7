"""Fuzz every registered callback of a running gunicorn with tampered payloads (a fixed, seeded generator).

No answer may be a 500, and an anonymous reader's answers may never carry restricted data.
"""

from __future__ import annotations

import itertools
import os
import random
from pathlib import Path

import httpx
import pytest

from bench.dash_requests import CALLBACK_PATH, callback_body, page_body
from tests.accounts import restricted_markers, serve, stop_server

pytestmark = pytest.mark.security

SEED = 20261128
SQL = "6472' OR '1'='1'; DROP TABLE observation; --"
NASTY = [
    None,
    "",
    "x" * 5000,
    SQL,
    "../../../../etc/passwd",
    "<script>alert(1)</script>",
    "investasi_proyek",
    "transaksi_layanan_digital",
    "2024-Q5",
    "99999",
    0,
    -1,
    10**20,
    1.5,
    True,
    [],
    ["6472", "6471"],
    ["investasi_proyek", "transaksi_layanan_digital"],
    [SQL] * 3,
    ["6472"] * 900,
    [[["deep"]]],
    {"a": 1},
    {"type": "Div", "props": {"children": "x"}},
]
SEARCHES = [
    "",
    "?wilayah=" + SQL,
    "?indikator=investasi_proyek",
    "?indikator=transaksi_layanan_digital&wilayah=6472",
    "?dari=abc&sampai=-5",
    "?dari=1900&sampai=9999",
    "?wilayah=" + ",".join(["6472"] * 500),
    "?sektor=investasi&galat=<script>",
    "?next=https://evil.example",
    "?%00=%ff",
]
RESTRICTED_PATHS = ["/indikator/investasi_proyek", "/indikator/transaksi_layanan_digital"]


@pytest.fixture(scope="module")
def fuzz_server(request, tmp_path_factory):
    """gunicorn on a loaded SQLite database, and the app's callback map as the server registers it."""
    from tests.conftest import loaded_database, web_app

    url = loaded_database("sqlite", request, tmp_path_factory)
    app = web_app(url)
    app.server.test_client().get("/")  # registers the pages router like the server's first request does
    proc, base = serve(url, healthy=False)
    yield base, url, dict(app.callback_map)
    stop_server(proc)


def _page_paths() -> list[str]:
    import dash

    paths = []
    for page in dash.page_registry.values():
        template = page.get("path_template")
        if template:
            # Fill every <variable> with a restricted code, a nasty value and a plausible one.
            for value in ("investasi_proyek", SQL, "6472", "kemiskinan", "x" * 300):
                path = template
                for part in template.split("<")[1:]:
                    path = path.replace("<" + part.split(">")[0] + ">", value)
                paths.append(path)
        else:
            paths.append(page["path"])
    return sorted(set(paths + RESTRICTED_PATHS + ["/tidak-ada", "/status", "/%2e%2e/etc/passwd"]))


# Nasty values tried per argument besides None, drawn by the seeded generator: every value still meets every kind
# of argument many times over the app's callbacks, at a third of the requests of trying all of them everywhere.
PER_ARGUMENT = 8
SEARCHES_PER_PATH = 3


def _payloads(callback_map: dict, rng: random.Random):
    """(name, body) pairs: each argument of each callback set to nasty values in turn, plus random mixes."""
    for key, spec in sorted(callback_map.items()):
        n_in, n_state = len(spec.get("inputs", [])), len(spec.get("state", []))
        slots = n_in + n_state
        for position in range(slots):
            for value in [None, *rng.sample(NASTY[1:], PER_ARGUMENT)]:
                values = [None] * slots
                values[position] = value
                yield f"{key}#{position}={str(value)[:20]}", callback_body(key, spec, values[:n_in], values[n_in:])
        for i in range(4):
            values = [rng.choice(NASTY) for _ in range(slots)]
            yield f"{key}#mix{i}", callback_body(key, spec, values[:n_in], values[n_in:])


def _check(response: httpx.Response, name: str, markers: list[str], failures: list[str]) -> None:
    if response.status_code >= 500:
        failures.append(f"{name}: HTTP {response.status_code} {response.text[:200]}")
    if "Traceback" in response.text:
        failures.append(f"{name}: traceback in the response")
    leaked = [m for m in markers if m in response.text]
    if leaked:
        failures.append(f"{name}: restricted data {leaked} in the response")


def _page_payloads(rng: random.Random):
    """(name, body) pairs of the pages' render: a restricted page with every tampered search, others a seeded few."""
    for path in _page_paths():
        searches = SEARCHES if path in RESTRICTED_PATHS else ["", *rng.sample(SEARCHES[1:], SEARCHES_PER_PATH)]
        for search in searches:
            yield f"page {path}{search}", page_body(path, search)


def test_fuz001_every_callback_survives_tampered_payloads_without_leaks(fuzz_server):
    base, _url, callback_map = fuzz_server
    markers = restricted_markers()
    names = [m for m in markers if "_" not in m]  # names only: a code the request itself sent may be echoed
    rng = random.Random(SEED)
    failures: list[str] = []
    count = 0
    with httpx.Client(base_url=base, timeout=60) as client:
        for name, body in itertools.chain(_payloads(callback_map, rng), _page_payloads(rng)):
            sent_restricted = "investasi_proyek" in str(body) or "transaksi_layanan_digital" in str(body)
            _check(client.post(CALLBACK_PATH, json=body), name, names if sent_restricted else markers, failures)
            count += 1
    assert count > 200
    Path(os.environ.get("FUZZ_REPORT", os.devnull)).write_text("\n".join(failures))
    assert failures == [], "\n".join(failures[:40])


def test_fuz002_raw_requests_with_broken_bodies(fuzz_server):
    base, _url, callback_map = fuzz_server
    key, spec = next(iter(sorted(callback_map.items())))
    good = callback_body(key, spec, [None] * len(spec["inputs"]), [None] * len(spec.get("state", [])))
    bodies = [
        b"",
        b"null",
        b"[]",
        b'"x"',
        b"{",
        b"\xff\xfe",
        b'{"output": null}',
        b'{"output": "' + key.encode() + b'", "inputs": {}}',
        b'{"output": "' + key.encode() + b'", "inputs": [' + b"1," * 20000 + b"1]}",
    ]
    with httpx.Client(base_url=base, timeout=60) as client:
        for body in bodies:
            response = client.post(CALLBACK_PATH, content=body, headers={"Content-Type": "application/json"})
            assert 400 <= response.status_code < 500, (body[:40], response.status_code)
            assert "Traceback" not in response.text
        assert client.post(CALLBACK_PATH, content=b"a=1", headers={"Content-Type": "text/plain"}).status_code == 400
        assert client.post(CALLBACK_PATH, json=good).status_code < 500
        big = client.post(
            CALLBACK_PATH, content=b"{" + b" " * 2_000_000 + b"}", headers={"Content-Type": "application/json"}
        )
        assert big.status_code == 413
