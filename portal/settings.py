"""The settings registry: every environment variable the product reads, with its default and help.

`Settings.from_env()` reads the registry once into a typed, frozen value; the app factory, the ETL and the
command-line tools each build one and hand it down. Nothing else reads the environment (the registry's own
test compares it with the README table). The one exception is a secret a data source names in its registry
entry (`token_env`, `api_key_env`, ...): `secret(name)` reads it, so a key never sits in a file.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
# The regency boundaries shipped with the code (MIT; notice and provenance beside the file).
BUNDLED_BOUNDARY_FILE = DATA_DIR / "reference" / "boundaries" / "kaltim_kabkota.geojson"
# The licences a dataset may be published under (DATA_LICENSE): SPDX id -> (CKAN license_id, title, URL).
LICENSES = {
    "CC-BY-4.0": ("cc-by", "Creative Commons Attribution 4.0", "https://creativecommons.org/licenses/by/4.0/"),
    "CC-BY-SA-4.0": (
        "cc-by-sa",
        "Creative Commons Attribution Share-Alike 4.0",
        "https://creativecommons.org/licenses/by-sa/4.0/",
    ),
    "CC0-1.0": ("cc-zero", "Creative Commons CCZero", "https://creativecommons.org/publicdomain/zero/1.0/"),
    "ODC-By-1.0": ("odc-by", "Open Data Commons Attribution License", "https://opendatacommons.org/licenses/by/1-0/"),
}


@dataclass(frozen=True)
class Setting:
    name: str  # the environment variable
    default: str
    help: str
    parse: Callable[[str], object] = str


REGISTRY = (
    Setting(
        "DATABASE_URL",
        f"sqlite:///{DATA_DIR / 'portal.db'}",
        "SQLAlchemy URL of the database; PostgreSQL as postgresql+psycopg://user@host/db.",
    ),
    Setting("SECRET_KEY", "", "Flask secret key; required when PORTAL_ENV=production."),
    Setting(
        "SECRET_KEY_FILE",
        "~/.config/portal-satu-data-kaltim/secret-key",
        "Where a development installation keeps its own random secret key (made on first start) when SECRET_KEY "
        "is empty.",
    ),
    Setting("PORTAL_ENV", "development", "development or production."),
    Setting("PORTAL_LANG", "id", "Default interface language: id (Bahasa Indonesia) or en."),
    Setting(
        "BOUNDARY_FILE",
        str(BUNDLED_BOUNDARY_FILE),
        "Path of the regency boundary GeoJSON (default: the bundled one); empty shows the tile-grid map.",
    ),
    Setting("CACHE_TYPE", "SimpleCache", "flask-caching backend (SimpleCache, RedisCache, NullCache)."),
    Setting("REDIS_URL", "", "Redis URL for the cache; when set, the cache uses Redis."),
    Setting("CACHE_DIR", "", "Folder of the cache when CACHE_TYPE=FileSystemCache; empty: data/cache."),
    Setting("AUDIT_LOG", "", "File the JSON-lines audit trail is appended to; empty writes it to standard error."),
    Setting("STALE_AFTER_DAYS", "2", "A daily source whose last successful load is older than this is stale.", float),
    Setting(
        "ETL_MAX_FILE_MB",
        "64",
        "Largest file or download the ETL reads, in MB (an XLSX by what it holds unpacked); larger ones are refused.",
        float,
    ),
    Setting("HOST", "127.0.0.1", "Address `make run` serves the dashboard on."),
    Setting("PORT", "8050", "Port `make run` serves the dashboard on.", int),
    Setting("WEB_CONCURRENCY", "", "gunicorn workers; empty: twice the cores, at most four."),
    Setting("BROWSER_PATH", "/usr/bin/chromium", "Chromium that kaleido drives for server-made PNG exports."),
    Setting(
        "TRUSTED_PROXIES",
        "0",
        "How many reverse proxies stand in front of the app; their X-Forwarded-For names the client address.",
        int,
    ),
    Setting("BASE_URL", "", "The portal's public address in exported files and links; empty: http://HOST:PORT."),
    Setting(
        "API_RATE_LIMIT",
        "300 per minute",
        "Requests an anonymous API client may make per address (a token carries its own limit).",
    ),
    Setting(
        "DATA_LICENSE", "CC-BY-4.0", f"Licence of the public data in the API and catalogue: {', '.join(LICENSES)}."
    ),
    Setting("SMTP_HOST", "", "Mail server the nightly alert digest is sent through; empty: no e-mail is sent."),
    Setting("SMTP_PORT", "25", "Port of SMTP_HOST (587 with SMTP_STARTTLS=1).", int),
    Setting("SMTP_USER", "", "User name at SMTP_HOST; empty: no login."),
    Setting("SMTP_PASSWORD", "", "Password of SMTP_USER (keep it in the environment file, never in the repository)."),
    Setting(
        "SMTP_STARTTLS", "0", "1: upgrade the SMTP connection with STARTTLS before logging in.", lambda v: v == "1"
    ),
    Setting("SMTP_FROM", "portal-satu-data@localhost", "Sender address of the alert digest."),
    Setting(
        "ALERT_WEBHOOK_URL", "", "An http(s) address the digest is also POSTed to as JSON (public indicators only)."
    ),
)


@dataclass(frozen=True)
class Settings:
    """The registry's values, typed; build it with `Settings.from_env()` (tests: `replace(settings, ...)`)."""

    database_url: str
    secret_key: str
    secret_key_file: str
    portal_env: str
    portal_lang: str
    boundary_file: str
    cache_type: str
    redis_url: str
    cache_dir: str
    audit_log: str
    stale_after_days: float
    etl_max_file_mb: float
    host: str
    port: int
    web_concurrency: str
    browser_path: str
    trusted_proxies: int
    base_url: str
    api_rate_limit: str
    data_license: str
    smtp_host: str
    smtp_port: int
    smtp_user: str
    smtp_password: str
    smtp_starttls: bool
    smtp_from: str
    alert_webhook_url: str

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        """Every setting from the environment (or `environ`), its default where unset; `overrides` win."""
        environ = os.environ if environ is None else environ
        values = {s.name.lower(): s.parse(environ.get(s.name, s.default)) for s in REGISTRY}
        return replace(cls(**values), **overrides)

    @property
    def public_url(self) -> str:
        """Where readers reach the portal (no trailing slash): BASE_URL, else the address `make run` serves."""
        return self.base_url.rstrip("/") or f"http://{self.host}:{self.port}"

    @property
    def signing_key(self) -> str:
        """What signs sessions and API tokens: SECRET_KEY, else this installation's own random key (never a known
        one), shared by its workers and its command-line tools."""
        return self.secret_key or installation_key(Path(self.secret_key_file).expanduser())

    @property
    def production(self) -> bool:
        return self.portal_env == "production"

    def environ(self) -> dict[str, str]:
        """The settings as environment variables (for a child process: gunicorn, the ETL)."""
        return {s.name: str(getattr(self, s.name.lower())) for s in REGISTRY}


assert [s.name.lower() for s in REGISTRY] == [f.name for f in fields(Settings)], "registry and Settings differ"


def secret(name: str) -> str:
    """A secret a data source's registry entry names by its environment variable (never stored in a file)."""
    return os.environ.get(name, "")


def installation_key(path: Path) -> str:
    """A random key kept in `path` (mode 0600), made the first time; workers starting together agree on one."""
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    draft = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(secrets.token_hex(32))
    try:
        os.link(draft, path)  # atomic: a worker that lost the race reads the winner's key
    except FileExistsError:
        pass
    finally:
        draft.unlink()
    return path.read_text().strip()
