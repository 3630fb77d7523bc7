"""The regency map: a choropleth on the boundary file, or a tile grid without one, drawn from the chart the page
state describes (portal/state/regional.py: one row per regency, with its rank and change in words).

Both maps colour the same way (darker = worse, whatever the indicator's polarity), say the unit in the colour bar,
show the formatted value, rank and change on hover, and carry each regency's BPS code in `customdata[0]` so one
click handler serves both. A regency without data is drawn grey with a "no data" legend entry: never as zero,
never dropped.
"""

from __future__ import annotations

import math

from components import lightfig as go
from components.chart_frame import with_context
from portal import fmt
from portal.i18n import t
from portal.state.charts import Chart

# Sequential, colour-blind safe (ColorBrewer YlOrBr), light = better; the no-data grey is far from its light end.
SCALE = ["#fff7bc", "#fee391", "#fec44f", "#fe9929", "#ec7014", "#cc4c02", "#8c2d04"]
NO_DATA = "#b8b8b8"
OUTLINE, SELECTED_OUTLINE = "#ffffff", "#0b5394"  # the selection in the portal blue, not a scale colour

# The tile grid: (column, row) with row 0 at the top, placed roughly as the regencies lie on the map.
TILES = {
    "6411": (0, 0),  # Mahakam Ulu, north-west on the Malaysian border
    "6405": (2, 0),  # Berau, north
    "6402": (0, 1),  # Kutai Barat, west
    "6403": (1, 1),  # Kutai Kartanegara, the centre
    "6404": (2, 1),  # Kutai Timur, north-east
    "6472": (1, 2),  # Samarinda, east of the centre on the Mahakam
    "6474": (2, 2),  # Bontang, on the east coast
    "6401": (0, 3),  # Paser, south
    "6409": (1, 3),  # Penajam Paser Utara, south
    "6471": (2, 3),  # Balikpapan, south on the coast
}
GRID_COLUMNS, GRID_ROWS = 3, 4
# The three small cities' names start at their point and run east (over the coast), clear of their neighbours.
NAME_EAST = {"6471", "6472", "6474"}
# The bottom of the plot area that holds the colour bar, under the map and above the source line.
BAR_SPACE = 0.16


def hover_rows(chart: Chart) -> list[list[str]]:
    """Per regency: [code, name, hover lines] with the value and unit in the reader's language."""
    lang, decimals = chart.ctx.lang, int(chart.meta["decimals"])
    rows = []
    for row in chart.rows.to_dict("records"):
        if math.isnan(row["value"]):
            text = t("map_no_data_for", lang, period=chart.ctx.period)
        else:
            lines = [
                f"{chart.ctx.period}: <b>{fmt.value(row['value'], chart.ctx.unit, decimals, lang)}</b>",
                row["rank_text"],
                row["change_text"],
            ]
            if row["is_sample"]:
                lines.append(f"<i>{t('map_sample', lang)}</i>")
            text = "<br>".join(lines)
        rows.append([row["code"], row["name_full"], text])
    return rows


HOVER = "<b>%{customdata[1]}</b><br>%{customdata[2]}<extra></extra>"


def colour_axis(chart: Chart) -> dict:
    """Colour range and bar shared by both maps: darker always means worse."""
    values, polarity, lang = chart.rows["value"].dropna(), int(chart.meta["polarity"]), chart.ctx.lang
    low, high = (float(values.min()), float(values.max())) if len(values) else (0.0, 1.0)
    if low == high:
        low, high = low - 1, high + 1
    hint = t("map_darker_higher" if polarity == 0 else "map_darker_worse", lang)
    # The colour bar is an axis too: round ticks in the reader's short forms (portal.fmt).
    ticks = [v for v in fmt.ticks(low, high) if low <= v <= high]
    return {
        "colorscale": [[i / (len(SCALE) - 1), c] for i, c in enumerate(SCALE)],
        # Higher is better: reverse, so the lowest (worst) values get the darkest colour.
        "reversescale": polarity > 0,
        "zmin": low,
        "zmax": high,
        # Horizontal under the map: the map keeps the full width, which a phone needs.
        "colorbar": {
            "orientation": "h",
            "title": {"text": f"{chart.ctx.unit} ({hint})", "side": "top", "font": {"size": 12}},
            "tickmode": "array",
            "tickvals": ticks,
            "ticktext": fmt.tick_labels(ticks, chart.ctx.unit, lang),
            "thickness": 12,
            "len": 0.8,
            "x": 0.5,
            "xanchor": "center",
            "y": BAR_SPACE - 0.02,
            "yanchor": "top",
            "ypad": 0,
        },
    }


