"""Who published a figure, read from the address it was read at: a BPS office's release (Berita Resmi Statistik)
or the site that printed it. The CSV's `sumber` names it per row."""

from __future__ import annotations

import re
from urllib.parse import urlparse

from portal.i18n import t

# The BPS offices whose releases the bundled figures cite, by their subdomain of bps.go.id.
BPS_OFFICES = {
    "kaltim": "BPS Provinsi Kalimantan Timur",
    "kutimkab": "BPS Kabupaten Kutai Timur",
    "ppukab": "BPS Kabupaten Penajam Paser Utara",
    "bontangkota": "BPS Kota Bontang",
}
RELEASE = re.compile(r"^https?://([a-z0-9-]+\.)*bps\.go\.id/.*pressrelease/", re.IGNORECASE)


def is_release(url: object) -> bool:
    """Whether an address is a BPS release (a BRS page on bps.go.id)."""
    return isinstance(url, str) and bool(RELEASE.match(url.strip()))


def site(url: object) -> str:
    """The host an address points at, without www. ("" for no address)."""
    if not isinstance(url, str) or not url.startswith(("https://", "http://")):
        return ""
    return urlparse(url.strip()).netloc.lower().removeprefix("www.")


def bps_office(host: str) -> str:
    """The BPS office of a bps.go.id host: 'BPS Kota Bontang', or 'BPS (host)' for one not listed."""
    sub = host.removesuffix("bps.go.id").rstrip(".")
    return BPS_OFFICES.get(sub, f"BPS ({host})")


def publisher(url: object, producer: str, is_sample: bool, source_title: str, lang: str) -> str:
    """Who published one row's figure, in a sentence of the reader's language.

    A sample row says it is sample data; a BPS release names the office; any other address names its site and
    the producer it quotes; a row without an address (an API or a file delivered by the producer) its source."""
    if is_sample:
        return t("pub_sample", lang)
    host = site(url)
    if is_release(url):
        return t("pub_release", lang, office=bps_office(host))
    if host.endswith("bps.go.id"):
        return bps_office(host)
    if host:
        return t("pub_quoting", lang, site=host, producer=producer)
    return source_title
