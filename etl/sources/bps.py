"""The BPS WebAPI dynamic tables: `list/model/data` JSON (var, vervar, tahun, turvar, turtahun, datacontent).

One request per variable. `datacontent` is keyed by the concatenated codes
vervar + var + turvar + tahun + turtahun, so every key is rebuilt from the answer's own code lists
rather than cut apart. The API key comes from the environment variable the registry names
(api_key_env, default BPS_API_KEY) and never appears in a message or a stored row.

Registry: location is the URL template, e.g.
  https://webapi.bps.go.id/v1/api/list/model/data/lang/ind/domain/6400/var/{var}/key/{key}/
options.variables = [{ var = 1234, indicator = "kemiskinan_p0", turvar = 0 }], optional th (year
codes, added as th/{th}/), vervar_map (BPS vertical codes -> region codes; "6400" -> "64" built in),
and status for every row (default tetap).
"""

from __future__ import annotations

import os
import re

import pandas as pd

from etl.http import Client, FetchError
from etl.load import Delivery
from etl.sources.fields import standard_frame
from etl.validate import raw_json

MONTHS = {
    m: i + 1
    for i, m in enumerate(
        [
            "januari",
            "februari",
            "maret",
            "april",
            "mei",
            "juni",
            "juli",
            "agustus",
            "september",
            "oktober",
            "november",
            "desember",
        ]
    )
}
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def period(year: str, turtahun_val: object, turtahun_label: str) -> str:
    """The standard period for a BPS year and sub-year label; an unknown label stays visible (rejected)."""
    label = str(turtahun_label).strip().lower()
    if str(turtahun_val) == "0" or label in ("tahun", "tahunan", "annual"):
        return year
    if m := re.match(r"semester\s*(1|2|i{1,2})\b", label):
        half = m.group(1)
        return f"{year}-S{ROMAN.get(half, half)}"
    if m := re.match(r"(?:triwulan|kuartal|quarter)\s*(1|2|3|4|iv|i{1,3})\b", label):
        quarter = m.group(1)
        return f"{year}-Q{ROMAN.get(quarter, quarter)}"
    if label in MONTHS:
        return f"{year}-{MONTHS[label]:02d}"
    return f"{year} {turtahun_label}"


def _labels(payload: dict, key: str, var: object) -> list[dict]:
    items = payload.get(key)
    if not isinstance(items, list) or not items:
        raise FetchError(f"BPS var {var}: jawaban tanpa daftar '{key}' / BPS var {var}: the answer has no '{key}' list")
    return items


def rows_for(payload: dict, spec: dict, vervar_map: dict) -> list[dict]:
    """One row per (vervar, tahun, turtahun) of the chosen turvar that has a value."""
    var = spec["var"]
    if payload.get("status") != "OK" or payload.get("data-availability") != "available":
        raise FetchError(
            f"BPS var {var}: data tidak tersedia ({payload.get('status')}, {payload.get('data-availability')}) / "
            f"data not available"
        )
    content = payload.get("datacontent")
    if not isinstance(content, dict):
        raise FetchError(f"BPS var {var}: jawaban tanpa 'datacontent' / the answer has no 'datacontent'")
    turvars = _labels(payload, "turvar", var)
    if "turvar" in spec:
        chosen = [t for t in turvars if str(t["val"]) == str(spec["turvar"])]
    elif len(turvars) == 1:
        chosen = turvars
    else:
        options = ", ".join(f"{t['val']} = {t['label']}" for t in turvars)
        raise FetchError(
            f"BPS var {var} punya beberapa turvar ({options}); pilih satu dengan turvar di registri / "
            f"BPS var {var} has several turvar categories ({options}); choose one with turvar in the registry"
        )
    if not chosen:
        raise FetchError(f"BPS var {var}: turvar {spec['turvar']} tidak ada / turvar {spec['turvar']} is absent")
    turvar = chosen[0]
    rows = []
    for vv in _labels(payload, "vervar", var):
        for th in _labels(payload, "tahun", var):
            for tt in payload.get("turtahun") or [{"val": 0, "label": "Tahun"}]:
                key = f"{vv['val']}{var}{turvar['val']}{th['val']}{tt['val']}"
                if key not in content:
                    continue
                code = str(vv["val"])
                rows.append(
                    {
                        "kode_indikator": spec["indicator"],
                        "kode_wilayah": vervar_map.get(code, code),
                        "periode": period(str(th["label"]), tt["val"], tt["label"]),
                        "nilai": content[key],
                        "raw": raw_json(
                            {
                                "var": var,
                                "vervar": vv["val"],
                                "wilayah": vv["label"],
                                "turvar": turvar["label"],
                                "tahun": th["label"],
                                "turtahun": tt["label"],
                                "nilai": content[key],
                            }
                        ),
                    }
                )
    return rows


def read(location: str, options: dict) -> Delivery:
    env = options.get("api_key_env", "BPS_API_KEY")
    key = os.environ.get(env, "")
    if not key:
        raise FetchError(
            f"variabel lingkungan {env} (kunci API BPS) belum diisi / environment variable {env} is not set"
        )
    client = Client.from_options(options, secrets=(key,))
    vervar_map = {"6400": "64", **{str(k): str(v) for k, v in options.get("vervar_map", {}).items()}}
    rows: list[dict] = []
    for spec in options.get("variables", []):
        url = location.format(var=spec["var"], key=key)
        if spec.get("th"):
            url = url.replace(f"/key/{key}", f"/th/{spec['th']}/key/{key}")
        payload = client.get_json(url)
        if not isinstance(payload, dict):
            raise FetchError(f"BPS var {spec['var']}: jawaban bukan objek JSON / the answer is not a JSON object")
        rows.extend(rows_for(payload, spec, vervar_map))
    if not options.get("variables"):
        raise FetchError("options.variables kosong / options.variables is empty")
    frame = pd.DataFrame(rows, columns=["kode_indikator", "kode_wilayah", "periode", "nilai", "raw"])
    columns = {c: frame[c].tolist() for c in ("kode_indikator", "kode_wilayah", "periode", "nilai")}
    out = standard_frame(
        columns, range(1, len(frame) + 1), frame["raw"].tolist(), {"status": options.get("status", "tetap")}
    )
    out["source_url"] = client.redact(location.split("/key/")[0])
    return Delivery(out)
