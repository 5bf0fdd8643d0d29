"""`backa-central`: run and administer the central store.

Every command takes `--db URL` (default: `$BACKA_CENTRAL_DB`, else `backa-central.db` in the
working folder, a SQLite file for a one-machine pilot). PostgreSQL: `--db
postgresql://user@host/dbname`.
"""

from __future__ import annotations

import argparse
import csv
import getpass
import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError

from backa_desktop.central import gallring_cli, log_review
from backa_desktop.central.common import TEST_CLOCK_ENV
from backa_desktop.central.db import DEFAULT_DB_ENV, default_url, make_engine, users
from backa_desktop.central.migrate import upgrade
from backa_desktop.central.service import CentralService, ServiceError
from backa_desktop.sync.protocol import LogCheckRequest, LogReviewRequest

PASSWORD_ENV = "BACKA_NEW_PASSWORD"  # noqa: S105 (a variable name)


def _service(url: str) -> CentralService:
    engine = make_engine(url)
    if not inspect(engine).has_table("counters"):
        engine.dispose()
        raise SystemExit(
            "Databasen saknar tabeller. Kör först: backa-central migrate --db URL\n"
            "(The database has no schema yet: run `backa-central migrate` first.)"
        )
    return CentralService(engine)


def _new_password(username: str) -> str:
    password = os.environ.get(PASSWORD_ENV)
    if password:
        return password
    first = getpass.getpass(f"Lösenord för {username}: ")
    second = getpass.getpass("Upprepa lösenordet: ")
    if first != second:
        raise SystemExit("Lösenorden är inte lika.")
    if len(first) < 10:
        raise SystemExit("Lösenordet måste ha minst 10 tecken.")
    return first


def _cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from backa_desktop.central.api import create_app

    if args.migrate:
        upgrade(args.db)
    service = _service(args.db)
    tls: dict[str, str] = {}
    if args.ssl_certfile or args.ssl_keyfile:
        if not (args.ssl_certfile and args.ssl_keyfile):
            raise SystemExit("Ange både --ssl-certfile och --ssl-keyfile.")
        tls = {"ssl_certfile": args.ssl_certfile, "ssl_keyfile": args.ssl_keyfile}
    options = {
        "host": args.host,
        "port": args.port,
        "log_level": args.log_level,
        "access_log": False,  # paths carry no personal data, but the audit log is the record
        **tls,
    }
    if args.workers > 1:
        service.engine.dispose()
        os.environ[DEFAULT_DB_ENV] = args.db
        uvicorn.run(
            "backa_desktop.central.asgi:create_from_env",
            factory=True,
            workers=args.workers,
            # uvicorn restarts a worker that does not answer its supervisor's ping within 5 s;
            # on a busy machine a healthy worker can take longer, and a restart loop serves no one.
            timeout_worker_healthcheck=60,
            **options,
        )
    else:
        uvicorn.run(create_app(service.engine), **options)
    return 0


def _cmd_migrate(args: argparse.Namespace) -> int:
    upgrade(args.db)
    print("Databasen är uppdaterad.")
    return 0


def _cmd_add_unit(args: argparse.Namespace) -> int:
    unit_id = _service(args.db).add_unit(args.name, args.kind, args.id)
    print(unit_id)
    return 0


def _cmd_add_user(args: argparse.Namespace) -> int:
    service = _service(args.db)
    password = None if args.external_login else _new_password(args.username)
    try:
        user_id = service.add_user(
            username=args.username,
            display_name=args.name or args.username,
            password=password,
            roles=args.roles.split(","),
            unit_id=args.unit,
            trained=args.trained,
            user_id=args.id,
        )
    except ServiceError as exc:
        raise SystemExit(exc.message_sv) from exc
    except IntegrityError as exc:
        raise SystemExit(f"Användaren {args.username} finns redan.") from exc
    print(user_id)
    return 0


def _cmd_revoke(args: argparse.Namespace) -> int:
    service = _service(args.db)
    if not args.device and not args.user:
        raise SystemExit("Ange --device ID eller --user NAMN.")
    count = service.revoke_device(device_id=args.device, username=args.user)
    print(f"{count} enhet(er) spärrade.")
    return 0 if count else 1


def _cmd_devices(args: argparse.Namespace) -> int:
    for row in _service(args.db).list_devices():
        print(json.dumps(row, ensure_ascii=False))
    return 0


def _cmd_audit(args: argparse.Namespace) -> int:
    rows = _service(args.db).audit_report(
        child_id=args.child, username=args.user, since=args.since
    )
    if args.json:
        for row in rows:
            print(json.dumps(row, ensure_ascii=False))
        return 0
    writer = csv.writer(sys.stdout)
    writer.writerow(["at", "action", "username", "device_id", "child_id", "records", "detail"])
    for row in rows:
        writer.writerow(
            [
                row["at"],
                row["action"],
                row["username"] or "",
                row["device_id"] or "",
                row["child_id"] or "",
                len(row["record_ids"]),
                row["detail"],
            ]
        )
    return 0


