"""Small helpers for the browser tests of the dashboard pages: PNG headers, downloads, chart text."""

from __future__ import annotations

import re
import struct
import zlib
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def serious_violations(page: Page) -> list[str]:
    """What axe-core finds serious or critical on the page as it stands, one line per rule."""
    results = Axe().run(page, options={"resultTypes": ["violations"]})
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG, after checking its signature, header CRC and that its pixels decompress."""
    assert data[:8] == PNG_SIGNATURE, "not a PNG"
    length, kind = struct.unpack(">I4s", data[8:16])
    assert kind == b"IHDR" and length == 13
    header = data[16:29]
    (crc,) = struct.unpack(">I", data[29:33])
    assert zlib.crc32(b"IHDR" + header) & 0xFFFFFFFF == crc, "corrupt PNG header"
    width, height = struct.unpack(">II", header[:8])
    pos, idat = 8, b""
    while pos < len(data):
        (n,), kind = struct.unpack(">I", data[pos : pos + 4]), data[pos + 4 : pos + 8]
        if kind == b"IDAT":
            idat += data[pos + 8 : pos + 8 + n]
        pos += 12 + n
    pixels = zlib.decompress(idat)
    assert len(pixels) >= height * (width * 3 + 1), "PNG pixel data too short"
    return width, height


def pdf_pages(data: bytes, tmp_path: Path, dpi: int = 40) -> list[bytes]:
    """A PDF's pages as PNG images, rendered by poppler's pdftoppm (what a reader's viewer shows)."""
    import subprocess

    (tmp_path / "rendered.pdf").write_bytes(data)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", tmp_path / "rendered.pdf", tmp_path / "page"], check=True)
    return [p.read_bytes() for p in sorted(tmp_path.glob("page-*.png"))]


def download(page: Page, click, tmp_path: Path) -> tuple[str, bytes]:
    """Click something that downloads a file; returns the suggested file name and the bytes."""
    with page.expect_download(timeout=60_000) as info:
        click()
    dl = info.value
    target = tmp_path / dl.suggested_filename
    dl.save_as(target)
    return dl.suggested_filename, target.read_bytes()


def chart_text(page: Page, chart: str) -> str:
    """All the text drawn inside a chart card's figure (title, legend, axes, source line)."""
    return page.locator(f"[data-chart='{chart}'] .main-svg").evaluate_all(
        "nodes => nodes.map(n => n.textContent).join(' ')"
    )


def start_app(page: Page) -> None:
    """Move the pointer, as a reader's first move does: on a phone, the pages read before they are used (`/`, a
    sector, a regency profile) start the app then, not before (components/first_screen.py `held_back`)."""
    page.mouse.move(5, 5)
    page.mouse.move(20, 20)


def wait_for_charts(page: Page, count: int) -> None:
    """Wait until `count` Plotly figures have drawn, the lazy ones below the screen asked for as scrolling would."""
    start_app(page)
    page.wait_for_function(
        "count => { if (window.portalCharts) { window.portalCharts.askAll(); }"
        " return document.querySelectorAll('.chart-card .main-svg .gtitle').length >= count; }",
        arg=count,
        polling=250,
        timeout=60_000,
    )
    expect(page.locator(".chart-card .main-svg .gtitle")).to_have_count(count)


def sign_out(page: Page) -> None:
    """Sign out from the navbar as a reader does (on a phone: open the menu, wait for it to finish opening, press
    Keluar) and see the sign-in link come back. Fails saying whether the sign-out request left the browser."""
    # The page is ready when either is shown (the app takes over from the first screen of the HTML).
    start_app(page)
    page.wait_for_function(
        "() => [...document.querySelectorAll('#sign-out, .navbar-toggler')]"
        ".some(e => e.checkVisibility({visibilityProperty: true}))"
    )
    if not page.locator("#sign-out").is_visible():  # on a phone the navbar is folded behind its toggler
        page.click(".navbar-toggler")
        expect(page.locator("#navbar-collapse")).to_have_class(re.compile(r"(^|\s)show(\s|$)"))
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.method) if r.url.endswith("/auth/keluar") else None)
    page.click("#sign-out")
    # Signed out, the reader lands on a page that may wait for their first move to start the app.
    for _ in range(60):
        start_app(page)
        if page.locator("#sign-in-link").count() == 1:  # folded on a phone too
            return
        page.wait_for_timeout(250)
    raise AssertionError(f"not signed out; sign-out requests the page sent: {sent}; at {page.url}")


