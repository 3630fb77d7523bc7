"""The page shell: navbar from the page registry, the search box, language switch, footer, notices."""

from __future__ import annotations

from dataclasses import dataclass

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, clientside_callback, html

from components.search_box import search_box
from components.user_menu import user_menu
from portal.access import Reader
from portal.i18n import pick, t


@dataclass(frozen=True)
class Visitor:
    """Who is on the page, as the frame shows them (built by the app from the web request)."""

    reader: Reader
    name: str | None = None  # the signed-in reader's name; None when anonymous
    csrf: str | None = None  # the sign-out form's anti-forgery token
    here: str = "/"  # where the reader is (the sign-in link comes back here)
    light: bool = False  # whether charts come as server-made images (light mode: web/light.py)


def navbar(visitor: Visitor) -> dbc.Navbar:
    """Links to the pages that registered `nav` (in their order, those the reader may open), the language switch
    and the account area."""
    lang = visitor.reader.lang
    pages = sorted(
        (p for p in dash.page_registry.values() if p.get("nav") and _may_open(p, visitor.reader)),
        key=lambda p: p.get("order", 99),
    )
    links = [_nav_entry(p, lang) for p in pages]
    switch = html.Div(
        [
            html.Span(t("language", lang) + ":", className="visually-hidden"),
            html.A(
                "ID",
                href="/lang/id",
                lang="id",
                className="lang-link" + (" active" if lang == "id" else ""),
                **{"aria-current": "true" if lang == "id" else "false"},
            ),
            html.Span("|", className="mx-1 text-white-50", **{"aria-hidden": "true"}),
            html.A(
                "EN",
                href="/lang/en",
                lang="en",
                className="lang-link" + (" active" if lang == "en" else ""),
                **{"aria-current": "true" if lang == "en" else "false"},
            ),
        ],
        className="lang-switch ms-lg-3",
    )
    light = html.A(
        t("light_mode", lang),
        href="/ringan/off" if visitor.light else "/ringan/on",
        className="lang-link light-switch ms-lg-3" + (" active" if visitor.light else ""),
        title=t("light_on" if visitor.light else "light_off", lang),
        **{
            "aria-label": t("light_on" if visitor.light else "light_off", lang),
            "data-light": str(visitor.light).lower(),
        },
    )
    return dbc.Navbar(
        dbc.Container(
            [
                dbc.NavbarBrand([html.Span("Satu Data", className="fw-bold"), " Kaltim"], href="/"),
                search_box(lang),
                # A plain button rather than dbc.NavbarToggler, whose name is a fixed English "Toggle navigation":
                # this one is named in the reader's language and says whether the menu is open.
                html.Button(
                    html.Span(className="navbar-toggler-icon"),
                    id="navbar-toggler",
                    className="navbar-toggler",
                    type="button",
                    n_clicks=0,
                    **{"aria-label": t("nav_menu", lang), "aria-controls": "navbar-collapse", "aria-expanded": "false"},
                ),
                dbc.Collapse(
                    dbc.Nav(
                        [*links, light, switch, user_menu(visitor)],
                        className="ms-auto align-items-lg-center",
                        navbar=True,
                    ),
                    id="navbar-collapse",
                    navbar=True,
                ),
            ],
            fluid="lg",
        ),
        color=None,
        dark=True,
        className="portal-navbar mb-3",
        expand="lg",
    )


def _may_open(page: dict, reader: Reader) -> bool:
    """A page that registered `permission` is listed only for readers who hold it."""
    return not page.get("permission") or reader.can(page["permission"])


def _nav_entry(page: dict, lang: str):
    """A link, or a menu when the page registered `nav_items` (a path template: one link per value).

    `nav` is a text key; each of `nav_items` is (href, names) with the names in name_id and name_en.
    """
    if not page.get("nav_items"):
        return dbc.NavItem(dbc.NavLink(t(page["nav"], lang), href=page["relative_path"], active="exact"))
    return dbc.DropdownMenu(
        [dbc.DropdownMenuItem(pick(names, "name", lang), href=href) for href, names in page["nav_items"]],
        label=t(page["nav"], lang),
        nav=True,
        in_navbar=True,
        class_name="nav-menu",
    )


def footer(lang: str) -> html.Footer:
    return html.Footer(dbc.Container(html.Small(t("footer", lang)), fluid="lg"), className="portal-footer mt-4 py-3")


def sample_notice(lang: str) -> dbc.Alert:
    """The plain statement that most figures are synthetic."""
    return dbc.Alert(t("sample_notice", lang), color="warning", className="sample-notice py-2", id="sample-notice")


def not_found_notice(lang: str, message: str) -> html.Div:
    """Friendly content for an unknown code in a page's address (e.g. /indikator/tidak-ada)."""
    return html.Div(
        [
            html.H1(t("not_found_title", lang), className="h3"),
            html.P(message),
            dbc.Button(t("back_home", lang), href="/", color="primary"),
        ],
        className="py-4",
        id="not-found",
    )


def url_notice(notice_id: str, message: str | None) -> html.Div:
    """Where a page says which filter values in its address it ignored (empty when there were none)."""
    return html.Div(
        dbc.Alert(message, color="info", className="py-2 mb-3") if message else None, id=notice_id, role="status"
    )


def error_notice(lang: str) -> html.Div:
    """Shown instead of a page when the database cannot be reached."""
    return html.Div(t("db_down", lang), className="alert alert-danger", role="alert", id="error-notice")


clientside_callback(
    "function (n, open) { var now = n ? !open : open; return [now, String(now)]; }",
    Output("navbar-collapse", "is_open"),
    Output("navbar-toggler", "aria-expanded"),
    Input("navbar-toggler", "n_clicks"),
    State("navbar-collapse", "is_open"),
)
