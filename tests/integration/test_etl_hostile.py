"""What a hostile probe fed the ETL (issue 20), on both engines: periods it cannot place, digits other than 0-9,
exponents, formula cells without a value, files over the size limit, failures with tracebacks, a file name
written as a Markdown link. Each refused with a reason a person understands; the CLI's exit code keeps its
meaning; rows read = loaded + unchanged + rejected; the pages survive what an older version stored anyway."""

from __future__ import annotations

import contextlib
import json
import re
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from openpyxl import Workbook
from sqlalchemy import func, insert, literal, select, text

from bench.dash_requests import CALLBACK_PATH, page_body
from etl import load, runner
from etl.__main__ import main
from portal import accounts
from portal.db import get_engine
from portal.models import EtlRun, IndicatorSummary, Observation, RejectedRow, Target
from tests.conftest import web_app
from tests.etl_fakes import fake_http_fixture  # noqa: F401 - fixture

HEADER = "kode_indikator,kode_wilayah,periode,nilai,status\n"


def write(path: Path, *rows: str) -> Path:
    path.write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def run_row(url: str, run_id: int):
    with get_engine(url).connect() as conn:
        return conn.execute(select(EtlRun).where(EtlRun.id == run_id)).one()


def last_run(url: str):
    with get_engine(url).connect() as conn:
        return conn.execute(select(EtlRun).order_by(EtlRun.id.desc())).first()


def reasons(url: str, run_id: int) -> dict[int, tuple[str, str]]:
    with get_engine(url).connect() as conn:
        rows = conn.execute(
            select(RejectedRow.row_number, RejectedRow.reason, RejectedRow.reason_en).where(
                RejectedRow.run_id == run_id
            )
        )
        return {r.row_number: (r.reason, r.reason_en) for r in rows}


def periods(url: str, indicator: str) -> set[str]:
    with get_engine(url).connect() as conn:
        return set(conn.execute(select(Observation.period).where(Observation.indicator == indicator)).scalars())


def accounted(run) -> bool:
    return run.rows_read == run.rows_loaded + run.rows_unchanged + run.rows_rejected


def as_text(response) -> str:
    """A callback's answer as the text it holds (the JSON writes "/" and non-ASCII letters as \\u escapes)."""
    return json.dumps(response.get_json(), ensure_ascii=False)


def _component(node, component_id: str) -> dict:
    """The props of the component with this id in a Dash layout (as JSON)."""
    if isinstance(node, dict):
        if node.get("id") == component_id:
            return node
        for value in node.values():
            if found := _component(value, component_id):
                return found
    elif isinstance(node, list):
        for value in node:
            if found := _component(value, component_id):
                return found
    return {}


def _definition(node, term: str):
    """What a definition list (Dt, Dd) in a Dash layout says for `term`."""
    if isinstance(node, list):
        for i, item in enumerate(node[:-1]):
            if isinstance(item, dict) and item.get("type") == "Dt" and item["props"].get("children") == term:
                return node[i + 1]["props"].get("children")
        items = node
    elif isinstance(node, dict):
        items = node.values()
    else:
        return None
    for value in items:
        if (found := _definition(value, term)) is not None:
            return found
    return None


