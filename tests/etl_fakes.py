"""Local fakes of the ETL's remote sources: an HTTP server on 127.0.0.1 and payloads shaped like the
real services' answers (CKAN action API, BPS WebAPI list/model/data, a paged JSON REST API)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest

REGIONS = ["6401", "6402", "6403", "6404", "6405", "6409", "6411", "6471", "6472", "6474"]


class FakeServer:
    """Routes path -> handler(query) returning (status, body bytes or JSON-able[, content type]); records
    every request."""

    def __init__(self):
        self.routes: dict[str, object] = {}
        self.requests: list[tuple[str, dict, dict]] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's naming
                url = urlparse(self.path)
                query = {k: v[-1] for k, v in parse_qs(url.query).items()}
                fake.requests.append((url.path, query, dict(self.headers)))
                route = fake.routes.get(url.path)
                answer = route(query) if callable(route) else (404, b"<html><body>Not Found</body></html>", "text/html")
                status, body, content_type = (*answer, "application/json")[:3]
                data = body if isinstance(body, bytes) else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def route(self, path: str, handler) -> None:
        self.routes[path] = handler if callable(handler) else (lambda q, h=handler: h)

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(name="fake_http")
def fake_http_fixture():
    server = FakeServer()
    yield server
    server.close()


def serve_ckan(server: FakeServer, records: list[dict], rows_max: int = 32000, dataset: str = "kemiskinan-kabkota"):
    """CKAN's package_show and datastore_search; like CKAN, no limit means 100 and a larger limit
    than rows_max is silently capped."""
    resource = {"id": "res-1", "name": "data", "datastore_active": True, "format": "CSV"}
    server.route(
        "/api/3/action/package_show",
        lambda q: (
            (200, {"help": "...", "success": True, "result": {"name": dataset, "resources": [resource]}})
            if q.get("id") == dataset
            else (
                404,
                {"help": "...", "success": False, "error": {"message": "Not found", "__type": "Not Found Error"}},
            )
        ),
    )

    def search(q):
        limit = min(int(q.get("limit", 100)), rows_max)
        offset = int(q.get("offset", 0))
        page = records[offset : offset + limit]
        fields = [{"id": "_id", "type": "int"}] + [{"id": k, "type": "text"} for k in records[0] if k != "_id"]
        result = {
            "resource_id": "res-1",
            "fields": fields,
            "records": page,
            "total": len(records),
            "limit": limit,
            "offset": offset,
            "_links": {"start": "/api/3/action/datastore_search?resource_id=res-1"},
        }
        return 200, {"help": "...", "success": True, "result": result}

    server.route("/api/3/action/datastore_search", search)


def ckan_records(n_years: int = 3) -> list[dict]:
    """Rows as a Satu Data portal publishes them: one dataset = one measure, per kab/kota per year."""
    out, i = [], 1
    for year in range(2021, 2021 + n_years):
        for j, code in enumerate(REGIONS):
            out.append(
                {
                    "_id": i,
                    "kode_provinsi": "64",
                    "nama_provinsi": "KALIMANTAN TIMUR",
                    "kode_kabupaten_kota": code,
                    "nama_kabupaten_kota": f"KAB/KOTA {code}",
                    "jumlah_penduduk_miskin": str(10000 + 100 * j + year % 100),
                    "satuan": "JIWA",
                    "tahun": year,
                }
            )
            i += 1
    return out


def bps_payload(var: int = 1234, values: dict | None = None) -> dict:
    """A BPS WebAPI list/model/data answer: datacontent keyed vervar+var+turvar+tahun+turtahun."""
    vervar = [{"val": int(c), "label": f"Label {c}"} for c in REGIONS] + [{"val": 6400, "label": "Kalimantan Timur"}]
    tahun = [{"val": 123, "label": "2023"}, {"val": 124, "label": "2024"}]
    turtahun = [{"val": 1, "label": "Semester 1 (Maret)"}, {"val": 2, "label": "Semester 2 (September)"}]
    if values is None:
        values = {}
        for v in vervar:
            for t in tahun:
                for s in turtahun:
                    values[f"{v['val']}{var}0{t['val']}{s['val']}"] = round(5 + (v["val"] % 97) / 10 + s["val"] / 10, 2)
    return {
        "status": "OK",
        "data-availability": "available",
        "last_update": "2025-01-15 09:00:00",
        "subject": [{"val": 23, "label": "Kemiskinan dan Ketimpangan"}],
        "var": [{"val": var, "label": "Persentase Penduduk Miskin", "unit": "Persen", "decimal": "2"}],
        "turvar": [{"val": 0, "label": "Tidak ada"}],
        "labelvervar": "Kabupaten/Kota",
        "vervar": vervar,
        "tahun": tahun,
        "turtahun": turtahun,
        "datacontent": values,
    }
