"""The BPS WebAPI dynamic tables: `list/model/data` JSON (var, vervar, tahun, turvar, turtahun, datacontent).

One request per variable. What the WebAPI publishes, and how it is read:

- `datacontent` is keyed by the plain concatenation of the vervar, var, turvar, tahun and turtahun
  values, without padding or separator (a key grows when tahun goes from two digits to three), so keys
  are never cut apart: every candidate key is built from the answer's own lists and looked up.
- `datacontent` is sparse (a missing key is no value) and `[]` rather than `{}` when empty, as are
  `tahun` and `related`; a `val` may be a number or a string ("0").
- `tahun.val` is the year - 1900 (117 = 2017) and its label the year; the two must agree.
- `turtahun` 0 is the year, 1-12 the months (or, by their labels, semesters and quarters), 13 the
  annual total of a monthly series: loaded under the variable's `annual_total` indicator, else skipped
  and noted.
- `vervar` values are BPS region codes ("6400" is the province, "64" here), or local codes (1 = Ambon,
  2 = Tual): with `vervar_codes = "local"` only `vervar_map` places a vervar, and one it lacks is a
  rejected row that names it, never a guess.
- Labels carry HTML entities (`&amp;`), and a list may repeat an entry: labels are unescaped and each
  value counted once.

The API key comes from the environment variable the registry names (api_key_env, default BPS_API_KEY)
and never appears in a message or a stored row.

Registry: location is the URL template, e.g.
  https://webapi.bps.go.id/v1/api/list/model/data/lang/ind/domain/6400/var/{var}/key/{key}/
options.variables = [{ var = 1234, indicator = "kemiskinan_p0", turvar = 0, annual_total = "code", th = "..." }]
(indicator for turtahun 0-12, annual_total for turtahun 13; at least one), vervar_codes ("bps" or
"local"), vervar_map (vervar -> region code; "6400" -> "64" built in for BPS codes), and status for
every row (default tetap).
"""

from __future__ import annotations

import html
import re

import pandas as pd

from etl.delivery import Delivery
from etl.http import Client, FetchError
from etl.sources.fields import MappingError, standard_frame
from etl.validate import raw_json
from portal.settings import secret

ANNUAL, ANNUAL_TOTAL = 0, 13
VERVAR_CODES = ("bps", "local")
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


def _items(payload: dict, key: str) -> list[dict]:
    """One of the answer's lists (`[]` when empty, as the WebAPI writes it), each value once, labels unescaped."""
    items = payload.get(key) or []
    if not isinstance(items, list) or not all(isinstance(i, dict) and "val" in i for i in items):
        raise FetchError(f"daftar '{key}' jawaban BPS rusak / the BPS answer's '{key}' list is malformed")
    seen, out = set(), []
    for item in items:
        if str(item["val"]) not in seen:
            seen.add(str(item["val"]))
            out.append({**item, "label": html.unescape(str(item.get("label", "")))})
    return out


def _year(item: dict, var: object) -> str:
    """The year of a `tahun` entry: its val is the year - 1900 (117 = 2017), and its label must agree."""
    try:
        year = str(int(str(item["val"]).strip()) + 1900)
    except ValueError:
        raise FetchError(f"BPS var {var}: tahun val {item['val']!r} bukan angka / is not a number") from None
    label = item["label"].strip()
    if re.fullmatch(r"\d{4}", label) and label != year:
        raise FetchError(
            f"BPS var {var}: tahun val {item['val']} berarti {year}, tetapi labelnya {label} / "
            f"tahun val {item['val']} means {year} but its label says {label}"
        )
    return year


def _turvar(turvars: list[dict], spec: dict, var: object) -> dict:
    if "turvar" in spec:
        chosen = [t for t in turvars if str(t["val"]) == str(spec["turvar"])]
        if not chosen:
            raise FetchError(f"BPS var {var}: turvar {spec['turvar']} tidak ada / turvar {spec['turvar']} is absent")
        return chosen[0]
    if len(turvars) == 1:
        return turvars[0]
    options = ", ".join(f"{t['val']} = {t['label']}" for t in turvars)
    raise FetchError(
        f"BPS var {var} punya beberapa turvar ({options}); pilih satu dengan turvar di registri / "
        f"BPS var {var} has several turvar categories ({options}); choose one with turvar in the registry"
    )


