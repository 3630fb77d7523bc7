"""The OpenAPI 3.0 document of /api/v1/: the contract the API is tested against (schemathesis, in
tests/api/test_openapi_fuzz.py) and what programs read to use it. Parameters are declared once here and the
endpoints' parameter lists are compared with portal/state/api.py PARAMS by a test.
"""

from __future__ import annotations

from portal.params import INDICATOR_CODE, ONE_REGION
from portal.periods import EARLIEST_YEAR, LATEST_YEAR
from portal.settings import LICENSES, Settings
from portal.state import api as state
from portal.vocab import Classification, Frequency

REGION_CODE = f"^({ONE_REGION})$"
REGION_LIST = f"^({ONE_REGION})(,({ONE_REGION})){{0,99}}$"
LEVEL_LIST = r"^(provinsi|kabkota|kecamatan|desa)(,(provinsi|kabkota|kecamatan|desa)){0,3}$"
PERIOD = r"\d{4}(-(S[12]|Q[1-4]|0[1-9]|1[0-2]))?"
CODE = INDICATOR_CODE.pattern


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _string(nullable: bool = False, **more) -> dict:
    return {"type": "string", **({"nullable": True} if nullable else {}), **more}


def _integer(nullable: bool = False, **more) -> dict:
    return {"type": "integer", **({"nullable": True} if nullable else {}), **more}


def _object(properties: dict, required: list[str] | None = None) -> dict:
    return {"type": "object", "properties": properties, "required": required or list(properties)}


def _query(name: str, schema: dict, description: str) -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


def _path(name: str, pattern: str, description: str) -> dict:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "schema": _string(pattern=pattern),
        "description": description,
    }


def parameters() -> dict:
    """Every query parameter of the API, by name."""
    paging = {
        name: _query("limit", _integer(minimum=1, maximum=most, default=default), f"rows per page (at most {most})")
        for name, (default, most) in state.PAGING.items()
    }
    return {
        "limit": paging,  # per endpoint
        "offset": _query(
            "offset", _integer(minimum=0, maximum=100_000_000, default=0), "rows to skip; past the end: []"
        ),
        "format": _query("format", _string(enum=list(state.FORMATS), default="json"), "json (default) or csv"),
        "region": _query(
            "region",
            _string(pattern=REGION_LIST),
            "regions by BPS (6403) or Kemendagri (64.02, 64.02.01, 64.02.01.2001) code, comma-separated (at most 100)",
        ),
        "parent": _query("parent", _string(pattern=REGION_CODE), "only the regions directly under this one"),
        "level": _query("level", _string(pattern=LEVEL_LIST), "region levels, comma-separated"),
        "from": _query(
            "from", _integer(minimum=EARLIEST_YEAR, maximum=LATEST_YEAR), "first year (periods starting in it on)"
        ),
        "to": _query("to", _integer(minimum=EARLIEST_YEAR, maximum=LATEST_YEAR), "last year"),
        "period": _query(
            "period",
            _string(pattern=f"^{PERIOD}(,{PERIOD}){{0,99}}$"),
            "periods as the data standard writes them: 2024, 2024-S1, 2024-Q1, 2024-03 (comma-separated)",
        ),
        "sector": _query("sector", _string(pattern=CODE), "a sector code (kemiskinan, investasi, ...)"),
        "frequency": _query("frequency", _string(enum=list(Frequency)), "the indicator's frequency"),
        "q": _query("q", _string(maxLength=100), "what a reader typed"),
    }


def _params(endpoint: str) -> list[dict]:
    known = parameters()
    out = []
    for name in state.PARAMS[endpoint]:
        found = known[name]
        out.append(found[endpoint] if name == "limit" else found)
    return out


