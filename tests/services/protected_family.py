"""A child with protected identity (skyddad identitet) and everything printed about it, in a
real encrypted folder: for the tests that check no unit, place or name leaks.

Fictional people; the child's number is from Skatteverket's test series (domain.md §4.5)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from backa_desktop.domain.needs import Need
from backa_desktop.domain.plan import BarnetsPlan, Participant, PlanAction
from backa_desktop.domain.records import RecordType
from backa_desktop.domain.teams import BarnkontaktAssignment
from backa_desktop.services.forms import FormRegistry
from backa_desktop.services.vault import Session

CHILD_PNR = "201701022384"
GIVEN, FAMILY = "Vilja", "Skyddadsdotter"
SCHOOL = "Lönnskolan"
SCHOOL_PHONE = "0411-66 60 00"
PLACE = "Lönnskolan, rum 7"
HUVUDMAN = "Ystads kommun"
BARNKONTAKT = "Greta Ekström"
BARNKONTAKT_PHONE = "0411-66 60 01"
STAFF_WITHOUT_PHONE = "Bo Lind"
OTHER_UNIT = "BUP Sydost"
# What must never be on a family document of this child.
LOCATING = (SCHOOL, SCHOOL_PHONE, PLACE, HUVUDMAN, OTHER_UNIT)


@dataclass(frozen=True)
class ProtectedChild:
    child_id: str
    school_id: str
    other_unit_id: str
    barnkontakt_id: str


def protected_child(session: Session, *, protected: bool = True) -> ProtectedChild:
    repo = session.repo
    school = repo.create(
        RecordType.UNIT, {"name": SCHOOL, "verksamhet": "skola", "phone": SCHOOL_PHONE}
    ).id
    bup = repo.create(RecordType.UNIT, {"name": OTHER_UNIT, "verksamhet": "bup"}).id
    bk = repo.create(
        RecordType.STAFF,
        {"name": BARNKONTAKT, "title": "Rektor", "unit_id": school, "phone": BARNKONTAKT_PHONE,
         "email": "greta@exempel.se", "roles": ["barnkontakt"]},
    ).id
    # no phone of their own: a family document would fall back to the unit's switchboard
    helper = repo.create(
        RecordType.STAFF,
        {"name": STAFF_WITHOUT_PHONE, "title": "Kurator", "unit_id": bup,
         "roles": ["stodsamordnare"]},
    ).id
    child = repo.create(
        RecordType.CHILD,
        {"given_names": GIVEN, "family_name": FAMILY, "identity": CHILD_PNR,
         "birth_date": "2017-01-02", "unit_id": school, "status": "individuellt_barnteam",
         "protected_identity": protected,
         "guardians": [{"name": "Hedda Skyddadsdotter", "relation": "mamma"}]},
    ).id
    repo.create(
        RecordType.BARNKONTAKT,
        BarnkontaktAssignment(
            child_id=child, staff_id=bk, unit_id=school, valid_from=date(2025, 8, 21)
        ).model_dump(mode="json"),
        child_id=child,
    )
    plan = BarnetsPlan(
        child_id=child,
        reason="Vilja vill ha lugn omkring sig.",
        need_ids=[Need.TRYGGHET],
        goals=["Jag vill känna mig trygg."],
        participants=[Participant(name="Vilja"), Participant(staff_id=bk)],
        responsible_huvudman=HUVUDMAN,
        responsible_unit_id=school,
        next_follow_up_on=date(2027, 1, 15),
        next_follow_up_place=PLACE,
        stodsamordnare_staff_id=helper,
    )
    plan_id = repo.create(RecordType.PLAN, plan.model_dump(mode="json"), child_id=child).id
    repo.create(
        RecordType.PLAN_ACTION,
        PlanAction.model_validate(
            {"plan_id": plan_id, "what": "Samtal varje vecka", "due_on": "2026-12-01",
             "status": "pagaende", "order": 0, "responsible_staff_id": helper}
        ).model_dump(mode="json"),
        child_id=child,
    )
    return ProtectedChild(child, school, bup, bk)


def signed_card(
    session: Session, registry: FormRegistry, child_id: str, unit_id: str,
    signer: str | None = None,
) -> str:
    form = registry.get("upptackarkort", 1)
    return session.repo.create(
        RecordType.FORM_RESPONSE,
        {"form_id": "upptackarkort", "form_version": 1, "content_hash": form.content_hash,
         "child_id": child_id, "status": "signed", "signed_by": signer or session.me_id,
         "signed_at": "2026-09-14T09:00:00+00:00", "occasion_date": "2026-09-14",
         "answers": {"situation": "Vilja satt ensam.", "trygghet.uppfyllt": "inte_uppfyllt",
                     "mottagande_enhet": unit_id}},
        child_id=child_id,
    ).id
