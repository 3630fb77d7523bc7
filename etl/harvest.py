"""`python -m etl harvest URL`: what a Satu Data portal (CKAN) publishes, and registry drafts for the picks.

The listing names every dataset with its organisation and last modification, and every resource with
its declared format (and what its other signs say when they disagree), whether its datastore is on,
and its last modification. For each dataset the walidata picks (`--pick DATASET[/RESOURCE]`), the
resource is read exactly as the `ckan` connector reads it, and a registry entry is drafted from what
it holds: a wide table gets `options.wide` with every label it carries, each mapped to "" for the
reviewer to fill with a catalogue code (an unfilled label loads nothing: it is a rejected row that
names it); a long table gets the `fields` its column names suggest. Drafts are written, switched off,
to a separate file (`data/sources.draft.toml` by default) that is reviewed and then moved into the
registry: adding a dataset is a reviewed edit, never a hand-written block.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import tomlkit

from etl.http import Client
from etl.sources import ckan, wide
from etl.sources.fields import ALIASES, IGNORED, normalise_header

SEARCH_PAGE = 100  # package_search rows per request (CKAN caps it at ckan.search.rows_max, 1000 by default)
MAX_PAGES = 10_000
UNIT_HEADERS = {"satuan", "unit"}


class HarvestError(ValueError):
    """A usage error of harvest (a bad URL, a pick the portal does not have); shown as is, exit 2."""


@dataclass
class Resource:
    id: str
    name: str
    format: str
    datastore: bool
    modified: str
    disagreement: str | None  # what the resource's signs say when they disagree (a "CSV" that is a PNG)


@dataclass
class Dataset:
    name: str
    title: str
    organisation: str
    modified: str
    resources: list[Resource] = field(default_factory=list)


def check_url(url: str) -> str:
    """The portal's base URL, or HarvestError: an http(s) address with a host, without query or fragment."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise HarvestError(
            f"'{url}' bukan alamat portal http(s) (mis. https://data.kaltimprov.go.id) / "
            f"'{url}' is not an http(s) portal address (e.g. https://data.kaltimprov.go.id)"
        )
    return url.strip().rstrip("/")


def _day(value: object) -> str:
    return str(value or "")[:10] or "-"


def _dataset(package: dict) -> Dataset:
    organisation = (package.get("organization") or {}).get("title") or "(tanpa organisasi / no organisation)"
    out = Dataset(
        name=str(package.get("name", "")),
        title=str(package.get("title") or package.get("name", "")).strip(),
        organisation=str(organisation).strip(),
        modified=_day(package.get("metadata_modified")),
    )
    for r in package.get("resources") or []:
        lie = ckan.format_disagreement(r)
        out.resources.append(
            Resource(
                id=str(r.get("id", "")),
                name=str(r.get("name") or r.get("id") or "").strip(),
                format=str(r.get("format") or "-").strip(),
                datastore=bool(r.get("datastore_active")),
                modified=_day(r.get("last_modified") or r.get("metadata_modified") or r.get("created")),
                disagreement=lie[1] if lie else None,
            )
        )
    return out


def catalogue(portal: ckan.Portal) -> list[Dataset]:
    """Every dataset the portal lists (package_search, paged by what came back), each once."""
    datasets: dict[str, Dataset] = {}
    offset = repeats = 0
    count = None
    for _ in range(MAX_PAGES):
        page = portal.action("package_search", {"q": "*:*", "rows": SEARCH_PAGE, "start": offset})
        batch = page.get("results") or []
        count = page.get("count", count)
        offset += len(batch)
        fresh = [p for p in batch if p.get("id", p.get("name")) not in datasets]
        repeats += len(batch) - len(fresh)
        datasets.update((p.get("id", p.get("name")), _dataset(p)) for p in fresh)
        if not fresh or (count is not None and len(datasets) >= int(count)):
            break
    if repeats:
        portal.notes.append(
            f"portal mengirim {repeats} dataset dua kali di halaman package_search; masing-masing dihitung sekali / "
            f"the portal sent {repeats} datasets twice across package_search pages; each was counted once"
        )
    return sorted(datasets.values(), key=lambda d: d.name)


