"""Regency boundary GeoJSON: read, validate and normalise it for the dashboard's map (and `python -m etl boundaries`).

A file is accepted when every kabupaten/kota of the region table appears exactly once (matched by BPS code,
Kemendagri code or name), every geometry is a valid (Multi)Polygon in WGS84 degrees inside Kalimantan Timur,
and nothing else is in it. Accepted files come back normalised for Plotly's geo traces: `id` and
`properties.code` hold the BPS code, and exterior rings are wound clockwise (plotly.js fills the rest of the
globe otherwise). The command-line check is etl/boundaries.py.
"""

from __future__ import annotations

import json
import math
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from shapely import make_valid
from shapely.geometry import MultiPolygon, Polygon, mapping, shape
from shapely.geometry.polygon import orient
from shapely.validation import explain_validity

# Kalimantan Timur with a margin: lon 113–120 E, lat 3 S – 3 N (the province spans 113.8–119.1, −2.4–2.6).
LON_RANGE, LAT_RANGE = (113.0, 120.0), (-3.0, 3.0)
CODE_KEYS = ("code", "kode", "kode_bps", "bps_code", "KODE_BPS", "id")
KEMENDAGRI_KEYS = ("kemendagri", "kemendagri_code", "kode_kemendagri", "kode_wilayah", "KODE_KEMENDAGRI", "kode")
NAME_KEYS = ("name_full", "name", "nama", "NAMOBJ", "WADMKK", "NAME_2", "shapeName")
PREFIXES = ("kabupaten ", "kab. ", "kab ", "kota ")
TIMEOUT_SECONDS = 30


class BoundaryError(ValueError):
    """A boundary file the dashboard must not use; the message is one sentence for a person."""


@dataclass
class Result:
    """An accepted file: the normalised GeoJSON and notes on what was done to it."""

    geojson: dict
    notes: list[str] = field(default_factory=list)


def _key(text: object) -> str:
    """A name as a matching key: lower case, single spaces, without 'Kabupaten'/'Kota' in front."""
    key = " ".join(str(text).replace(".", ". ").lower().split()).replace(" .", ".")
    for prefix in PREFIXES:
        if key.startswith(prefix):
            return key[len(prefix) :].strip()
    return key