def schemas() -> dict:
    value = _object(
        {
            "indicator": _string(),
            "region": _string(description="the region's key: its BPS code (province, regencies) or Kemendagri code"),
            "kemendagri_code": _string(),
            "region_name": _string(),
            "level": _string(enum=list(state.LEVELS)),
            "period": _string(pattern=f"^{PERIOD}$"),
            "value": {"type": "number"},
            "unit": _string(nullable=True),
            "status": _string(
                enum=list(state.STATUSES),
                description="tetap: the producer's final figure; sementara: a preliminary figure that may still be "
                "revised; diperbaiki: a final figure that corrected an earlier published one; contoh: a sample "
                "(synthetic) value, never an official figure (is_sample is true)",
            ),
            "source": _string(),
            "source_title": _string(),
            "source_url": _string(nullable=True, description="the publication a real figure was read in"),
            "is_sample": {"type": "boolean", "description": "true: sample data, not an official figure"},
            "loaded_at": _string(nullable=True, format="date-time"),
        }
    )
    bilingual = _object({"id": _string(), "en": _string()})
    sdi = _object(
        {
            "concept": bilingual,
            "definition": bilingual,
            "classification": _string(enum=list(Classification)),
            "measure": {**bilingual, "nullable": True},
            "unit": bilingual,
            "producer": _string(),
            "frequency": _string(enum=list(Frequency)),
            "licence": _string(enum=list(LICENSES)),
            "licence_url": _string(),
            "last_update": _string(nullable=True, format="date-time"),
        }
    )
    indicator = _object(
        {
            "code": _string(pattern=CODE),
            "name_id": _string(),
            "name_en": _string(),
            "sector": _string(),
            "sector_name_id": _string(),
            "sector_name_en": _string(),
            "headline": _integer(nullable=True),
            "definition_id": _string(),
            "definition_en": _string(),
            "unit_id": _string(),
            "unit_en": _string(),
            "measure_id": _string(nullable=True),
            "measure_en": _string(nullable=True),
            "decimals": _integer(),
            "polarity": _integer(enum=[-1, 0, 1]),
            "frequency": _string(enum=list(Frequency)),
            "producer": _string(),
            "source_note": _string(),
            "classification": _string(enum=list(Classification)),
            "licence": _string(enum=list(LICENSES)),
            "latest_period": _string(nullable=True),
            "last_update": _string(nullable=True, format="date-time"),
            "observations": _integer(minimum=0),
            "sample_values": _integer(minimum=0),
            "sdi": _ref("Sdi"),
            "links": {"type": "object", "additionalProperties": _string()},
        }
    )
    coverage = _object(
        {
            "region": _string(),
            "region_name": _string(),
            "first_period": _string(),
            "last_period": _string(),
            "values": _integer(minimum=0),
            "sample_values": _integer(minimum=0),
            "last_update": _string(nullable=True, format="date-time"),
        }
    )
    region_fields = {
        "code": _string(),
        "kemendagri_code": _string(),
        "name": _string(),
        "name_full": _string(),
        "level": _string(enum=list(state.LEVELS)),
        "parent_code": _string(nullable=True),
        "child_count": _integer(minimum=0),
        "links": {"type": "object", "additionalProperties": _string()},
    }
    region = _object(region_fields, [k for k in region_fields if k != "child_count"])
    sector = _object(
        {
            "code": _string(),
            "name_id": _string(),
            "name_en": _string(),
            "position": _integer(),
            "links": {"type": "object", "additionalProperties": _string()},
        }
    )
    answer = _object(
        {
            "kind": _string(enum=["indicator", "region", "sector", "agency", "application", "combo"]),
            "key": _string(),
            "level": _string(nullable=True, enum=[*state.LEVELS, None]),
            "title_id": _string(),
            "title_en": _string(),
            "detail_id": _string(),
            "detail_en": _string(),
            "href": _string(),
            "is_sample": {"type": "boolean"},
        }
    )
    meta = _object({"count": _integer(minimum=0), "limit": _integer(nullable=True), "offset": _integer(minimum=0)})
    links = _object({"self": _string(), "next": _string(nullable=True)})

    def page(item: str) -> dict:
        return _object({"data": {"type": "array", "items": _ref(item)}, "meta": meta, "links": links})

    return {
        "Error": _object(
            {
                "error": _string(description="one sentence in the reader's language"),
                "status": _integer(),
                "parameter": _string(description="the parameter at fault (400)"),
                "detail": _string(),
            },
            ["error", "status"],
        ),
        "Value": value,
        "Sdi": sdi,
        "Indicator": indicator,
        "IndicatorDetail": {
            "allOf": [
                _ref("Indicator"),
                _object({"coverage": {"type": "array", "items": coverage}}),
            ]
        },
        "Region": region,
        "RegionDetail": {
            "allOf": [
                _ref("Region"),
                _object(
                    {
                        "parent": {"allOf": [_ref("Region")], "nullable": True},
                        "children": {"type": "array", "items": _ref("Region")},
                    }
                ),
            ]
        },
        "Sector": sector,
        "SearchAnswer": answer,
        "ValuePage": page("Value"),
        "IndicatorPage": page("Indicator"),
        "RegionPage": page("Region"),
        "SectorPage": page("Sector"),
        "SearchPage": page("SearchAnswer"),
        "IndicatorAnswer": _object({"data": _ref("IndicatorDetail")}),
        "RegionAnswer": _object({"data": _ref("RegionDetail")}),
        "Index": _object(
            {
                "name": _string(),
                "version": _string(),
                "openapi": _string(),
                "links": {"type": "object", "additionalProperties": _string()},
            }
        ),
    }


