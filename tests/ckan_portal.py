"""A Satu Data portal as CKAN serves it, on the local test server (tests/etl_fakes.FakeServer), with the
shapes real portals publish: a locale prefix in front of the API, the API only under /api/action/,
relative `_links` that drop the prefix, `_links.next` past the last page, a datastore page that repeats
records, the datastore switched off, resources whose declared format is not what the file is, and fields
with `info`. Requests go over HTTP exactly as the connector sends them in production."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from urllib.parse import urlencode

from tests.etl_fakes import FakeServer

HELP = "https://portal.example/api/3/action/help_show"


def ckan_ok(result) -> tuple[int, dict]:
    return 200, {"help": HELP, "success": True, "result": result}


def ckan_error(status: int, kind: str, message: str) -> tuple[int, dict]:
    return status, {"help": HELP, "success": False, "error": {"__type": kind, "message": message}}


@dataclass
class CkanPortal:
    server: FakeServer
    prefix: str = ""  # a locale prefix such as "/tr": the API answers under it, `_links` drop it
    api_paths: tuple[str, ...] = ("/api/3/action", "/api/action")
    links_api: str = "/api/action"  # what `_links` are written with (no /3/, as some portals do)
    datastore: bool = True  # False: the datastore plugin is off (datastore_search is an unknown action)
    rows_max: int = 32000
    overlap: int = 0  # pages after the first start this many records early (an unstable order)
    overlap_offsets: set[int] | None = None  # ... only the pages asked at these offsets (None: every one)
    search_rows_max: int = 1000  # ckan.search.rows_max: package_search caps `rows` silently
    search_overlap: int = 0  # pages after the first start this many datasets early
    packages: dict[str, dict] = field(default_factory=dict)
    tables: dict[str, list[dict]] = field(default_factory=dict)
    fields: dict[str, list[dict]] = field(default_factory=dict)

    def __post_init__(self):
        for api in self.api_paths:
            base = f"{self.prefix}{api}"
            self.server.route(f"{base}/package_show", self._package_show)
            self.server.route(f"{base}/package_search", self._package_search)
            self.server.route(f"{base}/datastore_search", self._datastore_search)
            self.server.route(f"{base}/status_show", self._status_show)

    @property
    def url(self) -> str:
        """The portal's address as a walidata registers it (with its locale prefix)."""
        return self.server.url + self.prefix

    def dataset(
        self, name: str, title: str, organization: str, resources: list[dict], modified: str = "2024-03-01T08:00:00"
    ) -> dict:
        package = {
            "id": f"pkg-{name}",
            "name": name,
            "title": title,
            "organization": {"name": organization.lower().replace(" ", "-"), "title": organization},
            "metadata_modified": modified,
            "num_resources": len(resources),
            "resources": resources,
        }
        self.packages[name] = package
        return package

    def table(self, resource_id: str, records: list[dict], info: dict | None = None) -> None:
        """A datastore table; `info` gives some columns CKAN's data dictionary entry {label, notes, type_override}."""
        self.tables[resource_id] = [{"_id": i, **r} for i, r in enumerate(records, 1)]
        columns = list(dict.fromkeys(k for r in records for k in r))
        self.fields[resource_id] = [{"id": "_id", "type": "int"}] + [
            {"id": c, "type": "text", **({"info": info[c]} if info and c in info else {})} for c in columns
        ]

    def file(self, path: str, data: bytes, content_type: str) -> str:
        """A resource's file under the portal; returns its absolute URL."""
        self.server.route(f"{self.prefix}{path}", (200, data, content_type))
        return f"{self.url}{path}"

    # --- the actions -------------------------------------------------------------------------------

    def _package_show(self, q):
        package = self.packages.get(q.get("id", ""))
        if package is None:
            return ckan_error(404, "Not Found Error", "Not found")
        return ckan_ok(package)

    def _package_search(self, q):
        rows, start = min(int(q.get("rows", 10)), self.search_rows_max), int(q.get("start", 0))
        if start and self.search_overlap:
            start = max(0, start - self.search_overlap)
        found = sorted(self.packages.values(), key=lambda p: p["name"])
        return ckan_ok(
            {"count": len(found), "results": found[start : start + rows], "facets": {}, "sort": "score desc"}
        )

    def _status_show(self, q):
        extensions = ["stats", "text_view", *(["datastore", "xloader"] if self.datastore else [])]
        return ckan_ok({"ckan_version": "2.9.9", "site_url": self.url, "extensions": extensions})

    def _datastore_search(self, q):
        if not self.datastore:
            return ckan_error(400, "Bad Request", "Bad request - Action name not known: datastore_search")
        rid = q.get("resource_id", "")
        if rid not in self.tables:
            return ckan_error(404, "Not Found Error", f'Not found: Resource "{rid}" was not found.')
        records = self.tables[rid]
        limit, offset = min(int(q.get("limit", 100)), self.rows_max), int(q.get("offset", 0))
        shifted = offset and (self.overlap_offsets is None or offset in self.overlap_offsets)
        start = max(0, offset - self.overlap) if shifted else offset
        links = {
            "start": f"{self.links_api}/datastore_search?{urlencode({'resource_id': rid})}",
            # Written even past the last page, as CKAN does.
            "next": f"{self.links_api}/datastore_search?{urlencode({'offset': offset + limit, 'resource_id': rid})}",
        }
        result = {
            "resource_id": rid,
            "fields": self.fields[rid],
            "records": records[start : start + limit],
            "total": len(records),
            "limit": limit,
            "offset": offset,
            "_links": links,
        }
        return ckan_ok(result)


def xlsx_bytes(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
