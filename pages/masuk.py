"""/masuk — sign in: a plain HTML form posted to /auth/masuk (works without JavaScript too)."""

from __future__ import annotations

import dash
from dash import html

from components import signin_page
from portal.state import signin
from web import reader
from web.auth import csrf_token, safe_next

dash.register_page(__name__, path="/masuk", title="Masuk · Satu Data Kaltim")


def layout(**query) -> html.Div:
    lang = reader.lang()
    name, _address = reader.actor()
    state = signin.page(query, name, lang)
    return signin_page.layout(state, csrf_token(), safe_next(state.next), lang)