def _ring_area_centroid(ring: list) -> tuple[float, float, float]:
    """(area, lon, lat) of a closed ring by the shoelace formula (area unsigned, in square degrees)."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if area == 0:
        xs, ys = [p[0] for p in ring], [p[1] for p in ring]
        return 0.0, sum(xs) / len(xs), sum(ys) / len(ys)
    return abs(area) / 2, cx / (3 * area), cy / (3 * area)


def _inside(lon: float, lat: float, ring: list) -> bool:
    """Whether a point lies inside a ring (even-odd rule)."""
    inside = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False):
        if (y0 > lat) != (y1 > lat) and lon < x0 + (lat - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def label_points(geojson: dict) -> dict[str, tuple[float, float]]:
    """Per regency (BPS code), where its name goes: the centroid of its largest polygon, or, when a curved shape
    puts that outside it, the middle of the widest stretch of the polygon along the centroid's latitude."""
    points = {}
    for feature in geojson["features"]:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        outer = max((poly[0] for poly in polygons), key=lambda ring: _ring_area_centroid(ring)[0])
        _area, lon, lat = _ring_area_centroid(outer)
        if not _inside(lon, lat, outer):
            crossings = sorted(
                x0 + (lat - y0) * (x1 - x0) / (y1 - y0)
                for (x0, y0), (x1, y1) in zip(outer, outer[1:], strict=False)
                if (y0 > lat) != (y1 > lat)
            )
            spans = list(zip(crossings[::2], crossings[1::2], strict=False))
            if spans:
                left, right = max(spans, key=lambda span: span[1] - span[0])
                lon = (left + right) / 2
        points[str(feature["properties"]["code"])] = (lon, lat)
    return points


def _names_geo(chart: Chart) -> go.Scattergeo:
    """The regencies' names on the map (on screen and in the PNG); the selected one, a reader's tap, also shows
    its value, so a phone shows the value where the finger was, not only an outline."""
    lang, decimals = chart.ctx.lang, int(chart.meta["decimals"])
    points = label_points(chart.geojson)
    rows = [r for r in chart.rows.to_dict("records") if r["code"] in points]
    hover = {h[0]: h for h in hover_rows(chart)}
    texts = []
    for row in rows:
        if row["code"] == chart.selected:
            shown = (
                t("no_data", lang)
                if math.isnan(row["value"])
                else fmt.label(row["value"], chart.ctx.unit, decimals, lang)
            )
            texts.append(f"<b>{row['name']}</b><br><b>{shown}</b>")
        else:
            # Long names on two lines, so that they stay within their regency.
            texts.append(row["name"].replace(" ", "<br>", 1) if len(row["name"]) > 11 else row["name"])
    return go.Scattergeo(
        lon=[points[r["code"]][0] for r in rows],
        lat=[points[r["code"]][1] for r in rows],
        text=texts,
        mode="text",
        textposition=["middle right" if r["code"] in NAME_EAST else "middle center" for r in rows],
        # Dark text with a light halo: legible on the lightest and the darkest colour of the scale.
        textfont={"size": 11, "color": "#212529", "shadow": "0 0 2px #fff, 0 0 3px #fff, 0 0 4px #fff"},
        # The label is the regency's own: a hover or tap on it says what the regency says.
        customdata=[hover[r["code"]] for r in rows],
        hovertemplate=HOVER,
        name="regency-names",
        showlegend=False,
    )


def _no_data_legend_geo(lang: str) -> go.Scattergeo:
    """A legend entry for the grey regencies (choropleth traces have no legend symbol of their own)."""
    return go.Scattergeo(
        lon=[None],
        lat=[None],
        mode="markers",
        marker={"symbol": "square", "size": 14, "color": NO_DATA, "line": {"color": "#6c757d", "width": 1}},
        name=t("no_data", lang),
        showlegend=True,
        hoverinfo="skip",
    )


def choropleth_figure(chart: Chart) -> go.Figure:
    """The ten regencies on the boundary file (BPS code in properties.code), no tiles, fitted to Kaltim."""
    ctx, geojson, selected = chart.ctx, chart.geojson, chart.selected
    lang = ctx.lang
    frame = chart.rows.assign(hover=hover_rows(chart))
    fig = go.Figure()
    for has_data in (True, False):
        part = frame[frame["value"].notna() == has_data]
        if part.empty:
            continue
        codes = part["code"].tolist()
        features = [f for f in geojson["features"] if f["properties"]["code"] in set(codes)]
        outline = [SELECTED_OUTLINE if c == selected else OUTLINE for c in codes]
        width = [2.5 if c == selected else 0.8 for c in codes]
        common = {
            "geojson": {"type": "FeatureCollection", "features": features},
            "featureidkey": "properties.code",
            "locations": codes,
            "customdata": part["hover"].tolist(),
            "hovertemplate": HOVER,
            "marker": {"line": {"color": outline, "width": width}},
        }
        if has_data:
            fig.add_trace(
                go.Choropleth(
                    z=part["value"].tolist(),
                    name=ctx.title,
                    showlegend=False,
                    **common,
                    **colour_axis(chart),
                )
            )
        else:
            fig.add_trace(
                go.Choropleth(
                    z=[0] * len(codes),  # only a placeholder for the grey fill: never shown as a value
                    colorscale=[[0, NO_DATA], [1, NO_DATA]],
                    showscale=False,
                    name=t("no_data", lang),
                    showlegend=False,
                    **common,
                )
            )
            fig.add_trace(_no_data_legend_geo(lang))
    fig.add_trace(_names_geo(chart))
    fig.update_geos(visible=False, fitbounds="locations", projection_type="mercator", bgcolor="white")
    fig.update_layout(dragmode=False, geo={"domain": {"y": [BAR_SPACE, 1]}})
    # Narrow side margins, set before the context so the source line is placed against them.
    fig.update_layout(margin={"l": 8, "r": 8})
    return with_context(fig, ctx)


