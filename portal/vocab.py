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
    DRAF = "draf"  # read and validated into a draft delivery: nothing published until a walidata approves it


# The run results after which the published data are new (the caches' data version, the last load).
LOADED = (RunStatus.BERHASIL, RunStatus.SEBAGIAN)
# The run results after which a source counts as having delivered (its freshness on /status): a draft too.
DELIVERED = (*LOADED, RunStatus.DRAF)


class ObservationStatus(Vocabulary):
    """Whether a published figure is final, preliminary or a corrected final figure (the data standard's `status`).

    A delivery says tetap or sementara; the portal says diperbaiki (revised) of a final figure that replaced an
    earlier published figure with another value (a preliminary figure becoming final is no correction).
    """

    TETAP = "tetap"
    SEMENTARA = "sementara"
    DIPERBAIKI = "diperbaiki"
    # Never stored or accepted from a delivery: what a sample (synthetic) row's status reads as, so that
    # invented figures never carry "tetap" (the queries give it to every row of a sample source).
    CONTOH = "contoh"


class DeliveryStage(Vocabulary):
    """Where a delivery of data stands: Draf -> Diperiksa -> Terbit, or returned, superseded, unreadable."""

    DRAF = "draf"  # sent and validated; visible to its agency and the reviewers only
    DIPERIKSA = "diperiksa"  # a reviewer took it up
    TERBIT = "terbit"  # approved and published (or published by a trusted source without review)
    DIKEMBALIKAN = "dikembalikan"  # returned to the producer with a note; never published
    DIGANTIKAN = "digantikan"  # superseded by a later delivery before it was decided; never published
    GAGAL = "gagal"  # the file could not be read at all: nothing in it


# The stages a reviewer may still decide on.
OPEN_STAGES = (DeliveryStage.DRAF, DeliveryStage.DIPERIKSA)


class DeliveryKind(Vocabulary):
    """How a delivery came in."""

    BERKAS = "berkas"  # a file in the standard template, uploaded by a produsen data
    FORMULIR = "formulir"  # a few values typed into the form
    SUMBER = "sumber"  # a registered source's run (the nightly job) or `python -m etl ingest`


class DeliveryAction(Vocabulary):
    """What happened to a delivery, as its page and the audit trail list it."""

    DIKIRIM = "dikirim"  # sent (uploaded, typed, read by the nightly job)
    DIPERIKSA = "diperiksa"  # taken up by a reviewer
    DISETUJUI = "disetujui"  # approved by a reviewer (with an optional note) ...
    DITERBITKAN = "diterbitkan"  # ... and so published, in the same transaction (the publication's run)
    TERBIT_OTOMATIS = "terbit_otomatis"  # published without review: a trusted source, or the walidata's ingest
    DIKEMBALIKAN = "dikembalikan"  # returned with a note
    DIGANTIKAN = "digantikan"  # superseded by a later delivery
    GAGAL = "gagal"  # the file could not be read


class ChangeOutcome(Vocabulary):
    """What a delivered row would do to what is published."""

    SERI_BARU = "seri_baru"  # a series (indicator x region) with no published value yet
    PERIODE_BARU = "periode_baru"  # a new period of a published series
    BERUBAH = "berubah"  # another value than the published one
    STATUS = "status"  # the same value, with another status, source, URL or note
    SAMA = "sama"  # what is published already


class Refusal(Vocabulary):
    """Why a delivery or a decision on one is refused; each has its sentence (text family wf_err)."""

    TOO_LARGE = "too_large"  # the upload is larger than ETL_MAX_FILE_MB
    NO_FILE = "no_file"  # the form came without a file
    FILE_TYPE = "file_type"  # not CSV or XLSX
    EMPTY_FORM = "empty_form"  # the value form came with no row filled in
    NO_AGENCY = "no_agency"  # the account names no agency
    NOT_REVIEWER = "not_reviewer"  # the reader may not decide on this delivery (a producer, another agency)
    OWN_DELIVERY = "own_delivery"  # nobody decides on a delivery they sent themselves
    DECIDED = "decided"  # someone else decided first (approved, returned) or it was superseded
    NOTE_NEEDED = "note_needed"  # a return says why
    BUSY = "busy"  # a load or another publication holds the run lock
    UNKNOWN = "unknown"  # no such delivery, or not the reader's to see


