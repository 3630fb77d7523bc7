"""Connectors against local files and a local HTTP server shaped like the real services."""

import codecs
import json

import pytest

from etl.http import Client, FetchError
from etl.sources import bps, ckan, rest, template
from etl.sources.fields import MappingError
from etl.sources.template import TemplateError
from portal.settings import DATA_DIR
from tests.etl_fakes import bps_payload, ckan_records, fake_http_fixture, serve_ckan  # noqa: F401 - fixture

EXAMPLES = DATA_DIR / "examples"
HEADER = "kode_indikator,kode_wilayah,periode,nilai\n"


def write(tmp_path, name: str, text: str, encoding: str = "utf-8", bom: bytes = b"") -> object:
    path = tmp_path / name
    path.write_bytes(bom + text.encode(encoding))
    return path


def test_etl201_excel_export_with_title_rows_and_a_counter_column():
    delivery = template.read_file(EXAMPLES / "dinkes_imunisasi_2024.xlsx")
    obs = delivery.observations
    # 16 data rows + the "Sumber: ..." footer (read, then rejected); the blank line is not a row.
    assert len(obs) == 17
    assert obs["row_number"].tolist() == [*range(6, 22), 23]
    assert obs.loc[0, ["indicator", "region", "period", "value"]].tolist() == [
        "imunisasi_dasar_lengkap",
        "Kab. Paser",
        "2024",
        92.4,
    ]
    assert obs.loc[12, "region"] == "6472" and obs.loc[13, "value"] == "94,2"
    raw = json.loads(delivery.raw_lookup(obs["row_number"].iloc[[3]])[0])
    assert raw == {
        "No": 4,
        "Kode Indikator": "imunisasi_dasar_lengkap",
        "Wilayah": "Kab. Kutai Timur",
        "Periode": 2024,
        "Nilai": "-",
        "Satuan": "persen",
        "Status": "tetap",
        "Keterangan": "laporan puskesmas belum lengkap",
    }


def test_etl202_windows_1252_semicolon_decimal_comma_csv():
    obs = template.read_file(EXAMPLES / "disdikbud_apm_2024.csv").observations
    assert len(obs) == 13 and obs["row_number"].tolist() == list(range(5, 18))
    assert obs.loc[0, ["region", "value"]].tolist() == ["KUTAI KARTANEGARA", "98,45"]
    assert obs.loc[9, "note"] == "perkiraan sementara – belum final"  # cp1252 0x96 read as an en dash


@pytest.mark.parametrize(
    ("encoding", "bom", "sep"),
    [("utf-8", b"", ","), ("utf-8", codecs.BOM_UTF8, ";"), ("cp1252", b"", ";"), ("utf-8", b"", "\t")],
)
def test_etl203_encodings_and_separators(tmp_path, encoding, bom, sep):
    decimal = '"80,5"' if sep == "," else "80,5"  # a comma inside a comma-separated file is quoted
    text = f"Judul laporan{sep}{sep}\n\n" + HEADER.replace(",", sep) + f"ipm{sep}6472{sep}2024{sep}{decimal}\n"
    text += f"ipm{sep}Bontang{sep}2024{sep}81\n\nipm{sep}Kukar{sep}2024{sep}-\n"
    obs = template.read_file(write(tmp_path, "f.csv", text, encoding, bom)).observations
    assert obs["row_number"].tolist() == [4, 5, 7]
    assert obs["value"].tolist() == ["80,5", "81", "-"]
    assert obs["region"].tolist() == ["6472", "Bontang", "Kukar"]


def test_etl204_english_headers_and_a_name_column(tmp_path):
    path = write(
        tmp_path, "en.csv", "Indicator Code,Region,Period,Value,Unit,Status,Notes\nipm,Kukar,2024,71.2,,final,x\n"
    )
    obs = template.read_file(path).observations
    assert obs.loc[0, ["indicator", "region", "period", "value", "status", "note"]].tolist() == [
        "ipm",
        "Kukar",
        "2024",
        "71.2",
        "final",
        "x",
    ]


def test_etl205_unknown_column_fails_loudly_naming_it(tmp_path):
    path = write(tmp_path, "x.csv", "kode_indikator,kode_wilayah,periode,jumlah_sekolah\nipm,64,2024,2\n")
    with pytest.raises(
        TemplateError, match=r"kolom tidak dikenal: 'jumlah_sekolah'.*unknown columns: 'jumlah_sekolah'"
    ):
        template.read_file(path)
    # Mapped in the registry, the same file reads.
    obs = template.read_file(path, {"fields": {"nilai": "jumlah_sekolah"}, "constants": {}}).observations
    assert obs.loc[0, "value"] == "2"


