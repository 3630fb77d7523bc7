"""tests/system-packages.sh, which `make test` runs first: it names what is missing, or installs it as root.

The script's checked paths are pointed into tmp_path, and `id` (and, as root, `apt-get`) are fakes first on PATH,
so these tests never touch the machine's packages.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from portal.settings import ROOT

SCRIPT = ROOT / "tests" / "system-packages.sh"
PACK_TOOLS = {"fonts-dejavu-core", "libzbar0", "poppler-utils"}  # the meeting pack's tests read with these


def _executable(path: Path, body: str = "exit 0\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(0o755)
    return path


def _run(tmp_path: Path, uid: int, present: set[str]) -> subprocess.CompletedProcess:
    """Run the script as if `id -u` were uid, with only the packages in present installed."""
    bin_dir = tmp_path / "bin"
    _executable(bin_dir / "id", f"echo {uid}\n")
    chromium, pg_ctl, font = tmp_path / "chromium", tmp_path / "pg" / "15" / "bin" / "pg_ctl", tmp_path / "font.ttf"
    if "chromium" in present:
        _executable(chromium)
    if "postgresql" in present:
        _executable(pg_ctl)
    if "fonts-dejavu-core" in present:
        font.write_text("")
    zbar, pdftoppm = tmp_path / "lib" / "x86_64-linux-gnu" / "libzbar.so.0", tmp_path / "pdftoppm"
    if "libzbar0" in present:
        zbar.parent.mkdir(parents=True, exist_ok=True)
        zbar.write_text("")
    if "poppler-utils" in present:
        _executable(pdftoppm)
    env = {
        **os.environ,
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "BROWSER_PATH": str(chromium),
        "PG_CTL_GLOB": str(tmp_path / "pg" / "*" / "bin" / "pg_ctl"),
        "DEJAVU_FONT": str(font),
        "ZBAR_GLOB": str(tmp_path / "lib" / "*" / "libzbar.so.0"),
        "PDFTOPPM": str(pdftoppm),
    }
    return subprocess.run([SCRIPT], env=env, capture_output=True, text=True, timeout=30)


def test_sys001_silent_when_everything_is_there(tmp_path):
    result = _run(tmp_path, 1000, {"chromium", "postgresql", *PACK_TOOLS})
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_sys002_not_root_names_the_missing_packages_and_the_command_then_exits_2(tmp_path):
    result = _run(tmp_path, 1000, PACK_TOOLS)
    assert result.returncode == 2 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr  # one sentence, not a traceback per test
    assert "missing (chromium postgresql)" in lines[0]
    assert "`sudo apt-get install -y chromium postgresql`" in lines[0]
    assert "fonts-dejavu-core" not in lines[0]

    only_chromium = _run(tmp_path, 1000, {"postgresql", *PACK_TOOLS})
    assert only_chromium.returncode == 2
    assert "`sudo apt-get install -y chromium`" in only_chromium.stderr


def test_sys003_root_installs_the_missing_packages_with_apt_get(tmp_path):
    log = tmp_path / "apt-get.log"
    # The fake apt-get records its calls and "installs" chromium where the script looks for it.
    _executable(
        tmp_path / "bin" / "apt-get",
        f'echo "DEBIAN_FRONTEND=$DEBIAN_FRONTEND $*" >> {log}\n'
        f'[ "$1" = install ] && printf "#!/bin/sh\\n" > {tmp_path / "chromium"} && chmod +x {tmp_path / "chromium"}\n'
        "exit 0\n",
    )
    result = _run(tmp_path, 0, {"postgresql", *PACK_TOOLS})
    assert result.returncode == 0, result.stderr
    assert "Installing system packages for the tests: chromium" in result.stdout
    assert log.read_text().splitlines() == [
        "DEBIAN_FRONTEND=noninteractive update -qq",
        "DEBIAN_FRONTEND=noninteractive install -y -qq --no-install-recommends chromium",
    ]


def test_sys004_root_fails_when_apt_get_did_not_install_them(tmp_path):
    _executable(tmp_path / "bin" / "apt-get")  # succeeds, installs nothing
    result = _run(tmp_path, 0, {"postgresql", *PACK_TOOLS})
    assert result.returncode == 1
    assert "Still missing after apt-get install: chromium." in result.stderr


def test_sys005_the_pack_tools_are_named_when_missing(tmp_path):
    result = _run(tmp_path, 1000, {"chromium", "postgresql", "fonts-dejavu-core"})
    assert result.returncode == 2
    assert "`sudo apt-get install -y libzbar0 poppler-utils`" in result.stderr
