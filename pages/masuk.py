"""/masuk — sign in: a plain HTML form posted to /auth/masuk (works without JavaScript too)."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import html
from flask_login import current_user

from portal.auth import csrf_token, safe_next
from portal.i18n import current_lang, register, t

dash.register_page(__name__, path="/masuk", title="Masuk · Satu Data Kaltim")

register(
    {
        "login_title": ("Masuk", "Sign in"),
        "login_lead": (
            "Untuk pejabat dan analis yang diberi akun: indikator terbatas, unduhan data mentah dan status ETL.",
            "For officials and analysts with an account: restricted indicators, raw-data downloads and ETL status.",
        ),
        "login_username": ("Nama pengguna", "User name"),
        "login_password": ("Kata sandi", "Password"),
        "login_submit": ("Masuk", "Sign in"),
        "login_failed": ("Nama pengguna atau kata sandi salah.", "Wrong user name or password."),
        "login_limited": (
            "Terlalu banyak percobaan masuk. Tunggu satu menit lalu coba lagi.",
            "Too many sign-in attempts. Wait a minute and try again.",
        ),
        "login_already": ("Anda sudah masuk sebagai {name}.", "You are signed in as {name}."),
    }
)
ERRORS = {"1": "login_failed", "batas": "login_limited", "db": "db_down"}


def layout(galat: str | None = None, next: str | None = None, **_query) -> html.Div:  # noqa: A002 - URL name
    lang = current_lang()
    if current_user.is_authenticated:
        return html.Div(dbc.Alert(t("login_already", lang, name=current_user.username), color="info"))
    error = ERRORS.get(galat if isinstance(galat, str) else "")
    return html.Div(
        dbc.Row(
            dbc.Col(
                [
                    html.H1(t("login_title", lang), className="h3"),
                    html.P(t("login_lead", lang), className="text-muted"),
                    dbc.Alert(t(error, lang), color="danger", id="login-error") if error else None,
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
