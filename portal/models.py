"""The schema: reference tables, the long-format fact table, targets, and the ETL's own log."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

Double = Float(precision=53)


class Base(DeclarativeBase):
    pass


class Region(Base):
    __tablename__ = "region"
    code: Mapped[str] = mapped_column(String(13), primary_key=True)  # BPS code, the key
    kemendagri_code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    name_full: Mapped[str] = mapped_column(String(120))
    level: Mapped[str] = mapped_column(String(12))  # provinsi, kabkota, kecamatan, desa
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("region.code"), index=True)


class RegionAlias(Base):
    __tablename__ = "region_alias"
    alias: Mapped[str] = mapped_column(String(120), primary_key=True)  # normalised: lower case, single spaces
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"))


class Sector(Base):
    __tablename__ = "sector"
    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    name_id: Mapped[str] = mapped_column(String(60))
    name_en: Mapped[str] = mapped_column(String(60))
    position: Mapped[int] = mapped_column(Integer)


class Indicator(Base):
    __tablename__ = "indicator"
    code: Mapped[str] = mapped_column(String(60), primary_key=True)
    sector: Mapped[str] = mapped_column(ForeignKey("sector.code"), index=True)
    headline: Mapped[int | None] = mapped_column(Integer)
    name_id: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    definition_id: Mapped[str] = mapped_column(Text)
    definition_en: Mapped[str] = mapped_column(Text)
    unit_id: Mapped[str] = mapped_column(String(40))
    unit_en: Mapped[str] = mapped_column(String(40))
    decimals: Mapped[int] = mapped_column(Integer)
    polarity: Mapped[int] = mapped_column(Integer)  # 1 higher is better, -1 lower is better, 0 neutral
    frequency: Mapped[str] = mapped_column(String(12))  # tahunan, semesteran, triwulanan, bulanan
    producer_agency: Mapped[str] = mapped_column(String(120))
    # The agency code (agency table) whose produsen data deliver it, from data/reference/producers.csv; None when
    # no agency of the province produces it (BPS figures come in through BPS's own releases).
    agency: Mapped[str | None] = mapped_column(String(30), index=True)
    source_note: Mapped[str] = mapped_column(Text)
    classification: Mapped[str] = mapped_column(String(10))  # publik, terbatas
    min_value: Mapped[float | None] = mapped_column(Double)
    max_value: Mapped[float | None] = mapped_column(Double)
    # A change smaller than this is no real change (the exception board); reviewed values only, from
    # data/reference/indicator_noise.csv; empty: a robust spread of the indicator's own history is used.
    noise: Mapped[float | None] = mapped_column(Double)


class Source(Base):
    __tablename__ = "source"
    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    producer_agency: Mapped[str] = mapped_column(String(120))
    location: Mapped[str] = mapped_column(Text, default="")
    schedule: Mapped[str] = mapped_column(String(20), default="harian")
    is_sample: Mapped[bool] = mapped_column(Boolean, default=False)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # Published as it loads, without review (the registry's `trusted`); otherwise each run is a draft delivery.
    trusted: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class EtlRun(Base):
    __tablename__ = "etl_run"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(ForeignKey("source.name"), index=True)
    started_at: Mapped[datetime] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(12))  # berjalan, berhasil, sebagian, gagal, terputus
    rows_read: Mapped[int] = mapped_column(Integer, default=0)
    rows_loaded: Mapped[int] = mapped_column(Integer, default=0)
    rows_unchanged: Mapped[int] = mapped_column(Integer, default=0)
    rows_rejected: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)  # what the run met and worked around, one sentence a line


class Observation(Base):
    __tablename__ = "observation"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    indicator: Mapped[str] = mapped_column(ForeignKey("indicator.code"))
    region: Mapped[str] = mapped_column(ForeignKey("region.code"))
    period: Mapped[str] = mapped_column(String(10))  # YYYY, YYYY-S1, YYYY-Q1, YYYY-MM
    value: Mapped[float] = mapped_column(Double)
    status: Mapped[str] = mapped_column(String(10), default="tetap")  # tetap, sementara
    source: Mapped[str] = mapped_column(ForeignKey("source.name"))
    source_url: Mapped[str | None] = mapped_column(Text)  # the publication a real figure was read in
    note: Mapped[str | None] = mapped_column(Text)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("etl_run.id"))
    loaded_at: Mapped[datetime] = mapped_column(DateTime)
    # A final figure that replaced an earlier published figure with another value: shown as "diperbaiki".
    revised: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    __table_args__ = (
        UniqueConstraint("indicator", "region", "period", name="uq_observation_key"),
        Index("ix_observation_region_indicator", "region", "indicator", "period"),
    )


class IndicatorSummary(Base):
    """Per indicator, what the fact table holds; refreshed by the ETL inside each load's transaction."""

    __tablename__ = "indicator_summary"
    indicator: Mapped[str] = mapped_column(ForeignKey("indicator.code"), primary_key=True)
    latest_period: Mapped[str] = mapped_column(String(10))
    last_loaded_at: Mapped[datetime] = mapped_column(DateTime)
    observations: Mapped[int] = mapped_column(Integer)
    regions: Mapped[int] = mapped_column(Integer)
    sample_values: Mapped[int] = mapped_column(Integer)  # of them, from a source marked as sample data
    # The latest period with a real (non-sample) value: what the release schedule compares with (portal.schedule).
    real_latest_period: Mapped[str | None] = mapped_column(String(10))


