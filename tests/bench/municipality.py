"""The synthetic municipality: a real encrypted data folder with N children and 10·N records.

Built once with the product's own demo generator (`services.demo.generate`, ~3 records per
child) plus timeline notes and signed cards spread over the children through the real record
repository (`bulk_insert_local`), and one "heavy" child with 500 timeline events. It is kept
under the cache folder between runs; a manifest says what was built, so a changed builder or
size rebuilds instead of measuring something else. Every person in it is fictional (demo
identity numbers come from the test series or the "Backa demo" reservnummer issuer).
"""

from __future__ import annotations

import json
import random
import shutil
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import keyring
from keyring.backends import fail

from backa_desktop.domain import form_engine
from backa_desktop.domain.bodies import validate_body
from backa_desktop.domain.records import Record, RecordType, uuid7
from backa_desktop.services import demo
from backa_desktop.services.vault import NewUser, Session, Vault
from backa_desktop.store.crypto import KdfParams
from tests.bench import forms_util

BUILDER_VERSION = 3
PASSPHRASE = "bänk-lösenfras-2026"  # fictional folder, fictional people
RECORDS_PER_CHILD = 10
HEAVY_EVENTS = 500
PLAN_ACTIONS = 20
VALIDATE_FIRST = 2_000
CHUNK = 20_000

NOTE_TEXTS = (
    "Samtal med vårdnadshavare om sömn och rutiner.",
    "Barnet berättade om en bra helg med mormor.",
    "Uppföljning: barnet har kommit i tid hela veckan.",
    "Telefonsamtal med skolkurator, nytt möte bokat.",
    "Barnet verkade gladare vid dagens samling.",
    "Föräldrarna har börjat i föräldrastödsgruppen.",
    "Barnet sov dåligt enligt mamma, följer upp nästa vecka.",
    "Rastaktiviteten fungerar, barnet leker med två kompisar.",
    "Hembesök genomfört, allt lugnt i hemmet.",
    "Barnet ville inte prata i dag, vi försöker igen.",
    "Åtgärden i planen är klar, utvärderas på nästa möte.",
    "Barnet har fått glasögon efter synundersökningen.",
)
ACTION_TEXTS = (
    "Samtal med skolkurator varannan vecka",
    "Föräldrastödsgrupp på familjecentralen",
    "Rastaktiviteter med en vuxen",
    "Läxhjälp två dagar i veckan",
    "Besök hos BUP för bedömning av sömnen",
    "Hembesök av BVC-sjuksköterskan",
    "Fritidsaktivitet: simskola på lördagar",
)


@dataclass
class Manifest:
    builder: int
    children: int
    records: int
    heavy_child_id: str
    heavy_events: int
    build_seconds: float
    built_at: str


@dataclass
class Municipality:
    data_dir: Path
    manifest: Manifest

    def vault(self) -> Vault:
        use_file_keystore()
        return Vault(self.data_dir)

    def unlock(self) -> Session:
        return self.vault().unlock(PASSPHRASE)


def use_file_keystore() -> None:
    """Keep the bench away from the developer's real keyring: with the "fail" backend the
    vault keeps its wrapped key in the data folder, the documented fallback."""
    if not isinstance(keyring.get_keyring(), fail.Keyring):
        keyring.set_keyring(fail.Keyring())  # type: ignore[no-untyped-call]


