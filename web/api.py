"""The open data API, /api/v1/: the catalogue, one indicator's metadata and values, a sector's latest values,
the regions with their parents and children, and the search box's answers; JSON or CSV (`format=csv`).

Who reads: a program that sends `Authorization: Bearer <token>` reads with the token's role (portal.api_tokens;
a token that is forged, revoked or expired gets a 401, never the anonymous answer); otherwise the request's
reader (anonymous, or the signed-in session of the browser the search box runs in). Anonymous readers get public
indicators only. Parameters are read strictly (portal.params.ApiQuery): a malformed one is a 400 whose sentence
names it. Each client has its own rate limit: a token's, or API_RATE_LIMIT per address. GET only; the answers
depend on the reader, so they are never stored by shared caches (web/security.py); the server keeps them itself
per data version, address and reader's access (`remembered`, web/cache.py), and the query results by data
version and reader classes (portal/queries/memo.py). The contract is /api/v1/openapi.json.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import logging

from flask import Blueprint, Flask, Response, g, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from werkzeug.exceptions import NotFound, Unauthorized

from portal import api_tokens, audit
from portal.access import Reader
from portal.i18n import t, t_of
from portal.params import INDICATOR_CODE, ApiQuery, InvalidParameter
from portal.state import api as state
from web import cache, openapi, reader

log = logging.getLogger(__name__)
bp = Blueprint("api_v1", __name__, url_prefix=state.PREFIX)
_INVALID = object()  # a token was sent and refused


def _settings():
    return reader.settings()


def holder():
    """The token holder of this request: a TokenHolder, None (no token sent) or _INVALID; asked once."""
    if "api_holder" in g:
        return g.api_holder
    header = request.headers.get("Authorization", "")
    found = None
    if header:
        scheme, _, token = header.partition(" ")
        found = api_tokens.verify(token, _settings().signing_key) if scheme.lower() == "bearer" else None
        if found is None:
            found = _INVALID
    g.api_holder = found
    return found


def api_reader() -> Reader:
    """The reader the answer is for: the token's role, else the request's reader."""
    found = holder()
    if found is None:
        return reader.current()
    return Reader(found.role, reader.lang(), found.agency)


def client_key() -> str:
    """What the rate limit counts by: the token, else the client's address."""
    found = holder()
    return f"token:{found.id}" if found not in (None, _INVALID) else f"addr:{get_remote_address()}"


def client_limit() -> str:
    found = holder()
    return f"{found.rate_per_minute} per minute" if found not in (None, _INVALID) else _settings().api_rate_limit


# --- answers -------------------------------------------------------------------------------------------------


def _json(body: object, status: int = 200, headers: dict | None = None) -> Response:
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return Response(text, status=status, mimetype="application/json", headers=headers)