class BoardWindow(Base):
    """The exception board's reading (portal/queries/board.py): each series' (indicator x province or regency) last
    BOARD_WINDOW periods as readers are shown them, one row per series. Refreshed by the ETL with
    indicator_summary, so the board reads a thousand short rows, not the fact table."""

    __tablename__ = "board_window"
    indicator: Mapped[str] = mapped_column(ForeignKey("indicator.code"), primary_key=True)
    region: Mapped[str] = mapped_column(ForeignKey("region.code"), primary_key=True)
    # The window oldest first, as text the board splits in one go: periods and figures (exact float reprs) joined by
    # commas, and a 0/1 sample flag per value.
    periods: Mapped[str] = mapped_column(Text)
    figures: Mapped[str] = mapped_column(Text)
    samples: Mapped[str] = mapped_column(Text)


class OfficialSeries(Base):
    """The series (indicator x region) holding at least one value from a real, non-sample source.

    Such a series shows only its real values: sample values fill only series that have none (a reader is never
    shown an invented number where a real one exists). Refreshed by the ETL with indicator_summary.
    """

    __tablename__ = "official_series"
    indicator: Mapped[str] = mapped_column(ForeignKey("indicator.code"), primary_key=True)
    region: Mapped[str] = mapped_column(ForeignKey("region.code"), primary_key=True)


class SeriesBreak(Base):
    """A break in an indicator's series: from `period` on, its figures are computed with `method_after`.

    Reviewed reference data (data/reference/series_breaks.csv). The figures on the two sides of a break are never
    joined into one line: a value's side is its method when the value names one, else its period (portal.breaks).
    """

    __tablename__ = "series_break"
    indicator: Mapped[str] = mapped_column(ForeignKey("indicator.code"), primary_key=True)
    period: Mapped[str] = mapped_column(String(10), primary_key=True)  # the first period of the new method
    method_before: Mapped[str] = mapped_column(String(40))
    method_after: Mapped[str] = mapped_column(String(40))
    label_id: Mapped[str] = mapped_column(String(60))  # what a chart writes at the break
    label_en: Mapped[str] = mapped_column(String(60))
    note_id: Mapped[str] = mapped_column(Text)
    note_en: Mapped[str] = mapped_column(Text)
    source_url: Mapped[str | None] = mapped_column(Text)


class ObservationAlternative(Base):
    """Other published statements of an observation's key (indicator, region, period), kept beside the fact table.

    Either the same figure read in a second publication (`method` empty: a confirmation, another source for the
    value the fact table holds), or the figure computed with the method a series break superseded (`method` names
    it: e.g. the old-method IPM 2020 after BPS recomputed 2020 with the new one). Never shown as the figure of its
    period; the trend query draws the superseded ones on their own side of the break.
    """

    __tablename__ = "observation_alternative"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(ForeignKey("source.name"))
    indicator: Mapped[str] = mapped_column(ForeignKey("indicator.code"))
    region: Mapped[str] = mapped_column(ForeignKey("region.code"))
    period: Mapped[str] = mapped_column(String(10))
    method: Mapped[str] = mapped_column(String(40), default="", server_default="")  # empty: the series' own method
    source_url: Mapped[str] = mapped_column(Text, default="", server_default="")
    value: Mapped[float] = mapped_column(Double)
    note: Mapped[str | None] = mapped_column(Text)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("etl_run.id"))
    loaded_at: Mapped[datetime] = mapped_column(DateTime)
    __table_args__ = (
        UniqueConstraint(
            "source", "indicator", "region", "period", "method", "source_url", name="uq_observation_alternative"
        ),
        Index("ix_observation_alternative_key", "indicator", "region", "period"),
    )


