"""CKAN, the engine under Indonesia's Satu Data portals: package_show, then datastore_search pages.

What real portals do, and what the connector does about it (each noted in the run's notes):

- The API answers under `/api/3/action/`, or on some portals only under `/api/action/`: the first is
  tried, then the second, and the one that answers is used for the rest of the run.
- datastore_search answers 100 records when no limit is given and silently caps a larger limit at
  the server's `ckan.datastore.search.rows_max`, so the offset always advances by the number of
  records actually received, pages are asked sorted by `_id` (a stable order), and paging stops at
  `total`. A record a page repeats (same `_id`) is counted once; a table that still comes up short of
  `total` is not loaded at all.
- `_links.next` is never followed: portals write it relative to the site root, dropping a locale or
  path prefix the registered address has (`/tr/`, `/ko_KR/`), and with `/api/action/`; pages are
  always asked at the registered address.
- A resource whose datastore is off (`datastore_active` false, or a portal without the datastore) is
  read from its file instead; what the file is comes from its bytes, not its declared format, and a
  resource whose format, mimetype and name disagree is never picked by default.

Registry options: dataset (package id or name), resource (id or name; default: the first resource
with an active datastore, else the first that is a CSV/XLSX file by every sign), page_size (default
100), fields / constants (see etl.sources.fields) or wide (see etl.sources.wide), decimal ("," or
"." when the portal's numbers are known to use one; default: either, ambiguous ones refused), sheet
(an XLSX file's sheet), api_key_env (optional: the variable holding a key for private datasets).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from etl.delivery import Delivery
from etl.http import Client, FetchError
from etl.numbers import DECIMAL_MARKS, EITHER
from etl.sources import tablefile, wide
from etl.sources.fields import MappingError, check_fields, records_frame
from portal.settings import secret

MAX_PAGES = 100_000
API_PATHS = ("/api/3/action", "/api/action")
# How CKAN says a datastore is not there: the plugin is off (the action is unknown), or the resource has no table.
DATASTORE_OFF = ("Action name not known", "Not Found Error", "not found")


class CkanError(FetchError):
    """A CKAN action that answered success: false; `kind` and `detail` are CKAN's own words."""

    def __init__(self, action: str, error: object, status: int | None = None):
        error = error if isinstance(error, dict) else {"message": str(error)}
        self.kind = str(error.get("__type", ""))
        self.detail = str(error.get("message", "")) or json.dumps(error, ensure_ascii=False)[:300]
        http = f" (HTTP {status})" if status and status != 200 else ""
        super().__init__(
            f"CKAN {action} gagal / failed{http}: {self.kind + ': ' if self.kind else ''}{self.detail}", status
        )


def _ckan_answer(body: bytes) -> dict | None:
    """A CKAN action answer (a JSON object with `success`) in an error body, or None."""
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None
    return payload if isinstance(payload, dict) and "success" in payload else None


@dataclass
class Portal:
    """One CKAN portal: its registered address, the API path it answers on, and what the run met there."""

    base: str
    client: Client
    api: str | None = None
    notes: list[str] = field(default_factory=list)

    def __post_init__(self):
        self.base = self.base.rstrip("/")

    def url(self, action: str) -> str:
        return f"{self.base}{self.api or API_PATHS[0]}/{action}"

    def action(self, name: str, params: dict | None = None):
        """The `result` of one action; CkanError when the portal answers success: false."""
        paths = (self.api,) if self.api else API_PATHS
        for path in paths:
            status = 200
            try:
                payload = self.client.get_json(f"{self.base}{path}/{name}", params)
            except FetchError as err:
                payload, status = _ckan_answer(err.body), err.status
                if payload is None and (self.api or err.status not in (200, 404)):
                    raise
            if not isinstance(payload, dict) or "success" not in payload:
                if self.api:
                    raise FetchError(f"jawaban {name} bukan jawaban CKAN / the {name} answer is not a CKAN answer")
                continue  # not CKAN at this path (a 404 page, the site's own HTML): try the next one
            if self.api is None:
                self.api = path
                if path != API_PATHS[0]:
                    self.notes.append(
                        f"portal menjawab di {path}/ (bukan {API_PATHS[0]}/); alamat itu dipakai / "
                        f"the portal answers at {path}/ (not {API_PATHS[0]}/); that address was used"
                    )
            if not payload["success"]:
                raise CkanError(name, payload.get("error", {}), status)
            return payload["result"]
        tried = [f"{self.base}{p}/{name}" for p in paths]
        raise FetchError(
            f"tidak ada API CKAN di {self.base} (dicoba {' dan '.join(tried)}) / "
            f"there is no CKAN API at {self.base} (tried {' and '.join(tried)})"
        )

    def note_links(self, page: dict) -> None:
        """Name once a `_links.next` that leads away from the registered address (it is never followed).

        Whether it says /api/action/ or /api/3/action/ does not matter (CKAN answers both); a link that
        drops the address's locale or path prefix would read another site's pages, or none."""
        link = (page.get("_links") or {}).get("next")
        if not isinstance(link, str):
            return
        leads_to = urljoin(self.url("datastore_search"), link).split("?")[0].split("/api/")[0]
        if leads_to == self.base:
            return
        self.notes.append(
            f"tautan halaman berikut CKAN (_links.next = '{link}') mengarah ke {leads_to}, bukan alamat terdaftar "
            f"{self.base}; halaman diminta dengan offset di alamat terdaftar / CKAN's next-page link (_links.next = "
            f"'{link}') leads to {leads_to}, not the registered address {self.base}; pages were requested by offset "
            f"at the registered address instead"
        )


