"""The portal's own plotly.js build, vendor/plotly/plotly-portal.min.js (built by vendor/plotly/build.mjs): only the
trace types the portal draws, 1.5 MB instead of 4.8 MB. The browser gets it (web/plotlyjs.py) and kaleido renders
the server-made PNGs with it (components/export.py), both only while it is the plotly.js version the installed
plotly package writes figures for."""

from __future__ import annotations

import re
from pathlib import Path

from plotly.offline import get_plotlyjs_version

from portal.settings import ROOT

BUNDLE = ROOT / "vendor" / "plotly" / "plotly-portal.min.js"


def bundle_version(head: bytes) -> str | None:
    found = re.search(rb"plotly\.js v(\d+\.\d+\.\d+)", head[:300])
    return found.group(1).decode() if found else None


def usable() -> Path | None:
    """The build, when it is the plotly.js version the plotly package needs; else None (use plotly's own)."""
    if not BUNDLE.is_file():
        return None
    with BUNDLE.open("rb") as head:
        return BUNDLE if bundle_version(head.read(300)) == get_plotlyjs_version() else None
