"""The harvestable catalogue: CKAN's action API (/api/3/action/, also /api/action/) over the indicator catalogue,
for Satu Data portals' harvesters and CKAN clients: package_list, package_show, package_search (what
ckanext-harvest's CKAN harvester pages through), organization_list and organization_show. GET with query
parameters, or POST with a JSON object (as ckanapi sends); answers as CKAN writes them
({"help", "success", "result"} or {"success": false, "error": {"__type", "message"}}). Readers, tokens and rate
limits as the API's (web/api.py); anonymous harvesters see public indicators only.
"""

from __future__ import annotations

import json

from flask import Blueprint, Response, request

from portal.state import ckan
from web import api, reader

bp = Blueprint("ckan", __name__)
ACTIONS = ("package_list", "package_show", "package_search", "organization_list", "organization_show")


def _site() -> ckan.Site:
    settings = reader.settings()
    return ckan.Site(settings.public_url, settings.data_license)


def _answer(action: str, result=None, error: dict | None = None, status: int = 200) -> Response:
    body = {"help": f"{_site().url}/api/3/action/help_show?name={action}", "success": error is None}
    body.update({"error": error} if error else {"result": result})
    return Response(json.dumps(body, ensure_ascii=False), status=status, mimetype="application/json")


def _params() -> dict:
    if request.method == "POST":
        try:
            body = request.get_json(silent=True)
        except RecursionError:  # nested deeper than Python's parser goes: no CKAN client sends that
            body = None
        if not isinstance(body, dict):
            raise ckan.CkanInputError("body", "Must be a JSON object")
        return body
    return request.args.to_dict()


def _integer(params: dict, name: str, default: int | None, most: int | None = None) -> int | None:
    value = params.get(name)
    if value in (None, ""):
        return default
    text = str(value)
    if isinstance(value, bool) or not text.isascii() or not text.isdigit() or len(text) > 9:
        raise ckan.CkanInputError(name, "Invalid integer")
    number = int(text)
    if most is not None and number > most:
        raise ckan.CkanInputError(name, f"Must be at most {most}")
    return number


def _text(params: dict, name: str, most: int = 500) -> str:
    value = params.get(name, "")
    if not isinstance(value, str) or len(value) > most:
        raise ckan.CkanInputError(name, "Invalid text")
    return value


@bp.route("/api/3/action/<action>", methods=["GET", "POST"])
@bp.route("/api/action/<action>", methods=["GET", "POST"])
def action(action: str) -> Response:
    if action not in ACTIONS:
        return _answer(action[:40], error={"__type": "Bad Request", "message": "Action name not known"}, status=400)
    who, site = api.api_reader(), _site()
    try:
        params = _params()
        if action == "package_list":
            limit = _integer(params, "limit", None, 100_000)
            result = ckan.package_list(who, site, limit, _integer(params, "offset", 0) or 0)
        elif action == "package_search":
            result = ckan.package_search(
                who,
                site,
                q=_text(params, "q"),
                fq=_text(params, "fq"),
                rows=_integer(params, "rows", ckan.ROWS_DEFAULT, ckan.ROWS_MOST),
                start=_integer(params, "start", 0),
                sort=_text(params, "sort"),
            )
        elif action == "organization_list":
            result = ckan.organization_list(who, site, str(params.get("all_fields", "")).lower() == "true")
        else:
            name = _text(params, "id", 200)
            if not name:
                raise ckan.CkanInputError("id", "Missing value")
            show = ckan.package_show if action == "package_show" else ckan.organization_show
            result = show(name, who, site)
            if result is None:
                return _answer(action, error={"__type": "Not Found Error", "message": "Not found"}, status=404)
    except ckan.CkanInputError as err:
        return _answer(action, error={"__type": "Validation Error", err.field: [err.message]}, status=409)
    return _answer(action, result)


bp.before_request(api.refuse_bad_tokens)
bp.after_request(api.open_to_other_sites)