def _cmd_stats(args: argparse.Namespace) -> int:
    from backa_desktop.central.statistics import Scope, compute

    try:
        scope = Scope(
            date.fromisoformat(args.period_from),
            date.fromisoformat(args.period_to),
            tuple(dict.fromkeys(args.unit or ())),
        )
    except ValueError as exc:
        raise SystemExit(f"Ogiltigt datum (skriv ÅÅÅÅ-MM-DD): {exc}") from exc
    out = Path(args.out)
    if out.suffix.lower() not in (".pdf", ".csv"):
        raise SystemExit("Ange en fil som slutar på .pdf eller .csv, t.ex. --out statistik.pdf.")
    # The printing layer renders what the store released; it sees no database.
    from backa_desktop.printing.languages import CatalogueError
    from backa_desktop.printing.statistics import (
        render_statistics,
        statistics_catalogue,
        statistics_csv,
    )

    try:  # a language the report is not printed in is refused before the database is read
        statistics_catalogue(args.language)
    except CatalogueError as exc:
        raise SystemExit(str(exc)) from exc
    service = _service(args.db)
    try:
        report = compute(service.engine, scope)
    except ServiceError as exc:
        raise SystemExit(exc.message_sv) from exc
    if out.suffix.lower() == ".pdf":
        data = render_statistics(report, date.today(), args.language)
    else:
        data = statistics_csv(report, args.language).encode("utf-8-sig")
    out.write_bytes(data)
    print(f"Statistiken är sparad i {out}.")
    return 0


def _write_output(out: str, pdf: Callable[[], bytes], csv_text: Callable[[], str]) -> None:
    from backa_desktop.printing.layout import write_pdf

    path = Path(out)
    if path.suffix.lower() == ".pdf":
        write_pdf(pdf(), path)
    elif path.suffix.lower() == ".csv":
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(csv_text(), encoding="utf-8")
        tmp.replace(path)
    else:
        raise SystemExit("Ange en fil som slutar på .pdf eller .csv (--out).")
    print(path)


def _cmd_log_review(args: argparse.Namespace) -> int:
    from backa_desktop.printing.log_review import render_log_review

    if not args.out.lower().endswith((".pdf", ".csv")):
        raise SystemExit("Ange en fil som slutar på .pdf eller .csv (--out).")
    service = _service(args.db)
    try:
        review = log_review.review(
            service.engine,
            None,
            LogReviewRequest(unit_id=args.unit, date_from=args.date_from, date_to=args.date_to),
        )
    except ValidationError as exc:
        raise SystemExit("Ange datum som ÅÅÅÅ-MM-DD (--from, --to).") from exc
    except ServiceError as exc:
        raise SystemExit(exc.message_sv) from exc
    _write_output(
        args.out,
        lambda: render_log_review(review, date.today()),
        lambda: log_review.review_csv(review),
    )
    return 0


def _cmd_log_check(args: argparse.Namespace) -> int:
    service = _service(args.db)
    with service.engine.connect() as conn:
        reviewer = conn.execute(
            select(users.c.id).where(users.c.username == args.reviewer)
        ).scalar_one_or_none()
    if reviewer is None:
        raise SystemExit(f"Användaren {args.reviewer} finns inte.")
    try:
        entry = log_review.record_check(
            service.engine,
            None,
            LogCheckRequest(
                unit_id=args.unit,
                date_from=args.date_from,
                date_to=args.date_to,
                outcome=args.outcome,
                findings=args.findings,
            ),
            reviewer_id=str(reviewer),
        )
    except ValidationError as exc:
        raise SystemExit("Ange datum som ÅÅÅÅ-MM-DD och högst 4000 tecken iakttagelser.") from exc
    except ServiceError as exc:
        raise SystemExit(exc.message_sv) from exc
    print(entry.id)
    return 0


def _cmd_log_extract(args: argparse.Namespace) -> int:
    from backa_desktop.printing.log_review import render_log_extract

    if not args.out.lower().endswith((".pdf", ".csv")):
        raise SystemExit("Ange en fil som slutar på .pdf eller .csv (--out).")
    extract = log_review.extract(_service(args.db).engine, None, args.child)
    _write_output(
        args.out,
        lambda: render_log_extract(extract, date.today()),
        lambda: log_review.extract_csv(extract),
    )
    return 0


