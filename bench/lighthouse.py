"""Lighthouse 12 (npm lighthouse@12.2.3, the system Chromium) on / and a sector page, desktop and mobile.

Installs the pinned Lighthouse into a temporary folder with npm, serves the portal under gunicorn (2
workers) on a database (default: a new one with the bundled data), and prints the performance and
accessibility scores. Needs npm and /usr/bin/chromium (CHROME_PATH overrides).

    .venv/bin/python bench/lighthouse.py [--sqlite-db FILE] [--lighthouse-dir DIR]
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
PAGES = ["/", "/sektor/kemiskinan"]
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
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sqlite-db")
    parser.add_argument("--lighthouse-dir", help="where lighthouse is (or gets) installed; default a temp folder")
    args = parser.parse_args(argv)
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
        proc, base = serve("app:create_app()", {"DATABASE_URL": url, "AUDIT_LOG": str(tmp / "audit.jsonl")})
        rows = []
        try:
            for path in PAGES:
                for preset in ("desktop", "mobile"):
                    try:
                        scores = run(cli, base + path, preset, tmp / "report.json")
                    except subprocess.SubprocessError as err:
                        # e.g. NO_FCP on an overloaded machine: report it, go on with the other runs
                        tail = (getattr(err, "stderr", b"") or b"").decode(errors="replace").strip().splitlines()[-1:]
                        print(path, preset, "Lighthouse failed:", *tail, flush=True)
                        continue
                    rows.append((path, preset, scores))
                    print(path, preset, scores, flush=True)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    print("\n| page | form factor | performance | accessibility | LCP s | TBT ms | goal |")
    print("| --- | --- | ---: | ---: | ---: | ---: | --- |")
    for path, preset, s in rows:
        goal = 90 if preset == "desktop" else 60
        met = "met" if s["performance"] >= goal and s["accessibility"] == 100 else "SHORT"
        print(
            f"| {path} | {preset} | {s['performance']} | {s['accessibility']} | {s['lcp_s']:.1f} | {s['tbt_ms']:.0f} "
            f"| perf ≥ {goal}, a11y 100: {met} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
