"""The settings registry and the README's settings table agree: names and defaults (Datasette's docs test)."""

import re

from portal.settings import REGISTRY, ROOT, Settings


def _readme_table() -> dict[str, str]:
    """{variable: default} from the README table that starts with `| variable | default | meaning |`."""
    lines = (ROOT / "README.md").read_text().splitlines()
    start = lines.index("| variable | default | meaning |") + 2
    table = {}
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        names, defaults = (re.findall(r"`([^`]*)`|\(empty\)", cell) for cell in line.split(" | ")[:2])
        defaults = defaults if defaults else [""] * len(names)
        assert len(names) == len(defaults), line
        table.update(zip(names, defaults, strict=True))
    return table


def test_set001_readme_table_names_and_defaults_match_the_registry():
    documented = _readme_table()
    registry = {s.name: s.default.replace(f"{ROOT}/", "") for s in REGISTRY}
    assert documented == registry


def test_set002_settings_are_typed_and_read_once_from_the_environment():
    settings = Settings.from_env({"PORT": "8080", "STALE_AFTER_DAYS": "3.5", "DATABASE_URL": "sqlite:///x.db"})
    assert settings.port == 8080 and settings.stale_after_days == 3.5 and settings.database_url == "sqlite:///x.db"
    assert Settings.from_env({}).port == 8050  # the registry's default
    assert Settings.from_env({}, port=1).port == 1  # an override wins


def test_set003_no_module_reads_the_environment_outside_the_registry():
    """os.environ / os.getenv appear only in portal/settings.py among the product's modules."""
    product = [ROOT / "app.py", *(ROOT / d for d in ("portal", "web", "etl", "pages", "components", "jobs", "deploy"))]
    files = [p for root in product for p in ([root] if root.is_file() else root.rglob("*.py"))]
    readers = sorted(
        str(p.relative_to(ROOT)) for p in files if re.search(r"os\.environ|os\.getenv|getenv\(", p.read_text())
    )
    assert readers == ["portal/settings.py"]
