"""HTTP for the connectors: JSON and files over urllib, with errors a walidata can act on.

Every failure becomes a FetchError whose message says what went wrong in Indonesian and English;
secrets (API keys, tokens) are removed from every message and URL shown.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from etl.limits import max_file_bytes, too_large

USER_AGENT = "portal-satu-data-kaltim-etl/1.0"


ERROR_BODY_LIMIT = 65536  # bytes of an error answer kept for the connector to read (a CKAN error is JSON)


class FetchError(RuntimeError):
    """A source that could not be fetched or read.

    `status` and `body` keep the HTTP status and the start of the answer when there was one (a CKAN
    portal answers an unknown action or dataset with an error status and a JSON explanation).
    """

    def __init__(self, message: str, status: int | None = None, body: bytes = b""):
        super().__init__(message)
        self.status, self.body = status, body


@dataclass
class Client:
    """One source's HTTP settings: timeout, retries and the secrets to keep out of messages."""

    timeout: float = 30.0
    retries: int = 2
    retry_wait: float = 2.0
    headers: dict[str, str] = field(default_factory=dict)
    secrets: tuple[str, ...] = ()

    @classmethod
    def from_options(cls, options: dict, headers: dict | None = None, secrets: tuple[str, ...] = ()) -> Client:
        return cls(
            timeout=float(options.get("timeout", 30)),
            retries=int(options.get("retries", 2)),
            retry_wait=float(options.get("retry_wait", 2)),
            headers=headers or {},
            secrets=tuple(s for s in secrets if s),
        )

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "***").replace(urllib.parse.quote(secret, safe=""), "***")
        return text

    def get_bytes(self, url: str, params: dict | None = None) -> bytes:
        if params:
            url = f"{url}{'&' if '?' in url else '?'}{urllib.parse.urlencode(params)}"
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **self.headers})
        for attempt in range(self.retries + 1):
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 - registry URLs
                    return self._read(response, url)
            except urllib.error.HTTPError as err:
                retry = err.code >= 500
                try:
                    body = err.read(ERROR_BODY_LIMIT)
                except OSError:
                    body = b""
                error = FetchError(
                    f"server menjawab HTTP {err.code} {err.reason} untuk {self.redact(url)} / "
                    f"the server answered HTTP {err.code} {err.reason} for {self.redact(url)}",
                    status=err.code,
                    body=body,
                )
            except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as err:
                retry = True
                reason = self.redact(str(getattr(err, "reason", err)))
                error = FetchError(
                    f"sumber tidak dapat dihubungi ({reason}): {self.redact(url)} / "
                    f"source unreachable ({reason}): {self.redact(url)}"
                )
            if not retry or attempt == self.retries:
                raise error
            time.sleep(self.retry_wait * (attempt + 1))
        raise AssertionError("unreachable")  # pragma: no cover

    def _read(self, response, url: str) -> bytes:
        """The answer's body, refused (no retry) when it is larger than ETL_MAX_FILE_MB (etl/limits.py)."""
        limit = max_file_bytes()
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit:
            raise too_large(self.redact(url), int(declared), limit)
        body = response.read(limit + 1)
        if len(body) > limit:
            raise too_large(self.redact(url), None, limit)
        return body

    def get_json(self, url: str, params: dict | None = None) -> Any:
        body = self.get_bytes(url, params)
        try:
            return json.loads(body)
        except (json.JSONDecodeError, UnicodeDecodeError) as err:
            start = body[:80].decode("utf-8", "replace")
            raise FetchError(
                f"jawaban bukan JSON yang sah ({err}); awal jawaban: {start!r} / "
                f"the answer is not valid JSON ({err}); it starts with: {start!r}",
                status=200,
                body=body[:ERROR_BODY_LIMIT],
            ) from None


def dig(record: Any, path: str) -> Any:
    """The value at a dotted path ('data.items', 'region.code', 'values.0'); None when absent."""
    if path in ("", "."):
        return record
    value = record
    for part in path.split("."):
        if isinstance(value, dict):
            value = value.get(part)
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return None
        if value is None:
            return None
    return value
