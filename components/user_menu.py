"""The navbar's account area: a sign-in link for anonymous readers, name, role and sign-out otherwise."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from portal.access import Reader, roles_with
from portal.i18n import t, t_of


def user_menu(visitor) -> html.Div:
    """Sign-in link, or the signed-in reader with a sign-out form (POST, with an anti-forgery token).

    `visitor` is a components.layout.Visitor."""
    lang = visitor.reader.lang
    if visitor.name is None:
        target = "/" if visitor.here.startswith(("/_dash", "/masuk")) else visitor.here
        return html.Div(
            html.A(t("sign_in", lang), href=f"/masuk?next={target}", className="nav-link", id="sign-in-link"),
            className="user-menu ms-lg-3",
        )
    return html.Div(
        html.Form(
            [
                html.Span(
                    [visitor.name, " · ", html.Small(t_of("role", visitor.reader.role, lang))],
                    className="text-white me-2",
                    id="user-name",
                ),
                dbc.Input(type="hidden", name="csrf_token", value=visitor.csrf),
                html.Button(
                    t("sign_out", lang), type="submit", className="btn btn-sm btn-outline-light", id="sign-out"
                ),
            ],
            action="/auth/keluar",
            method="POST",
            className="d-flex align-items-center mb-0",
        ),
        className="user-menu ms-lg-3",
    )


def access_notice(reader: Reader, permission: str, path: str = "/") -> html.Div:
    """Shown instead of a page the reader's role may not open: which role may, and where to sign in."""
    lang = reader.lang
    role = t_of("role", roles_with(permission)[0], lang)
    mine = reader.role
    if mine is None:
        text = t("needs_role", lang, role=role)
        link = html.A(t("sign_in", lang), href=f"/masuk?next={path}", className="btn btn-primary btn-sm ms-2")
    else:
        text, link = t("needs_role_signed_in", lang, role=role, mine=t_of("role", mine, lang)), None
    return html.Div(
        dbc.Alert([text, link], color="warning", className="d-flex align-items-center flex-wrap"), id="access-notice"
    )


def raw_download_link(code: str, reader: Reader) -> html.Div | None:
    """For analysts and above: every observation of the indicator as loaded (GET /unduh/mentah/<kode>.csv)."""
    if not reader.can("download_raw"):
        return None
    lang = reader.lang
    return html.Div(
        html.A(
            t("raw_download", lang), href=f"/unduh/mentah/{code}.csv", download=f"{code}-mentah.csv", id="raw-download"
        ),
        className="small mb-2",
    )
