"""The navbar's account area: a sign-in link for anonymous readers, name, role and sign-out otherwise."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html
from flask import has_request_context, request
from flask_login import current_user

from portal.access import PERMISSIONS, can, current_role
from portal.auth import csrf_token
from portal.i18n import t, t_of


def user_menu(lang: str) -> html.Div:
    """Sign-in link, or the signed-in reader with a sign-out form (POST, with an anti-forgery token)."""
    if not has_request_context() or not current_user.is_authenticated:
        here = request.full_path.rstrip("?") if has_request_context() else "/"
        target = "/" if here.startswith(("/_dash", "/masuk")) else here
        return html.Div(
            html.A(t("sign_in", lang), href=f"/masuk?next={target}", className="nav-link", id="sign-in-link"),
            className="user-menu ms-lg-3",
        )
    label = current_user.full_name or current_user.username
    return html.Div(
        html.Form(
            [
                html.Span(
                    [label, " · ", html.Small(t_of("role", current_user.role, lang))],
                    className="text-white me-2",
                    id="user-name",
                ),
                dbc.Input(type="hidden", name="csrf_token", value=csrf_token()),
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


def access_notice(lang: str, permission: str, path: str = "/") -> html.Div:
    """Shown instead of a page the reader's role may not open: which role may, and where to sign in."""
    role = t_of("role", PERMISSIONS[permission], lang)
    mine = current_role()
    if mine is None:
        text = t("needs_role", lang, role=role)
        link = html.A(t("sign_in", lang), href=f"/masuk?next={path}", className="btn btn-primary btn-sm ms-2")
    else:
        text, link = t("needs_role_signed_in", lang, role=role, mine=t_of("role", mine, lang)), None
    return html.Div(
        dbc.Alert([text, link], color="warning", className="d-flex align-items-center flex-wrap"), id="access-notice"
    )


def raw_download_link(code: str, lang: str) -> html.Div | None:
    """For analysts and above: every observation of the indicator as loaded (GET /unduh/mentah/<kode>.csv)."""
    if not can("download_raw"):
        return None
    return html.Div(
        html.A(
            t("raw_download", lang), href=f"/unduh/mentah/{code}.csv", download=f"{code}-mentah.csv", id="raw-download"
        ),
        className="small mb-2",
    )
