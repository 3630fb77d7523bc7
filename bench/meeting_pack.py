"""How long the meeting pack takes for N indicators (default 10): the pack's state (the board, the indicator pages),
the report PNGs through kaleido (after its Chromium started), the PDF (reportlab) and the PPTX (python-pptx), and
the whole `components.pack.make` as the nightly job and the page's button run it.

On a loaded database (`python -m etl run` into a fresh SQLite file when --url is not given):

    .venv/bin/python bench/meeting_pack.py [--url sqlite:///portal.db] [--indicators 10] [--repeats 3] [--compare DIR]

`--compare DIR` measures a second checkout the same way in the same run (e.g. `git archive main | tar -x -C DIR`
before a change), alternating the two: each run is a fresh process of one checkout (its code on sys.path, this
interpreter), which starts kaleido, makes the pack's stages once and reports wall time, its own CPU and the CPU of
its Chromium processes (kaleido's renderer: another process). The machine is shared, so the load average is
printed with the figures and the comparable figure is the ratio of the two checkouts. Prints a Markdown table
(paste into docs/benchmarks.md). A benchmark never fails a test.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TICK = os.sysconf("SC_CLK_TCK")
STAGES = {
    "state": "pack state (board, indicator pages)",
    "pngs": "report PNGs (kaleido)",
    "pdf": "PDF (reportlab, with the QR codes)",
    "pptx": "PPTX (python-pptx, with the QR codes)",
    "make": "**whole pack made and kept** (`pack.make`)",
}


def chromium_cpu() -> float:
    """CPU seconds of this process's descendants (kaleido's Chromium and its renderers), from /proc."""
    parent, cpu = {}, {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parent[int(entry)] = int(fields[1])
            cpu[int(entry)] = (int(fields[11]) + int(fields[12])) / TICK

    def below_me(pid: int) -> bool:
        while pid in parent and pid > 1:
            pid = parent[pid]
            if pid == os.getpid():
                return True
        return False

    return sum(c for pid, c in cpu.items() if below_me(pid))


def _timed(fn):
    wall, own, kids = time.perf_counter(), time.process_time(), chromium_cpu()
    result = fn()
    return result, {
        "wall": time.perf_counter() - wall,
        "cpu": time.process_time() - own,
        "chromium": chromium_cpu() - kids,
    }


def worker(url: str, indicators: int) -> dict:
    """One checkout's run (its code first on sys.path): the stages once, after kaleido's start."""
    os.environ["DATABASE_URL"] = url
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
    codes = queries.catalogue(leader.classes)["code"].tolist()[:indicators]
    meeting_id = meetings.schedule(
        leader,
        "bench",
        title="Bench",
        held_on=meetings.today() + timedelta(days=1),
        sectors=queries.sectors()["code"].tolist(),
        agencies=[],
        indicators=codes,
    )
    _, first = _timed(lambda: export.png_bytes(figure(pack_state.build(meeting_id, "x").pages[0].chart)))
    found = {"first PNG of the process (kaleido starts Chromium)": first}
    state, found["state"] = _timed(lambda: pack_state.build(meeting_id, settings.public_url))
    pngs, found["pngs"] = _timed(lambda: pack.charts(state))
    _, found["pdf"] = _timed(lambda: pack.pdf_bytes(state, pngs))
    _, found["pptx"] = _timed(lambda: pack.pptx_bytes(state, pngs))
    _, found["make"] = _timed(lambda: pack.make(meeting_id, settings.public_url, "bench"))
    found["pages"] = len(pngs)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a loaded database (default: a new SQLite file loaded with the bundled data)")
    parser.add_argument("--indicators", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--compare", help="a second checkout, measured the same way (e.g. main before a change)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)  # a checkout's folder: run its stages, print JSON
    args = parser.parse_args(argv)
    if args.worker:
        sys.path.insert(0, args.worker)
        print(json.dumps(worker(args.url, args.indicators)))
        return 0
    if not args.url:
        sys.path.insert(0, str(ROOT))
        from etl import runner

        args.url = f"sqlite:///{tempfile.mkdtemp(prefix='pack-bench-')}/portal.db"
        runner.run(args.url)
    checkouts = {"this checkout": ROOT, **({"compared": Path(args.compare).resolve()} if args.compare else {})}
    runs: dict[str, list[dict]] = {name: [] for name in checkouts}
    loads = [os.getloadavg()[0]]
    for _ in range(args.repeats):
        for name, folder in reversed(checkouts.items()):  # the compared checkout first in each round
            command = [sys.executable, __file__, "--worker", str(folder), "--url", args.url]
            done = subprocess.run(
                [*command, "--indicators", str(args.indicators)], cwd=folder, capture_output=True, text=True
            )
            if done.returncode:
                print(done.stderr[-3000:], file=sys.stderr)
                return 1
            runs[name].append(json.loads(done.stdout.strip().splitlines()[-1]))
            loads.append(os.getloadavg()[0])
    pages = runs["this checkout"][0]["pages"]
    print(
        f"{pages} indicator pages, {args.repeats} runs of each checkout alternating, p50; load average (1 min) "
        f"{min(loads):.1f}–{max(loads):.1f} on {os.cpu_count()} cores\n"
    )
    names = list(reversed(checkouts))
    head = " | ".join(f"{n}: wall s | CPU s (Python + Chromium)" for n in names)
    print(f"| stage | {head} |" + (" wall ratio |" if len(names) > 1 else ""))
    print("| --- |" + " ---: | ---: |" * len(names) + (" ---: |" if len(names) > 1 else ""))
    first = "first PNG of the process (kaleido starts Chromium)"
    for key, label in [(first, first), *STAGES.items()]:
        cells, walls = [], []
        for name in names:
            wall = statistics.median(r[key]["wall"] for r in runs[name])
            own = statistics.median(r[key]["cpu"] for r in runs[name])
            kids = statistics.median(r[key]["chromium"] for r in runs[name])
            walls.append(wall)
            cells.append(f"{wall:.1f} | {own + kids:.1f} ({own:.1f} + {kids:.1f})")
        ratio = f" {walls[1] / walls[0]:.2f} |" if len(walls) > 1 and walls[0] else ""
        print(f"| {label} | {' | '.join(cells)} |{ratio}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
