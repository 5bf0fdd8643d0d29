"""The `backa` command: set up, fill, search, check, back up and recover a data folder.

Every user-caused failure prints one clear Swedish line and exits non-zero; tracebacks are for
bugs only. Passphrases come from BACKA_PASSPHRASE when set (scripts, CI), else a prompt.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from pydantic import ValidationError
from sqlcipher3 import dbapi2

from backa_desktop import __version__, cli_print, cli_screenshots, cli_sync
from backa_desktop.cli_common import (
    MSG_DAMAGED_DATABASE,
    CliError,
    check_arguments,
    default_data_dir,
    error_line,
    language,
    open_session,
    passphrase,
    read_secret,
)
from backa_desktop.domain.bodies import InvalidBody
from backa_desktop.domain.errors import describe
from backa_desktop.services import backup, demo, doctor
from backa_desktop.services.children import search_children
from backa_desktop.services.logs import setup_logging
from backa_desktop.services.vault import DatabaseReadOnly, NewUser, Vault, VaultError

# Commands kept in their own modules: each exposes register(subparsers). None imports Qt
# at import time, so `backa search` and the others start without it.
EXTENSIONS = (cli_print, cli_sync, cli_screenshots)

Handler = Callable[[argparse.Namespace], int]


# -- commands ------------------------------------------------------------------------------
def cmd_init(args: argparse.Namespace) -> int:
    vault = Vault(args.data_dir)
    user = NewUser(
        name=args.name,
        unit_name=args.unit,
        verksamhet=args.verksamhet,
        title=args.title,
        roles=["upptackare", "barnkontakt"],
        trained_to_rate=args.trained,
    )
    recovery = vault.create(passphrase(confirm=True), user, demo=args.demo)
    config = vault.config()
    print(f"Skapade Backa-mapp: {args.data_dir}")
    if config.key_location == "keyring":
        print("Databasnyckeln (skyddad av lösenfrasen) förvaras i operativsystemets nyckelring.")
    else:
        print(
            "OBS: Ingen nyckelring hittades på den här datorn. Databasnyckeln, skyddad av "
            "lösenfrasen, förvaras därför i filen wrapped-key.json i mappen."
        )
    print(f"Recovery key: {recovery}")
    print("Lämna återställningsnyckeln till IT. Den visas bara nu och ersätter en glömd lösenfras.")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    with open_session(args) as session:
        summary = demo.generate(session, args.children, seed=args.seed)
    elapsed = time.perf_counter() - started
    print(f"La in {summary.children} fiktiva barn ({summary.records} poster) på {elapsed:.1f} s.")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        results = search_children(session, " ".join(args.text), limit=args.limit)
    for child in results:
        if args.json:
            print(json.dumps({
                "record_id": child.record_id,
                "name": child.display_name,
                "identity": child.masked_identity,
                "status": child.status.value if child.status else None,
                "protected_identity": child.protected_identity,
            }, ensure_ascii=False))
        else:
            mark = "  [skyddad identitet]" if child.protected_identity else ""
            print(f"{child.display_name:<36} {child.masked_identity:<16} {child.status_label}"
                  f"{mark}")
    if not results and not args.json:
        print("Inga barn matchar sökningen.")
    return 0


def cmd_doctor(args: argparse.Namespace) -> int:
    report = doctor.check_folder(args.data_dir, passphrase())
    for line in report.ok:
        print(f"OK      {line}")
    for line in report.problems:
        print(f"PROBLEM {line}")
    print("Mappen är frisk." if report.healthy else f"{len(report.problems)} problem hittades.")
    return 0 if report.healthy else 1


def cmd_change_passphrase(args: argparse.Namespace) -> int:
    old = passphrase()
    new = read_secret("BACKA_NEW_PASSPHRASE", "Ny lösenfras: ", confirm=True)
    Vault(args.data_dir).change_passphrase(old, new)
    print("Lösenfrasen är bytt. Databasen är oförändrad; återställningsnyckeln gäller fortfarande.")
    return 0


def cmd_recover(args: argparse.Namespace) -> int:
    key = read_secret("BACKA_RECOVERY_KEY", "Återställningsnyckel: ")
    new = read_secret("BACKA_NEW_PASSPHRASE", "Ny lösenfras: ", confirm=True)
    Vault(args.data_dir).recover(key, new)
    print("Ny lösenfras satt med återställningsnyckeln.")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    secret = passphrase()
    with open_session(args, secret) as session:
        out = backup.make_backup(session, secret, args.out)
    print(f"Säkerhetskopia skriven: {out} (krypterad; öppnas med lösenfrasen som gäller nu).")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    backup.restore_backup(args.file, args.data_dir, passphrase())
    print(f"Säkerhetskopian är återställd i {args.data_dir}.")
    return 0


# -- parser --------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="backa", description="Backa Desktop på kommandoraden."
    )
    parser.add_argument("--version", action="version", version=f"backa {__version__}")
    parser.add_argument(
        "--data-dir", type=Path, default=None, help="datamappen (standard: användarens datamapp)"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="KOMMANDO")

    p = sub.add_parser("init", help="skapa en ny, krypterad datamapp")
    p.add_argument("--name", default="Ny användare", help="ditt namn")
    p.add_argument("--unit", default="Min enhet", help="din enhet")
    p.add_argument("--verksamhet", default="bvc", help="verksamhet: bvc, forskola, skola …")
    p.add_argument("--title", default="", help="yrkestitel")
    p.add_argument("--trained", action="store_true", help="utbildad att skatta")
    p.add_argument("--demo", action="store_true", help="en demomapp (synkas aldrig)")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("demo", help="fyll mappen med fiktiva barn")
    p.add_argument("--children", type=int, default=1000)
    p.add_argument("--seed", type=int, default=1)
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("search", help="sök barn på del av namn eller personnummer")
    p.add_argument("text", nargs="+")
    p.add_argument("--json", action="store_true", help="ett JSON-objekt per rad")
    p.add_argument("--limit", type=int, default=50)
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("doctor", help="kontrollera mappen: kryptering, nyckel, logg")
    p.set_defaults(func=cmd_doctor)

    p = sub.add_parser("change-passphrase", help="byt lösenfras (databasen skrivs inte om)")
    p.set_defaults(func=cmd_change_passphrase)

    p = sub.add_parser("recover", help="sätt ny lösenfras med återställningsnyckeln")
    p.set_defaults(func=cmd_recover)

    p = sub.add_parser("backup", help="skriv en krypterad säkerhetskopia")
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", help="återställ en säkerhetskopia till en ny mapp")
    p.add_argument("file", type=Path)
    p.set_defaults(func=cmd_restore)

    for extension in EXTENSIONS:
        extension.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    os.umask(0o077)  # every file we create (db, -wal, logs, exports) is owner-only
    try:
        check_arguments(sys.argv[1:] if argv is None else argv)
    except CliError as exc:
        print(error_line(exc), file=sys.stderr)
        return 2
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.data_dir is None:
        args.data_dir = default_data_dir()
    handler: Handler = args.func
    try:
        setup_logging(args.data_dir)
        return handler(args)
    except (VaultError, CliError) as exc:
        print(error_line(exc), file=sys.stderr)
        return 2
    except DatabaseReadOnly:
        print(error_line(CliError(MSG_DAMAGED_DATABASE)), file=sys.stderr)
        return 2
    except dbapi2.DatabaseError as exc:
        # A page that fails SQLCipher's check, read in the middle of a command. The
        # transaction (if any) was rolled back; say so plainly instead of a traceback.
        print(error_line(CliError(MSG_DAMAGED_DATABASE)), file=sys.stderr)
        logging.getLogger(__name__).warning("database error: %s", type(exc).__name__)
        return 2
    except InvalidBody as exc:  # a record the command was about to write breaks a rule
        print(error_line(exc), file=sys.stderr)
        return 2
    except ValidationError:
        # A stored record that breaks the models' rules (written before a field limit
        # existed, or damaged): refuse plainly; no field value is printed.
        print(error_line(CliError("cli.invalid_stored_record")), file=sys.stderr)
        return 2
    except UnicodeError:
        print(error_line(CliError("cli.not_utf8")), file=sys.stderr)
        return 2
    except BrokenPipeError:  # `backa search … | head`: the reader left, nothing is wrong
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print(describe(CliError("cli.interrupted"), language()), file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
