"""Lighthouse 12 (npm lighthouse@12.2.3, the system Chromium) on the reading pages, desktop and mobile.

Installs the pinned Lighthouse into a temporary folder with npm, serves the portal under gunicorn (2
workers) on a database (default: a new one with the bundled data), and prints the performance and
accessibility scores, LCP, TBT, CLS, the bytes needed to paint the first screen (the HTML document and its
stylesheets: with the first screen in the HTML, the KPI values need nothing else) and all bytes. With
`--compare DIR` it serves a second checkout (e.g. /work/main, the code before a change) on the same database
and runs both side by side, page by page. Needs npm and /usr/bin/chromium (CHROME_PATH overrides).

    .venv/bin/python bench/lighthouse.py [--sqlite-db FILE] [--lighthouse-dir DIR] [--compare DIR] [--pages /,/x]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.browser import serve  # noqa: E402

PACKAGE = "lighthouse@12.2.3"
PAGES = ["/", "/sektor/kemiskinan", "/wilayah/6403", "/indikator/kemiskinan_p0", "/perhatian"]
# The goals (#15): performance on the mobile profile per page (a regency profile 80, others 90), desktop 95.
MOBILE_GOAL = {"/wilayah/6403": 80}
FLAGS = "--headless=new --no-sandbox --disable-dev-shm-usage --disable-gpu"


def install(folder: Path) -> Path:
    """The Lighthouse CLI, installed once into `folder` (reused when already there)."""
    cli = folder / "node_modules" / "lighthouse" / "cli" / "index.js"
    if not cli.exists():
        subprocess.run(
            ["npm", "install", PACKAGE, "--no-audit", "--no-fund", "--silent"], cwd=folder, check=True, timeout=600
        )
    return cli


def run(cli: Path, url: str, preset: str, out: Path) -> dict:
    """Scores (0-100) of one Lighthouse run."""
    command = ["node", str(cli), url, "--quiet", "--output=json", f"--output-path={out}", f"--chrome-flags={FLAGS}"]
    command += ["--only-categories=performance,accessibility"]
    if preset == "desktop":
        command.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    subprocess.run(command, check=True, env=env, timeout=300, capture_output=True)
    report = json.loads(out.read_text())
    scores = {k: round(100 * (v["score"] or 0)) for k, v in report["categories"].items()}
    audits = report["audits"]
    scores["lcp_s"] = audits["largest-contentful-paint"]["numericValue"] / 1000
    scores["tbt_ms"] = audits["total-blocking-time"]["numericValue"]
    scores["cls"] = audits["cumulative-layout-shift"]["numericValue"]
    requests = audits["network-requests"]["details"]["items"]
    first = [r for r in requests if r.get("resourceType") in ("Document", "Stylesheet")]
    scores["first_kb"] = sum(r.get("transferSize", 0) for r in first) / 1000
    scores["total_kb"] = audits["total-byte-weight"]["numericValue"] / 1000
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sqlite-db")
    parser.add_argument("--lighthouse-dir", help="where lighthouse is (or gets) installed; default a temp folder")
    parser.add_argument("--compare", help="a second checkout of the portal to measure side by side (e.g. /work/main)")
    parser.add_argument("--pages", help="comma-separated paths (default: the five reading pages)")
    parser.add_argument("--presets", default="desktop,mobile")
    args = parser.parse_args(argv)
    pages = args.pages.split(",") if args.pages else PAGES
    if not shutil.which("npm") or not shutil.which("node"):
        print("npm/node not found: Lighthouse not measured")
        return 0
    with tempfile.TemporaryDirectory(prefix="portal-lh-") as tmp:
        tmp = Path(tmp)
        cli = install(Path(args.lighthouse_dir) if args.lighthouse_dir else tmp)
        if args.sqlite_db:
            url = f"sqlite:///{Path(args.sqlite_db).resolve()}"
        else:
            from etl import runner

            url = f"sqlite:///{tmp / 'portal.db'}"
            runner.run(url)
        env = {"DATABASE_URL": url, "AUDIT_LOG": str(tmp / "audit.jsonl"), "SECRET_KEY_FILE": str(tmp / "key")}
        servers = {"this": serve("app:create_app()", env)}
        if args.compare:
            servers["compare"] = serve("app:create_app()", env, cwd=Path(args.compare))
        rows = []
        try:
            for path in pages:
                for preset in args.presets.split(","):
                    for name, (_proc, base) in servers.items():
                        try:
                            scores = run(cli, base + path, preset, tmp / "report.json")
                        except subprocess.SubprocessError as err:
                            # e.g. NO_FCP on an overloaded machine: report it, go on with the other runs
                            tail = (getattr(err, "stderr", b"") or b"").decode(errors="replace").strip().splitlines()
                            print(name, path, preset, "Lighthouse failed:", *tail[-1:], flush=True)
                            continue
                        rows.append((name, path, preset, scores))
                        print(name, path, preset, scores, flush=True)
        finally:
            for proc, _base in servers.values():
                proc.terminate()
                proc.wait(timeout=30)
    print(
        "\n| code | page | form factor | performance | accessibility | LCP s | TBT ms | CLS | first screen kB | all kB | goal |"
    )
    print("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for name, path, preset, s in rows:
        goal = 95 if preset == "desktop" else MOBILE_GOAL.get(path, 90)
        met = "met" if s["performance"] >= goal and s["accessibility"] == 100 else "SHORT"
        print(
            f"| {name} | {path} | {preset} | {s['performance']} | {s['accessibility']} | {s['lcp_s']:.1f} "
            f"| {s['tbt_ms']:.0f} | {s['cls']:.2f} | {s['first_kb']:.0f} | {s['total_kb']:.0f} "
            f"| perf ≥ {goal}, a11y 100: {met} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