def grid_scrolled_to(page: Page, scope: str) -> None:
    """Scroll to the grid inside `scope` (a CSS selector) until it has drawn its rows, as a reader scrolling down
    does: a deferred grid keeps an empty room until then (assets/grid-loader.js), and the app may redraw it."""
    page.wait_for_function(
        "scope => { const g = document.querySelector(scope + ' .portal-grid'); if (g) { g.scrollIntoView(); }"
        " return document.querySelectorAll(scope + ' .ag-center-cols-container [role=row]').length > 0; }",
        arg=scope,
        polling=250,
    )


def no_horizontal_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def shown_series(url: str, code: str, region: str) -> list[tuple[str, float, bool]]:
    """(period, value, is_sample) of one series as readers are shown it, read straight from the database: its
    official values when it has any, else its sample values (the real-first rule, checked independently of
    portal.queries)."""
    from sqlalchemy import select

    from portal.db import get_engine
    from portal.models import Observation, Source

    o = Observation
    with get_engine(url).connect() as conn:
        rows = conn.execute(
            select(o.period, o.value, Source.is_sample)
            .join(Source, Source.name == o.source)
            .where(o.indicator == code, o.region == region)
            .order_by(o.period)
        ).all()
    real = [tuple(r) for r in rows if not r.is_sample]
    return real or [tuple(r) for r in rows]


def shown_latest(url: str, code: str, region: str = "64") -> tuple[str, str]:
    """The latest period of a series as readers are shown it, and its value as a KPI card writes it."""
    from sqlalchemy import select

    from portal import fmt
    from portal.db import get_engine
    from portal.models import Indicator

    period, value, _sample = shown_series(url, code, region)[-1]
    with get_engine(url).connect() as conn:
        decimals, unit = conn.execute(select(Indicator.decimals, Indicator.unit_id).where(Indicator.code == code)).one()
    return period, fmt.value(value, unit, decimals, "id")


def regency_latest(url: str, code: str, until: str = "9999") -> tuple[str, dict[str, float]]:
    """The regencies' latest period (up to `until`) among the values readers are shown, and each regency's value
    then."""
    from sqlalchemy import select

    from portal.db import get_engine
    from portal.models import Region

    with get_engine(url).connect() as conn:
        regencies = conn.execute(select(Region.code).where(Region.level == "kabkota")).scalars().all()
    series = {r: {p: v for p, v, _s in shown_series(url, code, r) if p[:4] <= until} for r in regencies}
    period = max(p for values in series.values() for p in values)
    return period, {r: values[period] for r, values in series.items() if period in values}


# What a chart draws, by kind, as CSS selectors inside a chart card; the pairs of kinds that must never overlap.
CHART_PARTS = {
    "title": ".g-gtitle .gtitle",
    "legend": ".legend .bg",
    "note": ".annotation",
    "tick": ".xtick text, .ytick text",
    "axis-title": ".g-xtitle text, .g-ytitle text",
    "value-label": ".bartext",
    "colour-bar": ".colorbar",
    "plot": ".nsewdrag, .geo .bglayer rect, .geo > .layer",
    "line": ".shapelayer path",
    "mode-bar": ".modebar",
}
TEXT_PARTS = ("title", "legend", "note", "tick", "axis-title", "value-label", "colour-bar", "mode-bar")
MUST_NOT_MEET = (
    {("title", other) for other in (*TEXT_PARTS, "plot") if other != "title"}
    | {("legend", other) for other in (*TEXT_PARTS, "plot") if other not in ("title", "legend")}
    | {("mode-bar", other) for other in ("note", "tick", "axis-title", "value-label", "colour-bar")}
    | {
        ("note", "note"),
        ("note", "line"),
        ("note", "tick"),
        ("note", "axis-title"),
        ("note", "value-label"),
        ("note", "colour-bar"),
        ("tick", "axis-title"),
    }
    | {("value-label", "line"), ("value-label", "value-label")}
)

