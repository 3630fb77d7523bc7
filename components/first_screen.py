"""The first screen in the HTML: the page at an address, drawn by its own layout, sent with the app's index.

A reader on a slow link sees the KPI values, the sentences and the source lines as soon as the HTML arrives,
JavaScript or not. The copy is the page's layout (the same state and component factories the app shows)
written as HTML by components/static_html.py, inside a closed shadow root so that nothing in the page (the
app, its scripts, the tests) finds two of anything. The app renders behind it, hidden; the moment the app's
page content is in place, the copy goes and the app shows in its place, in one frame (no layout shift).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from dash import _pages

from components.static_html import Written, render

HOST_ID = "first-screen"
# The app's tree waits out of the flow and invisible while the copy is shown; once the copy is gone, the rule
# no longer applies. The copy's host is a block like the app's own root.
STYLE = (
    "<style>#first-screen{display:block}"
    "#first-screen+#react-entry-point{position:absolute;top:0;left:0;right:0;visibility:hidden}</style>"
)
# Inside the copy: a chart's room shows its title and source line until the drawing comes.
INNER_STYLE = (
    "<style>.static-chart{padding:.75rem 1rem;overflow:hidden}.static-chart p{margin:0 0 .25rem;white-space:pre-line}"
    ".static-chart-title{font-size:1rem}.static-chart-source{color:#495057}</style>"
)
# Takes the copy away once the app's page content is in place (the pages callback has answered). A tap on a control of
# the copy (shown disabled: it is read, not used) finds no app to answer it; the app's control at the same place
# (nothing moves in the swap) then gets it once the app is in: a button or a switch is pressed, a list or a field
# takes the focus. Only a tap (a press and a lift on one spot, not a scroll) of the last 10 s with the page where it
# was, never a link or a sector's heading (they work in the copy itself: a second turn would undo the reader's).
# Allowed by the content security policy through its hash (`script_hashes`), like Dash's own inline scripts.
SWAP_SCRIPT = (
    "(function(){var fs=document.getElementById('first-screen'),root=document.getElementById('react-entry-point');"
    "if(!fs||!root)return;var down=null,tap=null;"
    "function press(e){down={x:e.clientX,y:e.clientY};}"
    "function lift(e){if(down&&Math.abs(e.clientX-down.x)<10&&Math.abs(e.clientY-down.y)<10)"
    "tap={x:e.clientX,y:e.clientY,sx:scrollX,sy:scrollY,t:Date.now()};down=null;}"
    "addEventListener('pointerdown',press,true);addEventListener('pointerup',lift,true);"
    "function replay(){if(!tap||Date.now()-tap.t>10000||Math.abs(scrollX-tap.sx)>2||Math.abs(scrollY-tap.sy)>2)"
    "return;var at=document.elementFromPoint(tap.x,tap.y),el=at&&at.closest('button,select,input,textarea,"
    "[role=button],[role=combobox],[role=switch]');if(!el||el.disabled||!root.contains(el))return;"
    "el.focus();if(!/^(SELECT|INPUT|TEXTAREA)$/.test(el.tagName)){el.click();}"
    "else if(el.showPicker){try{el.showPicker();}catch(x){}}}"
    "var watch=new MutationObserver(function(){var c=document.getElementById('_pages_content');"
    "if(c&&c.firstElementChild){watch.disconnect();fs.remove();removeEventListener('pointerdown',press,true);"
    "removeEventListener('pointerup',lift,true);requestAnimationFrame(replay);}});"
    "watch.observe(root,{childList:true,subtree:true});})();"
)


@dataclass(frozen=True)
class Page:
    title: str
    layout: Any
    preview: Any = None  # what a link preview of the page says (components/share.py Preview), if it offers one
    waits: bool = False  # on a narrow screen the app starts at the reader's first touch (`held_back`)


def page_at(path: str, query: Mapping[str, list[str]]) -> Page | None:
    """The page Dash's router would show at `path` with `query` (its layout called as the router calls it), or
    None when no page answers there (the 404 page then comes with the app)."""
    page, variables = _pages._path_to_page(path)
    if not page:
        return None
    layout, title = page.get("layout"), page.get("title")
    # As Dash's router passes the address: a parameter given once is a string, given more often a list.
    arguments = {**(variables or {}), **{k: v[0] if len(v) == 1 else v for k, v in query.items()}}
    if callable(layout):
        layout = layout(**arguments)
    if callable(title):
        title = title(**(variables or {}))
    return Page(str(title), layout, waits=bool(page.get("app_waits")))


def written(layout: Any) -> Written:
    """A layout as HTML, to be put into the frame as it is (and kept in a cache)."""
    return Written(render(layout))


def document(shell: Any, css: str, app_entry: str) -> str:
    """The index's body: the first screen (the shell around the page, as HTML) before the app's entry point."""
    copy = f'<div id="{HOST_ID}"><template shadowrootmode="closed">{css}{INNER_STYLE}{render(shell)}</template></div>'
    return f"{STYLE}{copy}{app_entry}<script>{SWAP_SCRIPT}</script>"


def deferred(renderer: str) -> str:
    """Dash's renderer start, run once the deferred scripts it needs have run."""
    return f"document.addEventListener('DOMContentLoaded',function(){{{renderer}}});"