def read(source: str | Path) -> dict:
    """Parse a boundary file from a path or an http(s) URL; BoundaryError when it cannot be read as JSON."""
    text_source = str(source)
    try:
        if text_source.startswith(("http://", "https://")):
            with urllib.request.urlopen(text_source, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
                raw = response.read()
        else:
            raw = Path(text_source).read_bytes()
    except FileNotFoundError:
        raise BoundaryError(f"The boundary file {text_source} does not exist.") from None
    except OSError as err:
        raise BoundaryError(f"The boundary file {text_source} cannot be read: {err}.") from None
    try:
        return json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise BoundaryError(f"The boundary file {text_source} is not valid JSON ({err}).") from None


def _lookup(regions: list[dict], aliases: dict[str, str]) -> tuple[dict, dict, dict]:
    by_code = {r["code"]: r for r in regions}
    by_kemendagri = {r["kemendagri_code"]: r["code"] for r in regions}
    by_name = {_key(k): code for k, code in aliases.items() if code in by_code}
    for r in regions:
        by_name[_key(r["name"])] = r["code"]
        by_name[_key(r["name_full"])] = r["code"]
    return by_code, by_kemendagri, by_name


def _match(feature: dict, by_code: dict, by_kemendagri: dict, by_name: dict) -> tuple[str | None, str]:
    """The BPS code a feature stands for, and how it was recognised."""
    props = feature.get("properties") or {}
    candidates = [("BPS", props.get(k)) for k in CODE_KEYS] + [("BPS", feature.get("id"))]
    for how, value in candidates:
        if value is not None and str(value).strip() in by_code:
            return str(value).strip(), how
    for key in KEMENDAGRI_KEYS:
        value = props.get(key)
        if value is not None and str(value).strip() in by_kemendagri:
            return by_kemendagri[str(value).strip()], "Kemendagri"
    for key in NAME_KEYS:
        value = props.get(key)
        if value and _key(value) in by_name:
            return by_name[_key(value)], "name"
    return None, ""


def _describe(feature: dict, index: int) -> str:
    props = feature.get("properties") or {}
    shown = {k: props[k] for k in list(props)[:4]}
    return f"feature #{index + 1} ({json.dumps(shown, ensure_ascii=False) if shown else 'no properties'})"


def _positions(coords) -> list[tuple[float, float]]:
    """Every [x, y] position of a nested coordinate array."""
    if isinstance(coords, (list, tuple)) and coords and isinstance(coords[0], (int, float)):
        return [(coords[0], coords[1])] if len(coords) >= 2 else []
    found = []
    for item in coords or []:
        found.extend(_positions(item))
    return found


def _inside(x: float, y: float) -> bool:
    return LON_RANGE[0] <= x <= LON_RANGE[1] and LAT_RANGE[0] <= y <= LAT_RANGE[1]


def _check_coordinates(name: str, geometry: dict) -> None:
    points = _positions(geometry.get("coordinates"))
    if not points or not all(isinstance(v, (int, float)) and math.isfinite(v) for p in points for v in p):
        raise BoundaryError(f"The geometry of {name} has missing or non-numeric coordinates.")
    outside = [p for p in points if not _inside(*p)]
    if not outside:
        return
    if all(_inside(y, x) for x, y in points):
        raise BoundaryError(
            f"The coordinates of {name} are in [latitude, longitude] order; GeoJSON needs [longitude, latitude]: "
            "swap every pair."
        )
    x, y = outside[0]
    if abs(x) > 180 or abs(y) > 90:
        raise BoundaryError(
            f"The coordinates of {name} are not WGS84 degrees (e.g. [{x}, {y}]): reproject the file to EPSG:4326."
        )
    raise BoundaryError(
        f"{name} lies outside Kalimantan Timur (e.g. [{x}, {y}]; expected longitude {LON_RANGE[0]:g}–"
        f"{LON_RANGE[1]:g}, latitude {LAT_RANGE[0]:g}–{LAT_RANGE[1]:g})."
    )


def _clockwise(geom: Polygon | MultiPolygon) -> tuple[MultiPolygon, bool]:
    """Exterior rings clockwise, holes counter-clockwise (d3-geo, hence Plotly geo); whether anything changed."""
    parts = list(geom.geoms) if isinstance(geom, MultiPolygon) else [geom]
    changed = any(p.exterior.is_ccw or any(not ring.is_ccw for ring in p.interiors) for p in parts)
    return MultiPolygon([orient(p, sign=-1.0) for p in parts]), changed


def _is_position(coords) -> bool:
    return bool(coords) and isinstance(coords[0], (int, float))


def _position(coords):
    return [float(coords[0]), float(coords[1])]


def _geometry_lists(geom: MultiPolygon) -> dict:
    data = mapping(geom)
    return {"type": data["type"], "coordinates": _to_lists(data["coordinates"])}


def _to_lists(coords):
    if _is_position(coords):
        return _position(coords)
    return [_to_lists(c) for c in coords]


def validate(data: object, regions: list[dict], aliases: dict[str, str] | None = None) -> Result:
    """Check a parsed boundary file against the kabupaten/kota of the region table; raise BoundaryError.

    `regions` are rows with code, kemendagri_code, name, name_full; `aliases` maps other names to codes.
    """
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise BoundaryError("The boundary file is not a GeoJSON FeatureCollection.")
    features = data.get("features")
    if not isinstance(features, list) or not features:
        raise BoundaryError("The boundary file has no features.")
    by_code, by_kemendagri, by_name = _lookup(regions, aliases or {})
    seen: dict[str, list[int]] = {}
    unknown = []
    matched = []
    ways: dict[str, int] = {}
    for i, feature in enumerate(features):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            raise BoundaryError(f"Item #{i + 1} of the boundary file is not a GeoJSON Feature.")
        code, how = _match(feature, by_code, by_kemendagri, by_name)
        if code is None:
            unknown.append(_describe(feature, i))
            continue
        seen.setdefault(code, []).append(i + 1)
        ways[how] = ways.get(how, 0) + 1
        matched.append((code, feature))
    label = {c: f"{r['name']} ({c})" for c, r in by_code.items()}
    if unknown:
        raise BoundaryError(
            f"{len(unknown)} feature(s) match no kabupaten/kota of the region table by BPS code, Kemendagri code "
            f"or name: {'; '.join(unknown[:3])}{' …' if len(unknown) > 3 else ''}."
        )
    duplicated = {c: idx for c, idx in seen.items() if len(idx) > 1}
    if duplicated:
        raise BoundaryError(
            "Each region must appear exactly once, but "
            + "; ".join(
                f"{label[c]} appears {len(i)} times (features #{', #'.join(map(str, i))})"
                for c, i in duplicated.items()
            )
            + "."
        )
    missing = [label[c] for c in by_code if c not in seen]
    if missing:
        raise BoundaryError(
            f"The boundary file lacks {len(missing)} region(s) of the region table: {', '.join(missing)}."
        )

    out, rewound = [], 0
    for code, feature in sorted(matched, key=lambda m: m[0]):
        name = label[code]
        geometry = feature.get("geometry")
        if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
            kind = geometry.get("type") if isinstance(geometry, dict) else "no geometry"
            raise BoundaryError(f"The geometry of {name} is {kind}; a Polygon or MultiPolygon is needed.")
        _check_coordinates(name, geometry)
        try:
            geom = shape(geometry)
        except (ValueError, TypeError, IndexError, AttributeError) as err:
            raise BoundaryError(f"The geometry of {name} is malformed ({err}).") from None
        if geom.is_empty:
            raise BoundaryError(f"The geometry of {name} is empty.")
        if not geom.is_valid:
            # make_valid shows where the problem is; the file itself must be repaired upstream.
            fixable = " (shapely.make_valid can repair it)" if not make_valid(geom).is_empty else ""
            raise BoundaryError(f"The geometry of {name} is not a valid polygon: {explain_validity(geom)}{fixable}.")
        wound, changed = _clockwise(geom)
        rewound += changed
        region = by_code[code]
        props = dict(feature.get("properties") or {})
        props.update(code=code, kemendagri=region["kemendagri_code"], name=region["name"])
        out.append({"type": "Feature", "id": code, "properties": props, "geometry": _geometry_lists(wound)})
    notes = [f"{len(out)} regions, each exactly once ({', '.join(f'{n} by {how}' for how, n in ways.items())})."]
    if rewound:
        notes.append(f"Rings of {rewound} region(s) rewound clockwise for Plotly's geo traces.")
    return Result({"type": "FeatureCollection", "features": out}, notes)


def load(source: str | Path, regions: list[dict], aliases: dict[str, str] | None = None) -> Result:
    """Read and validate a boundary file from a path or URL; raise BoundaryError when it must be refused."""
    return validate(read(source), regions, aliases)