class Target(Base):
    __tablename__ = "target"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    indicator: Mapped[str] = mapped_column(ForeignKey("indicator.code"))
    region: Mapped[str] = mapped_column(ForeignKey("region.code"))
    year: Mapped[int] = mapped_column(Integer)
    value: Mapped[float] = mapped_column(Double)
    document: Mapped[str] = mapped_column(Text)
    source_url: Mapped[str | None] = mapped_column(Text)
    is_sample: Mapped[bool] = mapped_column(Boolean, default=False)
    __table_args__ = (UniqueConstraint("indicator", "region", "year", name="uq_target_key"),)


class RejectedRow(Base):
    __tablename__ = "rejected_row"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("etl_run.id"), index=True)
    source: Mapped[str] = mapped_column(String(60), index=True)
    row_number: Mapped[int] = mapped_column(Integer)
    raw: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)  # Bahasa Indonesia
    reason_en: Mapped[str] = mapped_column(Text)


class Agency(Base):
    __tablename__ = "agency"
    code: Mapped[str] = mapped_column(String(30), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))


class Application(Base):
    __tablename__ = "application"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200))
    agency: Mapped[str] = mapped_column(ForeignKey("agency.code"))
    sector: Mapped[str | None] = mapped_column(ForeignKey("sector.code"))
    description: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="aktif")
    is_sample: Mapped[bool] = mapped_column(Boolean, default=False)
    __table_args__ = (UniqueConstraint("name", "agency", name="uq_application"),)


class RateLimit(Base):
    """A rate limit's counter (the sign-in limit), shared by every worker: key, hits in the window, its end."""

    __tablename__ = "rate_limit"
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
    expires_at: Mapped[float] = mapped_column(Double)  # seconds since the epoch


class ObservationVersion(Base):
    """An earlier published version of an observation: what it was, which run published it and which replaced or
    removed it, and when.

    Kept by the database itself: a trigger on observation (migration 0011) copies the old row whenever an update
    changes its value, status, source, URL or note, whatever path the update takes; a removal (a delivery that
    no longer holds a value) is copied by the publication that removes it.
    """

    __tablename__ = "observation_version"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    indicator: Mapped[str] = mapped_column(String(60))
    region: Mapped[str] = mapped_column(String(13))
    period: Mapped[str] = mapped_column(String(10))
    value: Mapped[float] = mapped_column(Double)
    status: Mapped[str] = mapped_column(String(10))
    revised: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str] = mapped_column(String(60))
    source_url: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    run_id: Mapped[int | None] = mapped_column(Integer)  # the run that published this version
    loaded_at: Mapped[datetime] = mapped_column(DateTime)  # when it was published
    replaced_at: Mapped[datetime] = mapped_column(DateTime)
    replaced_by_run: Mapped[int | None] = mapped_column(Integer)  # the run that replaced or removed it
    removed: Mapped[bool] = mapped_column(Boolean, default=False)
    __table_args__ = (Index("ix_observation_version_key", "indicator", "region", "period"),)


class Delivery(Base):
    """One delivery of data: a produsen data's file or form, a registered source's run, a walidata's ingest.

    Its valid rows wait in delivery_row (never read by a public query) until it is approved; then they are
    published into observation in one transaction. Rows read = loaded + unchanged + rejected, as checked against
    what was published when it came in ("loaded": rows that would be new or changed).
    """

    __tablename__ = "delivery"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(ForeignKey("source.name"), index=True)
    agency: Mapped[str | None] = mapped_column(ForeignKey("agency.code"))
    kind: Mapped[str] = mapped_column(String(12))  # berkas, formulir, sumber
    file_name: Mapped[str | None] = mapped_column(String(200))
    stage: Mapped[str] = mapped_column(String(14), index=True)  # draf, diperiksa, terbit, dikembalikan, ...
    auto_published: Mapped[bool] = mapped_column(Boolean, default=False)  # published without review
    # A file is its agency's whole statement for each (indicator, period) it holds: a value its source published
    # there before and the file no longer holds is removed on approval. A form adds or corrects single values.
    replaces: Mapped[bool] = mapped_column(Boolean, default=False)
    submitted_by: Mapped[str] = mapped_column(String(64))
    submitted_at: Mapped[datetime] = mapped_column(DateTime)
    submitted_from: Mapped[str | None] = mapped_column(String(64))  # the client address, or cli / etl
    run_id: Mapped[int | None] = mapped_column(ForeignKey("etl_run.id"))  # the run that read it
    rows_read: Mapped[int] = mapped_column(Integer, default=0)
    rows_loaded: Mapped[int] = mapped_column(Integer, default=0)
    rows_unchanged: Mapped[int] = mapped_column(Integer, default=0)
    rows_rejected: Mapped[int] = mapped_column(Integer, default=0)
    rows_removed: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)  # why the file could not be read
    reviewer: Mapped[str | None] = mapped_column(String(64))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime)
    review_note: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[datetime | None] = mapped_column(DateTime)
    publish_run_id: Mapped[int | None] = mapped_column(ForeignKey("etl_run.id"))  # the run that published it
    superseded_by: Mapped[int | None] = mapped_column(ForeignKey("delivery.id"))
    __table_args__ = (Index("ix_delivery_agency_stage", "agency", "stage"),)


