"""How much the ETL reads from one file or one answer: ETL_MAX_FILE_MB (README, Configuration).

The command line binds the setting it read (`bound`); elsewhere (a test, a benchmark) the registry's value
applies, as for the database URL (portal.db).

A file's rows are held in memory while they are validated (about twelve times a CSV's size at its peak: a
31 MB, million-row file takes some 370 MB). A larger file is refused before it is read, in one sentence that
names the limit; an XLSX is measured by what it holds unpacked (its sheets are compressed about tenfold, and
what is read is the unpacked sheet), which also stops a zip bomb.
"""

from __future__ import annotations

import contextlib
import zipfile
from collections.abc import Iterator
from contextvars import ContextVar
from pathlib import Path

from portal.settings import Settings

MB = 1024 * 1024
_bound: ContextVar[float | None] = ContextVar("etl_max_file_mb", default=None)


class TooLarge(ValueError):
    """A file or an answer over the limit; its message is the sentence the walidata reads."""


@contextlib.contextmanager
def bound(mb: float) -> Iterator[float]:
    """Bind the limit, in MB, for every read in this block (this thread or task)."""
    if not mb > 0:
        raise ValueError(f"ETL_MAX_FILE_MB must be a positive number of MB, not {mb!r}")
    token = _bound.set(mb)
    try:
        yield mb
    finally:
        _bound.reset(token)


def max_file_bytes() -> int:
    """The limit in bytes: the bound one, else ETL_MAX_FILE_MB."""
    mb = _bound.get()
    return int((mb if mb is not None else Settings.from_env().etl_max_file_mb) * MB)


def _mb(size: int) -> str:
    return f"{size / MB:,.1f}"


def too_large(what: str, size: int | None, limit: int) -> TooLarge:
    """`what` (a file name or a URL) is larger than `limit` bytes: `size` when known."""
    has = f"{_mb(size)} MB" if size is not None else f"> {_mb(limit)} MB"
    return TooLarge(
        f"{what}: berkas berukuran {has}, melebihi batas {_mb(limit)} MB (ETL_MAX_FILE_MB); bagi menjadi "
        f"beberapa berkas atau naikkan batasnya / {what}: the file is {has}, over the limit of {_mb(limit)} MB "
        f"(ETL_MAX_FILE_MB); split it into smaller files or raise the limit"
    )


def check_file(path: Path) -> None:
    """Refuse a local file over the limit before reading it: a CSV by its size, an XLSX by what it holds unpacked."""
    limit = max_file_bytes()
    size = path.stat().st_size
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        try:
            with zipfile.ZipFile(path) as book:
                unpacked = sum(member.file_size for member in book.infolist())
        except (zipfile.BadZipFile, OSError):
            unpacked = size  # not a zip: openpyxl names the problem when it tries to open it
        if unpacked > limit:
            raise TooLarge(
                f"{path.name}: isi berkas XLSX ini {_mb(unpacked)} MB setelah dibuka ({_mb(size)} MB terkompresi), "
                f"melebihi batas {_mb(limit)} MB (ETL_MAX_FILE_MB); bagi menjadi beberapa berkas, simpan sebagai "
                f"CSV, atau naikkan batasnya / {path.name}: this XLSX holds {_mb(unpacked)} MB unpacked "
                f"({_mb(size)} MB compressed), over the limit of {_mb(limit)} MB (ETL_MAX_FILE_MB); split it, "
                f"save it as CSV, or raise the limit"
            )
    elif size > limit:
        raise too_large(path.name, size, limit)
