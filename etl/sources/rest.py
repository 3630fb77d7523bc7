"""A generic JSON REST source with a declarative field mapping, for the agencies' own applications.

Registry options:
- records: dotted path to the list of records in each answer ("" when the answer is the list);
- fields / constants: template column = dotted path in a record (see etl.sources.fields);
- paging, one of: next = dotted path to the next page's URL (stop when empty), or page_param
  (+ page_size_param, page_size, first_page): pages until one comes back short or empty;
- token_env: the environment variable holding a token, sent as `auth_header: auth_scheme token`
  (defaults Authorization / Bearer); params: fixed query parameters.
"""

from __future__ import annotations

from etl.delivery import Delivery
from etl.http import Client, FetchError, dig
from etl.sources.fields import records_frame
from portal.settings import secret

MAX_PAGES = 10_000


def _records(payload: object, path: str, url: str) -> list[dict]:
    found = dig(payload, path) if path else payload
    if not isinstance(found, list) or not all(isinstance(r, dict) for r in found):
        raise FetchError(
            f"jawaban {url} tidak memuat daftar rekaman di '{path or '(akar)'}' / "
            f"the answer of {url} holds no list of records at '{path or '(root)'}'"
        )
    return found


def fetch_records(location: str, options: dict, client: Client) -> list[dict]:
    path = options.get("records", "")
    params = dict(options.get("params", {}))
    records: list[dict] = []
    if options.get("next"):
        url: str | None = location
        for _ in range(MAX_PAGES):
            payload = client.get_json(url, params)
            records.extend(_records(payload, path, client.redact(url)))
            url, params = dig(payload, options["next"]), None
            if not url:
                return records
    elif options.get("page_param"):
        size = int(options.get("page_size", 100))
        page = int(options.get("first_page", 1))
        if options.get("page_size_param"):
            params[options["page_size_param"]] = size
        for _ in range(MAX_PAGES):
            batch = _records(client.get_json(location, {**params, options["page_param"]: page}), path, location)
            records.extend(batch)
            if len(batch) < size:
                return records
            page += 1
    else:
        return _records(client.get_json(location, params), path, location)
    raise FetchError(f"lebih dari {MAX_PAGES} halaman / more than {MAX_PAGES} pages")


def read(location: str, options: dict) -> Delivery:
    headers, token = {}, ""
    if options.get("token_env"):
        token = secret(options["token_env"])
        if not token:
            raise FetchError(
                f"variabel lingkungan {options['token_env']} belum diisi / environment variable "
                f"{options['token_env']} is not set"
            )
        scheme = options.get("auth_scheme", "Bearer")
        headers[options.get("auth_header", "Authorization")] = f"{scheme} {token}".strip()
    client = Client.from_options(options, headers=headers, secrets=(token,))
    records = fetch_records(location, options, client)
    frame = records_frame(
        records, dict(options.get("fields", {})), dict(options.get("constants", {})), client.redact(location)
    )
    return Delivery(frame)