def datastore_running(portal: ckan.Portal) -> bool | None:
    """Whether the portal runs the datastore extension (status_show), None when it does not say."""
    try:
        status = portal.action("status_show")
    except ckan.FetchError:
        return None
    extensions = status.get("extensions") if isinstance(status, dict) else None
    return None if not isinstance(extensions, list) else "datastore" in extensions


def listing_lines(datasets: list[Dataset]) -> list[str]:
    """The listing as plain lines: a dataset, then its resources indented."""
    lines = []
    for d in datasets:
        lines.append(f"{d.name} — {d.title} · {d.organisation} · diubah/modified {d.modified}")
        for r in d.resources:
            fmt = r.format + (f" ({r.disagreement})" if r.disagreement else "")
            state = "datastore aktif/on" if r.datastore else "datastore mati/off"
            lines.append(f"    {r.name} [{r.id}] · {fmt} · {state} · diubah/modified {r.modified}")
    return lines


# --- drafts -------------------------------------------------------------------------------------------


def source_name(dataset: str, taken: set[str]) -> str:
    """A registry name for the dataset (lower case, digits, - and _), not yet taken."""
    base = ("ckan-" + re.sub(r"[^a-z0-9_-]+", "-", dataset.lower()).strip("-"))[:56].rstrip("-")
    name, n = base, 2
    while name in taken:
        name, n = f"{base}-{n}", n + 1
    return name


def _columns(records: list[dict]) -> list[str]:
    return [c for c in dict.fromkeys(str(k) for r in records for k in r) if not c.startswith("_")]


def _is_text(value: object) -> bool:
    text = str(value or "").strip()
    return bool(text) and not re.fullmatch(r"[-+]?[\d.,\s]+", text)


def _wide_spec(records: list[dict], columns: list[str]) -> tuple[dict, list[str], list[str]]:
    """(options.wide without the mapping, the labels in order, notes for the reviewer) of a wide table."""
    years = [c for c in columns if wide.YEAR.fullmatch(c.strip())]
    others = [c for c in columns if c not in years and normalise_header(c) not in IGNORED]
    unit = next((c for c in others if normalise_header(c) in UNIT_HEADERS), None)
    candidates = [c for c in others if c != unit]
    # The label column: the first whose cells are mostly words (a reviewer checks it).
    label = next(
        (c for c in candidates if sum(_is_text(r.get(c)) for r in records) * 2 > len(records)),
        candidates[0] if candidates else None,
    )
    spec: dict = {"label": label}
    if unit:
        spec["unit"] = unit
    ignore = [c for c in candidates if c != label]
    if ignore:
        spec["ignore"] = ignore
    totals = {wide.label_key(t) for t in wide.DEFAULT_TOTALS}
    labels: dict[str, str] = {}  # compared as the connector compares them, written as first seen
    for r in records if label else []:
        text = wide.clean_label(r.get(label))
        if text and wide.label_key(text) not in totals:
            labels.setdefault(wide.label_key(text), text)
    return spec, list(labels.values()), years


def _field_guess(column: str) -> str | None:
    """The template column a long table's column looks like: the template's own aliases, and the region
    columns Satu Data tables name (kode_kabupaten_kota, nama_kab_kota). Only a draft: a reviewer checks it."""
    header = normalise_header(column)
    if header in ALIASES:
        return ALIASES[header]
    words = set(header.split("_"))
    if words & {"wilayah", "kabupaten", "kab", "kota", "kabkota"}:
        return "kode_wilayah" if "kode" in words else "wilayah" if "nama" in words else None
    return None


def _commented(value: object, comment: str) -> tomlkit.items.Item:
    item = tomlkit.item(value)
    item.comment(comment)
    return item


