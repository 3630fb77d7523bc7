"""Draw the portal's icons into assets/: favicon.svg (browsers that take SVG), favicon.ico (16, 32 and 48 px) and
apple-touch-icon.png (180 px, a phone's home screen). Run after changing the shapes: `python deploy/make_icons.py`.

One drawing, three rising bars on the portal's blue (the last in the accent orange), so the tab, the bookmark
and the home-screen icon are the portal's and not Dash's.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

ASSETS = Path(__file__).resolve().parents[1] / "assets"
BLUE, WHITE, ORANGE = "#0b5394", "#ffffff", "#f6b26b"
SIZE = 64  # the drawing's grid; every shape below is in its units
SHAPES = [  # (x, y, width, height, corner radius, colour)
    (0, 0, 64, 64, 12, BLUE),
    (12, 34, 10, 18, 2, WHITE),
    (27, 22, 10, 30, 2, WHITE),
    (42, 12, 10, 40, 2, ORANGE),
]


def svg() -> str:
    rects = "\n".join(
        f'  <rect x="{x}" y="{y}" width="{w}" height="{h}" rx="{r}" fill="{c}"/>' for x, y, w, h, r, c in SHAPES
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE}">\n'
        f"  <title>Satu Data Kaltim</title>\n{rects}\n</svg>\n"
    )


def png(pixels: int, square: bool = False) -> Image.Image:
    """The drawing at `pixels` px, drawn 4x larger and scaled down for smooth edges; `square` fills the corners
    (iOS rounds a touch icon itself and shows transparent corners black)."""
    big = pixels * 4
    scale = big / SIZE
    image = Image.new("RGBA", (big, big), BLUE if square else (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    for x, y, w, h, r, colour in SHAPES:
        box = [round(x * scale), round(y * scale), round((x + w) * scale) - 1, round((y + h) * scale) - 1]
        draw.rounded_rectangle(box, radius=0 if square and colour == BLUE else round(r * scale), fill=colour)
    return image.resize((pixels, pixels), Image.Resampling.LANCZOS)


def main() -> None:
    (ASSETS / "favicon.svg").write_text(svg(), encoding="utf-8")
    png(48).save(ASSETS / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])
    png(180, square=True).convert("RGB").save(ASSETS / "apple-touch-icon.png", optimize=True)


if __name__ == "__main__":
    main()
