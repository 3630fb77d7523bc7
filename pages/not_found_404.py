"""Any unknown address: a friendly page, never a traceback."""

import dash
from dash import html

from components.layout import not_found_notice
from portal.i18n import t
from web import reader


def _title(**_query) -> str:
    return f"{t('not_found_title', reader.lang())} · Satu Data Kaltim"


dash.register_page(__name__, title=_title)


def layout(**_query) -> html.Div:
    lang = reader.lang()
    return not_found_notice(lang, t("not_found_text", lang))
