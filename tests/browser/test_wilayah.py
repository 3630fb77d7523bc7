"""/wilayah in headless Chromium: the map with the database's values, clicks, gaps, the tile grid, comparison."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect
from sqlalchemy import select

from portal import fmt
from portal.db import get_engine
from portal.models import Indicator, Region
from portal.periods import start_date
from tests.browser.conftest import GAP
from tests.browser.helpers import chart_text, shown_series

pytestmark = pytest.mark.browser
MAP = '[data-chart="wilayah-map"] .js-plotly-plot'

# Where a regency lies on screen: a point well inside its choropleth path (d3 keeps the location in __data__).
POINT_IN_REGION = """([selector, code]) => {
    const gd = document.querySelector(selector);
    const path = Array.from(gd.querySelectorAll('path.choroplethlocation')).find(p => p.__data__ && p.__data__.loc === code);
    if (!path) { return null; }
    const box = path.getBBox(), n = 30, dx = box.width / n, dy = box.height / n;
    const inside = (x, y) => path.isPointInFill(new DOMPoint(x, y));
    const good = [];
    for (let i = 1; i < n; i++) {
        for (let j = 1; j < n; j++) {
            const x = box.x + i * dx, y = box.y + j * dy;
            if (inside(x, y) && inside(x + dx, y) && inside(x - dx, y) && inside(x, y + dy) && inside(x, y - dy)) {
                good.push([x, y]);
            }
        }
    }
    if (!good.length) { return null; }
    const cx = good.reduce((s, p) => s + p[0], 0) / good.length, cy = good.reduce((s, p) => s + p[1], 0) / good.length;
    good.sort((a, b) => Math.hypot(a[0] - cx, a[1] - cy) - Math.hypot(b[0] - cx, b[1] - cy));
    const m = path.getScreenCTM(), pt = new DOMPoint(good[0][0], good[0][1]).matrixTransform(m);
    return [pt.x, pt.y];
}"""
# The centre of a tile of the tile grid (a heatmap cell), in page coordinates.
POINT_IN_TILE = """([selector, col, row]) => {
    const gd = document.querySelector(selector), box = gd.getBoundingClientRect();
    const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
    return [box.left + xa._offset + xa.l2p(col), box.top + ya._offset + ya.l2p(row)];
}"""


def regency_values(url: str, indicator: str) -> dict[str, dict[str, float]]:
    """Each regency's values by period as readers are shown them (real figures first), from the database."""
    with get_engine(url).connect() as conn:
        regencies = conn.execute(select(Region.code).where(Region.level == "kabkota")).scalars().all()
    return {r: {p: v for p, v, _sample in shown_series(url, indicator, r)} for r in regencies}


def map_values(url: str, indicator: str, period: str | None = None) -> tuple[str, dict[str, float]]:
    """The map's period (by default the latest one for which most regencies have a value) and their values then."""
    series = regency_values(url, indicator)
    if period is None:
        counts = Counter(p for values in series.values() for p in values)
        period = max((p for p, n in counts.items() if n * 2 > len(series)), key=start_date)
    return period, {r: values[period] for r, values in series.items() if period in values}


def figure_data(page: Page, selector: str = MAP) -> list[dict]:
    """The traces the page's Plotly graph holds, as plotly.js has them."""
    page.wait_for_function(
        f"() => {{ const g = document.querySelector('{selector}'); return g && g.data && g._fullLayout; }}"
    )
    return page.evaluate(
        f"""() => document.querySelector('{selector}').data.map(t => ({{
            type: t.type, name: t.name, locations: t.locations || null, z: t.z || null,
            customdata: t.customdata || null }}))"""
    )


def choose(page: Page, select_id: str, value: str) -> None:
    """Pick an option of a native select, as a reader does."""
    page.locator(f"#{select_id}").select_option(value)


