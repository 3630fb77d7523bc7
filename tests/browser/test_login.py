"""Signing in and out in headless Chromium, under the Content-Security-Policy, with no console error."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.accounts import ensure_user

pytestmark = [pytest.mark.browser, pytest.mark.security, pytest.mark.usefixtures("sign_in_window")]
PASSWORD = "kata-sandi-browser-1"


@pytest.fixture(scope="module")
def walidata(live_server):
    _base, url = live_server
    return ensure_user(url, "uji_browser", PASSWORD, "walidata", "Wati Walidata")


def test_brl001_sign_in_and_out_in_both_languages(page: Page, live_server, walidata, console_errors):
    base, _ = live_server
    page.goto(base + "/")
    expect(page.locator("section[data-sector]")).to_have_count(5)
    page.click("#sign-in-link")
    expect(page.locator("#login-form")).to_be_visible()
    page.fill("#login-username", walidata)
    page.fill("#login-password", "kata-sandi-salah-0")
    page.click("#login-submit")
    expect(page.locator("#login-error")).to_contain_text("salah")
    page.fill("#login-username", walidata)
    page.fill("#login-password", PASSWORD)
    page.click("#login-submit")
    expect(page.locator("#user-name")).to_contain_text("Wati Walidata")
    expect(page.locator("section[data-sector]")).to_have_count(5)
    cookie = next(c for c in page.context.cookies() if c["name"] == "portal")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    page.goto(base + "/lang/en")
    expect(page.locator("#sign-out")).to_have_text("Sign out")
    page.click("#sign-out")
    expect(page.locator("#sign-in-link")).to_have_text("Sign in")
    page.goto(base + "/lang/id")
    assert console_errors == []


def test_brl002_every_page_renders_under_the_csp(page: Page, live_server, console_errors):
    base, _ = live_server
    violations: list[str] = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    for path in ("/", "/masuk", "/katalog", "/wilayah", "/sektor/kemiskinan", "/indikator/ipm"):
        response = page.goto(base + path)
        assert "script-src 'self' 'sha256-" in response.headers["content-security-policy"]
        expect(page.locator("#main")).not_to_be_empty()
        page.wait_for_load_state("networkidle")
    assert violations == [] and console_errors == []


# After sign-in, Chromium itself follows the Location header: each tampered `next` must leave it on this server.
TAMPERED = [
    "/\\evil.example",
    "/%5Cevil.example",
    "/%09/evil.example",
    "/%0A/evil.example",
    "https:evil.example",
    "//evil.example",
    "///evil.example",
    "/%2F/evil.example",
]


@pytest.mark.parametrize("target", TAMPERED)
def test_brl003_tampered_next_stays_on_the_site(page: Page, live_server, walidata, target):
    base, _ = live_server
    page.goto(base + "/masuk")
    expect(page.locator("#login-form")).to_be_visible()
    # The page itself never writes a foreign target into its form; an attacker's own form would, so set it raw.
    page.eval_on_selector("#login-form input[name=next]", "(el, value) => { el.value = value; }", target)
    page.fill("#login-username", walidata)
    page.fill("#login-password", PASSWORD)
    with page.expect_navigation():
        page.click("#login-submit")
    expect(page.locator("#user-name")).to_contain_text("Wati Walidata")
    assert page.url.startswith(base + "/"), page.url
    page.click("#sign-out")
    expect(page.locator("#sign-in-link")).to_be_visible()


def test_brl004_language_switch_stays_on_the_site(page: Page, live_server):
    base, _ = live_server
    page.goto(base + "//evil.example/x")
    page.click("a.lang-link[lang=en]")
    expect(page.locator("a.lang-link[lang=en]")).to_have_class("lang-link active")
    assert page.url == base + "/", page.url
    page.goto(base + "/lang/id")
