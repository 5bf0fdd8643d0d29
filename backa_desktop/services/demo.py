"""Fictional demo municipality: children, guardians, units, staff and a spread of cases.

Everything here is invented. Identity numbers come only from Skatteverket's test-series
pattern (domain.md §4.5): two per birth day (födelsenummer 238/239), then the test
samordningsnummer; when a large benchmark folder needs more children than the series holds,
the rest get reservnummer from the fictional issuer "Backa demo" (reservnummer contain letters,
so they can never be a real personnummer).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from backa_desktop.domain import form_engine
from backa_desktop.domain.consent import Consent, ConsentParty, ConsentScope, ConsentType
from backa_desktop.domain.form_ids import ShippedForm
from backa_desktop.domain.forms import FormDefinition, FormResponse
from backa_desktop.domain.identity import IdentityKind, test_series_number
from backa_desktop.domain.needs import CARD_ORDER, NeedStatus
from backa_desktop.domain.people import Role, Verksamhet
from backa_desktop.domain.process import Beslut, ChildStatus
from backa_desktop.domain.records import Record, RecordType, utc_now, uuid7
from backa_desktop.domain.teams import Team, TeamKind, TeamMember, TeamRole
from backa_desktop.services.consents import consents_on_form
from backa_desktop.services.forms import FormRegistry, default_forms_dir
from backa_desktop.services.vault import Session

DEMO_ISSUER = "Backa demo"
# A Barnkontakt has a few hundred children, not a twentieth of a municipality.
MAX_CASELOAD = 400

GIRL_NAMES = (
    "Alice Maja Elsa Astrid Wilma Freja Olivia Selma Alma Ebba Vera Signe Ella Saga Agnes Stella"
    " Lilly Ester Juni Majken Tyra Leah Nora Ellen Hedda Edith Alva Iris Lova Sigrid Åsa Märta"
).split()
BOY_NAMES = (
    "Noah William Hugo Lucas Liam Oscar Elias Oliver Vincent Adam Alexander Matteo Nils Leo Ture"
    " Theo Melvin Arvid Sixten Frans Ivar Loke Viggo Harry Otto Isak Emil Ludvig Sam Åke Örjan"
).split()
FAMILY_NAMES = (
    "Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson Gustafsson"
    " Pettersson Jonsson Jansson Hansson Bengtsson Jönsson Lindberg Jakobsson Magnusson"
    " Lindström Olofsson Lindqvist Lindgren Berg Axelsson Bergström Lundberg Lind Lundgren"
    " Lundqvist Mattsson Berglund Fredriksson Sandberg Henriksson Ali Mohammed Ahmed Hassan"
    " Öberg Åberg Ekström Sjöberg Håkansson Blom Holm Strand Forsberg Wallin Nyström"
).split()
ADULT_NAMES = (
    "Anna Eva Maria Karin Sara Lena Emma Kerstin Johan Erik Lars Anders Per Karl Mikael Jonas"
    " Fatima Amina Yusuf Omar Linnea Sofia Hanna Petra Magnus Fredrik Daniel Henrik"
).split()
# A guardian's name fits the relation printed beside it ("Mamma: Yusuf …" reads as an error).
MOTHER_NAMES = "Anna Eva Maria Karin Sara Lena Emma Kerstin Fatima Amina Linnea Sofia".split()
FATHER_NAMES = "Johan Erik Lars Anders Per Karl Mikael Jonas Yusuf Omar Magnus Fredrik".split()

UNITS: tuple[tuple[str, Verksamhet], ...] = (
    ("BVC Solrosen", Verksamhet.BVC),
    ("BVC Hamnen", Verksamhet.BVC),
    ("Barnmorskemottagningen Centrum", Verksamhet.BMM),
    ("Källgårdens förskola", Verksamhet.FORSKOLA),
    ("Förskolan Ekorren", Verksamhet.FORSKOLA),
    ("Förskolan Havsörnen", Verksamhet.FORSKOLA),
    ("Backeskolan F–6", Verksamhet.SKOLA),
    ("Norrportsskolan 7–9", Verksamhet.SKOLA),
    ("Elevhälsan Backeskolan", Verksamhet.ELEVHALSA),
    ("Individ- och familjeomsorgen", Verksamhet.SOCIALTJANST),
    ("BUP Öppenvård", Verksamhet.BUP),
    ("Barn- och ungdomshabiliteringen", Verksamhet.HABILITERING),
)

STAFF_TITLES = {
    Verksamhet.BVC: "BVC-sjuksköterska",
    Verksamhet.BMM: "Barnmorska",
    Verksamhet.FORSKOLA: "Förskollärare",
    Verksamhet.SKOLA: "Lärare",
    Verksamhet.ELEVHALSA: "Skolsköterska",
    Verksamhet.SOCIALTJANST: "Socialsekreterare",
    Verksamhet.BUP: "Psykolog",
    Verksamhet.HABILITERING: "Arbetsterapeut",
}

SITUATIONS = (
    "Vid hembesöket verkade barnet trött och ledsen.",
    "Barnet har varit frånvarande många dagar den senaste månaden.",
    "Barnet berättade vid samlingen att det är bråkigt hemma.",
    "Vid hälsosamtalet kom det fram att barnet sover dåligt.",
    "Barnet leker ofta ensam och verkar inte ha några kompisar.",
    "Barnet kommer ofta utan kläder efter väder.",
)


@dataclass
class DemoSummary:
    children: int
    records: int


class _IdentityPool:
    """Hands out unique test-series numbers for birth days, then samordningsnummer, then
    demo reservnummer."""

    def __init__(self) -> None:
        self.used: set[str] = set()
        self.reserv = 0

    def take(self, birth: date, female: bool) -> tuple[str, IdentityKind, str | None]:
        for samordning in (False, True):
            value = test_series_number(birth, female=female, samordningsnummer=samordning)
            if value not in self.used:
                self.used.add(value)
                kind = IdentityKind.SAMORDNINGSNUMMER if samordning else IdentityKind.PERSONNUMMER
                return value, kind, None
        self.reserv += 1
        return f"DEMO{self.reserv:08d}", IdentityKind.RESERVNUMMER, DEMO_ISSUER


def generate(session: Session, children: int, *, seed: int = 1) -> DemoSummary:
    """Fill an unlocked folder with `children` fictional children (one bulk transaction)."""
    rng = random.Random(seed)
    records = list(_records(session, children, rng))
    session.repo.bulk_insert_local(records)
    session.audit.append("demo_data", detail=f"{children} fiktiva barn")
    return DemoSummary(children=children, records=len(records))


def _rec(
    session: Session, record_type: RecordType, body: dict[str, Any], child_id: str | None,
    author: str, when: str | None = None, record_id: str | None = None,
) -> Record:
    stamp = when or utc_now()
    return Record(
        id=record_id or uuid7(), type=record_type, child_id=child_id, body=body, author=author,
        device=session.device_id, created_at=stamp, updated_at=stamp,
    )


def _records(session: Session, n_children: int, rng: random.Random) -> Iterator[Record]:
    today = date.today()
    forms = FormRegistry.load(default_forms_dir())
    me_id = session.me_id
    me = session.me()
    unit_ids: list[tuple[str, Verksamhet]] = []
    for name, verksamhet in UNITS:
        unit = _rec(session, RecordType.UNIT, {"name": name, "verksamhet": str(verksamhet)},
                    None, me_id)
        unit_ids.append((unit.id, verksamhet))
        yield unit
    staff_by_verksamhet: dict[Verksamhet, list[str]] = {}
    staff_by_unit: dict[str, list[str]] = {}
    for index in range(36):
        unit_id, verksamhet = unit_ids[index % len(unit_ids)]
        roles = [Role.UPPTACKARE]
        if verksamhet in (Verksamhet.BVC, Verksamhet.FORSKOLA, Verksamhet.SKOLA,
                          Verksamhet.BMM):
            roles.append(Role.BARNKONTAKT)
        if index % 5 == 0:
            roles.append(Role.STODSAMORDNARE)
        staff = _rec(session, RecordType.STAFF, {
            "name": f"{rng.choice(ADULT_NAMES)} {rng.choice(FAMILY_NAMES)}",
            "title": STAFF_TITLES.get(verksamhet, "Handläggare"),
            "unit_id": unit_id,
            "roles": [str(r) for r in roles],
            "trained_to_rate": index % 2 == 0,
            "phone": f"0411-{100000 + index * 137:06d}",
        }, None, me_id)
        staff_by_verksamhet.setdefault(verksamhet, []).append(staff.id)
        staff_by_unit.setdefault(unit_id, []).append(staff.id)
        yield staff
    yield from _unit_barnteams(session, unit_ids, staff_by_unit, staff_by_verksamhet, me_id,
                               today)
    # the demo user is Barnkontakt at their own unit for a share of children
    my_unit = str(me.get("unit_id") or unit_ids[0][0])

    pool = _IdentityPool()
    caseload = 0  # children for whom the demo user is Barnkontakt
    universal = [(uid, v) for uid, v in unit_ids
                 if v in (Verksamhet.BVC, Verksamhet.FORSKOLA, Verksamhet.SKOLA)]
    for _ in range(n_children):
        female = rng.random() < 0.5
        age_days = rng.randint(0, 17 * 365 + 300)
        birth = today - timedelta(days=age_days)
        identity, kind, issuer = pool.take(birth, female)
        age = age_days // 365
        verksamhet = (Verksamhet.BVC if age < 1 else Verksamhet.FORSKOLA if age < 6
                      else Verksamhet.SKOLA)
        choices = [u for u in universal if u[1] == verksamhet] or universal
        unit_id = choices[rng.randrange(len(choices))][0]
        family = rng.choice(FAMILY_NAMES)
        guardians = []
        for g in range(rng.choice((1, 2, 2, 2))):
            g_birth = birth - timedelta(days=rng.randint(20 * 365, 45 * 365))
            g_female = g == 0
            g_identity, g_kind, _ = pool.take(g_birth, g_female)
            guardians.append({
                "name": f"{rng.choice(MOTHER_NAMES if g_female else FATHER_NAMES)} {family}",
                "identity": g_identity if g_kind != IdentityKind.RESERVNUMMER else None,
                "phone": f"070-{rng.randint(1000000, 9999999)}",
                "relation": "mamma" if g_female else "pappa",
            })
        roll = rng.random()
        status = (
            None if roll < 0.70 else ChildStatus.UPPTACKT if roll < 0.85
            else ChildStatus.I_BARNTEAM if roll < 0.92
            else ChildStatus.INDIVIDUELLT_BARNTEAM if roll < 0.97
            else ChildStatus.BEHOV_UPPFYLLT
        )
        given = rng.choice(GIRL_NAMES if female else BOY_NAMES)
        if rng.random() < 0.3:
            given += " " + rng.choice(GIRL_NAMES if female else BOY_NAMES)
        child_id = uuid7()
        known_since = max(birth, today - timedelta(days=rng.randint(30, 700)))
        stamp = f"{known_since.isoformat()}T08:00:00.000Z"
        yield _rec(session, RecordType.CHILD, {
            "given_names": given, "family_name": family, "identity": identity,
            "identity_kind": str(kind), "identity_issuer": issuer,
            "birth_date": birth.isoformat(), "unit_id": unit_id, "guardians": guardians,
            "protected_identity": False, "status": str(status) if status else None,
        }, child_id, me_id, when=stamp, record_id=child_id)
        mine = (unit_id == my_unit or rng.random() < 0.05) and caseload < MAX_CASELOAD
        caseload += mine
        # the Barnkontakt works at the child's unit (the overview names both side by side)
        bk_staff = (me_id if mine
                    else rng.choice(staff_by_unit.get(unit_id)
                                    or staff_by_verksamhet.get(verksamhet, [me_id])))
        yield _rec(session, RecordType.BARNKONTAKT, {
            "child_id": child_id, "staff_id": bk_staff, "unit_id": unit_id,
            "valid_from": known_since.isoformat(),
            "valid_to": None, "handover_note": "",
        }, child_id, me_id, when=stamp)
        if status is None:
            continue
        yield from _case_records(session, rng, forms, child_id, status, bk_staff,
                                 staff_by_verksamhet, unit_id, today, known_since)


# Who sits in a unit's standing Barnteam besides the unit's own staff: the agencies the model
# gathers around a child of that kind of unit.
BARNTEAM_GUESTS: dict[Verksamhet, tuple[Verksamhet, ...]] = {
    Verksamhet.BVC: (Verksamhet.SOCIALTJANST, Verksamhet.HABILITERING),
    Verksamhet.BMM: (Verksamhet.BVC, Verksamhet.SOCIALTJANST),
    Verksamhet.FORSKOLA: (Verksamhet.BVC, Verksamhet.SOCIALTJANST, Verksamhet.HABILITERING),
    Verksamhet.SKOLA: (Verksamhet.ELEVHALSA, Verksamhet.SOCIALTJANST, Verksamhet.BUP),
}


def _unit_barnteams(
    session: Session, unit_ids: list[tuple[str, Verksamhet]], staff_by_unit: dict[str, list[str]],
    staff_by_verksamhet: dict[Verksamhet, list[str]], me_id: str, today: date,
) -> Iterator[Record]:
    """A standing Barnteam for every unit that has Barnkontakter (BVC, BMM, förskola, skola):
    its own staff and one person from each agency that usually joins, so "Enhetens Barnteam"
    and a decision "Barnteam" show real people."""
    joined = today - timedelta(days=400)
    for unit_id, verksamhet in unit_ids:
        guests = BARNTEAM_GUESTS.get(verksamhet)
        if guests is None:
            continue
        members = [
            # members; the Barnkontakt is each child's own, not a seat in the team
            TeamMember(staff_id=staff_id, role=TeamRole.MEDLEM,
                       profession=STAFF_TITLES[verksamhet], agency=str(verksamhet),
                       unit_id=unit_id, joined_on=joined)
            for staff_id in staff_by_unit.get(unit_id, [])[:2]
        ]
        for number, guest in enumerate(guests):
            candidates = staff_by_verksamhet.get(guest, [])
            if candidates:
                staff_id = candidates[(len(members) + number) % len(candidates)]
                members.append(TeamMember(
                    staff_id=staff_id, profession=STAFF_TITLES.get(guest, "Handläggare"),
                    agency=str(guest), unit_id=_unit_of(staff_id, staff_by_unit),
                    joined_on=joined))
        team = Team(kind=TeamKind.BARNTEAM, unit_id=unit_id, name="Barnteam", members=members)
        yield _rec(session, RecordType.TEAM, team.model_dump(mode="json"), None, me_id,
                   when=f"{joined.isoformat()}T08:00:00.000Z")


def _unit_of(staff_id: str, staff_by_unit: dict[str, list[str]]) -> str | None:
    return next((unit for unit, ids in staff_by_unit.items() if staff_id in ids), None)


def _filled(
    definition: FormDefinition, child_id: str, values: dict[str, Any], *, signed_by: str,
    signed_on: date, co_signer: str | None = None,
) -> dict[str, Any]:
    """A response signed through the same engine as in the app, so demo answers are valid
    under their form version and carry its content hash."""
    response = form_engine.new_response(definition, child_id)
    answers = dict(response.answers)
    for item in definition.items():
        if item.id in values:
            answers[item.id] = values[item.id]
    response = response.model_copy(update={"answers": answers})
    signed = form_engine.sign(
        definition, FormResponse.model_validate(response.model_dump()), signed_by=signed_by,
        signed_at=datetime.combine(signed_on, time(9, 0), tzinfo=UTC), co_signer=co_signer,
    )
    return signed.model_dump(mode="json")


def _case_records(
    session: Session, rng: random.Random, forms: FormRegistry, child_id: str,
    status: ChildStatus, bk_staff: str, staff: dict[Verksamhet, list[str]], unit_id: str,
    today: date, known_since: date,
) -> Iterator[Record]:
    upptackare = rng.choice([s for ids in staff.values() for s in ids if s != bk_staff])
    started = known_since + timedelta(days=rng.randint(0, (today - known_since).days // 2))
    unmet = rng.sample(list(CARD_ORDER), k=rng.randint(1, 3))
    card = forms.get(ShippedForm.UPPTACKARKORT)
    values: dict[str, Any] = {
        f"{need.value}.uppfyllt": (
            NeedStatus.INTE_UPPFYLLT if need in unmet else NeedStatus.UPPFYLLT
        ).value
        for need in CARD_ORDER
    }
    values.update({
        "situation": rng.choice(SITUATIONS), "egna_atgarder.vidtagna": False,
        "mottagande_enhet": unit_id, "vh1.informerad": True, "vh1.samtycke": True,
    })
    card_body = _filled(card, child_id, values, signed_by=upptackare, signed_on=started)
    card_rec = _rec(session, RecordType.FORM_RESPONSE, card_body, child_id, upptackare,
                    when=f"{started.isoformat()}T09:00:00.000Z")
    yield card_rec
    # the guardian's consent on the card is in the register, as signing writes it in the app
    for consent in consents_on_form(card, FormResponse.model_validate(card_body), card_rec.id):
        yield _rec(session, RecordType.CONSENT, consent.model_dump(mode="json"), child_id,
                   upptackare, when=f"{started.isoformat()}T09:00:01.000Z")
    beslut = {
        ChildStatus.UPPTACKT: Beslut.BARNKONTAKT,
        ChildStatus.I_BARNTEAM: Beslut.BARNTEAM,
        ChildStatus.INDIVIDUELLT_BARNTEAM: Beslut.INDIVIDUELLT_BARNTEAM,
        ChildStatus.BEHOV_UPPFYLLT: Beslut.BEHOV_UPPFYLLT,
    }[status]
    decided = started + timedelta(days=rng.randint(3, 15))
    team_scope = {
        ChildStatus.I_BARNTEAM: ConsentScope.BARNTEAM,
        ChildStatus.INDIVIDUELLT_BARNTEAM: ConsentScope.INDIVIDUELLT_BARNTEAM,
    }.get(status)
    if team_scope is not None:  # written consent before the team, as the model asks
        for party in (ConsentParty.VARDNADSHAVARE_1, ConsentParty.VARDNADSHAVARE_2):
            yield _rec(session, RecordType.CONSENT, Consent(
                child_id=child_id, party=party, type=ConsentType.SKRIFTLIGT,
                scopes=[team_scope], obtained_by=bk_staff, filed_at="Elevakten",
                given_on=decided,
            ).model_dump(mode="json"), child_id, bk_staff,
                when=f"{decided.isoformat()}T09:30:00.000Z")
    follow_up = today + timedelta(days=rng.randint(-20, 60))
    yield _rec(session, RecordType.DECISION, {
        "beslut": str(beslut), "motivation": "Beslut efter samtal med barn och vårdnadshavare.",
        "follow_up": follow_up.isoformat(), "decided_by": bk_staff,
        "notify_upptackare": upptackare, "told_child_and_guardians": True,
    }, child_id, bk_staff, when=f"{decided.isoformat()}T10:00:00.000Z")
    if status in (ChildStatus.I_BARNTEAM, ChildStatus.INDIVIDUELLT_BARNTEAM):
        rating = forms.get(ShippedForm.SKATTNING)
        for occasion in range(2 if status == ChildStatus.INDIVIDUELLT_BARNTEAM else 1):
            rated = min(today, decided + timedelta(days=7 + 60 * occasion))
            scores: dict[str, Any] = {
                "skattare": bk_staff, "arbetskollega": upptackare,
                "datum_for_bedomning": rated.isoformat(),
            }
            for item in rating.items():
                if item.kind == "scale_1_5" and item.need is not None:
                    low = item.need in unmet and occasion == 0
                    scores[item.id] = rng.randint(1, 3) if low else rng.randint(3, 5)
            yield _rec(session, RecordType.FORM_RESPONSE,
                       _filled(rating, child_id, scores, signed_by=bk_staff, signed_on=rated,
                               co_signer=upptackare),
                       child_id, bk_staff, when=f"{rated.isoformat()}T13:00:00.000Z")
    if status == ChildStatus.INDIVIDUELLT_BARNTEAM:
        plan_id = uuid7()
        yield _rec(session, RecordType.PLAN, {
            "child_id": child_id,
            "reason": "Flera verksamheter behöver samordna stödet kring barnet.",
            "need_ids": [str(n) for n in unmet],
            "goals": ["Jag vill känna mig trygg i skolan.", "Jag vill sova bättre."],
            "child_view": "Det är jobbigt på rasterna.",
            "guardians_view": "Vi vill ha hjälp med rutiner hemma.",
            "barnkontakt_staff_id": bk_staff,
            "next_follow_up_on": follow_up.isoformat(),
            "responsible_unit_id": unit_id,
        }, child_id, bk_staff, record_id=plan_id)
        for order, what in enumerate(("Samtal med skolkurator varannan vecka",
                                      "Föräldrastödsgrupp", "Rastaktiviteter med vuxen")):
            yield _rec(session, RecordType.PLAN_ACTION, {
                "plan_id": plan_id, "what": what, "responsible_staff_id": bk_staff,
                "due_on": (today + timedelta(days=30 * (order + 1))).isoformat(),
                "status": rng.choice(("planerad", "pagaende", "klar")), "order": order,
                "need_ids": [str(unmet[order % len(unmet)])],
            }, child_id, bk_staff)