class DeliveryRow(Base):
    """A valid row of a delivery, one per key, waiting for the delivery's approval (a draft value)."""

    __tablename__ = "delivery_row"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("delivery.id"))
    row_number: Mapped[int] = mapped_column(Integer)
    indicator: Mapped[str] = mapped_column(String(60))
    region: Mapped[str] = mapped_column(String(13))
    period: Mapped[str] = mapped_column(String(10))
    value: Mapped[float] = mapped_column(Double)
    status: Mapped[str] = mapped_column(String(10))
    source_url: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    __table_args__ = (UniqueConstraint("delivery_id", "indicator", "region", "period", name="uq_delivery_row_key"),)


class DeliveryEvent(Base):
    """What happened to a delivery: who, when, from where (also written to the audit trail)."""

    __tablename__ = "delivery_event"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("delivery.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    action: Mapped[str] = mapped_column(String(20))  # dikirim, diperiksa, disetujui, dikembalikan, ...
    actor: Mapped[str] = mapped_column(String(64))
    address: Mapped[str | None] = mapped_column(String(64))  # the client address of a web action
    via: Mapped[str] = mapped_column(String(8))  # web, cli, etl
    note: Mapped[str | None] = mapped_column(Text)


class ReleaseDue(Base):
    """A due date the walidata set for one period of an indicator: it replaces the date the release schedule
    computes from the frequency (portal/schedule.py, RELEASE_LAG_DAYS) for that period only."""

    __tablename__ = "release_due"
    indicator: Mapped[str] = mapped_column(ForeignKey("indicator.code"), primary_key=True)
    period: Mapped[str] = mapped_column(String(10), primary_key=True)
    due_on: Mapped[date] = mapped_column(Date)
    set_by: Mapped[str] = mapped_column(String(64))
    set_at: Mapped[datetime] = mapped_column(DateTime)


class SearchEntry(Base):
    """One thing the search box can offer (an indicator, region, sector, agency or application), with its text
    normalised for the index (portal.search). Rebuilt by the ETL after each load (etl/search_index.py); the
    engine's own full-text index sits beside it (migration 0012)."""

    __tablename__ = "search_entry"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(12))  # indicator, region, sector, agency, application
    key: Mapped[str] = mapped_column(String(60))  # its code (an application: its id)
    classification: Mapped[str] = mapped_column(String(10))  # an indicator's; publik for everything else
    level: Mapped[str | None] = mapped_column(String(12))  # a region's level
    regency: Mapped[str | None] = mapped_column(String(13))  # the regency a region lies in (itself for a regency)
    weight: Mapped[float] = mapped_column(Double)  # what ties are broken by (headline indicators, regencies first)
    title_id: Mapped[str] = mapped_column(String(250))
    title_en: Mapped[str] = mapped_column(String(250))
    detail_id: Mapped[str] = mapped_column(String(300))
    detail_en: Mapped[str] = mapped_column(String(300))
    href: Mapped[str] = mapped_column(String(400))
    is_sample: Mapped[bool] = mapped_column(Boolean)
    names: Mapped[str] = mapped_column(Text)  # normalised names, phrases joined by " | "
    terms: Mapped[str] = mapped_column(Text)  # normalised reviewed terms: acronyms, aliases
    body: Mapped[str] = mapped_column(Text)  # normalised definitions and descriptions
    __table_args__ = (Index("ix_search_entry_kind_key", "kind", "key", unique=True),)


class SearchWord(Base):
    """Every word of the search index, for correcting a mistyped query word (by trigrams)."""

    __tablename__ = "search_word"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    word: Mapped[str] = mapped_column(String(60), unique=True)
