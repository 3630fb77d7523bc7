"""Real source shapes through whole runs on both engines: a wide CKAN table, a portal with every quirk, a
table that comes up short, a portal that fails half-way, BPS local codes. Counts hold (read = loaded +
unchanged + rejected), what a run met is in its notes (the summary, `python -m etl status`, /status's
queries), and a failure changes nothing."""

from __future__ import annotations

import textwrap
from pathlib import Path

from sqlalchemy import func, select

from etl import runner, workflow
from etl.__main__ import main
from etl.ledger import Actor
from portal import queries
from portal.access import Reader
from portal.db import get_engine
from portal.models import Delivery, EtlRun, Observation
from tests.ckan_portal import CkanPortal, ckan_error
from tests.etl_fakes import fake_http_fixture  # noqa: F401 - fixture
from tests.unit.test_etl_bps_shapes import KEY, answer
from tests.unit.test_etl_portal_shapes import MAPPING, aps_portal


def registry(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(textwrap.dedent(body))
    return path


def ckan_source(url: str, name: str = "aps", extra: str = "") -> str:
    mapping = ", ".join(f'"{k}" = "{v}"' for k, v in MAPPING.items())
    return f"""
    [[source]]
    name = "{name}"
    kind = "ckan"
    title = "Angka Partisipasi Sekolah (Satu Data)"
    producer_agency = "Dinas Pendidikan dan Kebudayaan"
    trusted = true
    location = "{url}"
    schedule = "tahunan"
    [source.options]
    dataset = "aps-kaltim"
    retries = 0
    page_size = 2
    constants = {{ kode_wilayah = "64" }}
    {extra}
    [source.options.wide]
    label = "Uraian"
    unit = "Satuan"
    indicators = {{ {mapping} }}
    """


def observations(url: str) -> list[tuple]:
    with get_engine(url).connect() as conn:
        return conn.execute(
            select(Observation.indicator, Observation.period, Observation.value)
            .where(Observation.source == "aps")
            .order_by(Observation.indicator, Observation.period)
        ).all()


def test_ckan101_a_wide_table_loads_counted_and_noted(empty_db, tmp_path, fake_http, capsys):
    portal = aps_portal(fake_http, prefix="/ko_KR", api_paths=("/api/action",), rows_max=2)
    reg = registry(tmp_path, ckan_source(portal.url))
    assert main(["--registry", str(reg), "run"]) == 3
    out = capsys.readouterr().out
    (result,) = queries.runs().to_dict("records")
    # 4 data items x 3 years = 12 cells read: 8 numbers, 1 empty cell, 3 cells of the unmapped item.
    assert (result["rows_read"], result["rows_loaded"], result["rows_unchanged"], result["rows_rejected"]) == (
        12, 8, 0, 4)  # fmt: skip
    assert observations(empty_db) == [
        ("aps_13_15", "2021", 96.4),
        ("aps_13_15", "2022", 96.9),
        ("aps_16_18", "2021", 75.1),
        ("aps_16_18", "2022", 76.25),
        ("aps_16_18", "2023", 77.0),
        ("aps_7_12", "2021", 99.52),
        ("aps_7_12", "2022", 99.61),
        ("aps_7_12", "2023", 99.7),
    ]
    reasons = queries.rejected_rows(run_id=int(result["id"]))["reason_en"].tolist()
    assert (
        reasons
        == ["no data: the value is empty or '-'"]
        + ["label 'Diluar Kelas' is not mapped to an indicator (options.wide.indicators in data/sources.toml)"] * 3
    )
    # Each thing the portal did is one sentence, in the summary and in the run record /status shows.
    notes = result["notes"].splitlines()
    assert [n.split(" / ")[-1][:50] for n in notes] == [
        "the portal answers at /api/action/ (not /api/3/act",
        "CKAN's next-page link (_links.next = '/api/action/",
        "1 total rows skipped, not loaded as data ('Jumlah'",
    ]
    for note in notes:
        assert f"aps: {note}" in out.replace("\n", "")
    status = queries.source_status().set_index("name")
    assert status.loc["aps", "last_notes"] == result["notes"] and not isinstance(status.loc["aps", "last_error"], str)
    # The next night nothing changed: every loaded cell is unchanged, the same ones rejected.
    (again,) = runner.run(empty_db, registry_path=reg)
    assert (again.read, again.loaded, again.unchanged, again.rejected) == (12, 0, 8, 4)
    assert main(["--registry", str(reg), "status"]) == 0
    assert "1 total rows skipped" in capsys.readouterr().out.replace("\n", "")


def test_ckan102_short_table_and_half_way_failure_change_nothing(empty_db, tmp_path, fake_http, capsys):
    portal = aps_portal(fake_http, rows_max=2)
    reg = registry(tmp_path, ckan_source(portal.url))
    (first,) = runner.run(empty_db, registry_path=reg)
    before = observations(empty_db)
    assert first.status == "sebagian" and len(before) == 8
    # The portal changes its answers: page 2 repeats records it already sent, so a record never comes.
    portal.overlap, portal.overlap_offsets = 1, {2}
    portal.tables["res-aps"][0]["2021"] = "50"  # a changed value that must not load from a short table
    assert main(["--registry", str(reg), "run"]) == 1
    assert "gave 4 distinct records of the 5 it counts (1 repeated)" in capsys.readouterr().out.replace("\n", "")
    assert observations(empty_db) == before
    # A portal that fails after the first pages: nothing of what was read loads.
    portal.overlap = 0
    fake_http.route("/api/3/action/datastore_search", lambda q: ckan_error(500, "Internal", "boom")
                    if int(q["offset"]) >= 2 else portal._datastore_search(q))  # fmt: skip
    (failed,) = runner.run(empty_db, registry_path=reg)
    assert failed.status == "gagal" and "HTTP 500" in failed.error
    assert observations(empty_db) == before
    with get_engine(empty_db).connect() as conn:
        rows = conn.execute(select(EtlRun.status, EtlRun.rows_read, EtlRun.notes).order_by(EtlRun.id)).all()
    assert [(r.status, r.rows_read) for r in rows] == [("sebagian", 12), ("gagal", 0), ("gagal", 0)]
    status = queries.source_status().set_index("name")
    assert "HTTP 500" in status.loc["aps", "last_error"]


def test_ckan103_datastore_off_and_a_lying_format_in_one_run(empty_db, tmp_path, fake_http):
    portal = CkanPortal(fake_http, datastore=False)
    csv_url = portal.file(
        "/dataset/aps/resource/r1/download/aps.csv",
        b"No,Uraian,Satuan,2021\n1,APS 7-12,Persen,99.5\n2,Jumlah,Persen,99.5\n",
        "text/csv",
    )
    png_url = portal.file("/uploads/grafik.png", b"\x89PNG\r\n\x1a\n....", "image/png")
    portal.dataset(
        "aps-kaltim",
        "APS",
        "Disdikbud",
        [
            {"id": "r0", "name": "Grafik APS", "format": "CSV", "mimetype": "image/png", "url": png_url},
            {"id": "r1", "name": "Data APS", "format": "CSV", "datastore_active": True, "url": csv_url},
        ],
    )
    reg = registry(tmp_path, ckan_source(portal.url))
    (result,) = runner.run(empty_db, registry_path=reg)
    assert (result.status, result.read, result.loaded, result.rejected) == ("berhasil", 1, 1, 0)
    assert observations(empty_db) == [("aps_7_12", "2021", 99.5)]
    assert [n.split(" / ")[-1] for n in result.notes] == [
        f"resource 'Data APS': the datastore cannot be used (Bad request - Action name not known: datastore_search); "
        f"its file was read instead ({csv_url})",
        "1 total rows skipped, not loaded as data ('Jumlah')",
    ]
    assert queries.runs()["notes"].iloc[0] == "\n".join(result.notes)


def test_bps101_local_codes_rejected_by_name_in_a_run(empty_db, tmp_path, fake_http, monkeypatch):
    monkeypatch.setenv("BPS_API_KEY", KEY)
    var = 77
    vervar = [{"val": 1, "label": "Ambon"}, {"val": 3, "label": "Bontang"}, {"val": 3, "label": "Bontang"}]
    content = {"17701240": 71.5, "37701240": 80.25, "37701250": 80.5}
    path = f"/v1/api/list/model/data/lang/ind/domain/6400/var/{var}/key/{KEY}/"
    tahun = [{"val": 124, "label": "2024"}, {"val": 125, "label": "2025"}]
    fake_http.route(path, (200, answer(var, vervar, tahun, [], content)))
    reg = registry(
        tmp_path,
        f"""
        [[source]]
        name = "bps-ipm"
        kind = "bps"
        title = "IPM (BPS WebAPI)"
        producer_agency = "BPS Provinsi Kalimantan Timur"
        trusted = true
        location = "{fake_http.url}/v1/api/list/model/data/lang/ind/domain/6400/var/{{var}}/key/{{key}}/"
        schedule = "tahunan"
        [source.options]
        retries = 0
        vervar_codes = "local"
        vervar_map = {{ "3" = "6474" }}
        variables = [{{ var = {var}, indicator = "ipm" }}]
        """,
    )
    (result,) = runner.run(empty_db, registry_path=reg)
    assert (result.read, result.loaded, result.unchanged, result.rejected) == (3, 2, 0, 1)
    assert queries.rejected_rows(run_id=result.run_id)["reason_en"].tolist() == [
        "vervar 1 ('Ambon') of BPS var 77 is a local code that vervar_map (data/sources.toml) does not place"
    ]
    with get_engine(empty_db).connect() as conn:
        loaded = conn.execute(select(Observation.region, Observation.period, Observation.value).order_by(
            Observation.period)).all()  # fmt: skip
        assert conn.execute(select(func.count()).select_from(Observation)).scalar_one() == 2
    assert loaded == [("6474", "2024", 80.25), ("6474", "2025", 80.5)]


def test_hvs101_harvested_draft_reviewed_then_run(empty_db, tmp_path, fake_http, capsys):
    """The walidata's path: list the portal, draft the pick, fill the codes the draft asks for, run it."""
    import tomlkit

    portal = aps_portal(fake_http, prefix="/id")
    draft = tmp_path / "sources.draft.toml"
    assert main(["harvest", portal.url, "--pick", "aps-kaltim", "--draft", str(draft)]) == 0
    # Not reviewed yet: the draft names its source, switched off, and loads nothing it was not told to.
    doc = tomlkit.parse(draft.read_text())
    (entry,) = doc["source"]
    assert entry["enabled"] is False
    (unreviewed,) = runner.run(empty_db, only="ckan-aps-kaltim", registry_path=draft)
    assert (unreviewed.read, unreviewed.loaded, unreviewed.rejected) == (12, 0, 12)
    # The review: the region, and two of the four labels (the other two stay unmapped, rejected by name).
    entry["options"]["constants"]["kode_wilayah"] = "64"
    entry["options"]["wide"]["indicators"]["APS 7-12"] = "aps_7_12"
    entry["options"]["wide"]["indicators"]["APS 16-18"] = "aps_16_18"
    draft.write_text(tomlkit.dumps(doc))
    capsys.readouterr()
    assert main(["--registry", str(draft), "run", "--source", "ckan-aps-kaltim"]) == 3
    # Not trusted (the draft says so): the run is a draft delivery, public only once a walidata approves it.
    assert "menunggu pemeriksaan" in capsys.readouterr().out
    with get_engine(empty_db).connect() as conn:
        assert conn.execute(select(func.count()).where(Observation.source == "ckan-aps-kaltim")).scalar_one() == 0
        (draft_id,) = conn.execute(select(Delivery.id).where(Delivery.source == "ckan-aps-kaltim")).scalars()
    workflow.approve(get_engine(empty_db), draft_id, Reader("walidata"), Actor("budi", "web"))
    with get_engine(empty_db).connect() as conn:
        loaded = conn.execute(
            select(Observation.indicator, Observation.region, Observation.period, Observation.value)
            .where(Observation.source == "ckan-aps-kaltim")
            .order_by(Observation.indicator, Observation.period)
        ).all()
    assert loaded == [
        ("aps_16_18", "64", "2021", 75.1),
        ("aps_16_18", "64", "2022", 76.25),
        ("aps_16_18", "64", "2023", 77.0),
        ("aps_7_12", "64", "2021", 99.52),
        ("aps_7_12", "64", "2022", 99.61),
        ("aps_7_12", "64", "2023", 99.7),
    ]
    run_id = int(queries.runs()["id"].iloc[1])  # the run that read it (the newest is the publication)
    reasons = set(queries.rejected_rows(run_id=run_id)["reason_en"])
    assert reasons == {
        "label 'APS 13-15' is not mapped to an indicator (options.wide.indicators in data/sources.toml)",
        "label 'Diluar Kelas' is not mapped to an indicator (options.wide.indicators in data/sources.toml)",
    }
