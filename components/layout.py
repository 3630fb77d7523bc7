"""The page shell: navbar from the page registry, language switch, footer, notices."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, clientside_callback, html

from components.user_menu import user_menu
from portal.i18n import t


def navbar(lang: str) -> dbc.Navbar:
    """Links to the pages that registered `nav` (in their order), plus the language switch."""
    pages = sorted((p for p in dash.page_registry.values() if p.get("nav")), key=lambda p: p.get("order", 99))
    links = [dbc.NavItem(dbc.NavLink(t(p["nav"], lang), href=p["relative_path"], active="exact")) for p in pages]
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
    return dbc.Navbar(
        dbc.Container(
            [
                dbc.NavbarBrand([html.Span("Satu Data", className="fw-bold"), " Kaltim"], href="/"),
                dbc.NavbarToggler(
                    [html.Span(className="navbar-toggler-icon"), html.Span("Menu", className="visually-hidden")],
                    id="navbar-toggler",
                ),
                dbc.Collapse(
                    dbc.Nav([*links, switch, user_menu(lang)], className="ms-auto align-items-lg-center", navbar=True),
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


def footer(lang: str) -> html.Footer:
    return html.Footer(dbc.Container(html.Small(t("footer", lang)), fluid="lg"), className="portal-footer mt-4 py-3")


def sample_notice(lang: str) -> dbc.Alert:
    """The plain statement that most figures are synthetic."""
    return dbc.Alert(t("sample_notice", lang), color="warning", className="sample-notice py-2", id="sample-notice")


def error_notice(lang: str) -> html.Div:
    """Shown instead of a page when the database cannot be reached."""
    return html.Div(t("db_down", lang), className="alert alert-danger", role="alert", id="error-notice")


clientside_callback(
    "function (n, open) { return n ? !open : open; }",
    Output("navbar-collapse", "is_open"),
    Input("navbar-toggler", "n_clicks"),
    State("navbar-collapse", "is_open"),
)