def test_etl206_other_malformed_templates(tmp_path):
    with pytest.raises(TemplateError, match="no header row"):
        template.read_file(write(tmp_path, "a.csv", "a,b\n1,2\n"))
    with pytest.raises(MappingError, match="required columns missing: nilai"):
        template.read_file(write(tmp_path, "m.csv", "kode_indikator,wilayah,periode\nipm,64,2024\n"))
    with pytest.raises(TemplateError, match="appears twice"):
        template.read_file(
            write(tmp_path, "b.csv", "kode_indikator,kode_wilayah,periode,nilai,value\nipm,64,2024,1,2\n")
        )
    with pytest.raises(TemplateError, match="no header"):
        template.read_file(write(tmp_path, "c.csv", "kode_indikator,kode_wilayah,periode,nilai,\nipm,64,2024,1,2\n"))
    with pytest.raises(MappingError, match="not template columns: jumlah"):
        template.read_file(write(tmp_path, "d.csv", HEADER), {"fields": {"jumlah": "x"}})
    with pytest.raises(FileNotFoundError, match="file not found"):
        template.read_file(tmp_path / "absent.csv")
    with pytest.raises(TemplateError, match="not supported"):
        template.read_file(write(tmp_path, "e.pdf", "x"))


def test_etl207_constants_fill_a_column_the_file_lacks(tmp_path):
    path = write(tmp_path, "s.csv", "wilayah;tahun;nilai\nKukar;2024;23,1\n")
    obs = template.read_file(path, {"constants": {"kode_indikator": "stunting"}}).observations
    assert obs.loc[0, ["indicator", "region", "period", "value"]].tolist() == ["stunting", "Kukar", "2024", "23,1"]


def test_etl208_template_file_over_http(fake_http):
    fake_http.route("/data/ipm.csv", (200, (HEADER + "ipm,6472,2024,80.1\n").encode()))
    obs = template.read(f"{fake_http.url}/data/ipm.csv", {}).observations
    assert obs.loc[0, "value"] == "80.1"


def test_etl209_ckan_pages_past_the_server_cap(fake_http):
    records = ckan_records(3)  # 30 records
    serve_ckan(fake_http, records, rows_max=7)
    options = {
        "dataset": "kemiskinan-kabkota",
        "page_size": 50,
        "fields": {"kode_wilayah": "kode_kabupaten_kota", "periode": "tahun", "nilai": "jumlah_penduduk_miskin"},
        "constants": {"kode_indikator": "kemiskinan_jumlah"},
    }
    obs = ckan.read(fake_http.url, options).observations
    assert len(obs) == 30 and obs["row_number"].tolist() == list(range(1, 31))
    offsets = [int(q["offset"]) for path, q, _ in fake_http.requests if path.endswith("datastore_search")]
    assert offsets == [0, 7, 14, 21, 28]  # the offset advances by what came back, not by what was asked
    assert obs.loc[0, ["indicator", "region", "period", "value"]].tolist() == [
        "kemiskinan_jumlah",
        "6401",
        2021,
        "10021",
    ]
    assert json.loads(obs.loc[0, "raw"])["nama_provinsi"] == "KALIMANTAN TIMUR"
    assert obs.loc[0, "source_url"].endswith("/dataset/kemiskinan-kabkota")


def test_etl210_ckan_default_page_and_wrong_mapping(fake_http):
    serve_ckan(fake_http, ckan_records(25))  # 250 records, CKAN's default page of 100
    options = {"dataset": "kemiskinan-kabkota", "fields": {"kode_wilayah": "kode_kab"}, "constants": {}}
    with pytest.raises(MappingError, match="kode_wilayah = 'kode_kab'"):
        ckan.read(fake_http.url, options)
    records, _ = ckan.fetch_records(fake_http.url, {"dataset": "kemiskinan-kabkota"}, Client(retries=0))
    assert len(records) == 250
    with pytest.raises(FetchError, match="package_show"):
        ckan.fetch_records(fake_http.url, {"dataset": "tidak-ada"}, Client(retries=0))


def test_etl211_bps_webapi_keys_rebuilt_from_code_lists(fake_http, monkeypatch):
    monkeypatch.setenv("BPS_TEST_KEY", "s3cr3t-key")
    path = "/v1/api/list/model/data/lang/ind/domain/6400/var/1234/key/s3cr3t-key/"
    fake_http.route(path, (200, bps_payload(1234)))
    location = fake_http.url + "/v1/api/list/model/data/lang/ind/domain/6400/var/{var}/key/{key}/"
    options = {"api_key_env": "BPS_TEST_KEY", "variables": [{"var": 1234, "indicator": "kemiskinan_p0"}], "retries": 0}
    obs = bps.read(location, options).observations
    assert len(obs) == 11 * 2 * 2
    first = obs.iloc[0]
    assert [first["indicator"], first["region"], first["period"], first["value"]] == [
        "kemiskinan_p0",
        "6401",
        "2023-S1",
        14.7,
    ]
    assert set(obs["region"]) == {*map(str, [6401, 6402, 6403, 6404, 6405, 6409, 6411, 6471, 6472, 6474]), "64"}
    assert "s3cr3t" not in obs.loc[0, "source_url"] and "s3cr3t" not in obs.loc[0, "raw"]
    assert json.loads(obs.loc[0, "raw"])["turtahun"] == "Semester 1 (Maret)"