def _row_data(node) -> list[dict]:
    """Every rowData row in a Dash layout (as JSON)."""
    found = []
    if isinstance(node, dict):
        if isinstance(node.get("rowData"), list):
            found.extend(node["rowData"])
        for value in node.values():
            found.extend(_row_data(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(_row_data(value))
    return found


# --- Item 1: a year the portal cannot place is refused, by name ---


def test_hst001_a_row_of_year_0000_is_refused_by_name_and_the_rest_loads(empty_db, tmp_path, capsys):
    path = write(tmp_path / "ipm.csv", "ipm,64,0000,70,tetap", "ipm,6472,9999,70,tetap", "ipm,6472,2024,80.1,tetap")
    assert main(["ingest", str(path)]) == 3
    out = capsys.readouterr().out
    assert "periode '0000' di luar rentang yang masuk akal (tahun 1900–2100)" in out
    assert "period '0000' is outside the plausible span (years 1900–2100)" in out
    run = last_run(empty_db)
    assert (run.status, run.rows_read, run.rows_loaded, run.rows_rejected) == ("sebagian", 3, 1, 2) and accounted(run)
    assert reasons(empty_db, run.id)[3][1] == "period '9999' is outside the plausible span (years 1900–2100)"
    assert periods(empty_db, "ipm") == {"2024"}


# --- Item 1: pages survive what an older version stored ---

# Rows an older version accepted: \d matched "２" and "٢", and no span was checked.
STORED = [
    ("ipm", "64", "0000"),
    ("ipm", "6472", "9999"),
    ("ipm", "6472", "٢٠٣٥"),
    ("ipm", "64", "２０３４"),
    ("ipm", "6471", "abc"),
]
PAGES = ["/indikator/ipm", "/sektor/pendidikan", "/wilayah/6472", "/", "/katalog", "/wilayah?indikator=ipm"]


@pytest.fixture
def old_database(loaded_copy):
    """The bundled data, plus the rows above and a target of year 0 inserted with SQL, and the summary an older
    ETL computed over them (max(period) then picked "２０３４" as IPM's latest period)."""
    with get_engine(loaded_copy).begin() as conn:
        conn.execute(
            insert(Observation),
            [
                {"indicator": i, "region": r, "period": p, "value": 70.0, "status": "tetap", "source": "publikasi"}
                | {"loaded_at": load.now()}
                for i, r, p in STORED
            ],
        )
        conn.execute(
            insert(Target).values(indicator="ipm", region="64", year=0, value=90.0, document="RPJMD", is_sample=False)
        )
        for statement in load._REFRESH_SUMMARY:
            conn.execute(text(statement.format(touched="observation")))
        latest = conn.execute(select(IndicatorSummary.latest_period).where(IndicatorSummary.indicator == "ipm"))
        assert latest.scalar_one() == "２０３４"
    return loaded_copy


def test_hst002_every_page_survives_periods_an_older_version_stored(old_database, caplog):
    client = web_app(old_database).server.test_client()
    client.get("/")
    for path in PAGES:
        pathname, _, search = path.partition("?")
        response = client.post(CALLBACK_PATH, json=page_body(pathname, f"?{search}" if search else ""))
        assert response.status_code == 200, (path, response.get_data(as_text=True)[:300])
        body = as_text(response)
        assert "Traceback" not in body and "２０３４" not in body and "٢٠٣٥" not in body, path
    assert [r.getMessage() for r in caplog.records if r.levelname == "ERROR"] == []
    # The rest shows: the IPM table holds every other value of the indicator (shown_rows), none of the stored ones.
    table = _row_data(client.post(CALLBACK_PATH, json=page_body("/indikator/ipm")).get_json())
    shown = {(r["region"], r["period"]) for r in table if "period" in r}
    assert shown and not shown & {(r, p) for _i, r, p in STORED}
    with get_engine(old_database).connect() as conn:
        province = conn.execute(
            select(func.max(Observation.period)).where(
                Observation.indicator == "ipm",
                Observation.region == "64",
                Observation.source == "publikasi",  # real figures first: the province's series is official
                Observation.period.between("1900", "2100"),  # (as text: none of the stored ones)
            )
        ).scalar_one()
    assert ("64", province) in shown
    # The year filters span the official years (not year 0 to 2035), and the metadata's last period is a real one.
    with get_engine(old_database).connect() as conn:
        first, last = conn.execute(
            select(func.min(Observation.period), func.max(Observation.period)).where(
                Observation.indicator == "ipm",
                Observation.source == "publikasi",
                Observation.period.between("1900", "2100"),
            )
        ).one()
    layout = client.post(CALLBACK_PATH, json=page_body("/indikator/ipm")).get_json()
    years = [o["value"] for o in _component(layout, "indikator-dari")["options"]]
    assert years == [str(y) for y in range(int(first), int(last) + 1)]
    assert _definition(layout, "Periode terakhir") == last


def test_hst009_the_sql_test_for_a_placeable_period_agrees_with_portal_periods(empty_db):
    """Aggregates (first, last, the latest periods) filter in SQL; it must say what portal.periods says."""
    from portal.periods import placeable
    from portal.queries.core import placeable_period

    cases = ["2024", "1900", "2100", "2100-12", "2024-S2", "2023-Q4", "2024-03", "1899", "2101", "0000", "9999"]
    cases += ["２０３４", "٢٠٣٥", "20２4", "2024-13", "2024-S3", "2024-Q5", "2024\n", "2024-S1\n", "abc", "", "2024-1"]
    with get_engine(empty_db).connect() as conn:
        said = {c: bool(conn.execute(select(placeable_period(literal(c)))).scalar_one()) for c in cases}
    assert said == {c: placeable(c) for c in cases}
    assert sum(said.values()) == 7


# --- Item 5: digits other than 0-9 and exponent notation ---


def test_hst003_other_digits_and_exponents_are_refused_and_never_become_the_latest_period(empty_db, tmp_path, capsys):
    assert main(["ingest", str(write(tmp_path / "baik.csv", "ipm,6472,2023,80.1", "ipm,6472,2024,80.5"))]) == 0
    hostile = write(
        tmp_path / "unicode.csv",
        "ipm,6472,２０３４,81,tetap",
        "ipm,6472,٢٠٣٥,82,tetap",
        "ipm,6471,2024,1E1,tetap",
        "ipm,6471,2023,7e1,tetap",
        "ipm,6471,2022,７０,tetap",
        'ipm,6471,2021,"٧٠,٥",tetap',
        "ipm,6471,2020,70.5,tetap",
    )
    assert main(["ingest", str(hostile)]) == 3
    out = capsys.readouterr().out
    run = last_run(empty_db)
    assert (run.rows_read, run.rows_loaded, run.rows_unchanged, run.rows_rejected) == (7, 1, 0, 6) and accounted(run)
    assert {n: en for n, (_id, en) in reasons(empty_db, run.id).items()} == {
        2: "period '２０３４' uses digits other than 0-9 (e.g. fullwidth or Arabic-Indic digits): write it with 0-9 "
        "(e.g. 2024)",
        3: "period '٢٠٣٥' uses digits other than 0-9 (e.g. fullwidth or Arabic-Indic digits): write it with 0-9 "
        "(e.g. 2024)",
        4: "value '1E1' is in exponent notation, which the template does not use: write the number in full (e.g. 10)",
        5: "value '7e1' is in exponent notation, which the template does not use: write the number in full (e.g. 70)",
        6: "value '７０' uses digits other than 0-9 (e.g. fullwidth or Arabic-Indic digits): write it with 0-9",
        7: "value '٧٠,٥' uses digits other than 0-9 (e.g. fullwidth or Arabic-Indic digits): write it with 0-9",
    }
    assert "notasi eksponen" in out and "angka selain 0-9" in out
    assert periods(empty_db, "ipm") == {"2020", "2023", "2024"}
    with get_engine(empty_db).connect() as conn:
        latest = conn.execute(select(IndicatorSummary.latest_period).where(IndicatorSummary.indicator == "ipm"))
        assert latest.scalar_one() == "2024"


# --- Item 8: formula cells without a saved value, one-line failures, the size limit ---


def _workbook(path: Path, cached: dict[str, str] | None = None) -> Path:
    """A template workbook with formulas, as a script writes it (no saved results), then `cached` cells given a
    saved result the way Excel writes one."""
    book = Workbook()
    sheet = book.active
    sheet.append(["Data IPM"])
    sheet.append(["No", "kode_indikator", "kode_wilayah", "periode", "nilai"])
    sheet.append([1, "ipm", "6472", 2024, 80.1])
    sheet.append(["=A3+1", "ipm", "6471", 2024, "=E3-1"])  # E4: no saved value
    sheet.append(["=A4+1", "ipm", '="64"&"01"', 2024, 75])  # C5: no saved value
    sheet.append(["=A5+1", "ipm", "6402", 2024, "=E3+1"])  # E6: saved by "Excel" below
    sheet.append(["=A6+1"])  # a counter running on past the data: not a row
    book.save(path)
    if cached:
        with zipfile.ZipFile(path) as src:
            parts = {name: src.read(name) for name in src.namelist()}
        xml = parts["xl/worksheets/sheet1.xml"].decode()
        for ref, value in cached.items():
            xml, n = re.subn(
                rf'<c r="{ref}"([^>]*)><f>([^<]*)</f><v\s*/?>(?:</v>)?</c>',
                rf'<c r="{ref}"><f>\2</f><v>{value}</v></c>',
                xml,
            )
            assert n == 1, xml
        parts["xl/worksheets/sheet1.xml"] = xml.encode()
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
            for name, data in parts.items():
                out.writestr(name, data)
    return path


def test_hst004_a_formula_cell_without_a_saved_value_is_named_not_read_as_empty(empty_db, tmp_path):
    path = _workbook(tmp_path / "rumus.xlsx", cached={"E6": "81.1"})
    result = runner.ingest(path, empty_db)
    assert (result.read, result.loaded, result.unchanged, result.rejected) == (4, 2, 0, 2)
    assert reasons(empty_db, result.run_id) == {
        4: (
            "sel E4 berisi rumus (=E3-1) tanpa nilai tersimpan: buka berkas di Excel lalu simpan ulang, "
            "atau tempel sebagai nilai (Paste Values)",
            "cell E4 holds a formula (=E3-1) with no saved value: open the file in Excel and save it again, "
            "or paste the cells as values",
        ),
        5: (
            'sel C5 berisi rumus (="64"&"01") tanpa nilai tersimpan: buka berkas di Excel lalu simpan ulang, '
            "atau tempel sebagai nilai (Paste Values)",
            'cell C5 holds a formula (="64"&"01") with no saved value: open the file in Excel and save it again, '
            "or paste the cells as values",
        ),
    }
    with get_engine(empty_db).connect() as conn:
        raw = conn.execute(select(RejectedRow.raw).where(RejectedRow.row_number == 4)).scalar_one()
        saved = conn.execute(select(Observation.value).where(Observation.region == "6402")).scalar_one()
    assert json.loads(raw)["nilai"] == "=E3-1"  # the row as written, formula and all
    assert saved == 81.1  # a formula Excel saved a result for reads as that result


def _walidata_client(url: str):
    from tests.accounts import PASSWORD, ROLE_USERS, sign_in

    accounts.create_user(ROLE_USERS["walidata"], PASSWORD, "walidata", "Uji walidata", url=url)
    client = web_app(url).server.test_client()
    client.get("/")
    assert sign_in(client, "walidata").status_code == 303
    return client


def test_hst005_a_failure_is_one_line_on_status_and_the_traceback_only_in_the_log(
    empty_db, tmp_path, monkeypatch, capsys, caplog
):
    def explode(conn, result):
        raise RuntimeError("tulisan gagal di /srv/rahasia/etl/load.py\nbaris kedua dengan detail")

    good = write(tmp_path / "baik.csv", "ipm,6472,2024,80.1")
    monkeypatch.setattr(load, "_finish_run", explode)
    result = runner.ingest(good, empty_db)
    monkeypatch.undo()
    monkeypatch.setenv("DATABASE_URL", empty_db)
    assert result.status == "gagal" and result.error == "RuntimeError: tulisan gagal di /srv/rahasia/etl/load.py"
    assert run_row(empty_db, result.run_id).error == result.error  # one line: no traceback, no second line
    logged = [r for r in caplog.records if r.name == "etl.runner" and r.exc_info]
    assert len(logged) == 1 and "Traceback" in caplog.text and "in explode" in caplog.text
    # An older version stored the traceback after the reason: shown as its first line too.
    with get_engine(empty_db).begin() as conn:
        conn.execute(
            insert(EtlRun).values(
                source=result.source,
                started_at=load.now(),
                finished_at=load.now(),
                status="gagal",
                error='FetchError: sumber lama gagal\nTraceback (most recent call last):\n  File "/opt/portal/etl/x.py"',
            )
        )
    capsys.readouterr()
    assert main(["status"]) == 0
    out = capsys.readouterr().out
    assert "RuntimeError: tulisan gagal di /srv/rahasia/etl/load.py" in out and "FetchError: sumber lama gagal" in out
    assert "baris kedua" not in out and "Traceback" not in out
    body = as_text(_walidata_client(empty_db).post(CALLBACK_PATH, json=page_body("/status")))
    assert "RuntimeError: tulisan gagal di /srv/rahasia/etl/load.py" in body and "FetchError: sumber lama gagal" in body
    assert "baris kedua" not in body and "Traceback" not in body and "/opt/portal" not in body


def test_hst006_a_reason_quoting_console_markup_prints_as_text_and_the_exit_code_stays(empty_db, tmp_path, capsys):
    # rich reads "[/]" as a closing tag: printing this reject used to crash the CLI after the load (exit 1).
    path = write(tmp_path / "markup.csv", "ipm,[/],2024,80.1,tetap", "ipm,6472,2024,80.1,[bold]tetap")
    assert main(["ingest", str(path)]) == 3
    out = capsys.readouterr().out
    assert "region '[/]' is unknown" in out and "status '[bold]tetap' is unknown" in out


def test_hst007_a_file_over_the_limit_is_refused_naming_the_limit(empty_db, tmp_path, monkeypatch, capsys, fake_http):
    monkeypatch.setenv("ETL_MAX_FILE_MB", "1")
    rows = [f"ipm,6472,{1900 + i % 120},{70 + i % 10}.5,tetap" for i in range(46_000)]
    big = write(tmp_path / "besar.csv", *rows)
    assert 1024 * 1024 < big.stat().st_size < 2 * 1024 * 1024
    assert main(["ingest", str(big)]) == 1
    sentence = "besar.csv: the file is 1.1 MB, over the limit of 1.0 MB (ETL_MAX_FILE_MB); split it into smaller files"
    assert sentence in capsys.readouterr().out
    run = last_run(empty_db)
    assert run.status == "gagal" and sentence in run.error and "\n" not in run.error
    # An XLSX counts what it holds unpacked: 0.2 MB on disk, 1.9 MB of sheet.
    book = Workbook()
    for i in range(30_000):
        book.active.append(["ipm", "6472", str(1900 + i % 120), 70.5])
    book.save(tmp_path / "besar.xlsx")
    assert main(["ingest", str(tmp_path / "besar.xlsx")]) == 1
    assert (tmp_path / "besar.xlsx").stat().st_size < 1024 * 1024
    error = last_run(empty_db).error
    assert re.search(r"this XLSX holds [0-9.]+ MB unpacked \([0-9.]+ MB compressed\), over the limit of 1\.0 MB", error)
    # A download over the limit is refused while it is read, naming the address.
    fake_http.route("/besar.csv", (200, big.read_bytes()))
    registry = tmp_path / "sources.toml"
    registry.write_text(
        f'[[source]]\nname = "unduhan"\nkind = "template"\ntitle = "Unduhan"\nproducer_agency = "Dinas uji"\n'
        f'location = "{fake_http.url}/besar.csv"\nschedule = "harian"\n'
    )
    assert main(["--registry", str(registry), "run"]) == 1
    assert f"{fake_http.url}/besar.csv: the file is 1.1 MB, over the limit of 1.0 MB" in last_run(empty_db).error
    # A server that does not say the size up front: the download stops one byte past the limit.
    with _unsized_server(big.read_bytes()) as url:
        registry.write_text(registry.read_text().replace(f"{fake_http.url}/besar.csv", url))
        assert main(["--registry", str(registry), "run"]) == 1
    assert f"{url}: the file is > 1.0 MB, over the limit of 1.0 MB (ETL_MAX_FILE_MB)" in last_run(empty_db).error
    assert main(["--registry", str(registry), "status"]) == 0
    assert "over the limit of 1.0 MB (ETL_MAX_FILE_MB)" in capsys.readouterr().out


@contextlib.contextmanager
def _unsized_server(body: bytes):
    """An HTTP/1.0 server on 127.0.0.1 answering `body` without a Content-Length (the end of the answer is the
    end of the connection, as a streaming export sends it)."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's naming
            self.send_response(200)
            self.send_header("Content-Type", "text/csv")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/ekspor.csv"
    finally:
        server.shutdown()
        server.server_close()


# --- Item 8: a file name written as a Markdown link ---

MARKDOWN_NAME = "[BPS resmi](https:evil.example).csv"
# An entity, HTML and an address: CommonMark would show "&", drop the tag or (GFM) link the address.
ENTITY_NAME = "Data &amp; <b>tebal *resmi* a@evil.example.csv"


def shown_as(markdown: str) -> tuple[str, set[str]]:
    """What a CommonMark renderer shows for a cell: its text, and the kinds of inline token it made."""
    inline = [t for t in MarkdownIt("commonmark").parse(markdown) if t.type == "inline"]
    children = [c for t in inline for c in t.children]
    return "".join(c.content for c in children), {c.type for c in children}


@pytest.mark.parametrize("name", [MARKDOWN_NAME, ENTITY_NAME])
def test_hst008_a_file_name_written_as_markdown_stays_text_in_the_sources_column(empty_db, tmp_path, name):
    path = write(tmp_path / name, "ipm,6472,2024,80.1")
    assert runner.ingest(path, empty_db).loaded == 1
    client = web_app(empty_db).server.test_client()
    client.get("/")
    response = client.post(CALLBACK_PATH, json=page_body("/indikator/ipm"))
    assert response.status_code == 200
    rows = [r for r in _row_data(response.get_json()) if r.get("region") == "6472" and r.get("period") == "2024"]
    assert len(rows) == 1
    text, kinds = shown_as(rows[0]["source"])
    assert text == f"Berkas {name} (dimuat manual / loaded by hand)" and kinds == {"text"}
