"""/masuk — sign in: a plain HTML form posted to /auth/masuk (works without JavaScript too)."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import html
from flask_login import current_user

from portal.i18n import t
from web import reader
from web.auth import csrf_token, safe_next

dash.register_page(__name__, path="/masuk", title="Masuk · Satu Data Kaltim")


def layout(galat: str | None = None, next: str | None = None, **_query) -> html.Div:  # noqa: A002 - URL name
    lang = reader.lang()
    if current_user.is_authenticated:
        return html.Div(dbc.Alert(t("login_already", lang, name=current_user.username), color="info"))
    # ?galat= says what went wrong at /auth/masuk (portal/auth.py).
    errors = {"1": t("login_failed", lang), "batas": t("login_limited", lang), "db": t("db_down", lang)}
    error = errors.get(galat if isinstance(galat, str) else "")
    return html.Div(
        dbc.Row(
            dbc.Col(
                [
                    html.H1(t("login_title", lang), className="h3"),
                    html.P(t("login_lead", lang), className="text-muted"),
                    dbc.Alert(error, color="danger", id="login-error") if error else None,
                    html.Form(
                        [
                            html.Label(t("login_username", lang), htmlFor="login-username", className="form-label"),
                            dbc.Input(
                                id="login-username",
                                name="username",
                                type="text",
                                autocomplete="username",
                                required=True,
                                maxlength=64,
                                class_name="mb-3",
                            ),
                            html.Label(t("login_password", lang), htmlFor="login-password", className="form-label"),
                            dbc.Input(
                                id="login-password",
                                name="password",
                                type="password",
                                autocomplete="current-password",
                                required=True,
                                maxlength=200,
                                class_name="mb-3",
                            ),
                            dbc.Input(type="hidden", name="csrf_token", value=csrf_token()),
                            dbc.Input(
                                type="hidden", name="next", value=safe_next(next if isinstance(next, str) else None)
                            ),
                            html.Button(
                                t("login_submit", lang), type="submit", className="btn btn-primary", id="login-submit"
                            ),
                        ],
                        action="/auth/masuk",
                        method="POST",
                        id="login-form",
                    ),
                ],
                xs=12,
                md=6,
                lg=5,
            )
        )
    )