def test_map101_sekda_finds_the_worst_on_stunting_and_opens_its_profile(page: Page, geo_server, console_errors):
    base, url = geo_server
    page.goto(base + "/wilayah")
    expect(page.locator("#wilayah-map-box")).to_have_attribute("data-map", "choropleth")
    choose(page, "wilayah-indicator", "stunting")
    # The map opens on the latest period most regencies have (the newest holds a few regencies' releases only).
    default, _ = map_values(url, "stunting")
    expect(page).to_have_url(re.compile(rf"indikator=stunting&periode={default}"))
    choose(page, "wilayah-period", "2021")  # the survey year with a figure for every regency
    period, values = map_values(url, "stunting", "2021")
    expect(page).to_have_url(re.compile(rf"indikator=stunting&periode={period}"))
    expect(page.locator("#wilayah-table caption")).to_contain_text("Stunting")
    # The map holds the ten regencies with the database's values.
    page.wait_for_function(f"() => document.querySelector('{MAP}').data[0].z.length === 10")
    traces = figure_data(page)
    assert traces[0]["type"] == "choropleth"
    assert dict(zip(traces[0]["locations"], traces[0]["z"], strict=True)) == pytest.approx(values)
    # The table ranks them: the worst (highest stunting) is last among the ten.
    worst = max(values, key=values.get)
    rows = page.locator("#wilayah-table tbody tr[data-region]:not([data-region='64'])")
    expect(rows).to_have_count(10)
    expect(rows.last).to_have_attribute("data-region", worst)
    # Hover tells the value in Indonesian, the rank and the change; a click selects the regency.
    x, y = page.evaluate(POINT_IN_REGION, [MAP, worst])
    page.mouse.move(x, y)
    with get_engine(url).connect() as conn:
        name = conn.execute(select(Region.name_full).where(Region.code == worst)).scalar_one()
    hover = page.locator(".hoverlayer .hovertext")
    expect(hover).to_contain_text(name)
    expect(hover).to_contain_text(fmt.value(values[worst], "persen", 1, "id"))
    expect(hover).to_contain_text("Peringkat 10 dari 10")
    page.mouse.click(x, y)
    expect(page.locator("#wilayah-selection")).to_have_attribute("data-region", worst)
    expect(page).to_have_url(re.compile(rf"wilayah={worst}"))
    page.wait_for_function(
        f"() => {{ const t = document.querySelector('{MAP}').data[0];"
        f" return t.marker.line.width[t.locations.indexOf('{worst}')] === 2.5; }}"
    )
    # ... and offers its profile, which reads it against the province.
    page.locator("#wilayah-profile-link").click()
    expect(page.locator("#profile")).to_have_attribute("data-region", worst)
    expect(page.locator("h1")).to_contain_text(name)
    # The profile reads each indicator at the regency's own latest period, ranked among the regencies then.
    series = regency_values(url, "stunting")
    latest = max(series[worst], key=start_date)
    then = sorted(v[latest] for v in series.values() if latest in v)  # lower stunting is better
    rank = then.index(series[worst][latest]) + 1
    stunting = page.locator("#profile tr[data-indicator=stunting]")
    expect(stunting).to_contain_text(fmt.value(series[worst][latest], "persen", 1, "id"))
    expect(stunting).to_have_attribute("data-rank", str(rank))
    expect(stunting).to_contain_text(f"{rank} dari {len(then)}")
    assert console_errors == []


def test_map102_a_regency_without_data_is_drawn_as_no_data(page: Page, geo_server, console_errors):
    base, url = geo_server
    page.goto(base + f"/wilayah?indikator={GAP['indicator']}&periode={GAP['period']}")
    page.wait_for_function(
        f"() => document.querySelector('{MAP}') && document.querySelector('{MAP}').data.length === 4"
    )
    coloured, grey, legend, names = figure_data(page)
    assert names["name"] == "regency-names"  # every regency named, the one without data too
    _, values = map_values(url, GAP["indicator"], GAP["period"])
    assert GAP["region"] not in values and sorted(coloured["locations"]) == sorted(values)
    assert 0 not in coloured["z"]
    assert GAP["region"] in grey["locations"] and len(grey["locations"]) == 10 - len(values)
    assert all("Tidak ada data" in cell[2] for cell in grey["customdata"])
    assert legend["name"] == "Tidak ada data"
    expect(page.locator(f"{MAP} .legendtext", has_text="Tidak ada data")).to_be_visible()
    row = page.locator(f"#wilayah-table tr[data-region='{GAP['region']}']")
    expect(row).to_contain_text("Tidak ada data")
    expect(page.locator("#wilayah-gaps")).to_contain_text("Mahakam Ulu")
    assert console_errors == []