def ensure(cache_dir: Path, children: int, *, log: bool = True) -> Municipality:
    """The cached municipality of this size, built first if missing or stale."""
    folder = cache_dir / f"municipality-{children}"
    manifest_path = folder / "bench-manifest.json"
    if manifest_path.exists():
        manifest = Manifest(**json.loads(manifest_path.read_text("utf-8")))
        if manifest.builder == BUILDER_VERSION and manifest.children == children:
            return Municipality(folder / "data", manifest)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    started = time.perf_counter()
    heavy, total = _build(folder / "data", children, log=log)
    manifest = Manifest(
        builder=BUILDER_VERSION,
        children=children,
        records=total,
        heavy_child_id=heavy,
        heavy_events=HEAVY_EVENTS,
        build_seconds=round(time.perf_counter() - started, 1),
        built_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    manifest_path.write_text(json.dumps(asdict(manifest), indent=2), "utf-8")
    return Municipality(folder / "data", manifest)


def _say(log: bool, text: str) -> None:
    if log:
        print(f"  [municipality] {text}", flush=True)


def _build(data_dir: Path, children: int, *, log: bool) -> tuple[str, int]:
    use_file_keystore()
    vault = Vault(data_dir, kdf=KdfParams())  # production KDF: unlock is measured with it
    vault.create(
        PASSPHRASE,
        NewUser(name="Bänk Användare", unit_name="BVC Solrosen", trained_to_rate=True,
                roles=["upptackare", "barnkontakt"]),
        demo=True,
    )
    session = vault.unlock(PASSPHRASE)
    # Building is not measured: skip the per-commit fsync and keep more pages in memory so a
    # 1,000,000-record folder builds in minutes. The measured runs open the folder normally.
    session.db.execute("PRAGMA synchronous = OFF")
    session.db.execute("PRAGMA cache_size = -262144")
    try:
        t0 = time.perf_counter()
        summary = demo.generate(session, children, seed=7)
        _say(log, f"demo generator: {summary.children} children, {summary.records} records "
                  f"in {time.perf_counter() - t0:.1f} s")
        child_ids = [r[0] for r in session.db.query(
            "SELECT record_id FROM children ORDER BY rowid")]
        staff_ids = [r.id for r in session.repo.find(RecordType.STAFF)]
        heavy = _pick_heavy(session)
        _heavy_plan(session, heavy, staff_ids)
        existing = int(session.db.one("SELECT count(*) FROM records")[0])
        extra = max(0, RECORDS_PER_CHILD * children - existing - HEAVY_EVENTS)
        maker = _Maker(session, random.Random(11), staff_ids)
        t0 = time.perf_counter()
        inserted = _insert_chunks(session, _heavy_records(maker, heavy))
        inserted += _insert_chunks(session, _timeline_records(maker, child_ids, extra))
        _say(log, f"timeline records: {inserted} in {time.perf_counter() - t0:.1f} s")
        total = int(session.db.one("SELECT count(*) FROM records")[0])
        session.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        session.close()
    return heavy, total


def _insert_chunks(session: Session, records: Iterator[Record]) -> int:
    done = 0
    chunk: list[Record] = []
    for record in records:
        chunk.append(record)
        if len(chunk) >= CHUNK:
            done += session.repo.bulk_insert_local(chunk)
            chunk = []
    if chunk:
        done += session.repo.bulk_insert_local(chunk)
    return done


def _pick_heavy(session: Session) -> str:
    """A child in an Individuellt barnteam (the kind of child whose timeline grows long)."""
    row = session.db.one(
        "SELECT record_id FROM children WHERE status = 'individuellt_barnteam' ORDER BY rowid"
        " LIMIT 1")
    row = row or session.db.one("SELECT record_id FROM children ORDER BY rowid LIMIT 1")
    return str(row[0])


def _stamp(rng: random.Random, days_back: int = 3 * 365) -> datetime:
    return datetime.now(UTC) - timedelta(seconds=rng.randint(0, days_back * 86400))


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class _Maker:
    """Makes valid record bodies: every body passes `validate_body` (the model the store and
    the central store enforce), and cards are signed by the real form engine."""

    def __init__(self, session: Session, rng: random.Random, staff_ids: list[str]) -> None:
        self.session = session
        self.rng = rng
        self.staff_ids = staff_ids
        self.made = 0
        forms = forms_util.forms_mapping()
        definition = forms_util.latest(forms, "upptackarkort")
        unit_id = str(session.me().get("unit_id", ""))
        self.cards: list[dict[str, Any]] = []
        for _ in range(40):  # templates; each record gets its own child, signer and time
            draft = form_engine.new_response(definition, "template")
            filled = forms_util.fill(definition, draft, session.me_id, unit_id, rng)
            signed = form_engine.sign(definition, filled, signed_by=session.me_id,
                                      signed_at=datetime.now(UTC))
            self.cards.append(signed.model_dump(mode="json"))

    def _record(self, kind: RecordType, child_id: str, body: dict[str, Any], author: str,
                when: datetime) -> Record:
        stamp = _iso(when)
        self.made += 1
        if self.made <= VALIDATE_FIRST:  # the rest are made the same way; checking every
            body = validate_body(kind, body)  # one would triple the build time
        return Record(id=uuid7(), type=kind, child_id=child_id, body=body, author=author,
                      device=self.session.device_id, created_at=stamp, updated_at=stamp)

    def note(self, child_id: str) -> Record:
        rng = self.rng
        when = _stamp(rng)
        author = rng.choice(self.staff_ids)
        text = " ".join(rng.sample(NOTE_TEXTS, k=rng.randint(1, 3)))
        return self._record(RecordType.NOTE, child_id, {
            "child_id": child_id, "kind": rng.choice(("handelse", "handelse", "mote")),
            "happened_on": when.date().isoformat(), "text": text,
        }, author, when)

    def card(self, child_id: str) -> Record:
        when = _stamp(self.rng)
        author = self.rng.choice(self.staff_ids)
        body = dict(self.rng.choice(self.cards))
        body.update(child_id=child_id, signed_by=author, signed_at=_iso(when),
                    occasion_date=when.date().isoformat())
        return self._record(RecordType.FORM_RESPONSE, child_id, body, author, when)

    def decision(self, child_id: str) -> Record:
        rng = self.rng
        when = _stamp(rng)
        author = rng.choice(self.staff_ids)
        return self._record(RecordType.DECISION, child_id, {
            "beslut": "barnkontakt", "motivation": "Uppföljning efter samtal med familjen.",
            "follow_up": (when.date() + timedelta(days=rng.randint(20, 90))).isoformat(),
            "decided_by": author, "told_child_and_guardians": True,
        }, author, when)


def _heavy_records(maker: _Maker, child_id: str) -> Iterator[Record]:
    for index in range(HEAVY_EVENTS):
        if index % 25 == 0:
            yield maker.decision(child_id)
        elif index % 3 == 0:
            yield maker.card(child_id)
        else:
            yield maker.note(child_id)


def _timeline_records(maker: _Maker, child_ids: list[str], count: int) -> Iterator[Record]:
    rng = maker.rng
    for _ in range(count):
        child_id = child_ids[rng.randrange(len(child_ids))]
        yield maker.note(child_id) if rng.random() < 0.75 else maker.card(child_id)


def _heavy_plan(session: Session, child_id: str, staff_ids: list[str]) -> None:
    """Barnets plan with 20 actions, made through the repository like the plan screen does."""
    today = datetime.now(UTC).date()
    plan = session.repo.create(RecordType.PLAN, {
        "child_id": child_id,
        "reason": "Flera verksamheter behöver samordna stödet kring barnet.",
        "need_ids": ["trygghet", "halsa", "tillhorighet"],
        "goals": ["Jag vill känna mig trygg i skolan.", "Jag vill sova bättre.",
                  "Jag vill ha en kompis att vara med på rasterna."],
        "child_view": "Det är jobbigt på rasterna. Jag vill att någon vuxen är med.",
        "guardians_view": "Vi vill ha hjälp med rutiner hemma och kontakt med skolan.",
        "barnkontakt_staff_id": staff_ids[0],
        "next_follow_up_on": (today + timedelta(days=30)).isoformat(),
        "created_on": today.isoformat(),
    }, child_id=child_id)
    for order in range(PLAN_ACTIONS):
        session.repo.create(RecordType.PLAN_ACTION, {
            "plan_id": plan.id,
            "what": f"{ACTION_TEXTS[order % len(ACTION_TEXTS)]} (del {order // 7 + 1})",
            "responsible_staff_id": staff_ids[order % len(staff_ids)],
            "due_on": (today + timedelta(days=14 * (order + 1))).isoformat(),
            "status": ("planerad", "pagaende", "klar")[order % 3],
            "need_ids": [("trygghet", "halsa", "tillhorighet")[order % 3]],
            "order": order,
        }, child_id=child_id)
