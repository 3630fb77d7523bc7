"""python -m portal.users: create | disable | enable | passwd | list — manage portal accounts.

Passwords are read with getpass on a terminal or from the first line of standard input (for
scripts); they never appear on the command line, in the log or in the database in clear.
Exit codes: 0 done; 1 failed (nothing changed); 2 usage error.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from sqlalchemy.exc import SQLAlchemyError

from portal import accounts, audit
from portal.db import is_migrated, migrate, unreachable
from portal.settings import Settings

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def read_password(confirm: bool = True) -> str:
    """A password from the terminal (asked twice) or from standard input's first line."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Kata sandi / Password: ")
    if confirm and getpass.getpass("Ulangi / Repeat: ") != first:
        raise accounts.AccountError("Kata sandi tidak sama. / The passwords differ.")
    return first


def cmd_create(args) -> int:
    account = accounts.create_user(args.username, read_password(), args.role, args.name or "", agency=args.agency)
    print(f"Pengguna {account.username} ({account.role}) dibuat. / User created.")
    return EXIT_OK


def cmd_disable(args) -> int:
    accounts.set_active(args.username, False)
    print(f"Pengguna {args.username} dinonaktifkan. / User disabled.")
    return EXIT_OK


def cmd_enable(args) -> int:
    accounts.set_active(args.username, True)
    print(f"Pengguna {args.username} diaktifkan. / User enabled.")
    return EXIT_OK


def cmd_passwd(args) -> int:
    accounts.set_password(args.username, read_password())
    print(f"Kata sandi {args.username} diganti. / Password changed.")
    return EXIT_OK


def cmd_list(args) -> int:
    rows = accounts.list_users()
    print(f"{'pengguna':<24} {'peran':<9} {'aktif':<6} {'masuk terakhir':<19} nama")
    for r in rows:
        last = r["last_login_at"].strftime("%Y-%m-%d %H:%M:%S") if r["last_login_at"] else "-"
        print(f"{r['username']:<24} {r['role']:<9} {'ya' if r['active'] else 'tidak':<6} {last:<19} {r['full_name']}")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m portal.users", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("create", help="add an account (password asked, or read from stdin)")
    p.add_argument("username")
    p.add_argument("--role", required=True, choices=accounts.ROLES)
    p.add_argument("--name", help="full name shown in the navbar")
    p.add_argument(
        "--agency", metavar="CODE", help="the agency of an agency role (produsen, walidata_pendukung, perangkat_daerah)"
    )
    for name, text in (
        ("disable", "disable an account"),
        ("enable", "re-enable an account"),
        ("passwd", "set a password"),
    ):
        sub.add_parser(name, help=text).add_argument("username")
    sub.add_parser("list", help="list accounts (never their passwords)")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return EXIT_USAGE if exc.code else EXIT_OK
    commands = {"create": cmd_create, "disable": cmd_disable, "enable": cmd_enable, "passwd": cmd_passwd}
    settings = Settings.from_env()
    audit.configure(settings.audit_log)
    try:
        if args.command != "list" or not is_migrated():
            migrate()
        return {**commands, "list": cmd_list}[args.command](args)
    except accounts.AccountError as err:
        print(f"Gagal: {err}", file=sys.stderr)
        return EXIT_FAILED
    except SQLAlchemyError as err:
        print(unreachable(err), file=sys.stderr)
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