class Variable:
    """One registered variable's answer read into rows; what was skipped is said in `notes`."""

    def __init__(self, payload: dict, spec: dict, vervar_map: dict, local_codes: bool):
        self.var = spec["var"]
        self.rows: list[dict] = []
        self.notes: list[str] = []
        if payload.get("status") != "OK" or payload.get("data-availability") != "available":
            raise FetchError(
                f"BPS var {self.var}: data tidak tersedia ({payload.get('status')}, "
                f"{payload.get('data-availability')}) / data not available"
            )
        content = payload.get("datacontent")
        if content == []:
            content = {}
        if not isinstance(content, dict):
            raise FetchError(f"BPS var {self.var}: jawaban tanpa 'datacontent' / the answer has no 'datacontent'")
        turvars = _items(payload, "turvar")
        if not turvars:
            raise FetchError(f"BPS var {self.var}: jawaban tanpa daftar 'turvar' / the answer has no 'turvar' list")
        turvar = _turvar(turvars, spec, self.var)
        vervars, years = _items(payload, "vervar"), _items(payload, "tahun")
        subyears = _items(payload, "turtahun") or [{"val": ANNUAL, "label": "Tahun"}]
        if not content or not vervars or not years:
            self.notes.append(
                f"BPS var {self.var}: jawaban tidak memuat nilai (datacontent kosong) / "
                f"BPS var {self.var}: the answer holds no values (datacontent is empty)"
            )
            return
        skipped = {True: 0, False: 0}  # annual totals, other periods: values the registry gives no indicator
        for vv in vervars:
            code = str(vv["val"]).strip()
            region = vervar_map.get(code) if local_codes else vervar_map.get(code, code)
            for th in years:
                year = _year(th, self.var)
                for tt in subyears:
                    key = f"{vv['val']}{self.var}{turvar['val']}{th['val']}{tt['val']}"
                    if key not in content:
                        continue  # sparse: no value for this combination
                    annual_total = str(tt["val"]).strip() == str(ANNUAL_TOTAL)
                    indicator = spec.get("annual_total") if annual_total else spec.get("indicator")
                    if not indicator:
                        skipped[annual_total] += 1
                        continue
                    self.rows.append(
                        {
                            "kode_indikator": indicator,
                            "kode_wilayah": region,
                            "periode": year if annual_total else period(year, tt["val"], tt["label"]),
                            "nilai": content[key],
                            "reject": None if region else self._unmapped(vv),
                            "raw": raw_json(
                                {
                                    "var": self.var,
                                    "kode_indikator": indicator,
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
        if skipped[True]:
            self.notes.append(
                f"BPS var {self.var}: {skipped[True]} total tahunan (turtahun 13) dilewati: registri tidak menyebut "
                f"annual_total / BPS var {self.var}: {skipped[True]} annual totals (turtahun 13) skipped: the "
                f"registry names no annual_total"
            )
        if skipped[False]:
            self.notes.append(
                f"BPS var {self.var}: {skipped[False]} nilai turtahun 0-12 dilewati: registri hanya menyebut "
                f"annual_total / BPS var {self.var}: {skipped[False]} values of turtahun 0-12 skipped: the registry "
                f"names only annual_total"
            )

    def _unmapped(self, vv: dict) -> tuple[str, str]:
        return (
            f"vervar {vv['val']} ('{vv['label']}') BPS var {self.var} adalah kode lokal yang tidak ada di vervar_map "
            f"(data/sources.toml)",
            f"vervar {vv['val']} ('{vv['label']}') of BPS var {self.var} is a local code that vervar_map "
            f"(data/sources.toml) does not place",
        )


def rows_for(payload: dict, spec: dict, vervar_map: dict, local_codes: bool = False) -> list[dict]:
    """One row per (vervar, tahun, turtahun) of the chosen turvar that has a value."""
    return Variable(payload, spec, vervar_map, local_codes).rows


def check_options(options: dict) -> None:
    """Refuse registry options that cannot work, before any request."""
    variables = options.get("variables") or []
    if not variables:
        raise MappingError("options.variables kosong / options.variables is empty")
    for spec in variables:
        if "var" not in spec or not (spec.get("indicator") or spec.get("annual_total")):
            raise MappingError(
                f"options.variables {spec}: perlu var dan indicator atau annual_total / "
                f"needs var and indicator or annual_total"
            )
    if options.get("vervar_codes", "bps") not in VERVAR_CODES:
        raise MappingError(
            f"options.vervar_codes harus bps atau local (bukan {options['vervar_codes']!r}) / "
            f"options.vervar_codes must be bps or local (not {options['vervar_codes']!r})"
        )


def read(location: str, options: dict) -> Delivery:
    check_options(options)
    env = options.get("api_key_env", "BPS_API_KEY")
    key = secret(env)
    if not key:
        raise FetchError(
            f"variabel lingkungan {env} (kunci API BPS) belum diisi / environment variable {env} is not set"
        )
    client = Client.from_options(options, secrets=(key,))
    local_codes = options.get("vervar_codes", "bps") == "local"
    given = {str(k): str(v) for k, v in options.get("vervar_map", {}).items()}
    vervar_map = given if local_codes else {"6400": "64", **given}
    rows: list[dict] = []
    notes: list[str] = []
    for spec in options["variables"]:
        url = location.format(var=spec["var"], key=key)
        if spec.get("th"):
            url = url.replace(f"/key/{key}", f"/th/{spec['th']}/key/{key}")
        payload = client.get_json(url)
        if not isinstance(payload, dict):
            raise FetchError(f"BPS var {spec['var']}: jawaban bukan objek JSON / the answer is not a JSON object")
        variable = Variable(payload, spec, vervar_map, local_codes)
        rows.extend(variable.rows)
        notes.extend(variable.notes)
    frame = pd.DataFrame(rows, columns=["kode_indikator", "kode_wilayah", "periode", "nilai", "reject", "raw"])
    columns = {c: frame[c].tolist() for c in ("kode_indikator", "kode_wilayah", "periode", "nilai")}
    out = standard_frame(
        columns, range(1, len(frame) + 1), frame["raw"].tolist(), {"status": options.get("status", "tetap")}
    )
    out["reject"] = frame["reject"].astype(object)
    out["source_url"] = client.redact(location.split("/key/")[0])
    # The WebAPI writes JSON: a number given as text still has a decimal point.
    return Delivery(out, decimal=".", notes=notes)
