"""/masuk — the sign-in page: who is already signed in, what went wrong at the last attempt (?galat=, set by
web/auth.py), and where to go after signing in (?next=, made safe by the page before it reaches the form)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from portal import params
from portal.i18n import t


@dataclass(frozen=True)
class SignIn:
    signed_in_as: str | None  # the reader's user name when already signed in
    error: str | None  # the last attempt's failure in words
    next: str | None  # the path to return to, as the address gave it


def page(given: Mapping[str, object], signed_in_as: str | None, lang: str) -> SignIn:
    """What the sign-in page says to a reader (`signed_in_as`: their user name, None when anonymous)."""
    errors = {"1": t("login_failed", lang), "batas": t("login_limited", lang), "db": t("db_down", lang)}
    reading = params.Reading(given, ("galat", "next"))
    error = reading.choice("galat", errors)  # the code's words (a mapping's value)
    target = reading.text("next", limit=params.MAX_TEXT)
    return SignIn(signed_in_as, error, target or None)