def _error(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": _ref("Error")}}}


def _operation(endpoint: str, summary: str, schema: str, *, csv: bool, path: list[dict] = (), found: bool = False):
    content = {"application/json": {"schema": _ref(schema)}}
    if csv:
        content["text/csv"] = {"schema": _string(description="the same rows, one a line, with a header")}
    responses = {
        "200": {"description": "the answer", "content": content},
        "400": _error("a parameter that cannot be used: the sentence names it"),
        "401": _error("an API token that is forged, revoked or expired"),
        "429": _error("too many requests from this client: wait and try again"),
    }
    if found:
        responses["404"] = _error("nothing this reader may read there (unknown and restricted read the same)")
    return {
        "operationId": endpoint,
        "summary": summary,
        "parameters": [*path, *_params(endpoint)],
        "responses": responses,
    }


def document(settings: Settings) -> dict:
    """The OpenAPI document, its server the portal's public address."""
    code = _path("code", CODE, "an indicator code, as in the catalogue")
    sector = _path("code", CODE, "a sector code")
    region = _path("code", REGION_CODE, "a BPS (6403) or Kemendagri (64.02) code")
    p = state.PREFIX
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Portal Satu Data Kaltim API",
            "version": "1",
            "description": (
                "Open data of the Province of Kalimantan Timur: the indicator catalogue with its Satu Data "
                "metadata, every value with its source, status and sample flag, and the region reference (BPS "
                "and Kemendagri codes). Anonymous clients read public indicators; an API token (Authorization: "
                "Bearer ...) reads with its role. Malformed parameters get a 400 naming them; a page past the end "
                "is empty."
            ),
            "license": {"name": settings.data_license, "url": LICENSES[settings.data_license][2]},
        },
        "servers": [{"url": settings.public_url}],
        "components": {
            "schemas": schemas(),
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{}, {"token": []}],
        "paths": {
            f"{p}/": {"get": _operation("index", "what the API offers", "Index", csv=False)},
            f"{p}/indicators": {"get": _operation("catalogue", "the indicator catalogue", "IndicatorPage", csv=True)},
            f"{p}/indicators/{{code}}": {
                "get": _operation(
                    "indicator", "one indicator's metadata", "IndicatorAnswer", csv=True, path=[code], found=True
                )
            },
            f"{p}/indicators/{{code}}/observations": {
                "get": _operation(
                    "observations", "one indicator's values", "ValuePage", csv=True, path=[code], found=True
                )
            },
            f"{p}/sectors": {"get": _operation("sectors", "the priority sectors", "SectorPage", csv=True)},
            f"{p}/sectors/{{code}}/latest": {
                "get": _operation(
                    "sector_latest", "a sector's latest values", "ValuePage", csv=True, path=[sector], found=True
                )
            },
            f"{p}/regions": {"get": _operation("regions", "the regions", "RegionPage", csv=True)},
            f"{p}/regions/{{code}}": {
                "get": _operation(
                    "region",
                    "one region with its parent and children",
                    "RegionAnswer",
                    csv=True,
                    path=[region],
                    found=True,
                )
            },
            f"{p}/search": {"get": _operation("search", "the search box's answers", "SearchPage", csv=False)},
        },
    }
