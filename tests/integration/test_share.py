"""Sharing a view (issue 15, point 4) and light mode (point 2), through the app's test client: the link preview's
tags carry the view's own sentence and an image of its exact chart, nothing restricted reaches an anonymous
preview, the Bagikan panel's caption, the embed view's framing, and light mode's images instead of graphs."""

from __future__ import annotations

import re
from html import unescape

import pytest

from portal.access import ANONYMOUS
from portal.state import series
from tests.accounts import sign_in
from tests.browser.helpers import png_size
from tests.conftest import web_app

pytestmark = pytest.mark.parametrize("loaded_db_session", ["sqlite"], indirect=True)
BASE = "https://data.kaltimprov.example"
VIEW = "/indikator/kemiskinan_p0?wilayah=6472&dari=2019&sampai=2024"
OTHER = "/indikator/kemiskinan_p0?wilayah=6403&dari=2021&sampai=2024"
RESTRICTED = "investasi_proyek"


@pytest.fixture
def client(accounts_db, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", accounts_db)
    server = web_app(accounts_db, base_url=BASE, cache_type="SimpleCache", redis_url="").server
    server.extensions["portal_limiter"].reset()
    return server.test_client()


def metas(html: str) -> dict[str, str]:
    found = re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">', html)
    return {name: unescape(content) for name, content in found}


def sentence(code: str, query: dict) -> str:
    """The view's first generated sentence, from the page state itself."""
    return series.read(code, query, ANONYMOUS).view.sentences[0]


def test_shr001_a_filtered_view_carries_its_sentence_and_its_chart_in_the_link_preview(client):
    tags = metas(client.get(VIEW).get_data(as_text=True))
    expected = sentence("kemiskinan_p0", {"wilayah": "6472", "dari": "2019", "sampai": "2024"})
    assert tags["og:description"] == tags["description"] == tags["twitter:description"] == expected
    assert tags["og:title"].startswith("Persentase Penduduk Miskin (P0)")
    assert tags["og:url"] == BASE + VIEW
    assert tags["twitter:card"] == "summary_large_image"
    image = tags["og:image"]
    assert image.startswith(f"{BASE}/og/indikator/kemiskinan_p0.png?wilayah=6472&dari=2019&sampai=2024&v=")
    assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630")
    # Another window of the same indicator: its own sentence and image address.
    other = metas(client.get(OTHER).get_data(as_text=True))
    assert other["og:description"] == sentence("kemiskinan_p0", {"wilayah": "6403", "dari": "2021", "sampai": "2024"})
    assert other["og:image"] != image


def test_shr002_the_preview_image_is_the_views_chart_at_1200_by_630_and_follows_the_filter(client):
    first = client.get(metas(client.get(VIEW).get_data(as_text=True))["og:image"].removeprefix(BASE))
    assert first.status_code == 200 and first.mimetype == "image/png"
    assert png_size(first.data) == (1200, 630)
    again = client.get(metas(client.get(VIEW).get_data(as_text=True))["og:image"].removeprefix(BASE))
    assert again.data == first.data  # kept per data version and view
    other = client.get(metas(client.get(OTHER).get_data(as_text=True))["og:image"].removeprefix(BASE))
    assert png_size(other.data) == (1200, 630) and other.data != first.data


def test_shr003_nothing_restricted_reaches_an_anonymous_preview(client):
    page = client.get(f"/indikator/{RESTRICTED}").get_data(as_text=True)
    tags = metas(page)
    assert "og:image" not in tags and "Proyek" not in tags["og:title"] + tags["og:description"]
    assert client.get(f"/og/indikator/{RESTRICTED}.png").status_code == 404
    assert client.get(f"/sematkan/indikator/{RESTRICTED}").status_code == 404
    # The sector page asked for it shows (and previews) a public indicator instead.
    sector = metas(client.get(f"/sektor/investasi?indikator={RESTRICTED}").get_data(as_text=True))
    assert "Proyek" not in sector["og:description"] and RESTRICTED not in sector["og:image"].split("?")[0]
    # A signed-in viewer sees its preview; the image address still answers nobody who may not read it.
    sign_in(client, "viewer")
    signed = metas(client.get(f"/indikator/{RESTRICTED}").get_data(as_text=True))
    assert "Proyek" in signed["og:title"] and signed["og:image"]
    assert client.get(signed["og:image"].removeprefix(BASE)).status_code == 200
    anonymous = client.application.test_client()  # a crawler: no session
    assert anonymous.get(signed["og:image"].removeprefix(BASE)).status_code == 404


def test_shr004_the_caption_says_value_period_source_and_date_in_the_readers_format(client):
    html = client.get(VIEW).get_data(as_text=True)
    caption = unescape(re.search(r'data-copy-text="caption"[^>]*>([^<]+)<', html).group(1))
    found = re.fullmatch(
        r"Persentase Penduduk Miskin \(P0\), Kalimantan Timur, Sem II 2024: (\d+,\d\d%)\. Sumber: BPS Provinsi "
        r"Kalimantan Timur .+\. Data per \d{1,2} \w{3} \d{4}\. Selengkapnya: " + re.escape(BASE + VIEW),
        caption,
    )
    assert found, caption
    # The value is the province's latest in the window, as the view's own sentence says it.
    assert found[1] in sentence("kemiskinan_p0", {"wilayah": "6472", "dari": "2019", "sampai": "2024"})
    client.get("/lang/en")
    english = unescape(re.search(r'data-copy-text="caption"[^>]*>([^<]+)<', client.get(VIEW).get_data(as_text=True))[1])
    value = found[1].replace(",", ".")
    assert re.fullmatch(
        r"Poverty Rate \(P0\), Kalimantan Timur, H2 2024: " + re.escape(value) + r"\. Source: BPS .+\. "
        r"Data as of \w{3} \d{1,2}, \d{4}\. More: " + re.escape(BASE + VIEW),
        english,
    ), english
    embed = unescape(re.search(r'data-copy-text="embed"[^>]*><code>([^<]+)<', html)[1])
    assert f'src="{BASE}/sematkan{VIEW}"' in embed and embed.startswith("<iframe")


def test_shr005_only_the_embed_view_may_be_framed_by_another_site(client):
    embed = client.get(f"/sematkan{VIEW}")
    assert embed.status_code == 200
    assert "frame-ancestors *" in embed.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in embed.headers
    body = embed.get_data(as_text=True)
    assert "navbar" not in body and "<script" not in body
    assert 'src="/grafik/indikator/kemiskinan_p0/indikator-tren.svg?wilayah=6472&amp;dari=2019&amp;sampai=2024"' in body
    assert f'href="{BASE}{VIEW.replace("&", "&amp;")}"' in body
    page = client.get(VIEW)
    assert page.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]