def test_etl212_bps_errors_never_show_the_key(fake_http, monkeypatch):
    location = fake_http.url + "/bps/{var}/key/{key}/"
    options = {"variables": [{"var": 9, "indicator": "ipm"}], "retries": 0}
    monkeypatch.delenv("BPS_API_KEY", raising=False)
    with pytest.raises(FetchError, match="BPS_API_KEY"):
        bps.read(location, options)
    monkeypatch.setenv("BPS_API_KEY", "kunci-rahasia")
    fake_http.route("/bps/9/key/kunci-rahasia/", (500, {"error": "boom"}))
    with pytest.raises(FetchError) as err:
        bps.read(location, options)
    assert "HTTP 500" in str(err.value) and "kunci-rahasia" not in str(err.value) and "***" in str(err.value)
    payload = bps_payload(9)
    payload["turvar"] = [{"val": 1, "label": "Laki-laki"}, {"val": 2, "label": "Perempuan"}]
    fake_http.route("/bps/9/key/kunci-rahasia/", (200, payload))
    with pytest.raises(FetchError, match="several turvar"):
        bps.read(location, options)
    fake_http.route("/bps/9/key/kunci-rahasia/", (200, {"status": "OK", "data-availability": "list-not-available"}))
    with pytest.raises(FetchError, match="not available"):
        bps.read(location, options)


def test_etl213_bps_periods():
    assert bps.period("2024", 0, "Tahun") == "2024"
    assert bps.period("2024", 2, "Semester 2 (September)") == "2024-S2"
    assert bps.period("2024", 3, "Triwulan III") == "2024-Q3"
    assert bps.period("2024", 5, "Mei") == "2024-05"
    assert bps.period("2024", 9, "Agustus-Desember") == "2024 Agustus-Desember"  # left for validation to reject


def test_etl214_rest_follows_next_links_with_a_token(fake_http, monkeypatch):
    monkeypatch.setenv("APP_TOKEN", "tok-123")
    items = [
        {"indikator": {"kode": "layanan_publik_digital"}, "wilayah": {"kode_bps": c}, "tahun": "2024", "jumlah": i}
        for i, c in enumerate(["6401", "6402", "6403", "6404", "6405"])
    ]
    pages = {"1": items[:2], "2": items[2:4], "3": items[4:]}

    def page(q):
        n = q.get("p", "1")
        nxt = f"{fake_http.url}/api/layanan?p={int(n) + 1}" if n != "3" else None
        return 200, {"meta": {"next": nxt}, "data": {"items": pages[n]}}

    fake_http.route("/api/layanan", page)
    options = {
        "records": "data.items",
        "next": "meta.next",
        "token_env": "APP_TOKEN",
        "fields": {
            "kode_indikator": "indikator.kode",
            "kode_wilayah": "wilayah.kode_bps",
            "periode": "tahun",
            "nilai": "jumlah",
        },
    }
    obs = rest.read(f"{fake_http.url}/api/layanan", options).observations
    assert obs["region"].tolist() == ["6401", "6402", "6403", "6404", "6405"]
    assert obs["value"].tolist() == [0, 1, 2, 3, 4]
    assert all(h.get("Authorization") == "Bearer tok-123" for _, _, h in fake_http.requests)


def test_etl215_rest_page_numbers_and_failures(fake_http):
    rows = [
        {"kode_indikator": "ipm", "kode_wilayah": "64", "periode": str(y), "nilai": 70 + y % 10}
        for y in range(2010, 2015)
    ]
    fake_http.route("/rows", lambda q: (200, rows[(int(q["page"]) - 1) * 2 : int(q["page"]) * 2]))
    obs = rest.read(
        f"{fake_http.url}/rows", {"page_param": "page", "page_size": 2, "page_size_param": "size"}
    ).observations
    assert obs["period"].tolist() == ["2010", "2011", "2012", "2013", "2014"]
    fake_http.route("/bad", (200, b"<html>maintenance</html>"))
    with pytest.raises(FetchError, match="not valid JSON"):
        rest.read(f"{fake_http.url}/bad", {"retries": 0})
    fake_http.route("/obj", (200, {"data": {"x": 1}}))
    with pytest.raises(FetchError, match="no list of records at 'data'"):
        rest.read(f"{fake_http.url}/obj", {"records": "data", "retries": 0})


def test_etl216_unreachable_host_after_retries(fake_http):
    url = fake_http.url
    fake_http.close()
    with pytest.raises(FetchError, match="source unreachable"):
        Client(retries=1, retry_wait=0.01, timeout=2).get_json(url + "/x")