class ReleaseState(Vocabulary):
    """Where an indicator stands against its release schedule (portal/schedule.py)."""

    TEPAT = "tepat"  # the latest period due is published (or a later one)
    TERLAMBAT = "terlambat"  # a period due is not published yet
    BELUM_ADA = "belum_ada"  # no real figure was ever published


class DueRefusal(Vocabulary):
    """Why a due date was not set (portal/duedates.py); each has its sentence (text family due_err)."""

    NOT_ALLOWED = "not_allowed"  # the reader's role may not set due dates
    INDICATOR = "indicator"  # no such indicator of this agency
    PERIOD = "period"  # not a period of the indicator's frequency
    DATE = "date"  # not a date
    DATE_RANGE = "date_range"  # before the period ends, or more than MAX_SET_DAYS after it


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


class MeetingRefusal(Vocabulary):
    """Why a meeting, follow-up or alert request was refused (portal/meetings.py): each a sentence of its own."""

    EMAIL = "email"
    ACCOUNT_UNKNOWN = "account_unknown"
    AGENCY_UNKNOWN = "agency_unknown"
    DATE = "date"
    DATE_PAST = "date_past"
    DUE = "due"
    DUE_PAST = "due_past"
    FOLLOWUP_UNKNOWN = "followup_unknown"
    INDICATOR_COUNT = "indicator_count"
    INDICATOR_UNKNOWN = "indicator_unknown"
    LANG = "lang"
    MEETING_UNKNOWN = "meeting_unknown"
    NOTE = "note"
    OTHER_AGENCY = "other_agency"
    RECIPIENT_UNKNOWN = "recipient_unknown"
    REGION_UNKNOWN = "region_unknown"
    ROLE_ALERTS = "role_alerts"
    ROLE_ASSIGN = "role_assign"
    ROLE_SCHEDULE = "role_schedule"
    ROLE_UPDATE = "role_update"
    SECTOR_UNKNOWN = "sector_unknown"
    SECTORS = "sectors"
    STATE = "state"
    TITLE = "title"


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


class RegionLevel(Vocabulary):
    """The levels of the region table (data/reference/regions.csv `level`), from the top."""

    PROVINSI = "provinsi"
    KABKOTA = "kabkota"
    KECAMATAN = "kecamatan"
    DESA = "desa"


class SearchKind(Vocabulary):
    """What a search answer is (the search index's `kind`, and `combo`: an indicator or sector in a region)."""

    INDICATOR = "indicator"
    REGION = "region"
    SECTOR = "sector"
    AGENCY = "agency"
    APPLICATION = "application"
    COMBO = "combo"


class ParamProblem(Vocabulary):
    """What is wrong with a parameter of an API request (each answered with a 400 that names the parameter)."""

    UNKNOWN = "unknown"  # the endpoint takes no such parameter
    REPEATED = "repeated"  # given twice
    EMPTY = "empty"  # given without a value
    TOO_LONG = "too_long"  # longer than any value it can hold
    TOO_MANY = "too_many"  # a list with more items than allowed
    NOT_A_CODE = "not_a_code"  # not written as a code of its kind
    NOT_FOUND = "not_found"  # a well-written code the portal does not know
    NOT_A_CHOICE = "not_a_choice"  # not one of the values it takes
    NOT_A_YEAR = "not_a_year"  # not a year of four digits within the plausible span
    NOT_A_PERIOD = "not_a_period"  # not YYYY, YYYY-S1, YYYY-Q1 or YYYY-MM
    NOT_A_NUMBER = "not_a_number"  # not a whole number within its bounds
    ORDER = "order"  # a range whose start lies after its end


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
