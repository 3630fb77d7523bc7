"""CKAN, the engine under Indonesia's Satu Data portals: package_show, then datastore_search pages.

datastore_search answers 100 records when no limit is given and silently caps a larger limit at
the server's `ckan.datastore.search.rows_max`, so the offset always advances by the number of
records actually received, and paging stops at `total` (or at an empty page).

Registry options: dataset (package id or name), resource (id or name; default: the first resource
with an active datastore), page_size (default 100), fields / constants (see etl.sources.fields),
api_key_env (optional: the variable holding a key for private datasets).
"""

from __future__ import annotations

import os

from etl.http import Client, FetchError
from etl.load import Delivery
from etl.sources.fields import records_frame

MAX_PAGES = 100_000


def _result(payload: object, action: str) -> dict:
    if not isinstance(payload, dict) or "success" not in payload:
        raise FetchError(f"jawaban {action} bukan jawaban CKAN / the {action} answer is not a CKAN answer")
    if not payload["success"]:
        error = payload.get("error", {})
        raise FetchError(f"CKAN {action} gagal / failed: {error}")
    return payload["result"]


def _resource(package: dict, wanted: str | None) -> dict:
    resources = package.get("resources", [])
    if wanted:
        for r in resources:
            if wanted in (r.get("id"), r.get("name")):
                return r
        names = ", ".join(str(r.get("name") or r.get("id")) for r in resources)
        raise FetchError(
            f"sumber daya '{wanted}' tidak ada di dataset '{package.get('name')}' (ada: {names}) / "
            f"resource '{wanted}' is not in dataset '{package.get('name')}' (there are: {names})"
        )
    for r in resources:
        if r.get("datastore_active"):
            return r
    raise FetchError(
        f"dataset '{package.get('name')}' tidak punya sumber daya dengan datastore aktif / "
        f"dataset '{package.get('name')}' has no resource with an active datastore"
    )


def fetch_records(base: str, options: dict, client: Client) -> tuple[list[dict], str]:
    """Every record of the dataset's resource, all pages; and the resource's URL for provenance."""
    api = base.rstrip("/") + "/api/3/action"
    package = _result(client.get_json(f"{api}/package_show", {"id": options["dataset"]}), "package_show")
    resource = _resource(package, options.get("resource"))
    page_size = int(options.get("page_size", 100))
    records: list[dict] = []
    for _ in range(MAX_PAGES):
        params = {"resource_id": resource["id"], "limit": page_size, "offset": len(records)}
        page = _result(client.get_json(f"{api}/datastore_search", params), "datastore_search")
        batch = page.get("records", [])
        records.extend(batch)
        total = page.get("total")
        if not batch or (total is not None and len(records) >= int(total)):
            break
    else:
        raise FetchError(f"lebih dari {MAX_PAGES} halaman / more than {MAX_PAGES} pages")
    return records, f"{base.rstrip('/')}/dataset/{package.get('name', options['dataset'])}"


def read(location: str, options: dict) -> Delivery:
    key = os.environ.get(options["api_key_env"], "") if options.get("api_key_env") else ""
    if options.get("api_key_env") and not key:
        raise FetchError(
            f"variabel lingkungan {options['api_key_env']} belum diisi / environment variable "
            f"{options['api_key_env']} is not set"
        )
    client = Client.from_options(options, headers={"Authorization": key} if key else {}, secrets=(key,))
    records, url = fetch_records(location, options, client)
    frame = records_frame(
        records, dict(options.get("fields", {})), dict(options.get("constants", {})), f"CKAN {options['dataset']}"
    )
    frame["source_url"] = url
    return Delivery(frame)
