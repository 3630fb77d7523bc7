"""Cari in Chromium: the navbar's search box is a combobox a keyboard and a screen reader can use, and its first
answer opens the right page; the /cari page lists every answer."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser
_axe = Axe()


def _serious(page: Page) -> list[str]:
    results = _axe.run(page, options={"resultTypes": ["violations"]})
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]} {[n.get('failureSummary', '')[:200] for n in v['nodes']][:1]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture
def server_faults(page: Page):
    """Answers of 500 and above the page received (the console says only "503"; this names the address)."""
    faults: list[str] = []
    page.on("response", lambda r: faults.append(f"{r.status} {r.url}") if r.status >= 500 else None)
    return faults


def _box(page: Page):
    box = page.locator("#cari-input")
    expect(box).to_have_attribute("role", "combobox")  # the script made the form a combobox
    return box


def test_cari001_typing_offers_the_indicator_for_the_regency_and_the_keyboard_opens_it(
    page: Page, live_server, console_errors, server_faults
):
    base, _ = live_server
    page.goto(base + "/")
    expect(page.locator("section[data-sector]").first).to_be_visible()
    box = _box(page)
    expect(box).to_have_attribute("aria-expanded", "false")
    box.click()
    box.press_sequentially("stunting berau", delay=30)
    listbox = page.get_by_role("listbox")
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    options = listbox.get_by_role("option")
    expect(options.first).to_contain_text("Prevalensi Stunting Balita — Kabupaten Berau")
    expect(page.locator("#cari-input-status")).to_contain_text("saran")  # the live region says how many
    assert _serious(page) == []
    box.press("ArrowDown")
    active = box.get_attribute("aria-activedescendant")
    assert active and page.locator(f"#{active}").get_attribute("aria-selected") == "true"
    expect(page.locator(f"#{active}")).to_contain_text("Kabupaten Berau")
    expect(box).to_be_focused()  # the focus stays in the box while the options are chosen
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/indikator/stunting\?wilayah=6405$"))
    expect(page.locator("h1")).to_contain_text("Stunting")
    expect(box).to_have_attribute("aria-expanded", "false")
    assert server_faults == []
    assert console_errors == []


def test_cari002_escape_closes_then_clears_and_typos_still_find(page: Page, live_server, console_errors):
    base, _ = live_server
    page.goto(base + "/katalog")
    box = _box(page)
    box.fill("samarnda")  # a typo
    listbox = page.get_by_role("listbox")
    expect(listbox.get_by_role("option").first).to_contain_text("Kota Samarinda")
    box.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(box).to_have_value("samarnda")
    box.press("Escape")
    expect(box).to_have_value("")
    box.fill("xyzzy qwv")
    expect(page.locator("#cari-input-status")).to_have_text("Tidak ada yang cocok.")
    expect(listbox).to_be_hidden()
    assert console_errors == []


def test_cari003_enter_without_a_choice_opens_every_answer_and_a_click_opens_one(
    page: Page, live_server, console_errors
):
    base, _ = live_server
    page.goto(base + "/")
    box = _box(page)
    box.fill("miskin kukar")
    expect(page.get_by_role("option").first).to_be_visible()
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/cari\?q=miskin%20kukar$"))
    results = page.locator("#cari-results li")
    expect(results.first).to_have_attribute("data-answer", "combo:kemiskinan_p0@6403")
    expect(page.locator("#cari-summary")).to_contain_text("hasil untuk “miskin kukar”")
    assert _serious(page) == []
    # The page's own box is a combobox too; a click on an option opens it.
    own = page.locator("#cari-page-input")
    expect(own).to_have_value("miskin kukar")
    own.fill("IPM")
    page.get_by_role("option").first.click()
    expect(page).to_have_url(re.compile(r"/indikator/ipm$"))
    assert console_errors == []


def test_cari004_restricted_indicators_are_offered_only_to_readers_who_may_see_them(page: Page, live_server):
    base, _ = live_server
    page.goto(base + "/cari?q=proyek+investasi")
    expect(page.locator("#cari-results li").first).to_be_visible()
    keys = page.locator("#cari-results li").evaluate_all("els => els.map(e => e.dataset.answer)")
    assert "indicator:investasi_proyek" not in keys
    api = page.request.get(base + "/api/v1/search?q=proyek+investasi").json()
    assert "investasi_proyek" not in [a["key"] for a in api["data"]]


def test_cari005_english_readers_read_english_titles(page: Page, live_server, console_errors):
    base, _ = live_server
    page.goto(base + "/")
    page.get_by_role("link", name="EN", exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    box = _box(page)
    box.fill("life expectancy")
    expect(page.get_by_role("option").first).to_contain_text("Life Expectancy at Birth")
    expect(page.get_by_role("option").first).to_contain_text("Indicator")
    assert console_errors == []
