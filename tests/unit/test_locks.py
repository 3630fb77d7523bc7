"""The lock files `make run` and `make test` install agree with the ranges in requirements*.txt (`make lock`)."""

from __future__ import annotations

import re

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from portal.settings import ROOT

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)((?: \\\n\s+--hash=sha256:[0-9a-f]{64})*)", re.M)


def _pins(name: str) -> dict[str, tuple[str, int]]:
    """Each pinned package of a lock file: (version, number of hashes)."""
    text = (ROOT / name).read_text()
    return {canonicalize_name(m[1]): (m[2], m[3].count("--hash=")) for m in PIN.finditer(text)}


def _ranges(name: str) -> list[Requirement]:
    """The requirements of a .txt file, following its -r includes."""
    found = []
    for line in (ROOT / name).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("-r "):
            found += _ranges(line[3:].strip())
        elif line:
            found.append(Requirement(line))
    return found


@pytest.mark.parametrize(
    ("ranges", "lock"), [("requirements.txt", "requirements.lock"), ("requirements-dev.txt", "requirements-dev.lock")]
)
def test_lck001_every_requirement_is_pinned_within_its_range_with_hashes(ranges, lock):
    pins = _pins(lock)
    assert len(pins) > 20  # the pattern read the file
    stale = [
        f"{req} (locked: {pins.get(canonicalize_name(req.name), ('none',))[0]})"
        for req in _ranges(ranges)
        if canonicalize_name(req.name) not in pins
        or not req.specifier.contains(pins[canonicalize_name(req.name)][0], prereleases=True)
    ]
    assert stale == [], f"{lock} is stale, run `make lock`"
    assert [name for name, (_, hashes) in pins.items() if hashes == 0] == []


def test_lck002_the_dev_lock_holds_the_runtime_versions():
    runtime, dev = _pins("requirements.lock"), _pins("requirements-dev.lock")
    assert {name: dev.get(name, ("absent",))[0] for name in runtime} == {n: v for n, (v, _) in runtime.items()}
