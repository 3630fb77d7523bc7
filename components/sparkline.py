"""A sparkline as a tiny inline SVG image: no plotting library in the browser for 15 small trends."""

from __future__ import annotations

import base64

from dash import html

WIDTH, HEIGHT, PAD = 120, 32, 3


def sparkline(values: list[float], colour: str, alt: str) -> html.Img:
    """An <img> of the series' shape with a text alternative; the last point is marked."""
    if len(values) < 2:
        return html.Img(
            alt=alt,
            width=WIDTH,
            height=HEIGHT,
            className="sparkline",
            src="data:image/svg+xml;base64,"
            + base64.b64encode(
                f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}"/>'.encode()
            ).decode(),
        )
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    step = (WIDTH - 2 * PAD) / (len(values) - 1)
    points = [(PAD + i * step, HEIGHT - PAD - (v - low) / span * (HEIGHT - 2 * PAD)) for i, v in enumerate(values)]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    x, y = points[-1]
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}">'
        f'<polyline fill="none" stroke="{colour}" stroke-width="2" stroke-linejoin="round" points="{path}"/>'
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{colour}"/></svg>'
    )
    return html.Img(
        src="data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode(),
        alt=alt,
        width=WIDTH,
        height=HEIGHT,
        className="sparkline",
    )