def test_map103_tile_grid_without_a_boundary_file(page: Page, tile_server, console_errors):
    base, url = tile_server
    period, values = map_values(url, "stunting")
    page.goto(base + "/wilayah?indikator=stunting")
    expect(page.locator("#wilayah-map-box")).to_have_attribute("data-map", "tilegrid")
    expect(page.locator("#wilayah-map-note")).to_contain_text("BOUNDARY_FILE")
    traces = figure_data(page)
    assert traces[0]["type"] == "heatmap"
    shown = {cell[0]: z for crow, zrow in zip(traces[0]["customdata"], traces[0]["z"], strict=True)
             for cell, z in zip(crow, zrow, strict=True) if cell[0]}  # fmt: skip
    assert len(shown) == 10  # every regency has its tile; those without a value then are empty, never zero
    assert {code: z for code, z in shown.items() if z is not None} == pytest.approx(values)
    # Clicking the Kutai Timur tile (north-east) selects it.
    x, y = page.evaluate(POINT_IN_TILE, [MAP, 2, 1])
    page.mouse.move(x, y)
    expect(page.locator(".hoverlayer .hovertext")).to_contain_text("Kabupaten Kutai Timur")
    page.mouse.click(x, y)
    expect(page.locator("#wilayah-selection")).to_have_attribute("data-region", "6404")
    expect(page).to_have_url(re.compile(r"wilayah=6404"))
    assert console_errors == []


def test_map104_url_filters_reopen_the_view_and_bad_values_are_named(page: Page, geo_server, console_errors):
    base, url = geo_server
    page.goto(base + "/wilayah?indikator=tidak_ada&periode=1800&wilayah=64.02&banding=6401,64.07")
    notice = page.locator("#wilayah-notice")
    expect(notice).to_contain_text("periode=1800")
    expect(notice).to_contain_text("indikator")
    expect(notice).not_to_contain_text("tidak_ada")  # an indicator code is never echoed
    unknown = notice.inner_text()
    # A Kemendagri code in the URL selects the same regency as its BPS code (64.02 is Kutai Kartanegara, 6403).
    expect(page.locator("#wilayah-selection")).to_have_attribute("data-region", "6403")
    expect(page.locator("#wilayah-scorecard")).to_be_visible()
    # The address says what is shown: the defaults and BPS codes, without what was dropped.
    expect(page).to_have_url(re.compile(r"\?indikator=[a-z_0-9]+&periode=[0-9SQ-]+&wilayah=6403&banding=6401,6402$"))
    # A restricted indicator is as unknown as a misspelt one: the notice reads the same.
    page.goto(base + "/wilayah?indikator=investasi_proyek&periode=1800&wilayah=64.02&banding=6401,64.07")
    expect(page.locator("#wilayah-notice")).to_have_text(unknown)
    assert "investasi_proyek" not in page.locator("#main").inner_html()
    choose(page, "wilayah-indicator", "ipm")
    expect(page).to_have_url(re.compile(r"indikator=ipm&periode=\d{4}"))
    # A click on a bar of the ranking selects that regency too: the top bar is the best (highest IPM).
    _, values = map_values(url, "ipm")
    expect(page.locator("#wilayah-table caption")).to_contain_text("Indeks Pembangunan Manusia")
    # IPM values lie close together: the ranking draws them as dots on a fitted axis; a click on a dot selects.
    box = page.locator('[data-chart="wilayah-bar"] .scatterlayer .point').first.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # plotly listens on its drag layer
    expect(page.locator("#wilayah-selection")).to_have_attribute("data-region", max(values, key=values.get))
    assert console_errors == []


def test_map105_comparison_scorecard_beats_or_lags_the_province(page: Page, geo_server, console_errors):
    base, url = geo_server
    page.goto(base + "/wilayah?banding=6403,6471")
    table = page.locator("#wilayah-scorecard")
    with get_engine(url).connect() as conn:
        headline = conn.execute(
            select(Indicator.code).where(Indicator.headline.is_not(None), Indicator.classification == "publik")
        ).scalars()
        headline = sorted(headline)
    expect(table.locator("tbody tr[data-indicator]")).to_have_count(len(headline))
    period, values = map_values(url, "stunting")  # the scorecard reads each indicator at the map's period
    province = dict((p, v) for p, v, _s in shown_series(url, "stunting", "64"))[period]
    for code in ("6403", "6471"):
        cell = table.locator(f"tr[data-indicator=stunting] td[data-region='{code}']")
        verdict = "better" if values[code] < province else "worse"
        expect(cell).to_have_attribute("data-vs", verdict)
        # Not colour alone: an arrow and a word say it too.
        expect(cell).to_contain_text("lebih baik" if verdict == "better" else "lebih buruk")
        expect(cell).to_contain_text("↓" if values[code] < province else "↑")
    # A fifth regency is one too many: four are shown and the reader is told.
    page.goto(base + "/wilayah?banding=6401,6402,6403,6404,6405")
    expect(page.locator("#wilayah-comparison")).to_contain_text("Paling banyak 4")
    expect(page.locator("#wilayah-scorecard thead th")).to_have_count(3 + 4)
    assert console_errors == []


