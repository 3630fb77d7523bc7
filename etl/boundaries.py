"""`python -m etl boundaries FILE_OR_URL`: check a regency boundary GeoJSON before the dashboard draws it.

The checks are portal/geo.py's. Exit codes: 0 valid, 1 refused (a sentence says what is wrong), 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from portal.geo import BoundaryError, load
from portal.settings import DATA_DIR, Settings

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2


def reference_regions() -> tuple[list[dict], dict[str, str], str]:
    """The kabupaten/kota and name aliases of the region table; the reference CSVs when no database is set up."""
    import pandas as pd

    try:
        from sqlalchemy import select

        from portal.db import get_engine, is_migrated
        from portal.models import Region, RegionAlias

        url = Settings.from_env().database_url
        # An SQLite URL naming no file would create an empty database: read the reference files instead.
        sqlite_file = url.split("///", 1)[-1] if url.startswith("sqlite") else ""
        if (not sqlite_file or Path(sqlite_file).exists()) and is_migrated(url):
            with get_engine(url).connect() as conn:
                rows = [
                    dict(r._mapping)
                    for r in conn.execute(
                        select(Region.code, Region.kemendagri_code, Region.name, Region.name_full).where(
                            Region.level == "kabkota"
                        )
                    )
                ]
                aliases = {
                    a.alias: a.region_code for a in conn.execute(select(RegionAlias.alias, RegionAlias.region_code))
                }
            if rows:
                return rows, aliases, "the database's region table"
    except Exception:  # noqa: BLE001 - any database trouble: fall back to the reviewed reference files
        pass
    frame = pd.read_csv(DATA_DIR / "reference" / "regions.csv", dtype=str, keep_default_na=False)
    rows = frame[frame["level"] == "kabkota"].to_dict("records")
    alias_frame = pd.read_csv(DATA_DIR / "reference" / "region_aliases.csv", dtype=str)
    return rows, dict(zip(alias_frame["alias"], alias_frame["region_code"], strict=True)), "data/reference/regions.csv"


def main(argv: list[str] | None = None) -> int:
    """The CLI: validate FILE_OR_URL, print the verdict in a sentence, return 0, 1 or 2."""
    parser = argparse.ArgumentParser(
        prog="python -m etl boundaries",
        description="Validate a regency boundary GeoJSON (path or http(s) URL) against the region table.",
    )
    parser.add_argument("source", metavar="FILE_OR_URL")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return EXIT_USAGE if exc.code else EXIT_OK
    return run(args.source)


def run(source: str) -> int:
    """Validate one boundary file and report on stdout (valid) or stderr (refused)."""
    regions, aliases, origin = reference_regions()
    try:
        result = load(source, regions, aliases)
    except BoundaryError as err:
        print(f"Berkas batas wilayah ditolak / boundary file refused: {err}", file=sys.stderr)
        return EXIT_REFUSED
    print(f"Berkas batas wilayah valid / boundary file valid: {source}")
    print(f"Checked against {origin}. " + " ".join(result.notes))
    if source.startswith(("http://", "https://")):
        print("The dashboard reads a local file: download it and set BOUNDARY_FILE to its path.")
    else:
        print(f"Use it with BOUNDARY_FILE={Path(source).resolve()}")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