def _csv_cell(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _csv(page: state.Page, name: str, headers: dict) -> Response:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(page.columns)
    writer.writerows([_csv_cell(r.get(c)) for c in page.columns] for r in page.records)
    headers = {**headers, "Content-Disposition": f'inline; filename="{name}.csv"'}
    return Response(buffer.getvalue(), mimetype="text/csv", headers=headers)


def _query(endpoint: str) -> ApiQuery:
    return ApiQuery(request.args.to_dict(flat=False), state.PARAMS[endpoint])


def _format(q: ApiQuery) -> str:
    return q.choice("format", state.FORMATS, "json")


def _page(page: state.Page, q: ApiQuery, name: str, fmt: str) -> Response:
    follow = page.next_query(q.args)
    headers = {"Link": f'<{request.path}?{follow}>; rel="next"'} if follow else {}
    if fmt == "csv":
        return _csv(page, name, headers)
    links = {"self": request.full_path.rstrip("?"), "next": f"{request.path}?{follow}" if follow else None}
    meta = {"count": len(page.records), "limit": page.limit, "offset": page.offset}
    return _json({"data": page.records, "meta": meta, "links": links}, headers=headers)


def _one(record: dict | None, q: ApiQuery, name: str, fmt: str, columns: list[str]) -> Response:
    if record is None:
        raise NotFound()
    if fmt == "csv":
        return _csv(state.Page([record], columns), name, {})
    return _json({"data": record})


def remembered(view):
    """A data endpoint whose answers are kept per data version, address and reader's access (web/cache.py):
    the checks before it (token, rate limit) run on every request, the view only on a miss."""

    @functools.wraps(view)
    def answer(*args, **kwargs):
        return cache.api_answer(cache.api_key(api_reader(), request.full_path), lambda: view(*args, **kwargs))

    return answer


# --- routes --------------------------------------------------------------------------------------------------


@bp.before_request
def refuse_bad_tokens() -> None:
    """A token that was sent and refused stops the request with a 401 (audited)."""
    if holder() is _INVALID:
        audit.event("api_token_refused", outcome="refused", path=request.path)
        raise Unauthorized()


@bp.after_request
def open_to_other_sites(response: Response) -> Response:
    """Readable by scripts on other sites, but never with this site's cookies (no credentials with "*")."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = "Link, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining"
    return response


@bp.errorhandler(InvalidParameter)
def _bad_parameter(err: InvalidParameter) -> Response:
    lang = reader.lang()
    message = t_of("param", err.problem, lang, name=err.parameter, **err.bounds)
    log.info("API 400 on %s: %s", request.path, err)
    return _json({"error": message, "status": 400, "parameter": err.parameter}, 400)


@bp.errorhandler(NotFound)
def _not_found(_err) -> Response:
    return _json({"error": t("api_not_found", reader.lang()), "status": 404}, 404)


@bp.errorhandler(Unauthorized)
def _unauthorized(_err) -> Response:
    body = {"error": t("api_token_refused", reader.lang()), "status": 401}
    return _json(body, 401, {"WWW-Authenticate": 'Bearer realm="api"'})


@bp.get("/")
def index() -> Response:
    """What the API offers, and where its contract is."""
    _query("index")
    return _json(
        {
            "name": "Portal Satu Data Kaltim API",
            "version": "1",
            "openapi": f"{state.PREFIX}/openapi.json",
            "links": {
                "indicators": f"{state.PREFIX}/indicators",
                "sectors": f"{state.PREFIX}/sectors",
                "regions": f"{state.PREFIX}/regions",
                "search": f"{state.PREFIX}/search",
                "catalogue": "/api/3/action/package_search",
            },
        }
    )


@bp.get("/openapi.json")
def openapi_document() -> Response:
    return _json(openapi.document(_settings()))


@bp.get("/indicators")
@remembered
def catalogue() -> Response:
    q = _query("catalogue")
    fmt = _format(q)
    return _page(state.catalogue(q, api_reader(), _settings().data_license), q, "indikator", fmt)


def _indicator_code(code: str) -> str:
    if not INDICATOR_CODE.match(code):
        raise NotFound()
    return code


@bp.get("/indicators/<code>")
@remembered
def indicator(code: str) -> Response:
    q = _query("indicator")
    fmt = _format(q)
    record = state.indicator(_indicator_code(code), api_reader(), _settings().data_license)
    return _one(record, q, code, fmt, state.INDICATOR_COLUMNS)


@bp.get("/indicators/<code>/observations")
@remembered
def observations(code: str) -> Response:
    q = _query("observations")
    fmt = _format(q)
    page = state.observations(_indicator_code(code), q, api_reader())
    if page is None:
        raise NotFound()
    return _page(page, q, f"{code}-nilai", fmt)


@bp.get("/sectors")
@remembered
def sectors() -> Response:
    q = _query("sectors")
    fmt = _format(q)
    return _page(state.sectors(q), q, "sektor", fmt)


@bp.get("/sectors/<code>/latest")
@remembered
def sector_latest(code: str) -> Response:
    q = _query("sector_latest")
    fmt = _format(q)
    page = state.sector_latest(_indicator_code(code), q, api_reader())
    if page is None:
        raise NotFound()
    return _page(page, q, f"{code}-terkini", fmt)


@bp.get("/regions")
@remembered
def regions() -> Response:
    q = _query("regions")
    fmt = _format(q)
    return _page(state.regions(q), q, "wilayah", fmt)


@bp.get("/regions/<code>")
@remembered
def region(code: str) -> Response:
    q = _query("region")
    fmt = _format(q)
    if len(code) > 20:
        raise NotFound()
    return _one(state.region(code), q, f"wilayah-{code}", fmt, state.REGION_COLUMNS)


@bp.get("/search")
@remembered
def search() -> Response:
    q = _query("search")
    return _page(state.search(q, api_reader()), q, "cari", "json")


def init_app(server: Flask, *more: Blueprint) -> None:
    """The API's routes, and `more` blueprints read the same way (the CKAN catalogue), under the API's own rate
    limit (Redis when REDIS_URL is set, else per worker)."""
    settings = server.config["PORTAL_SETTINGS"]
    limiter = Limiter(
        key_func=client_key,
        app=server,
        storage_uri=settings.redis_url or "memory://",
        strategy="fixed-window",
        headers_enabled=True,
    )
    for blueprint in (bp, *more):
        limiter.limit(client_limit, key_func=client_key)(blueprint)
        server.register_blueprint(blueprint)
    server.extensions["portal_api_limiter"] = limiter