def _cmd_refresh(args: argparse.Namespace) -> int:
    _service(args.db).refresh_access()
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="backa-central", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text)
        p.add_argument("--db", default=default_url(), help="database URL")
        return p

    p = command("serve", "run the HTTP API")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--migrate", action="store_true", help="migrate the database first")
    p.add_argument("--log-level", default="warning")
    p.add_argument("--workers", type=int, default=1, help="server processes (stateless)")
    p.add_argument("--ssl-certfile", help="serve HTTPS directly (else put a TLS proxy in front)")
    p.add_argument("--ssl-keyfile")
    p.add_argument(
        "--test-clock",
        metavar="FILE",
        help="TESTS ONLY: run the clock ahead by the seconds written in FILE (read per request)",
    )
    p.set_defaults(func=_cmd_serve)

    p = command("migrate", "create or upgrade the database schema")
    p.set_defaults(func=_cmd_migrate)

    p = command("add-unit", "add a unit (verksamhet/enhet); prints its id")
    p.add_argument("--name", required=True)
    p.add_argument("--kind", required=True, help="e.g. bvc, forskola, skola, socialtjanst")
    p.add_argument("--id", help="use this id (default: a new one)")
    p.set_defaults(func=_cmd_add_unit)

    p = command("add-user", f"add a staff account; password from ${PASSWORD_ENV} or a prompt")
    p.add_argument("--username", required=True)
    p.add_argument("--name", help="display name")
    p.add_argument(
        "--roles",
        default="upptackare",
        help="comma-separated: upptackare, barnkontakt, stodsamordnare, barnteam, unit_lead, "
        "socialtjanst, statistik (anonymised statistics), admin",
    )
    p.add_argument("--unit", help="unit id")
    p.add_argument("--trained", action="store_true", help="trained to use Skattningsformulär")
    p.add_argument("--id", help="staff id to use (default: a new one)")
    p.add_argument(
        "--external-login",
        action="store_true",
        help="no password: the account logs in through an identity provider (see docs)",
    )
    p.set_defaults(func=_cmd_add_user)

    p = command("revoke-device", "revoke one device, or all devices of a user")
    p.add_argument("--device")
    p.add_argument("--user")
    p.set_defaults(func=_cmd_revoke)

    p = command("devices", "list enrolled devices")
    p.set_defaults(func=_cmd_devices)

    p = command("audit-report", "reads and writes served, as CSV (or JSON lines)")
    p.add_argument("--child")
    p.add_argument("--user")
    p.add_argument("--since", help="ISO date/time, e.g. 2026-11-01")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_cmd_audit)

    p = command("stats", "anonymised statistics for a period (PDF or CSV)")
    p.add_argument("--from", dest="period_from", required=True, help="first day, YYYY-MM-DD")
    p.add_argument("--to", dest="period_to", required=True, help="last day, YYYY-MM-DD")
    p.add_argument("--unit", action="append", help="unit id (repeat for several; default all)")
    p.add_argument("--out", required=True, help="report.pdf or report.csv")
    p.add_argument("--language", default="sv",
                   help="print language of the report's words (default sv; sv and en now, "
                        "as the print-language catalogues list 'statistics')")
    p.set_defaults(func=_cmd_stats)

    p = command("log-review", "log review (loggkontroll) of one unit and period, PDF or CSV")
    p.add_argument("--unit", required=True, help="unit id")
    p.add_argument("--from", dest="date_from", required=True, help="first day, YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", required=True, help="last day, YYYY-MM-DD")
    p.add_argument("--out", required=True, help="review.pdf or review.csv")
    p.set_defaults(func=_cmd_log_review)

    p = command("log-check", "record that a log review was done and what was found")
    p.add_argument("--unit", required=True)
    p.add_argument("--from", dest="date_from", required=True)
    p.add_argument("--to", dest="date_to", required=True)
    p.add_argument("--reviewer", required=True, help="user name of the reviewer")
    p.add_argument("--outcome", choices=["ok", "findings"], required=True)
    p.add_argument("--findings", default="", help="what was found and done")
    p.set_defaults(func=_cmd_log_check)

    p = command("log-extract", "who read or changed what about one child (all laptops)")
    p.add_argument("--child", required=True, help="child id")
    p.add_argument("--out", required=True, help="extract.pdf or extract.csv")
    p.set_defaults(func=_cmd_log_extract)

    p = command("refresh-access", "recompute who may see which child (the server does it daily)")
    p.set_defaults(func=_cmd_refresh)

    gallring_cli.register(command, _service)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # The test clock is honoured only when `serve --test-clock` asked for it at start.
    os.environ.pop(TEST_CLOCK_ENV, None)
    if getattr(args, "test_clock", None):
        print("backa-central: TEST CLOCK in use, not for production", file=sys.stderr)
        os.environ[TEST_CLOCK_ENV] = os.path.abspath(args.test_clock)
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
