"""`backa-central gallring …`: disposal by decision from the command line.

    gallring rules [--version N]           the retention rules (checks every file)
    gallring decide --reference R --by WHO --date D --classes C[,C] [--units U[,U]]
    gallring decisions                     recorded decisions
    gallring plan --decision ID [--json]   what it would remove: counts per class and unit
    gallring run --decision ID [--json]    remove it; laptops follow at their next sync

Kept apart from `cli.py` so the disposal commands and their wording live in one place.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from datetime import date
from typing import Any

from backa_desktop.central import gallring, retention
from backa_desktop.central.common import ServiceError
from backa_desktop.central.service import CentralService
from backa_desktop.domain.retention import RetentionRulesError

ServiceFactory = Callable[[str], CentralService]


def _fail(message: str) -> SystemExit:
    return SystemExit(f"backa-central gallring: {message}")


def _split(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").split(",") if part.strip()]


def _print_plan(result: gallring.Plan, as_json: bool, heading: str) -> None:
    decision = result.decision
    rows = result.rows()
    if as_json:
        print(json.dumps(
            {
                "decision": decision.id,
                "reference": decision.reference,
                "decided_on": decision.decided_on.isoformat(),
                "rules_version": decision.rules_version,
                "executed_at": decision.executed_at,
                "rows": rows,
                "total": sum(int(r["remove"]) for r in rows),
            },
            ensure_ascii=False,
        ))
        return
    print(f"{heading}: beslut {decision.reference} ({decision.decided_on}, "
          f"{decision.decided_by}), regler version {decision.rules_version}")
    if not rows:
        print("Inget att gallra.")
        return
    print(f"{'klass':<16} {'enhet':<32} {'gallras':>8} {'undantag':>9}")
    for row in rows:
        unit = row["unit"] or row["unit_id"] or "-"
        print(f"{row['class']:<16} {unit[:32]:<32} {row['remove']:>8} {row['kept_exempt']:>9}")
    print(f"Totalt {sum(int(r['remove']) for r in rows)} poster.")


def _rules(args: argparse.Namespace, _service: ServiceFactory) -> int:
    try:
        versions = retention.load_all()
        rules = retention.load(args.version)
    except RetentionRulesError as exc:
        raise _fail(str(exc)) from None
    print(f"Gallringsregler version {rules.version}: {rules.title} (gäller från "
          f"{rules.valid_from}); versioner: {', '.join(str(v.version) for v in versions)}")
    for record_class in rules.classes:
        period = (
            "gallras inte"
            if record_class.period_years is None
            else f"{record_class.period_years} år från {record_class.runs_from.value}"
        )
        days = record_class.exemptions.birth_days
        exempt = f"; sparas: födda dag {', '.join(map(str, days))}" if days else ""
        print(f"  {record_class.id:<16} {period}{exempt} — ägare: {record_class.owner}")
    return 0


def _decide(args: argparse.Namespace, service: ServiceFactory) -> int:
    try:
        decided_on = date.fromisoformat(args.date)
    except ValueError:
        raise _fail(f"--date ska vara ett datum (ÅÅÅÅ-MM-DD), inte '{args.date}'.") from None
    engine = service(args.db).engine
    try:
        decision = gallring.decide(
            engine,
            reference=args.reference,
            decided_by=args.by,
            decided_on=decided_on,
            classes=_split(args.classes),
            units_=_split(args.units),
            rules_version=args.rules_version,
        )
    except (ServiceError, RetentionRulesError) as exc:
        raise _fail(exc.message_sv if isinstance(exc, ServiceError) else str(exc)) from None
    print(decision.id)
    return 0


def _decisions(args: argparse.Namespace, service: ServiceFactory) -> int:
    for decision in gallring.decisions(service(args.db).engine):
        row: dict[str, Any] = {
            "id": decision.id,
            "reference": decision.reference,
            "decided_by": decision.decided_by,
            "decided_on": decision.decided_on.isoformat(),
            "classes": list(decision.classes),
            "units": list(decision.units),
            "rules_version": decision.rules_version,
            "executed_at": decision.executed_at,
        }
        print(json.dumps(row, ensure_ascii=False))
    return 0


def _plan(args: argparse.Namespace, service: ServiceFactory) -> int:
    try:
        result = gallring.plan(service(args.db).engine, args.decision)
    except (ServiceError, RetentionRulesError) as exc:
        raise _fail(exc.message_sv if isinstance(exc, ServiceError) else str(exc)) from None
    _print_plan(result, args.json, "Plan")
    return 0


def _run(args: argparse.Namespace, service: ServiceFactory) -> int:
    try:
        result = gallring.run(service(args.db).engine, args.decision)
    except (ServiceError, RetentionRulesError) as exc:
        raise _fail(exc.message_sv if isinstance(exc, ServiceError) else str(exc)) from None
    _print_plan(result, args.json, "Gallrat")
    return 0


def _disposing(func: Callable[[argparse.Namespace, ServiceFactory], int]) -> Callable[..., int]:
    """Run a command with a service whose engine is closed afterwards (no pooled connection
    outlives the command, also when it runs inside another program)."""

    def run(args: argparse.Namespace, service: ServiceFactory) -> int:
        made: list[CentralService] = []

        def tracked(url: str) -> CentralService:
            made.append(service(url))
            return made[-1]

        try:
            return func(args, tracked)
        finally:
            for one in made:
                one.engine.dispose()

    return run


def register(
    command: Callable[[str, str], argparse.ArgumentParser], service: ServiceFactory
) -> None:
    """Add `gallring` and its subcommands; `command` makes a subcommand with `--db`."""
    top = command("gallring", "disposal (gallring) by a recorded decision")
    sub = top.add_subparsers(dest="gallring_command", required=True)

    def step(name: str, help_text: str, func: Callable[..., int]) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--db", default=argparse.SUPPRESS, help="database URL")
        p.set_defaults(func=lambda args: _disposing(func)(args, service))
        return p

    p = step("rules", "show and check the retention rules (resources/retention)", _rules)
    p.add_argument("--version", type=int, help="rules version (default: the newest)")

    p = step("decide", "record a disposal decision (removes nothing); prints its id", _decide)
    p.add_argument("--reference", required=True, help="the decision's reference (diarienummer)")
    p.add_argument("--by", required=True, help="who decided (body and person)")
    p.add_argument("--date", required=True, help="date of the decision, YYYY-MM-DD")
    p.add_argument("--classes", required=True, help="comma-separated record classes")
    p.add_argument("--units", help="comma-separated unit ids (default: every unit)")
    p.add_argument("--rules-version", type=int, help="rules version (default: the newest)")

    step("decisions", "list recorded disposal decisions (JSON lines)", _decisions)

    p = step("plan", "what a decision would remove: counts per class and unit", _plan)
    p.add_argument("--decision", required=True)
    p.add_argument("--json", action="store_true")

    p = step("run", "carry out a decision; laptops purge the same records at next sync", _run)
    p.add_argument("--decision", required=True)
    p.add_argument("--json", action="store_true")