def test_map106_accessible_and_fits_a_phone(page: Page, geo_server, console_errors):
    base, _ = geo_server
    page.goto(base + "/wilayah?indikator=stunting&banding=6403,6471")
    expect(page.locator("#wilayah-scorecard")).to_be_visible()
    figure_data(page)
    violations = Axe().run(page).response["violations"]
    serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    assert [v for v in serious if v[1] in ("serious", "critical")] == []
    # The map's text alternative: a summary for screen readers and the full table.
    expect(page.locator('[data-chart="wilayah-map"] .chart-summary')).to_contain_text("terburuk")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    figure_data(page)
    expect(page.locator("#wilayah-table")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert console_errors == []


def test_map107_english_reader_gets_english_units(page: Page, geo_server, console_errors):
    base, url = geo_server
    page.request.get(base + "/lang/en", max_redirects=0)  # the reader's switch sets the language cookie
    page.goto(base + "/wilayah?indikator=rata_rata_lama_sekolah&wilayah=6403&banding=6403,6471")
    expect(page).to_have_title("Regions · Satu Data Kaltim")
    _, values = map_values(url, "rata_rata_lama_sekolah")
    value = fmt.value(values["6403"], "years", 2, "en")  # 10.36 years, never 10,36 tahun
    traces = figure_data(page)
    hover = next(cell[2] for cell in traces[0]["customdata"] if cell[0] == "6403")
    assert value in hover and "tahun" not in hover
    assert "years (darker = worse)" in chart_text(page, "wilayah-map")
    figure_data(page, '[data-chart="wilayah-bar"] .js-plotly-plot')
    for chart in ("wilayah-map", "wilayah-bar"):
        assert "tahun" not in chart_text(page, chart)
    expect(page.locator("#wilayah-selection")).to_contain_text(value)
    expect(page.locator("#wilayah-table tr[data-region='6403']")).to_contain_text(value)
    scorecard = page.locator("#wilayah-scorecard tr[data-indicator=rata_rata_lama_sekolah]")
    expect(scorecard).to_contain_text(" years")
    for part in ("#wilayah-table", "#wilayah-selection", "#wilayah-scorecard"):
        expect(page.locator(part)).not_to_contain_text("tahun")
    assert console_errors == []


def test_map108_the_map_names_the_regencies_and_a_tap_shows_the_value_on_a_phone(
    page: Page, geo_server, console_errors
):
    base, url = geo_server
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base + "/wilayah?indikator=stunting&periode=2021")
    page.wait_for_function(
        f"() => {{ const g = document.querySelector('{MAP}'); return g && g.data && g.data[0].z.length === 10; }}"
    )
    names = page.locator(f"{MAP} .scattergeo text")
    expect(names).to_have_count(10)
    with get_engine(url).connect() as conn:
        regencies = dict(conn.execute(select(Region.code, Region.name).where(Region.level == "kabkota")).all())
    # A long name is drawn on two lines (tspans): read each line as a word of the name.
    shown = " ".join(
        names.evaluate_all(
            "ts => ts.map(t => { const lines = t.querySelectorAll('tspan.line');"
            " return lines.length ? Array.from(lines).map(l => l.textContent).join(' ') : t.textContent; })"
        )
    )
    assert all(name in shown for name in regencies.values()), shown
    # Each name is drawn inside the map's box, legible (not clipped away at phone width).
    box = page.locator(MAP).bounding_box()
    for i in range(10):
        label = names.nth(i).bounding_box()
        assert box["x"] <= label["x"] and label["x"] + label["width"] <= box["x"] + box["width"] + 1
    # A tap on Paser selects it and the map itself now shows its value beside its name.
    _, values = map_values(url, "stunting", "2021")
    x, y = page.evaluate(POINT_IN_REGION, [MAP, "6401"])
    page.mouse.click(x, y)
    expect(page.locator("#wilayah-selection")).to_have_attribute("data-region", "6401")
    expect(names.filter(has_text="Paser").first).to_contain_text(fmt.label(values["6401"], "persen", 1, "id"))
    assert console_errors == []
