"""python -m portal.tokens: create | list | revoke — API tokens for programs that read /api/v1/ with a role.

`create NAME --role ROLE` prints the token once (store it in the program's secret store: it is never shown
again); `--agency CODE` for an agency role, `--days` until it expires (365), `--rate` requests a minute (600).
Tokens are signed with the web app's key: the same SECRET_KEY, or without one the installation's own key in
SECRET_KEY_FILE. Exit codes: 0 done; 1 failed (nothing changed); 2 usage error.
"""

from __future__ import annotations

import argparse
import sys

from sqlalchemy.exc import SQLAlchemyError

from portal import api_tokens, audit
from portal.accounts import ROLES, AccountError
from portal.db import is_migrated, migrate, unreachable
from portal.settings import Settings

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def cmd_create(args, settings: Settings) -> int:
    token, token_id = api_tokens.create(
        args.name, args.role, settings.signing_key, agency=args.agency, days=args.days, rate=args.rate
    )
    print(f"Token {token_id} ({args.role}) dibuat; simpan sekarang, tidak akan ditampilkan lagi. / Token created;")
    print("store it now, it is never shown again:")
    print(token)
    return EXIT_OK


def cmd_list(_args, _settings: Settings) -> int:
    print(f"{'id':>4} {'peran':<18} {'berlaku s.d.':<16} {'dipakai':<16} {'status':<8} nama")
    for r in api_tokens.list_tokens():
        used = r["last_used_at"].strftime("%Y-%m-%d %H:%M") if r["last_used_at"] else "-"
        state = "dicabut" if r["revoked"] else "aktif"
        print(f"{r['id']:>4} {r['role']:<18} {r['expires_at']:%Y-%m-%d %H:%M} {used:<16} {state:<8} {r['name']}")
    return EXIT_OK


def cmd_revoke(args, _settings: Settings) -> int:
    api_tokens.revoke(args.id)
    print(f"Token {args.id} dicabut. / Token revoked.")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m portal.tokens", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("create", help="a new token for a program (printed once)")
    p.add_argument("name", help="who or what holds it, e.g. 'Bappeda dashboard'")
    p.add_argument("--role", required=True, choices=ROLES)
    p.add_argument("--agency", metavar="CODE", help="the agency of an agency role")
    p.add_argument("--days", type=int, default=api_tokens.DEFAULT_DAYS, help="days until it expires (365)")
    p.add_argument("--rate", type=int, default=api_tokens.DEFAULT_RATE, help="requests a minute (600)")
    sub.add_parser("list", help="every token (never the token itself)")
    sub.add_parser("revoke", help="end a token now").add_argument("id", type=int)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return EXIT_USAGE if exc.code else EXIT_OK
    settings = Settings.from_env()
    audit.configure(settings.audit_log)
    try:
        if args.command != "list" or not is_migrated():
            migrate()
        return {"create": cmd_create, "list": cmd_list, "revoke": cmd_revoke}[args.command](args, settings)
    except AccountError as err:
        print(f"Gagal: {err}", file=sys.stderr)
        return EXIT_FAILED
    except SQLAlchemyError as err:
        print(unreachable(err), file=sys.stderr)
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