def draft_entry(
    base: str, dataset: Dataset, resource_id: str, records: list[dict], taken: set[str]
) -> tomlkit.items.Table:
    """One [[source]] entry drafted from what the resource holds, switched off until reviewed."""
    entry = tomlkit.table()
    name = source_name(dataset.name, taken)
    taken.add(name)
    entry.add("name", name)
    entry.add("kind", "ckan")
    entry.add("title", dataset.title)
    entry.add("producer_agency", dataset.organisation)
    entry.add("location", base)
    entry.add("schedule", _commented("tahunan", "periksa / review: harian ... tahunan, manual"))
    entry.add("enabled", _commented(False, "nyalakan setelah ditinjau / switch on once reviewed"))
    entry.add(
        "trusted",
        _commented(False, "tiap run menjadi draf yang disetujui walidata di /periksa / each run is a draft to approve"),
    )
    options = tomlkit.table()
    options.add("dataset", dataset.name)
    options.add("resource", resource_id)
    columns = _columns(records)
    if any(wide.YEAR.fullmatch(c.strip()) for c in columns):
        spec, labels, years = _wide_spec(records, columns)
        constants = tomlkit.inline_table()
        constants.append("kode_wilayah", "")
        constants.comment("isi / fill: the region code (64 = the province), or options.wide.region")
        options.add("constants", constants)
        table = tomlkit.table()
        table.add("label", _commented(spec["label"] or "", f"periksa / review; year columns: {', '.join(years)}"))
        for key in ("unit", "ignore"):
            if key in spec:
                table.add(key, spec[key])
        mapping = tomlkit.table()
        for label in labels:
            mapping.add(label, "")
        table.add(
            tomlkit.comment("isi kode katalog tiap label; label kosong ditolak / fill a catalogue code per label")
        )
        table.add("indicators", mapping)
        options.add("wide", table)
    else:
        fields = tomlkit.inline_table()
        for column in columns:
            template = _field_guess(column)
            if template and template not in fields:
                fields.append(template, column)
        rest = [c for c in columns if c not in fields.values() and normalise_header(c) not in IGNORED]
        if "nilai" not in fields and len(rest) == 1:
            fields.append("nilai", rest[0])  # the one column left is the measure
        fields.comment(f"periksa / review; columns: {', '.join(columns)}")
        options.add("fields", fields)
        if "kode_indikator" not in fields:
            constants = tomlkit.inline_table()
            constants.append("kode_indikator", "")
            constants.comment("isi / fill: the catalogue code of what this table measures")
            options.add("constants", constants)
    entry.add("options", options)
    return entry


def write_draft(path: Path, entries: list[tomlkit.items.Table], portal_url: str) -> None:
    doc = tomlkit.document()
    doc.add(tomlkit.comment(f"Draf registri dari / Registry draft from: python -m etl harvest {portal_url}"))
    doc.add(tomlkit.comment("Tinjau, isi kode indikator, lalu pindahkan ke data/sources.toml."))
    doc.add(tomlkit.comment("Review, fill the indicator codes, then move the entries into data/sources.toml."))
    doc.add(tomlkit.nl())
    sources = tomlkit.aot()
    for entry in entries:
        sources.append(entry)
    doc.add("source", sources)
    text = tomlkit.dumps(doc)
    tomllib.loads(text)  # the draft must read back as TOML
    path.write_text(text, encoding="utf-8")


@dataclass
class Harvest:
    datasets: list[Dataset]
    notes: list[str]
    drafted: list[str]  # registry names of the drafted entries


def harvest(url: str, picks: list[str], draft: Path | None, taken: set[str], client: Client | None = None) -> Harvest:
    """List the portal; draft an entry for each pick into `draft`. HarvestError for a pick it lacks."""
    base = check_url(url)
    portal = ckan.Portal(base, client or Client(retries=1, retry_wait=1))
    datasets = catalogue(portal)
    if datastore_running(portal) is False:
        portal.notes.append(
            "portal tidak menjalankan datastore: sumber daya dibaca dari berkasnya / "
            "the portal does not run the datastore: resources are read from their files"
        )
    by_name = {d.name: d for d in datasets}
    entries, drafted = [], []
    for pick in picks:
        name, _, resource = pick.partition("/")
        if name not in by_name:
            raise HarvestError(
                f"dataset '{name}' tidak ada di {base} / dataset '{name}' is not on {base} "
                f"({len(datasets)} datasets listed above)"
            )
        options = {"dataset": name, **({"resource": resource} if resource else {})}
        package = portal.action("package_show", {"id": name})
        chosen = ckan.choose_resource(package, options.get("resource"), portal.notes)
        table = ckan.fetch_table(portal, {**options, "resource": chosen["id"]})
        entries.append(draft_entry(base, by_name[name], str(chosen["id"]), table.records, taken))
        drafted.append(entries[-1]["name"])
    if entries and draft is not None:
        write_draft(draft, entries, base)
    return Harvest(datasets, portal.notes, drafted)
