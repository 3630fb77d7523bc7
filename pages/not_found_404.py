"""Any unknown address: a friendly page, never a traceback."""

import dash
from dash import html

from components.layout import not_found_notice
from portal.i18n import t
from web import reader

dash.register_page(__name__, title="404 · Satu Data Kaltim")


def layout(**_query) -> html.Div:
    lang = reader.lang()
    return not_found_notice(lang, t("not_found_text", lang))
