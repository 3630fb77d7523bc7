"""The cache warm-up, run after the nightly load: `python -m web.warm` (deploy/crontab, deploy/portal-etl.service).

It renders the default views (home, the five sectors, /wilayah) as an anonymous reader in each language
into the shared cache, so the first reader after a load gets cached answers: the renders fill both the
response cache and the query cache. With the per-process SimpleCache nothing is done: a separate process
cannot reach the app servers' memory, and each worker fills its own cache on first use.
Exit 0 (also when skipped); 1 when the database cannot be read.
"""

from __future__ import annotations

import logging
import sys

from sqlalchemy.exc import SQLAlchemyError

from portal import audit, queries
from portal.db import using
from portal.i18n import LANGS
from portal.settings import Settings
from web import cache
from web.reader import COOKIE

log = logging.getLogger(__name__)


def page_request(path: str) -> dict:
    """The pages callback request the browser sends to render `path` (no query string)."""
    location = [{"id": "_pages_location", "property": p, "value": v} for p, v in (("pathname", path), ("search", ""))]
    return {
        "output": cache.PAGES_OUTPUT,
        "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
        "inputs": location,
        "changedPropIds": ["_pages_location.pathname", "_pages_location.search"],
        "state": [],
    }


def warm(settings: Settings) -> int:
    """Render the default views into the shared cache `settings` describe; returns how many were rendered."""
    if not cache.shared(settings):
        log.info("cache warm-up skipped: the cache is per process (set REDIS_URL to share and warm it)")
        return 0
    from app import create_app  # the app the servers run, built with the same settings

    with using(settings.database_url):
        paths = ["/", *(f"/sektor/{code}" for code in queries.sectors()["code"]), "/wilayah"]
    client = create_app(settings).server.test_client()
    done = 0
    for lang in LANGS:
        client.set_cookie(COOKIE, lang)
        for path in paths:
            done += client.post(cache.CALLBACK_SUFFIX, json=page_request(path)).status_code == 200
    return done


def main() -> int:
    settings = Settings.from_env()
    audit.configure(settings.audit_log)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        done = warm(settings)
    except SQLAlchemyError as err:
        print(f"Pemanasan cache gagal / cache warm-up failed: {str(getattr(err, 'orig', err)).splitlines()[0]}")
        return 1
    print(f"Tampilan dipanaskan / views warmed: {done}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
