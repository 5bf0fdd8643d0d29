"""The retention rules as the central store uses them: loading the versions from the rules
folder, and giving every stored record its class.

The class is derived on the server, once, from what the server knows for sure: the record's
type, the form of a form response, and the kind of the unit of the account that created it
(not from anything a laptop claims). A conflict record takes the class and fate of the record
it is about, since it holds values of that record. The class is kept in `records.record_class`
so a disposal plan is an indexed query, and it does not change when the rules get a new
version (a decision names the version whose classes it disposes of).
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, bindparam, select, update

from backa_desktop.central.db import records, units
from backa_desktop.domain.records import RecordType
from backa_desktop.domain.retention import (
    RetentionRules,
    RetentionRulesError,
    parse_rules,
    pick_version,
)

_log = logging.getLogger(__name__)

RULES_DIR_ENV = "BACKA_RETENTION_DIR"
"""A folder of `gallringsregler.v<N>.yaml` files to use instead of the source tree's
`resources/retention` (packaged installs, tests)."""


def rules_dir() -> Path:
    override = os.environ.get(RULES_DIR_ENV)
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[2] / "resources" / "retention"


def load_all(folder: Path | None = None) -> list[RetentionRules]:
    """Every rules version in the folder, each checked; a broken file stops everything (a
    disposal must never run under rules that were half understood)."""
    folder = folder or rules_dir()
    if not folder.is_dir():
        raise RetentionRulesError(f"Mappen med gallringsregler finns inte: {folder}")
    found: list[RetentionRules] = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise RetentionRulesError(f"{path.name}: kan inte läsas ({exc}).") from None
        rules = parse_rules(text, path.name)
        expected = f"gallringsregler.v{rules.version}.yaml"
        if path.name != expected:
            raise RetentionRulesError(
                f"{path.name}: filen har version {rules.version} och ska heta {expected}."
            )
        found.append(rules)
    if not found:
        raise RetentionRulesError(f"Det finns inga gallringsregler i {folder}.")
    return found


_cache: dict[Path, tuple[tuple[tuple[str, float], ...], list[RetentionRules]]] = {}


def load(version: int | None = None, folder: Path | None = None) -> RetentionRules:
    """One version of the rules (the newest when None); read again when a file changed."""
    folder = folder or rules_dir()
    try:
        stamp = tuple(sorted((p.name, p.stat().st_mtime) for p in folder.glob("*.yaml")))
    except OSError:
        stamp = ()
    hit = _cache.get(folder)
    if hit is None or hit[0] != stamp:
        hit = (stamp, load_all(folder))
        _cache[folder] = hit
    return pick_version(hit[1], version)


def class_of_new(
    rules: RetentionRules, record_type: str, unit_kind: str | None, body: Mapping[str, Any]
) -> str | None:
    """The class of a record the push is about to insert, so it is stored with it (the same
    rule as `classify_pending`). None for a conflict record: it takes the class of the record
    it is about, which `classify_after_write` looks up."""
    if record_type == RecordType.CONFLICT.value:
        return None
    form = body.get("form_id") if record_type in _BODY_TYPES else None
    return rules.classify(record_type, unit_kind, form if isinstance(form, str) else None)


def classify_after_write(conn: Connection) -> None:
    """The push's hook: classify what this transaction stored without a class (conflict
    records; the push gives its new records theirs as it inserts them). A broken rules file
    must not stop laptops from syncing, so then the records stay unclassified (and are
    classified by the next push, or by `gallring plan`, which reports the broken file
    instead)."""
    try:
        classify_pending(conn)
    except RetentionRulesError as exc:
        _log.warning("records left unclassified: %s", exc)


_CLASSIFY_BATCH = 2000
_BODY_TYPES = frozenset({RecordType.FORM_RESPONSE.value, RecordType.CONFLICT.value})


def classify_pending(conn: Connection, rules: RetentionRules | None = None) -> int:
    """Give every record without a class its class (the records this transaction stored, or
    ones stored before classes existed). Returns how many were classified."""
    pending = conn.execute(
        select(records.c.id, records.c.type, units.c.kind)
        .select_from(records.outerjoin(units, units.c.id == records.c.created_unit))
        .where(records.c.record_class.is_(None))
    ).all()
    if not pending:
        return 0
    rules = rules or load()
    # Only form responses (their form) and conflicts (their record) need the body.
    bodies: dict[str, dict[str, Any]] = {}
    need_body = sorted(rid for rid, rtype, _kind in pending if rtype in _BODY_TYPES)
    for start in range(0, len(need_body), _CLASSIFY_BATCH):
        for rid, envelope in conn.execute(
            select(records.c.id, records.c.envelope).where(
                records.c.id.in_(need_body[start : start + _CLASSIFY_BATCH])
            )
        ).all():
            body = json.loads(envelope).get("body")
            bodies[rid] = body if isinstance(body, dict) else {}
    classes: dict[str, str] = {}
    about: dict[str, str] = {}
    for record_id, record_type, unit_kind in pending:
        body = bodies.get(record_id, {})
        if record_type == RecordType.CONFLICT.value:
            target = body.get("record_id")
            if isinstance(target, str):
                about[record_id] = target
                continue
        form = body.get("form_id")
        classes[record_id] = rules.classify(
            record_type, unit_kind, form if isinstance(form, str) else None
        )
    if about:
        known = dict(
            conn.execute(
                select(records.c.id, records.c.record_class).where(
                    records.c.id.in_(sorted(set(about.values())))
                )
            ).all()
        )
        for record_id, target in about.items():
            found = classes.get(target) or known.get(target)
            classes[record_id] = found or rules.classify(RecordType.CONFLICT, None, None)
    _store(conn, classes.items())
    return len(classes)


def _store(conn: Connection, items: Iterable[tuple[str, str]]) -> None:
    rows = [{"rid": rid, "cls": cls} for rid, cls in items]
    statement = (
        update(records)
        .where(records.c.id == bindparam("rid"))
        .values(record_class=bindparam("cls"))
    )
    for start in range(0, len(rows), _CLASSIFY_BATCH):
        conn.execute(statement, rows[start : start + _CLASSIFY_BATCH])