# Pages registered with `app_waits=True` are read before they are used: on a narrow screen (a phone) their first
# screen is all a reader needs until they touch, scroll or type, and the app's script (0.37 MB compressed) would
# only hold up the phone's main thread while the KPI values are read. Their script tags are held back (a type the
# browser neither fetches nor runs) and started, in order, by the reader's first move; a wide screen starts them
# at once, fetched early by preloads that only a wide screen asks for. Light mode's and the offline banner's
# scripts run as on every page: they work on the first screen itself.
WIDE = "(min-width: 992px)"
HELD = "text/x-portal-later"
STARTERS = ("pointerdown", "touchstart", "keydown", "wheel", "scroll", "mousemove", "focusin", "click")
_SCRIPT = re.compile(r'<script defer src="(?P<src>[^"]+)"></script>')
_EAGER = ("/assets/light.js", "/assets/offline.js")


def held_back(scripts: str) -> tuple[str, str]:
    """The index's app scripts held back for `waiting`'s start, and the wide screen's preloads of them."""
    preloads: list[str] = []

    def hold(tag: re.Match) -> str:
        src = tag["src"]
        if src.split("?", 1)[0].endswith(_EAGER):
            return tag[0]
        preloads.append(f'\n    <link rel="preload" as="script" href="{src}" media="{WIDE}">')
        return f'<script type="{HELD}" src="{src}"></script>'

    return _SCRIPT.sub(hold, scripts), "".join(preloads)


def waiting(renderer: str) -> str:
    """Dash's renderer start on a page whose scripts are held back: after the page has loaded, at once on a wide
    screen, else at the reader's first move; the held scripts are put back in order, the renderer after them."""
    return (
        "(function(){var started=false,starters=" + json.dumps(list(STARTERS), separators=(",", ":")) + ";"
        "function start(){if(started)return;started=true;starters.forEach(function(e){"
        "window.removeEventListener(e,start,true);});var last=null;"
        f"document.querySelectorAll('script[type=\"{HELD}\"]').forEach(function(held){{"
        "var s=document.createElement('script');s.src=held.src;s.async=false;held.replaceWith(s);last=s;});"
        f"function run(){{{renderer}}}if(last){{last.addEventListener('load',run);}}else{{run();}}}}"
        f"function ready(){{if(window.matchMedia('{WIDE}').matches){{start();}}else{{starters.forEach(function(e){{"
        "window.addEventListener(e,start,{capture:true,passive:true});});}}"
        "if(document.readyState==='loading'){document.addEventListener('DOMContentLoaded',ready);}else{ready();}})();"
    )


def script_hashes(renderer: str) -> list[str]:
    """The hashes of the inline scripts the first screen adds, as the content security policy names them."""
    return [_hash(SWAP_SCRIPT), _hash(deferred(renderer)), _hash(waiting(renderer))]


def _hash(script: str) -> str:
    return f"'sha256-{base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()}'"
