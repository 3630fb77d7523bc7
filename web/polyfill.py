"""Dash's @babel/polyfill left out of the pages.

Dash writes @babel/polyfill 7.12 (core-js 2 and regenerator-runtime, for the browsers of before 2018) ahead of its
scripts on every page. Every browser the portal is read in has what core-js adds, and core-js's stand-ins (its
`setImmediate`, which React's scheduler then runs on) cost a regency profile about 0.4 s of main thread on a
desktop (docs/benchmarks.md). What the components do need of it is the global `regeneratorRuntime` (Dash's lazy
chunk loader calls it), and dash-bootstrap-components' bundle, on every page ahead of Dash's renderer, defines it
itself. Should an installed dash-bootstrap-components no longer do so, the polyfill stays, and the log says why.
"""

from __future__ import annotations

import logging
import re
from functools import cache
from pathlib import Path

import dash_bootstrap_components

log = logging.getLogger(__name__)
DBC_BUNDLE = Path(dash_bootstrap_components.__file__).parent / "_components" / "dash_bootstrap_components.min.js"
_TAG = re.compile(r'<script(?: defer)? src="[^"]*/_dash-component-suites/dash/deps/polyfill@[^"]*"></script>\s*')


@cache
def droppable() -> bool:
    """Whether the pages can go without the polyfill: the dbc bundle defines `regeneratorRuntime` itself."""
    found = DBC_BUNDLE.is_file() and "regeneratorRuntime=" in DBC_BUNDLE.read_text(encoding="utf-8")
    if not found:
        log.warning("%s does not define regeneratorRuntime: the pages keep Dash's @babel/polyfill", DBC_BUNDLE)
    return found


def dropped(scripts: str) -> str:
    """The index's scripts without Dash's @babel/polyfill (unchanged when it cannot go)."""
    return _TAG.sub("", scripts, count=1) if droppable() else scripts