def test_shr006_light_mode_draws_charts_as_server_images(client):
    normal = client.get("/sektor/pendidikan").get_data(as_text=True)
    # The sector page's charts are lazy (drawn when scrolled to); in light mode they are the server's images at once.
    assert "chart-image" not in normal and "data-chart-src=" in normal
    light = client.get("/sektor/pendidikan", headers={"Save-Data": "on"}).get_data(as_text=True)
    images = re.findall(r'<img [^>]*class="chart-image"[^>]*src="([^"]+)"', light) or re.findall(
        r'<img [^>]*src="(/grafik[^"]+)"[^>]*class="chart-image"', light
    )
    assert len(images) == len(re.findall(r'data-chart="', normal)) and "data-chart-src=" not in light
    svg = client.get(unescape(images[0]), headers={"Save-Data": "on"})  # a lazy chart, found by the server
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml" and b"<svg" in svg.data[:400]
    # The reader's own choice wins over the header, both ways; the switch says which it is.
    client.get("/ringan/off")
    assert "chart-image" not in client.get("/sektor/pendidikan", headers={"Save-Data": "on"}).get_data(as_text=True)
    client.get("/ringan/on")
    switched = client.get("/sektor/pendidikan").get_data(as_text=True)
    assert "chart-image" in switched and 'href="/ringan/off"' in switched
