"""A page address that names nothing answers 404: an unknown path, and a known page whose code in the address
names nothing (/indikator/tidak-ada, /wilayah/9999, /sektor/tidak-ada).

Dash answers every path with the same page shell (200) and draws the page in the browser; this hook sets the
status of that shell from the page registry. A page with a code in its path registers `found=`, a function of
its path variables (the reader's, for access: a restricted indicator reads as unknown), and the page draws the
same friendly text the status stands for.
"""

from __future__ import annotations

import logging
import re

import dash
from flask import Flask, Response, request

log = logging.getLogger(__name__)
# Dash's routes for the page shell: the site root and its catch-all.
SHELL_RULES = ("/", "/<path:path>")


def _template(path_template: str) -> re.Pattern:
    """`/sektor/<kode>` as a pattern with one named group per variable (a variable is one path segment)."""
    parts = re.split(r"<(\w+)>", path_template.strip("/"))
    pattern = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>[^/]+)" for i, p in enumerate(parts))
    return re.compile(pattern)


def page_found(path: str) -> bool:
    """Whether `path` names a page, and the page the thing its address names."""
    path = path.strip("/")
    for page in dash.page_registry.values():
        if page.get("path_template"):
            matched = _template(page["path_template"]).fullmatch(path)
            if matched:
                found = page.get("found")
                try:
                    return found is None or bool(found(**matched.groupdict()))
                except Exception:  # the page says what went wrong (e.g. the database is down); not a 404
                    log.exception("page status of %s", path)
                    return True
        elif path == page["path"].strip("/") and not page["module"].endswith("not_found_404"):
            return True
    return False


def init_app(server: Flask) -> None:
    @server.after_request
    def _status(response: Response) -> Response:
        rule = request.url_rule.rule if request.url_rule else None
        shell = rule in SHELL_RULES and response.status_code == 200 and response.mimetype == "text/html"
        if shell and not page_found(request.path):
            response.status_code = 404
        return response
