"""`backa enroll` and `backa sync`: connect a data folder to the central store and sync it.

The password comes from BACKA_SERVER_PASSWORD when set (scripts), else a prompt; it is sent
once to get a device token and never stored.
"""

from __future__ import annotations

import argparse
import platform
import sys

from backa_desktop.cli_common import Subparsers
from backa_desktop.services.sync_service import adopt_identity, audit_enrolment, sync_state
from backa_desktop.sync.client import SyncClient, SyncError, enroll

SERVER_PASSWORD_ENV = "BACKA_SERVER_PASSWORD"  # noqa: S105 (a variable name)


def cmd_enroll(args: argparse.Namespace) -> int:
    from backa_desktop import cli_common as cli

    password = cli.read_secret(SERVER_PASSWORD_ENV, f"Lösenord för {args.user} på servern: ")
    with cli.open_session(args) as session:
        if session.config.demo:
            raise cli.CliError("enroll.demo_folder")
        try:
            answer = enroll(
                sync_state(session),
                args.server,
                args.user,
                password,
                args.device_name or platform.node() or "backa-desktop",
            )
        except SyncError as exc:
            raise cli.CliError.carrying(exc) from exc
        # From now on "I" am the server's account: access and authorship go by that id.
        adopt_identity(session, answer)
        audit_enrolment(session, answer.device_id)
    print(f"Datorn är ansluten till {args.server} som {answer.display_name}.")
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    from backa_desktop import cli_common as cli

    with cli.open_session(args) as session:
        state = sync_state(session)
        try:
            client = SyncClient(state)
        except SyncError as exc:
            raise cli.CliError.carrying(exc) from exc
        try:
            report = client.sync()
        except SyncError as exc:
            raise cli.CliError.carrying(exc) from exc
        finally:
            client.close()
        waiting = state.pending_count()
        failed = len(state.failed())
    print(
        f"Synkroniserat: {report.pushed} skickade, {report.pulled} hämtade, "
        f"{len(report.conflicts)} nya konflikter, {len(report.purged)} barn borttagna."
    )
    if report.disposed:
        print(f"{report.disposed} poster gallrade enligt gallringsbeslut.")
    if report.dropped:
        print(
            f"{len(report.dropped)} barn med avslutat stöd togs bort från datorn "
            "(de finns kvar på servern)."
        )
    if waiting:
        print(f"{waiting} ändringar väntar fortfarande.")
    if failed:
        print(f"{failed} ändringar togs inte emot av servern:", file=sys.stderr)
        for change_id, reason in report.rejected:
            print(f"  {change_id}: {reason}", file=sys.stderr)
        return 1
    return 0


def register(sub: Subparsers) -> None:
    p = sub.add_parser("enroll", help="anslut datamappen till den centrala servern")
    p.add_argument("--server", required=True, help="t.ex. https://backa.kommun.se")
    p.add_argument("--user", required=True, help="ditt användarnamn på servern")
    p.add_argument("--device-name", help="datorns namn (standard: värdnamnet)")
    p.set_defaults(func=cmd_enroll)

    p = sub.add_parser("sync", help="skicka och hämta ändringar")
    p.set_defaults(func=cmd_sync)
