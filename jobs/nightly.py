"""The meeting step of the nightly job, after the load: `python -m jobs.nightly` (deploy/crontab and
deploy/portal-etl.service run it after `python -m etl run` and `python -m web.warm`; `python -m components.nightly`,
its former name, still runs it).

1. The alert digest: the exception board's rows whose status changed since the last digest and the overdue
   follow-ups, e-mailed to each recipient (only the indicators the recipient's role may read) when SMTP_HOST is
   set, and POSTed to ALERT_WEBHOOK_URL (public indicators only) when set; then today's statuses are recorded.
2. The packs: every meeting from today on whose PDF and PPTX are missing or older than the data gets them made and
   kept for download.

    python -m jobs.nightly [--skip-alerts] [--skip-packs]
    python -m jobs.nightly pack MEETING_ID [--indicator CODE ...]   # one pack now
    python -m jobs.nightly subscribe EMAIL [--user NAME] [--lang en]  # a recipient of the digest

Exit 0 done (or nothing to do); 1 a part failed (the others still ran; see the log); 2 usage error.
"""

from __future__ import annotations

import argparse
import logging
import sys

from components import export, pack
from portal import audit, meetings, notify, queries
from portal.access import Reader
from portal.settings import Settings
from portal.state.board import full_board
from portal.state.digest import changed, digest_for
from portal.state.pack import PACK_ROLE
from portal.vocab import Role

log = logging.getLogger(__name__)
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def alerts(settings: Settings) -> dict:
    """Send tonight's digest and record today's statuses; what was sent."""
    board, _ = full_board(Reader(PACK_ROLE))
    catalogue = queries.catalogue(Reader(PACK_ROLE).classes)
    changes = changed(board, queries.board_marks())
    followups = queries.followups(classes=Reader(PACK_ROLE).classes)
    on = meetings.today()
    sent = {"emails": 0, "webhook": None, "changes": len(changes)}
    if settings.smtp_host:
        for r in queries.alert_recipients().to_dict("records"):
            role = r["role"] if r["username"] and r["account_active"] else None
            reader = Reader(role, r["lang"], r["agency"] if role in (Role.PERANGKAT_DAERAH,) else None)
            digest = digest_for(reader, changes, followups, catalogue, on)
            if digest.empty:
                continue
            notify.send_mail(settings, r["email"], digest.subject(), digest.body(settings.public_url))
            sent["emails"] += 1
            audit.event("alert_sent", target=r["email"], changes=len(digest.changes), overdue=len(digest.overdue))
    if settings.alert_webhook_url:
        digest = digest_for(Reader(None, settings.portal_lang), changes, followups, catalogue, on)
        if not digest.empty:
            sent["webhook"] = notify.post_webhook(settings.alert_webhook_url, digest.payload())
    marks = [
        {
            "indicator": r["indicator"],
            "region": r["region"],
            "status": str(r["status"]),
            "period": r["period"],
            "score": None if r["score"] is None or r["score"] != r["score"] else float(r["score"]),
        }
        for r in board.to_dict("records")
    ]
    meetings.remember_board(marks, queries.data_version())
    return sent


def packs(settings: Settings) -> list[int]:
    """Make the packs of the meetings from today on that have none, or one older than the data; their ids."""
    version = queries.data_version()
    made = []
    for m in queries.meetings().to_dict("records"):
        if m["held_on"] < meetings.today():
            continue
        kept = queries.pack_info(int(m["id"]))
        if len(kept) >= 2 and int(kept["data_version"].min()) >= version:
            continue
        pack.make(int(m["id"]), settings.public_url, "nightly")
        made.append(int(m["id"]))
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m jobs.nightly", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--skip-alerts", action="store_true")
    parser.add_argument("--skip-packs", action="store_true")
    sub = parser.add_subparsers(dest="command")
    one = sub.add_parser("pack", help="make one meeting's pack now")
    one.add_argument("meeting", type=int)
    one.add_argument("--indicator", action="append", default=None, help="an indicator code (repeatable)")
    sub_ = sub.add_parser("subscribe", help="add a recipient of the digest")
    sub_.add_argument("email")
    sub_.add_argument("--user", help="the recipient's account: the digest holds what its role may read")
    sub_.add_argument("--lang", default="id", choices=("id", "en"))
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return EXIT_USAGE if exc.code else EXIT_OK
    settings = Settings.from_env()
    audit.configure(settings.audit_log)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    export.use_browser(settings.browser_path)
    failed = False
    # The database is the settings' DATABASE_URL (the data layer's default), migrated by `python -m etl run`.
    if args.command == "subscribe":
        try:
            meetings.subscribe(args.email, args.user, args.lang)
        except (meetings.MeetingError, queries.DatabaseError) as err:
            text = err.text("en") if isinstance(err, meetings.MeetingError) else "unknown --user account"
            print(f"Gagal / failed: {text}", file=sys.stderr)
            return EXIT_FAILED
        print(f"Penerima ditambahkan / recipient added: {args.email}")
        return EXIT_OK
    if args.command == "pack":
        try:
            state = pack.make(args.meeting, settings.public_url, "cli", args.indicator)
        except meetings.MeetingError as err:
            print(f"{err.text('id')} / {err.text('en')}", file=sys.stderr)
            return EXIT_USAGE
        print(f"Bahan rapat {args.meeting} dibuat / pack made: {len(pack.titles(state))} halaman / pages")
        return EXIT_OK
    if not args.skip_alerts:
        try:
            sent = alerts(settings)
            print(f"Ringkasan peringatan / alert digest: {sent}")
        except Exception:  # noqa: BLE001 - one part failing must not stop the packs
            log.exception("alert digest failed")
            failed = True
    if not args.skip_packs:
        try:
            print(f"Bahan rapat dibuat / packs made: {packs(settings)}")
        except Exception:  # noqa: BLE001 - reported, exit 1
            log.exception("meeting packs failed")
            failed = True
    return EXIT_FAILED if failed else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
