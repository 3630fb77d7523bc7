"""`python -m components.nightly`, the former name of the nightly meeting step, kept so that crontabs and scripts
that call it keep working: the job is `python -m jobs.nightly` (jobs/nightly.py), with the same arguments and exit
codes."""

from __future__ import annotations

import sys

from jobs.nightly import main

if __name__ == "__main__":
    sys.exit(main())
