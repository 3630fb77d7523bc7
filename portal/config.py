"""One settings registry, read from the environment (each setting documented in README.md)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
# The regency boundaries shipped with the code (MIT; notice and provenance beside the file).
BUNDLED_BOUNDARY_FILE = DATA_DIR / "reference" / "boundaries" / "kaltim_kabkota.geojson"


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str


SETTINGS = (
    Setting(
        "DATABASE_URL",
        f"sqlite:///{DATA_DIR / 'portal.db'}",
        "SQLAlchemy URL of the database; PostgreSQL as postgresql+psycopg://user@host/db.",
    ),
    Setting("SECRET_KEY", "", "Flask secret key; required when PORTAL_ENV=production."),
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
    Setting("STALE_AFTER_DAYS", "2", "A daily source whose last successful load is older than this is stale."),
)


@dataclass(frozen=True)
class Settings:
    values: dict = field(default_factory=dict)

    def __getattr__(self, name: str) -> str:
        try:
            return self.values[name]
        except KeyError:
            raise AttributeError(name) from None


def load_settings(**overrides: str) -> Settings:
    """Read every setting from the environment, falling back to its default."""
    values = {s.name: os.environ.get(s.name, s.default) for s in SETTINGS}
    values.update(overrides)
    return Settings(values)
