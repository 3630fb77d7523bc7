"""Hardening of the web app: production checks, security headers, request limits, plain-language errors.

- `check_settings` refuses a production start without a real SECRET_KEY.
- `install` adds the headers (a Content-Security-Policy Dash works under), caps request bodies,
  checks the shape of every callback request before Dash reads it, and turns every error into a
  short answer in the reader's language — details go to the log only.
"""

from __future__ import annotations

import json
import logging
import uuid
from typing import Any

from dash.exceptions import DependencyException
from flask import Flask, jsonify, request
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import BadRequest, HTTPException, RequestEntityTooLarge

from portal.i18n import t, t_of
from portal.params import MAX_ITEMS, InvalidInput
from portal.settings import LICENSES, Settings
from portal.state.share import EMBED_PATH
from portal.vocab import ErrorStatus
from web import offline
from web.reader import lang as current_lang

log = logging.getLogger("portal.errors")
MAX_BODY_BYTES = 1024 * 1024
MAX_DEPTH = 24
CALLBACK_PATH = "/_dash-update-component"
WILDCARDS = ("ALL", "MATCH", "ALLSMALLER")


class ConfigurationError(RuntimeError):
    """A setting makes it unsafe to start; the message says which and how to fix it."""


def check_settings(settings: Settings) -> None:
    """Refuse unsafe configurations: production needs a real SECRET_KEY and knows no other mode."""
    env = settings.portal_env
    if env not in ("development", "production"):
        raise ConfigurationError(f"PORTAL_ENV must be 'development' or 'production', not {env!r}.")
    if env == "production" and len(settings.secret_key) < 32:
        raise ConfigurationError(
            "PORTAL_ENV=production needs SECRET_KEY: set it to a random value of at least 32 characters, "
            "the same for every worker, e.g. SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_hex(32))')."
        )
    if settings.data_license not in LICENSES:
        raise ConfigurationError(f"DATA_LICENSE must be one of {', '.join(LICENSES)}, not {settings.data_license!r}.")


EMBED_PREFIX = f"{EMBED_PATH}/"  # the embed view (web pages of other sites may frame it, and only it)


def content_security_policy(script_hashes: list[str], frame_ancestors: str = "'none'") -> str:
    """The CSP: scripts only from the app itself and Dash's own inline scripts (by hash); framed by no site
    (`frame_ancestors`: the embed view's, any)."""
    hashes = " ".join(script_hashes)  # Dash gives them quoted: 'sha256-...'
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' {hashes}".strip(),
            # plotly.js and Dash's components set style attributes and inject <style> elements.
            "style-src 'self' 'unsafe-inline'",
            # Sparklines and exported charts are data: URLs; map libraries draw from blob: workers.
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "worker-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            f"frame-ancestors {frame_ancestors}",
        ]
    )


def _is_callback() -> bool:
    return request.path.endswith(CALLBACK_PATH)


def error_response(status: int, detail: str | None = None):
    """A short, plain answer: JSON for callbacks and APIs, a small HTML page otherwise."""
    lang = current_lang()
    # A status without words of its own gets the words of its class.
    fallback = ErrorStatus.SERVER_ERROR if status >= 500 else ErrorStatus.BAD_REQUEST
    message = (
        t("db_down", lang) if status == 503 else t_of("err", status if status in set(ErrorStatus) else fallback, lang)
    )
    if _is_callback() or request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json":
        body = {"error": message, "status": status}
        if detail:
            body["detail"] = detail
        return jsonify(body), status
    ref = f"<p><small>{t('err_ref', lang)}: {detail}</small></p>" if detail and status >= 500 else ""
    html = (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{status}</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1"></head>'
        f'<body style="font-family:sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem">'
        f'<h1 style="font-size:1.4rem">{message}</h1>{ref}<p><a href="/">{t("back_home", lang)}</a></p></body></html>'
    )
    return html, status, {"Content-Type": "text/html; charset=utf-8"}


# --- callback request shape ----------------------------------------------------------------------


def _bounded(value: Any, depth: int = 0) -> None:
    """Reject deep nesting and long lists anywhere in a callback payload."""
    if depth > MAX_DEPTH:
        raise InvalidInput("payload nested too deeply")
    if isinstance(value, list):
        if len(value) > MAX_ITEMS:
            raise InvalidInput(f"list of {len(value)} items (at most {MAX_ITEMS})")
        for item in value:
            _bounded(item, depth + 1)
    elif isinstance(value, dict):
        if len(value) > MAX_ITEMS:
            raise InvalidInput(f"object with {len(value)} keys (at most {MAX_ITEMS})")
        for item in value.values():
            _bounded(item, depth + 1)


def _same_id(sent: Any, declared: Any) -> bool:
    if isinstance(declared, str) and declared.startswith("{"):  # callback_map writes pattern ids as JSON
        declared = json.loads(declared)
    if isinstance(declared, dict):  # pattern-matching id: same keys, wildcards match any value
        if not isinstance(sent, dict) or set(sent) != set(declared):
            return False
        return all(
            not isinstance(sent[k], dict | list)
            and (str(getattr(v, "value", v)) in WILDCARDS or isinstance(v, list) or sent[k] == v)
            for k, v in declared.items()
        )
    return sent == declared


