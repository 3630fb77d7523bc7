"""How long the meeting pack takes for N indicators (default 10): the pack's state (the board, the indicator pages),
the report PNGs through kaleido (the first one includes starting its Chromium), the PDF (reportlab) and the PPTX
(python-pptx), and the whole `components.pack.make` as the nightly job and the page's button run it.

On a loaded database (`python -m etl run` into a fresh SQLite file when --url is not given):

    .venv/bin/python bench/meeting_pack.py [--url sqlite:///portal.db] [--indicators 10] [--repeats 3]

Each stage is timed in one run, wall and this process's CPU (kaleido's Chromium is another process: its share is
in the wall time only), with the load average beside it: the machine is shared, so a stage's share of the total
is the comparable figure. Prints a Markdown table (paste into docs/benchmarks.md). A benchmark never fails a test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _timed(fn):
    began, began_cpu = time.perf_counter(), time.process_time()
    result = fn()
    return result, time.perf_counter() - began, time.process_time() - began_cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a loaded database (default: a new SQLite file loaded with the bundled data)")
    parser.add_argument("--indicators", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    if not args.url:
        from etl import runner

        args.url = f"sqlite:///{tempfile.mkdtemp(prefix='pack-bench-')}/portal.db"
        runner.run(args.url)
    os.environ["DATABASE_URL"] = args.url

    from components import export, pack
    from components.charts import figure
    from portal import meetings, queries
    from portal.access import Reader
    from portal.settings import Settings
    from portal.state import pack as pack_state
    from portal.vocab import Role

    settings = Settings.from_env()
    export.use_browser(settings.browser_path)
    leader = Reader(Role.PIMPINAN)
    catalogue = queries.catalogue(leader.classes)
    codes = catalogue["code"].tolist()[: args.indicators]
    meeting_id = meetings.schedule(
        leader,
        "bench",
        title="Bench",
        held_on=meetings.today() + timedelta(days=1),
        sectors=queries.sectors()["code"].tolist(),
        agencies=[],
        indicators=codes,
    )
    _, first_png, _ = _timed(lambda: export.png_bytes(figure(pack_state.build(meeting_id, "x").pages[0].chart)))
    stages: dict[str, list[tuple[float, float]]] = {}
    for _ in range(args.repeats):
        state, wall, cpu = _timed(lambda: pack_state.build(meeting_id, settings.public_url))
        stages.setdefault("pack state (board, indicator pages)", []).append((wall, cpu))
        pngs, wall, cpu = _timed(lambda state=state: pack.charts(state))
        stages.setdefault(f"{len(pngs)} report PNGs (kaleido, warm)", []).append((wall, cpu))
        _, wall, cpu = _timed(lambda state=state, pngs=pngs: pack.pdf_bytes(state, pngs))
        stages.setdefault("PDF (reportlab, with the QR codes)", []).append((wall, cpu))
        _, wall, cpu = _timed(lambda state=state, pngs=pngs: pack.pptx_bytes(state, pngs))
        stages.setdefault("PPTX (python-pptx, with the QR codes)", []).append((wall, cpu))
        _, wall, cpu = _timed(lambda: pack.make(meeting_id, settings.public_url, "bench"))
        stages.setdefault("**whole pack made and kept** (`pack.make`)", []).append((wall, cpu))
    load = os.getloadavg()[0]
    print(f"{len(codes)} indicators, {args.repeats} runs, p50; load average {load:.1f} on {os.cpu_count()} cores")
    print(f"first PNG of the process (kaleido starts Chromium): {first_png:.1f} s\n")
    print("| stage | wall s | CPU s (this process) |")
    print("| --- | ---: | ---: |")
    for name, runs in stages.items():
        wall = statistics.median(w for w, _ in runs)
        cpu = statistics.median(c for _, c in runs)
        print(f"| {name} | {wall:.1f} | {cpu:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
