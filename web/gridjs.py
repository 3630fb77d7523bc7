"""The data grid's script only where a grid is drawn (issue 19, item 6).

dash-ag-grid's bundle (1.3 MB, about 360 KB compressed) is one of the scripts Dash writes into every page's HTML,
though only /katalog, /aplikasi, /status and the indicator pages draw a grid. The index leaves it out and names
its address in `<meta name="portal-grid-bundle">`; assets/grid-loader.js stands in for the grid component and
fetches the bundle the first time a page draws a grid (on arrival or after a move inside the app).
"""

from __future__ import annotations

import re

from markupsafe import escape

META_NAME = "portal-grid-bundle"
# Dash's script tag of the bundle (fingerprinted or not, deferred behind the first screen or not).
_TAG = re.compile(
    r'<script(?: defer)? src="(?P<src>[^"]*/_dash-component-suites/dash_ag_grid/dash_ag_grid[^"/]*\.js)"></script>\s*'
)


def lazy(scripts: str, metas: str) -> tuple[str, str]:
    """The index's scripts without the grid bundle, and its metas naming where the bundle is (unchanged when the
    scripts hold no grid bundle)."""
    found = _TAG.search(scripts)
    if found is None:
        return scripts, metas
    meta = f'<meta name="{META_NAME}" content="{escape(found["src"])}">'
    return _TAG.sub("", scripts, count=1), f"{metas}\n{meta}"
