"""Sending the nightly digest: e-mail through the configured SMTP server, and a JSON POST to a webhook.

Nothing here decides what a recipient may read (portal/state/digest.py does); this only delivers. A failure is an
exception the caller reports; no secret (the SMTP password) is ever logged.
"""

from __future__ import annotations

import json
import smtplib
import urllib.request
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from portal.settings import Settings

TIMEOUT = 20


def send_mail(settings: Settings, to: str, subject: str, body: str) -> None:
    """One plain-text message to `to` through SMTP_HOST (STARTTLS and login when configured)."""
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = settings.smtp_from, to, subject
    message["Date"], message["Message-ID"] = formatdate(localtime=True), make_msgid(domain="satudata.kaltim")
    message.set_content(body)
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=TIMEOUT) as smtp:
        if settings.smtp_starttls:
            smtp.starttls()
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password)
        smtp.send_message(message)


def post_webhook(url: str, payload: dict) -> int:
    """POST `payload` as JSON to an http(s) address; the status code (an HTTP error raises)."""
    if not url.startswith(("http://", "https://")):
        raise ValueError("ALERT_WEBHOOK_URL must be an http(s) address")
    request = urllib.request.Request(
        url,
        data=json.dumps(payload, ensure_ascii=False, default=str).encode("utf-8"),
        headers={"Content-Type": "application/json; charset=utf-8", "User-Agent": "portal-satu-data-kaltim"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 - the configured address
        return response.status
