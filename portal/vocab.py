"""The fixed vocabularies the code switches on, one StrEnum each, and the sectors from the reference data.

Their values are what the data, the registry and the database say (Bahasa Indonesia where the data standard
does); what a reader sees for them is interface text (data/text/*.toml, through `portal.i18n.t_of`).
"""

from __future__ import annotations

import csv
from enum import IntEnum, StrEnum
from functools import cache

from portal.settings import DATA_DIR


class Vocabulary(StrEnum):
    """A StrEnum whose members compare, hash and print as their plain string values."""

    @classmethod
    def has(cls, value: object) -> bool:
        """Whether `value` is one of the vocabulary's values (a plain string works; anything else is not)."""
        return isinstance(value, str) and value in cls._value2member_map_

    def __repr__(self) -> str:
        # As the plain value: cache keys and logs read (and match) as they did with plain strings.
        return repr(self.value)


class Schedule(Vocabulary):
    """How often a source of data/sources.toml is expected to deliver."""

    HARIAN = "harian"
    MINGGUAN = "mingguan"
    BULANAN = "bulanan"
    TRIWULANAN = "triwulanan"
    SEMESTERAN = "semesteran"
    TAHUNAN = "tahunan"
    MANUAL = "manual"  # one-off files: never stale


class RunStatus(Vocabulary):
    """The result of an ETL run of one source."""

    BERJALAN = "berjalan"  # running
    BERHASIL = "berhasil"  # loaded
    SEBAGIAN = "sebagian"  # loaded, some rows rejected
    GAGAL = "gagal"  # failed, nothing written
    TERPUTUS = "terputus"  # interrupted: the process died, nothing of that run written


# The run results after which the source's data are new.
LOADED = (RunStatus.BERHASIL, RunStatus.SEBAGIAN)


class ObservationStatus(Vocabulary):
    """Whether a published figure is final or preliminary (the data standard's `status`)."""

    TETAP = "tetap"
    SEMENTARA = "sementara"


class Classification(Vocabulary):
    """Who may read an indicator (the catalogue's `classification`)."""

    PUBLIK = "publik"
    TERBATAS = "terbatas"


class Role(Vocabulary):
    """A signed-in reader's role. The staff ladder (viewer < analyst < walidata < admin) includes the roles below
    it; the Satu Data roles of an agency (produsen data, walidata pendukung, the agency head) and the province's
    leadership (pimpinan) stand beside it (what each may do: portal.access.ROLE_PERMISSIONS)."""

    VIEWER = "viewer"
    ANALYST = "analyst"
    WALIDATA = "walidata"
    ADMIN = "admin"
    PRODUSEN = "produsen"  # produsen data: delivers its agency's data
    WALIDATA_PENDUKUNG = "walidata_pendukung"  # checks its agency's deliveries
    PERANGKAT_DAERAH = "perangkat_daerah"  # an agency head (perangkat daerah)
    PIMPINAN = "pimpinan"  # the province's leadership (Sekda, assistants)


# Roles that belong to one agency: an account with one of them names its agency.
AGENCY_ROLES = (Role.PRODUSEN, Role.WALIDATA_PENDUKUNG, Role.PERANGKAT_DAERAH)


class BoardStatus(Vocabulary):
    """How an indicator x region stands on the exception board (portal/state/board.py), worst first.

    With a target, the three labels of Bappenas's SDG dashboard; without one, the change against the previous
    period judged against the indicator's noise; an indicator with no direction is never judged."""

    PERLU_PERHATIAN = "perlu_perhatian"  # target not met, moving away from it (perlu perhatian khusus)
    MEMBURUK = "memburuk"  # no target: worse than the previous period, beyond noise
    STAGNAN = "stagnan"  # target not met, no change beyond noise
    AKAN_TERCAPAI = "akan_tercapai"  # target not met, moving toward it beyond noise
    TIDAK_BERUBAH = "tidak_berubah"  # no target: no change beyond noise (tidak berubah berarti)
    MEMBAIK = "membaik"  # no target: better than the previous period, beyond noise
    TERCAPAI = "tercapai"  # target met
    TIDAK_DINILAI = "tidak_dinilai"  # no direction, or too little history to judge


class FollowupStatus(Vocabulary):
    """A follow-up's state: set by people (terbuka, dalam proses, selesai), terlambat when its due date passed."""

    TERBUKA = "terbuka"
    DALAM_PROSES = "dalam_proses"
    SELESAI = "selesai"
    TERLAMBAT = "terlambat"  # never stored: an open follow-up past its due date reads so


# What a person may set a follow-up to (terlambat follows from the date).
FOLLOWUP_SETTABLE = (FollowupStatus.TERBUKA, FollowupStatus.DALAM_PROSES, FollowupStatus.SELESAI)


class Frequency(Vocabulary):
    """How often an indicator is measured (the catalogue's `frequency`), each with its period spelling."""

    TAHUNAN = "tahunan"  # 2024
    SEMESTERAN = "semesteran"  # 2024-S1
    TRIWULANAN = "triwulanan"  # 2024-Q1
    BULANAN = "bulanan"  # 2024-03


class AppStatus(Vocabulary):
    """The state of an application in the directory (data/applications.csv `status`)."""

    AKTIF = "aktif"
    PENGEMBANGAN = "pengembangan"
    NONAKTIF = "nonaktif"


class Freshness(Vocabulary):
    """How recent an indicator's latest period is, given publication lags."""

    CURRENT = "current"
    BEHIND = "behind"
    EMPTY = "empty"


class Stage(Vocabulary):
    """The stages an ETL run of one source goes through (named by the progress bar)."""

    MEMBACA = "membaca"
    VALIDASI = "validasi"
    MEMUAT = "memuat"
    MENYIMPAN = "menyimpan"


class ErrorStatus(IntEnum):
    """The HTTP statuses the portal answers in words of its own (any other: the 400 or 500 words)."""

    BAD_REQUEST = 400
    UNAUTHORIZED = 401
    FORBIDDEN = 403
    NOT_FOUND = 404
    METHOD_NOT_ALLOWED = 405
    TOO_LARGE = 413
    TOO_MANY_REQUESTS = 429
    SERVER_ERROR = 500


@cache
def sectors() -> tuple[dict[str, str], ...]:
    """The priority sectors in their display order, from data/reference/sectors.csv (code, name_id, name_en)."""
    with (DATA_DIR / "reference" / "sectors.csv").open(encoding="utf-8", newline="") as f:
        rows = sorted(csv.DictReader(f), key=lambda r: int(r["position"]))
    return tuple({"code": r["code"], "name_id": r["name_id"], "name_en": r["name_en"]} for r in rows)
