"""An ETL process stopped at a chosen point, for tests that SIGKILL it there."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from portal.settings import ROOT


@contextlib.contextmanager
def paused_child(script: str, flag: Path, url: str, *args: str) -> Iterator[subprocess.Popen]:
    """Run `python -c script flag *args` against the database `url`; enter once the script has created
    `flag` (where it pauses); SIGKILL it on leaving, whatever happened."""
    env = {**os.environ, "DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-c", script, str(flag), *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while not flag.exists():
            assert child.poll() is None, child.stderr.read().decode()
            assert time.monotonic() < deadline, "the child never reached its pause"
            time.sleep(0.05)
        yield child
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