def _check_items(sent: Any, declared: list[dict], what: str) -> None:
    if not isinstance(sent, list) or len(sent) != len(declared):
        raise InvalidInput(f"'{what}' must list {len(declared)} items")
    for item, spec in zip(sent, declared, strict=True):
        group = item if isinstance(item, list) and str(spec["id"]).startswith("{") else [item]
        if len(group) > MAX_ITEMS:
            raise InvalidInput(f"too many items in '{what}'")
        for one in group:
            if (
                not isinstance(one, dict)
                or one.get("property") != spec["property"]
                or not _same_id(one.get("id"), spec["id"])
            ):
                raise InvalidInput(f"unexpected item in '{what}'")


PAGES_ROUTER = ".._pages_content.children..._pages_store.data.."


def _check_location(inputs: list[dict]) -> None:
    """Dash's own page router: a path starting with / and a query string, both of bounded length."""
    values = {i["property"]: i.get("value") for i in inputs}
    path, search = values.get("pathname"), values.get("search")
    if not isinstance(path, str) or not path.startswith("/") or len(path) > 2048:
        raise InvalidInput("not a page address")
    if search is not None and (not isinstance(search, str) or len(search) > 4096 or search[:1] not in ("", "?")):
        raise InvalidInput("not a query string")


def check_callback_body(body: Any, callback_map: dict) -> None:
    """A callback request names a registered callback and sends exactly its declared inputs and state."""
    if not isinstance(body, dict):
        raise InvalidInput("body must be a JSON object")
    output = body.get("output")
    if not isinstance(output, str) or output not in callback_map:
        raise InvalidInput("unknown callback")
    spec = callback_map[output]
    if "callback" not in spec:  # a clientside callback: the browser runs it, never the server
        raise InvalidInput("unknown callback")
    _bounded(body)
    _check_items(body.get("inputs"), spec.get("inputs", []), "inputs")
    _check_items(body.get("state", []), spec.get("state", []), "state")
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(c, str) and len(c) < 500 for c in changed):
        raise InvalidInput("'changedPropIds' must be a list of strings")
    if output == PAGES_ROUTER:
        _check_location(body["inputs"])
    outputs = body.get("outputs")
    if spec.get("no_output"):
        return
    # Multi-output callbacks have keys like "..a.children...b.data.." and expect a list of outputs.
    expected = len(spec["output"]) if output.startswith("..") else None
    if expected is None and not isinstance(outputs, dict | list):
        raise InvalidInput("'outputs' must be an object")
    if expected is not None and (not isinstance(outputs, list) or len(outputs) != expected):
        raise InvalidInput(f"'outputs' must list {expected} items")


# --- install -------------------------------------------------------------------------------------


def install(app, settings: Settings) -> None:
    """Wire the checks, headers and error handlers into a Dash app's Flask server."""
    server: Flask = app.server
    production = settings.portal_env == "production"
    server.config.update(
        MAX_CONTENT_LENGTH=MAX_BODY_BYTES,
        DEBUG=False if production else server.config.get("DEBUG", False),
        PROPAGATE_EXCEPTIONS=False,
        TRAP_HTTP_EXCEPTIONS=False,
    )
    csp_cache: dict[str, str] = {}
    embed_csp = content_security_policy([], "*")  # the embed view runs no script

    @server.before_request
    def _check_callback_request():
        if request.method == "POST" and _is_callback():
            if request.content_length is not None and request.content_length > MAX_BODY_BYTES:
                raise RequestEntityTooLarge()
            try:
                body = request.get_json(silent=True)
            except RecursionError:  # JSON nested deeper than Python's parser goes: no interface sends that
                raise BadRequest("body nested too deep") from None
            if body is None:
                raise BadRequest("body is not JSON")
            check_callback_body(body, app.callback_map)

    @server.after_request
    def _headers(response):
        if "csp" not in csp_cache:
            csp_cache["csp"] = content_security_policy(list(app.csp_hashes()))
        headers = response.headers
        framed = request.path.startswith(EMBED_PREFIX)
        headers.setdefault("Content-Security-Policy", embed_csp if framed else csp_cache["csp"])
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        if not framed:
            headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if request.is_secure:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        if not request.path.startswith(("/assets/", "/_dash-component-suites/")):
            # Responses depend on who reads them: never let a shared cache keep one reader's page; only an
            # anonymous reader's pages may stay in the browser (for the offline worker, web/offline.py).
            headers.setdefault("Cache-Control", offline.cache_control(response.status_code))
            headers.add("Vary", "Cookie")
        return response

    @server.errorhandler(InvalidInput)
    def _invalid(err: InvalidInput):
        log.warning("rejected input on %s: %s", request.path, err)
        return error_response(400, str(err))

    @server.errorhandler(DependencyException)
    def _unknown_script(err: DependencyException):
        # A made-up path under /_dash-component-suites/: not found, not a server fault.
        log.info("unknown component-suite path %s", request.path)
        return error_response(404)

    @server.errorhandler(SQLAlchemyError)
    def _database(err: SQLAlchemyError):
        log.error("database error on %s: %s", request.path, err)
        return error_response(503)

    @server.errorhandler(HTTPException)
    def _http(err: HTTPException):
        if err.response is not None:  # a ready answer (e.g. the sign-in rate limit's redirect)
            return err.response
        if (err.code or 500) >= 500:
            log.error("HTTP %s on %s: %s", err.code, request.path, err)
        return error_response(err.code or 500)

    @server.errorhandler(Exception)
    def _unexpected(err: Exception):
        if isinstance(err, HTTPException):
            return _http(err)
        ref = uuid.uuid4().hex[:10]
        log.exception("unhandled error %s on %s %s", ref, request.method, request.path)
        return error_response(500, ref)