def choose_resource(package: dict, wanted: str | None, notes: list[str]) -> dict:
    """The resource to read: the one the registry names, else the first with an active datastore,
    else the first that is a CSV/XLSX file by every sign (a resource whose signs disagree is skipped)."""
    resources = package.get("resources") or []
    if wanted:
        for r in resources:
            if wanted in (r.get("id"), r.get("name"), str(r.get("name") or "").strip()):
                return r
        names = ", ".join(str(r.get("name") or r.get("id")) for r in resources)
        raise FetchError(
            f"sumber daya '{wanted}' tidak ada di dataset '{package.get('name')}' (ada: {names}) / "
            f"resource '{wanted}' is not in dataset '{package.get('name')}' (there are: {names})"
        )
    for r in resources:
        if r.get("datastore_active"):
            return r
    skipped = []
    for r in resources:
        lie = format_disagreement(r)
        if lie:
            skipped.append(f"'{_name(r)}': {lie[1]}")
            notes.append(f"sumber daya '{_name(r)}' dilewati: {lie[0]} / resource '{_name(r)}' skipped: {lie[1]}")
        elif tablefile.claimed_kind(r.get("format")) in tablefile.TABLES:
            return r
    also = f" (skipped: {'; '.join(skipped)})" if skipped else ""
    raise FetchError(
        f"dataset '{package.get('name')}' tidak punya sumber daya dengan datastore aktif atau berkas CSV/XLSX / "
        f"dataset '{package.get('name')}' has no resource with an active datastore or a CSV/XLSX file{also}"
    )


def _name(resource: dict) -> str:
    return str(resource.get("name") or resource.get("id") or "?").strip()


def resource_signs(resource: dict) -> dict[str, str]:
    """What the resource's format, mimetype, name and URL each claim it is (only those that claim something)."""
    path = urlsplit(str(resource.get("url") or "")).path
    signs = {
        "format": tablefile.claimed_kind(resource.get("format")),
        "mimetype": tablefile.claimed_kind(resource.get("mimetype")),
        "nama/name": tablefile.claimed_kind(resource.get("name")),
        "url": tablefile.claimed_kind(path),
    }
    return {k: v for k, v in signs.items() if v}


def format_disagreement(resource: dict) -> tuple[str, str] | None:
    """(Indonesian, English) when the resource's signs disagree on what it is (a CSV that is a PNG)."""
    signs = resource_signs(resource)
    kinds = {("spreadsheet" if k in tablefile.SPREADSHEETS else k) for k in signs.values()}
    if len(kinds) < 2:
        return None
    said = ", ".join(f"{k} {v}" for k, v in signs.items())
    return (f"formatnya tidak sepakat ({said})", f"its signs disagree ({said})")


def datastore_records(portal: Portal, resource: dict, page_size: int) -> list[dict]:
    """Every record of the resource's datastore table, each once (by `_id`), all pages."""
    records: list[dict] = []
    seen: set = set()
    repeats = offset = 0
    total, estimated = None, False
    for page_no in range(MAX_PAGES):
        params = {"resource_id": resource["id"], "limit": page_size, "offset": offset, "sort": "_id"}
        page = portal.action("datastore_search", params)
        if page_no == 0:
            portal.note_links(page)
        batch = page.get("records") or []
        total = page.get("total", total)
        estimated = estimated or bool(page.get("total_was_estimated"))
        offset += len(batch)
        fresh = [r for r in batch if r.get("_id") is None or r.get("_id") not in seen]
        repeats += len(batch) - len(fresh)
        seen.update(r["_id"] for r in fresh if r.get("_id") is not None)
        records.extend(fresh)
        if not fresh or (total is not None and len(records) >= int(total)):
            break
    else:
        raise FetchError(f"lebih dari {MAX_PAGES} halaman / more than {MAX_PAGES} pages")
    name = _name(resource)
    if repeats:
        portal.notes.append(
            f"portal mengirim {repeats} rekaman dua kali (_id yang sama di halaman lain) di sumber daya '{name}'; "
            f"masing-masing dihitung sekali / the portal sent {repeats} records of resource '{name}' twice (the same "
            f"_id on another page); each was counted once"
        )
    if total is not None and not estimated and len(records) < int(total):
        raise FetchError(
            f"datastore sumber daya '{name}' memberi {len(records)} rekaman berbeda dari {total} yang ia hitung "
            f"({repeats} terulang): tabel berubah selama dibaca atau halamannya tidak stabil; tidak ada yang dimuat / "
            f"the datastore of resource '{name}' gave {len(records)} distinct records of the {total} it counts "
            f"({repeats} repeated): the table changed while it was read or its pages are unstable; nothing was loaded"
        )
    return records


