"""Every setting in the registry is documented in the README (Datasette's docs test)."""

from portal.config import ROOT, SETTINGS


def test_set001_every_setting_in_readme():
    readme = (ROOT / "README.md").read_text()
    missing = [s.name for s in SETTINGS if f"`{s.name}`" not in readme]
    assert missing == []
