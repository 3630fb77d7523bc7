"""ETL_MAX_FILE_MB: the limit's default, binding it, and how a file is measured before it is read."""

import zipfile

import pytest

from etl import limits
from portal.settings import Settings


def test_lim001_the_default_is_64_mb_and_the_command_line_binds_its_own(monkeypatch):
    monkeypatch.delenv("ETL_MAX_FILE_MB", raising=False)
    assert Settings.from_env().etl_max_file_mb == 64.0
    assert limits.max_file_bytes() == 64 * 1024 * 1024
    monkeypatch.setenv("ETL_MAX_FILE_MB", "0.5")
    assert limits.max_file_bytes() == 512 * 1024
    with limits.bound(2):
        assert limits.max_file_bytes() == 2 * 1024 * 1024
    with pytest.raises(ValueError, match="ETL_MAX_FILE_MB must be a positive number of MB"), limits.bound(0):
        pass


def test_lim002_an_xlsx_is_measured_unpacked(tmp_path):
    path = tmp_path / "bom.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("xl/worksheets/sheet1.xml", b"<c/>" * 600_000)  # 2.3 MB that packs into a few kB
    assert path.stat().st_size < 100_000
    with limits.bound(1), pytest.raises(limits.TooLarge) as err:
        limits.check_file(path)
    assert "this XLSX holds 2.3 MB unpacked" in str(err.value) and "over the limit of 1.0 MB" in str(err.value)
    small = tmp_path / "kecil.csv"
    small.write_text("kode_indikator,kode_wilayah,periode,nilai\n")
    with limits.bound(1):
        limits.check_file(small)  # under the limit: nothing to say