_MEASURE = """
([parts]) => {
  const visible = (el, thin) => {
    const s = getComputedStyle(el);
    if (s.display === 'none' || s.visibility === 'hidden') return false;
    for (let p = el.parentElement; p; p = p.parentElement) if (getComputedStyle(p).display === 'none') return false;
    const r = el.getBoundingClientRect();
    return thin ? r.width + r.height > 0.5 : r.width > 0.5 && r.height > 0.5;
  };
  return [...document.querySelectorAll('.chart-card')].filter(visible).map(card => {
    const svg = card.querySelector('.main-svg');
    const box = r => ({x0: r.left, y0: r.top, x1: r.right, y1: r.bottom});
    const out = {chart: card.dataset.chart, svg: svg ? box(svg.getBoundingClientRect()) : null, parts: [], crowded: []};
    for (const [kind, selector] of Object.entries(parts)) {
      card.querySelectorAll(selector).forEach(el => {
        // A line is as thin as its stroke: measured 2 px wide.
        const thin = kind === 'line';
        if (!visible(el, thin)) return;
        const text = (el.textContent || '').trim().slice(0, 40);
        const r = box(el.getBoundingClientRect());
        if (thin) Object.assign(r, {x0: r.x0 - 1, x1: r.x1 + 1, y0: r.y0 - 1, y1: r.y1 + 1});
        out.parts.push({kind, text, ...r});
      });
    }
    // Neighbouring labels of the time or value axis along the bottom that meet: side by side when upright, or
    // closer than a line's height across their slant when plotly tilts them (their boxes on the page always
    // overlap then, whatever the text).
    const labels = [...card.querySelectorAll('.xtick text')].filter(el => visible(el, false)).map(el => {
      const r = el.getBoundingClientRect(), m = el.getCTM(), b = el.getBBox();
      return {text: el.textContent.trim(), x: (r.left + r.right) / 2, slant: Math.abs(m.b / Math.hypot(m.a, m.b)),
              w: b.width, h: b.height};
    }).sort((a, b) => a.x - b.x);
    for (let i = 1; i < labels.length; i++) {
      const a = labels[i - 1], b = labels[i];
      const need = a.slant > 0.05 ? 0.8 * a.h / a.slant : (a.w + b.w) / 2;
      if (b.x - a.x < need) out.crowded.push(`${a.text} and ${b.text}`);
    }
    return out;
  });
}
"""


def _meet(a: dict, b: dict, slack: float = 0.5) -> bool:
    return (
        min(a["x1"], b["x1"]) - max(a["x0"], b["x0"]) > slack and min(a["y1"], b["y1"]) - max(a["y0"], b["y0"]) > slack
    )


def chart_collisions(page: Page) -> list[str]:
    """Every pair of a chart's parts that overlap (title, subtitle, legend, notes, labels, mode bar, plot, the
    province line), neighbouring labels of the bottom axis that meet, and every text part cut off at the edge of its figure, on
    every visible chart card."""
    found = []
    for chart in page.evaluate(_MEASURE, [CHART_PARTS]):
        parts = chart["parts"]
        for i, a in enumerate(parts):
            for b in parts[i + 1 :]:
                pair = (a["kind"], b["kind"])
                if (pair in MUST_NOT_MEET or pair[::-1] in MUST_NOT_MEET) and _meet(a, b):
                    found.append(f"{chart['chart']}: {a['kind']} {a['text']!r} meets {b['kind']} {b['text']!r}")
            edge = chart["svg"]
            inside = edge is None or edge["x0"] - 1 <= a["x0"] and a["x1"] <= edge["x1"] + 1
            if a["kind"] in TEXT_PARTS and a["kind"] != "mode-bar" and not inside:
                found.append(f"{chart['chart']}: {a['kind']} {a['text']!r} is cut off at the figure's edge")
        found += [f"{chart['chart']}: tick labels {pair} meet" for pair in chart["crowded"]]
    return found


def first_screen(html: str) -> str:
    """The first screen a page's HTML carries (the markup of its closed shadow root, as the reader sees it)."""
    found = re.search(r'<div id="first-screen"><template shadowrootmode="closed">(.*?)</template></div>', html, re.S)
    assert found, "no first screen in the HTML"
    return found.group(1)
