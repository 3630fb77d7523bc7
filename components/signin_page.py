"""The sign-in page's parts: a plain HTML form posted to /auth/masuk (works without JavaScript too)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from portal.i18n import t
from portal.state.signin import SignIn

# The form's fields: (input type, what the browser may fill in).
FIELDS = {"username": ("text", "username"), "password": ("password", "current-password")}


def _field(field_id: str, name: str, label: str, longest: int) -> list:
    """A labelled, required field of the form: the user name or the password."""
    kind, autocomplete = FIELDS[name]
    return [
        html.Label(label, htmlFor=field_id, className="form-label"),
        dbc.Input(
            id=field_id,
            name=name,
            type=kind,
            autocomplete=autocomplete,
            required=True,
            maxlength=longest,
            class_name="mb-3",
        ),
    ]


def layout(state: SignIn, csrf: str, next_path: str, lang: str) -> html.Div:
    """The form (`csrf`: its anti-forgery token; `next_path`: a safe path to return to), or who is signed in."""
    if state.signed_in_as:
        return html.Div(dbc.Alert(t("login_already", lang, name=state.signed_in_as), color="info"))
    form = html.Form(
        [
            *_field("login-username", "username", t("login_username", lang), 64),
            *_field("login-password", "password", t("login_password", lang), 200),
            dbc.Input(type="hidden", name="csrf_token", value=csrf),
            dbc.Input(type="hidden", name="next", value=next_path),
            html.Button(t("login_submit", lang), type="submit", className="btn btn-primary", id="login-submit"),
        ],
        action="/auth/masuk",
        method="POST",
        id="login-form",
    )
    return html.Div(
        dbc.Row(
            dbc.Col(
                [
                    html.H1(t("login_title", lang), className="h3"),
                    html.P(t("login_lead", lang), className="text-muted"),
                    dbc.Alert(state.error, color="danger", id="login-error") if state.error else None,
                    form,
                ],
                xs=12,
                md=6,
                lg=5,
            )
        )
    )
