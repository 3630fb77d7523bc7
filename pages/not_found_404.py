"""Any unknown address: a friendly page, never a traceback."""

import dash
import dash_bootstrap_components as dbc
from dash import html

from portal.i18n import t
from web import reader

dash.register_page(__name__, title="404 · Satu Data Kaltim")


def layout(**_query) -> html.Div:
    lang = reader.lang()
    return html.Div(
        [
            html.H1(t("not_found_title", lang), className="h3"),
            html.P(t("not_found_text", lang)),
            dbc.Button(t("back_home", lang), href="/", color="primary"),
        ],
        className="py-4",
        id="not-found",
    )