def file_records(portal: Portal, resource: dict, sheet: str | None = None) -> tuple[list[dict], list[int], str]:
    """The resource's file as records, judged by its bytes: (records, line numbers, the file's URL)."""
    name = _name(resource)
    if not resource.get("url"):
        raise FetchError(f"sumber daya '{name}' tidak punya URL berkas / resource '{name}' has no file URL")
    url = urljoin(portal.base + "/", str(resource["url"]))
    data = portal.client.get_bytes(url)
    actual = tablefile.sniff(data)
    declared = tablefile.claimed_kind(resource.get("format")) or str(resource.get("format") or "?")
    if actual not in tablefile.TABLES:
        raise FetchError(
            f"sumber daya '{name}' menyatakan format {declared}, tetapi berkasnya {actual}, bukan tabel; "
            f"tidak ada yang dimuat / resource '{name}' declares format {declared} but its file is {actual}, "
            f"not a table; nothing was loaded"
        )
    if actual != declared:
        portal.notes.append(
            f"sumber daya '{name}' menyatakan format {declared}, tetapi berkasnya {actual}; dibaca sebagai {actual} / "
            f"resource '{name}' declares format {declared} but its file is {actual}; read as {actual}"
        )
    where = f"{name} ({url})"
    records, numbers = tablefile.read_xlsx(data, where, sheet) if actual == "XLSX" else tablefile.read_csv(data, where)
    return records, numbers, url


@dataclass
class Table:
    records: list[dict]
    row_numbers: list[int]
    url: str  # where the rows were read, for provenance


def fetch_table(portal: Portal, options: dict) -> Table:
    """The chosen resource's rows: from the datastore, or from its file when the datastore is off."""
    package = portal.action("package_show", {"id": options["dataset"]})
    resource = choose_resource(package, options.get("resource"), portal.notes)
    dataset_url = f"{portal.base}/dataset/{package.get('name', options['dataset'])}"
    name = _name(resource)
    if resource.get("datastore_active"):
        try:
            records = datastore_records(portal, resource, int(options.get("page_size", 100)))
            return Table(records, list(range(1, len(records) + 1)), dataset_url)
        except CkanError as err:
            if not any(sign in f"{err.kind} {err.detail}" for sign in DATASTORE_OFF):
                raise
            why = (
                f"datastore tidak dapat dipakai ({err.detail})",
                f"the datastore cannot be used ({err.detail})",
            )
    else:
        why = ("datastore-nya tidak aktif", "its datastore is off")
    records, numbers, file_url = file_records(portal, resource, options.get("sheet"))
    portal.notes.append(
        f"sumber daya '{name}': {why[0]}; berkasnya dibaca sebagai gantinya ({file_url}) / "
        f"resource '{name}': {why[1]}; its file was read instead ({file_url})"
    )
    return Table(records, numbers, dataset_url)


def fetch_records(base: str, options: dict, client: Client) -> tuple[list[dict], str]:
    """Every record of the dataset's resource, all pages; and the dataset's URL for provenance."""
    table = fetch_table(Portal(base, client), options)
    return table.records, table.url


def number_format(options: dict) -> str:
    decimal = options.get("decimal", EITHER)
    if decimal not in (*DECIMAL_MARKS, EITHER):
        raise MappingError(
            f'options.decimal harus "," atau "." (bukan {decimal!r}) / options.decimal must be "," or "." '
            f"(not {decimal!r})"
        )
    return decimal


def read(location: str, options: dict) -> Delivery:
    key = secret(options["api_key_env"]) if options.get("api_key_env") else ""
    if options.get("api_key_env") and not key:
        raise FetchError(
            f"variabel lingkungan {options['api_key_env']} belum diisi / environment variable "
            f"{options['api_key_env']} is not set"
        )
    if not options.get("dataset"):
        raise MappingError("options.dataset kosong / options.dataset is empty")
    where = f"CKAN {options['dataset']}"
    fields, constants = dict(options.get("fields", {})), dict(options.get("constants", {}))
    spec = options.get("wide")
    check_fields(fields, constants)
    if spec is not None:
        if fields:
            raise MappingError(
                f"{where}: options.wide dan options.fields tidak bisa dipakai bersama / "
                f"{where}: options.wide and options.fields cannot be used together"
            )
        wide.check(dict(spec), constants, where)
    decimal = number_format(options)
    client = Client.from_options(options, headers={"Authorization": key} if key else {}, secrets=(key,))
    portal = Portal(location, client)
    table = fetch_table(portal, options)
    if spec is not None:
        frame, notes = wide.wide_frame(table.records, table.row_numbers, dict(spec), constants, where)
        portal.notes.extend(notes)
    else:
        frame = records_frame(table.records, fields, constants, where, row_numbers=table.row_numbers)
    frame["source_url"] = table.url
    return Delivery(frame, decimal=decimal, notes=portal.notes)
