"""A data pack's sheet names: an indicator code as it is, cut to a workbook's 31 characters when longer, and
numbered when two cut codes would meet."""

from portal.state.datapack import SHEET_MOST, sheet_names


def test_pkn001_codes_are_sheet_names_cut_and_numbered_when_they_meet():
    long = "pengeluaran_40_terbawah_perkotaan_lama"
    names = sheet_names(["ipm", long, long + "_baru", "pengeluaran_40_terbawah_perdesaan"])
    assert names[0] == "ipm"
    assert names[1] == long[:SHEET_MOST] and names[2] == long[: SHEET_MOST - 2] + "~2"
    assert names[3] == "pengeluaran_40_terbawah_perdesa"
    assert len(set(names)) == len(names) and all(len(n) <= SHEET_MOST for n in names)
