"""plotly.js for the browser: the portal's own build with only the trace types it draws (1.5 MB instead of 4.8 MB).

Dash's renderer loads plotly.js lazily, from one fixed address, when the first chart of a visit appears; the
portal answers that address with vendor/plotly/plotly-portal.min.js (built by vendor/plotly/build.mjs). The
build is used only while it is the plotly.js version the installed plotly package writes figures for;
otherwise the full bundle is served as before, and the log says why.
"""

from __future__ import annotations

import hashlib
import logging

from flask import Flask, Response, request
from plotly.offline import get_plotlyjs_version

from portal.plotly_bundle import BUNDLE, bundle_version

log = logging.getLogger(__name__)
# Where the renderer fetches plotly.js from when serving locally (dash-renderer: window._dashPlotlyJSURL).
PLOTLY_PATH = "/_dash-component-suites/plotly/package_data/plotly.min.js"


def init_app(server: Flask) -> None:
    data = BUNDLE.read_bytes() if BUNDLE.is_file() else b""
    built, wanted = bundle_version(data), get_plotlyjs_version()
    if built != wanted:
        log.warning(
            "plotly.js build %s is %s, the plotly package needs %s: serving the full bundle", BUNDLE, built, wanted
        )
        return
    etag = hashlib.sha256(data).hexdigest()[:32]

    @server.before_request
    def _portal_plotly():
        if request.path != PLOTLY_PATH:
            return None
        response = Response(data, mimetype="text/javascript")
        response.set_etag(etag)
        response.cache_control.no_cache = True  # the address never changes: revalidate (a 304) on each visit
        return response.make_conditional(request)