def tile_grid_figure(chart: Chart) -> go.Figure:
    """One square per regency, placed roughly by geography, coloured like the choropleth."""
    ctx, selected = chart.ctx, chart.selected
    lang, decimals, unit = ctx.lang, int(chart.meta["decimals"]), ctx.unit
    hover = {row[0]: row for row in hover_rows(chart)}
    empty_row = [None] * GRID_COLUMNS
    z = [list(empty_row) for _ in range(GRID_ROWS)]
    gap = [list(empty_row) for _ in range(GRID_ROWS)]
    text = [[""] * GRID_COLUMNS for _ in range(GRID_ROWS)]
    custom = [[["", "", ""] for _ in range(GRID_COLUMNS)] for _ in range(GRID_ROWS)]
    for row in chart.rows.to_dict("records"):
        col, r = TILES[row["code"]]
        name = row["name"].replace(" ", "<br>", 1) if len(row["name"]) > 11 else row["name"]
        if math.isnan(row["value"]):
            gap[r][col] = 0
            text[r][col] = f"{name}<br><i>{t('no_data', lang)}</i>"
        else:
            z[r][col] = row["value"]
            text[r][col] = f"{name}<br><b>{fmt.value(row['value'], unit, decimals, lang)}</b>"
        custom[r][col] = hover[row["code"]]
    common = {
        "x": list(range(GRID_COLUMNS)),
        "y": list(range(GRID_ROWS)),
        "text": text,
        "texttemplate": "%{text}",
        "textfont": {"size": 11},
        "customdata": custom,
        "hovertemplate": HOVER,
        "hoverongaps": False,
        "xgap": 4,
        "ygap": 4,
    }
    fig = go.Figure(go.Heatmap(z=z, name=ctx.title, showlegend=False, **common, **colour_axis(chart)))
    if chart.rows["value"].isna().any():
        fig.add_trace(
            go.Heatmap(
                z=gap,
                colorscale=[[0, NO_DATA], [1, NO_DATA]],
                showscale=False,
                name=t("no_data", lang),
                showlegend=False,
                **{**common, "textfont": {"size": 11, "color": "#212529"}},
            )
        )
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                marker={"symbol": "square", "size": 14, "color": NO_DATA},
                name=t("no_data", lang),
                hoverinfo="skip",
            )
        )
    if selected in TILES:
        col, r = TILES[selected]
        fig.add_shape(
            type="rect",
            x0=col - 0.5,
            x1=col + 0.5,
            y0=r - 0.5,
            y1=r + 0.5,
            line={"color": SELECTED_OUTLINE, "width": 4},
        )
    axis = {"visible": False, "fixedrange": True, "showgrid": False, "zeroline": False}
    fig.update_layout(
        xaxis={**axis, "range": [-0.5, GRID_COLUMNS - 0.5], "constrain": "domain"},
        yaxis={
            **axis,
            "range": [GRID_ROWS - 0.5, -0.5],
            "scaleanchor": "x",
            "constrain": "domain",
            "domain": [BAR_SPACE, 1],
        },
        dragmode=False,
        plot_bgcolor="white",
    )
    # Narrow side margins, set before the context so the source line is placed against them.
    fig.update_layout(margin={"l": 8, "r": 8})
    return with_context(fig, ctx)


def code_from_click(click: dict | None) -> str | None:
    """The BPS code of the regency a reader clicked on either map (customdata[0]), or None."""
    try:
        point = click["points"][0]
    except (TypeError, KeyError, IndexError):
        return None
    custom = point.get("customdata")
    if isinstance(custom, list) and custom and custom[0]:
        return str(custom[0])
    location = point.get("location")
    if location:
        return str(location)
    # Heatmap clicks may come without customdata: find the tile by its position.
    where = (point.get("x"), point.get("y"))
    return next((code for code, pos in TILES.items() if pos == where), None)
