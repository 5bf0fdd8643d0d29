"""Printing a child's documents from a real encrypted folder: the records go in, a PDF comes
out, and the printout is in the audit log. The PDFs are read back with pypdf."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest

from backa_desktop.domain.consent import ConsentScope
from backa_desktop.domain.needs import Need
from backa_desktop.domain.plan import BarnetsPlan, FollowUpMeeting, Participant, PlanAction
from backa_desktop.domain.records import RecordType
from backa_desktop.domain.teams import BarnkontaktAssignment, handover
from backa_desktop.services.documents import (
    DocumentError,
    DocumentKind,
    build_consent_sheet,
    build_register_extract,
    print_document,
    render_document,
)
from backa_desktop.services.forms import FormRegistry, default_forms_dir
from backa_desktop.services.vault import Session
from backa_desktop.services.workflow import create_orosanmalan
from backa_desktop.store.audit import verify_chain
from tests.printing.pdfs import digits, flat
from tests.store.helpers import PASSPHRASE, make_cli_folder, make_vault
from tests.store.helpers import backa_process as _backa

CHILD_PNR = "201701012385"
GUARDIAN_PNRS = ("198501012382", "198001012395")
TODAY = date(2026, 11, 23)
CONCERN = "Barnet sa att hon inte vågar gå hem på fredagar."


@dataclass(frozen=True)
class Family:
    child_id: str
    plan_id: str
    barnkontakt_id: str
    stodsamordnare_id: str
    kurator_id: str
    barnkontakt_record: str


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    vault, _ = make_vault(tmp_path / "folder")
    with vault.unlock(PASSPHRASE) as s:
        yield s


@pytest.fixture
def registry() -> FormRegistry:
    return FormRegistry.load(default_forms_dir())


def _staff(
    session: Session,
    name: str,
    title: str,
    unit_id: str,
    phone: str,
    roles: list[str] | None = None,
) -> str:
    return session.repo.create(
        RecordType.STAFF,
        {
            "name": name,
            "title": title,
            "unit_id": unit_id,
            "phone": phone,
            "email": f"{name.split()[0].lower()}@exempel.se",
            "roles": roles or ["barnkontakt"],
        },
    ).id


def _family(session: Session, n_actions: int = 20) -> Family:
    repo = session.repo
    skola = repo.create(
        RecordType.UNIT, {"name": "Backaskolan", "verksamhet": "skola", "phone": "0411-57 70 00"}
    ).id
    bup = repo.create(RecordType.UNIT, {"name": "BUP Ystad", "verksamhet": "bup"}).id
    bk = _staff(session, "Lena Ängström", "Rektor", skola, "0411-57 70 01")
    ss = _staff(session, "Kalle Öst", "Skolkurator", skola, "0411-57 70 12", ["stodsamordnare"])
    kurator = _staff(session, "Örjan Ström", "Psykolog", bup, "0411-99 99 99")
    child = repo.create(
        RecordType.CHILD,
        {
            "given_names": "Åsa",
            "family_name": "Öberg",
            "identity": CHILD_PNR,
            "birth_date": "2017-01-01",
            "unit_id": skola,
            "status": "individuellt_barnteam",
            "guardians": [
                {
                    "name": "Märta Öberg",
                    "identity": GUARDIAN_PNRS[0],
                    "relation": "mamma",
                    "phone": "070-000 00 01",
                },
                {"name": "Per Öberg", "identity": GUARDIAN_PNRS[1], "relation": "pappa"},
            ],
        },
    ).id
    assignment = repo.create(
        RecordType.BARNKONTAKT,
        BarnkontaktAssignment(
            child_id=child, staff_id=bk, unit_id=skola, valid_from=date(2023, 8, 21)
        ).model_dump(mode="json"),
        child_id=child,
    ).id
    plan = BarnetsPlan(
        child_id=child,
        reason="Åsa är ofta ensam på rasterna och vill inte gå till skolan.",
        need_ids=[Need.TRYGGHET, Need.TILLHORIGHET],
        goals=["Jag vill ha någon att vara med på rasten.", "Jag vill våga gå till skolan."],
        child_view="Det är tråkigt när ingen vill leka.",
        guardians_view="Vi vill att Åsa ska känna sig trygg i skolan.",
        expected_outcome="Att Åsa går till skolan varje dag.",
        contingency="Om det inte blir bättre träffas vi tidigare.",
        participants=[
            Participant(name="Åsa"),
            Participant(name="Märta Öberg"),
            Participant(staff_id=bk),
        ],
        responsible_huvudman="Ystads kommun",
        responsible_unit_id=skola,
        next_follow_up_on=date(2027, 1, 15),
        next_follow_up_place="Backaskolan, rum 12",
        stodsamordnare_staff_id=ss,
        follow_ups=[FollowUpMeeting(held_on=date(2026, 10, 1), notes="Planen gjordes.")],
    )
    plan_id = repo.create(RecordType.PLAN, plan.model_dump(mode="json"), child_id=child).id
    for i in range(n_actions):
        who = {"responsible_staff_id": kurator} if i % 2 else {"responsible_name": "Pappa"}
        repo.create(
            RecordType.PLAN_ACTION,
            PlanAction.model_validate(
                {
                    "plan_id": plan_id,
                    "what": f"Insats nummer {i + 1}: rastaktivitet med vuxen",
                    "due_on": (date(2026, 12, 1) + timedelta(days=7 * i)).isoformat(),
                    "status": "pagaende" if i % 3 else "planerad",
                    "order": i,
                    **who,
                }
            ).model_dump(mode="json"),
            child_id=child,
        )
    return Family(child, plan_id, bk, ss, kurator, assignment)


def _card(session: Session, registry: FormRegistry, child_id: str) -> str:
    form = registry.get("upptackarkort", 1)
    return session.repo.create(
        RecordType.FORM_RESPONSE,
        {
            "form_id": "upptackarkort",
            "form_version": 1,
            "content_hash": form.content_hash,
            "child_id": child_id,
            "status": "signed",
            "signed_by": session.me_id,
            "signed_at": "2026-09-14T09:00:00+00:00",
            "occasion_date": "2026-09-14",
            "answers": {
                "situation": "Rasten på skolgården, Åsa stod ensam.",
                "omsorg.uppfyllt": "uppfyllt",
                "trygghet.uppfyllt": "inte_uppfyllt",
                "halsa.uppfyllt": "vet_inte",
            },
            "comments": {"trygghet": "Säger att hon är rädd för äldre elever."},
        },
        child_id=child_id,
    ).id


def test_plan_pdf_from_the_store_has_goals_actions_contacts_and_is_audited(
    session: Session, tmp_path: Path, registry: FormRegistry
) -> None:
    family = _family(session)
    _card(session, registry, family.child_id)
    out = tmp_path / "ut" / "plan.pdf"
    before = len(session.audit.events(child_id=family.child_id))
    result = print_document(session, "plan", "20170101-2385", out, today=TODAY, registry=registry)
    assert result.path == out and result.child_id == family.child_id
    assert [p.name for p in out.parent.iterdir()] == ["plan.pdf"]
    pdf = out.read_bytes()
    text = flat(pdf)
    assert "Barnets plan för Åsa Öberg" in text and "Utskriven 2026-11-23" in text
    assert "Jag vill ha någon att vara med på rasten." in text
    assert "Jag vill våga gå till skolan." in text
    for i in range(20):
        assert f"Insats nummer {i + 1}: rastaktivitet med vuxen" in text
    assert "Örjan Ström" in text and "BUP Ystad" in text and "Pappa" in text
    assert "2026-12-01" in text and (date(2026, 12, 1) + timedelta(days=7 * 19)).isoformat() in text
    assert "Lena Ängström" in text and "0411-57 70 01" in text  # Barnkontakt
    assert "Kalle Öst" in text and "0411-57 70 12" in text  # Stödsamordnare
    assert "2027-01-15" in text and "Backaskolan, rum 12" in text
    assert "Ystads kommun, Backaskolan" in text
    assert "20170101-2385" in text
    all_digits = digits(pdf)
    for guardian in GUARDIAN_PNRS:
        assert guardian[2:] not in all_digits
    assert "TRYGGHET" in text  # the compass, labelled from forms/

    events = session.audit.events(child_id=family.child_id)
    assert len(events) == before + 1
    assert events[-1].action == "print" and '"plan"' in events[-1].detail
    assert "Åsa" not in events[-1].detail and str(out) not in events[-1].detail
    assert verify_chain(session.db) == []


def test_plan_follows_the_barnkontakt_handover(session: Session, tmp_path: Path) -> None:
    family = _family(session, n_actions=2)
    old = BarnkontaktAssignment.model_validate(session.repo.require(family.barnkontakt_record).body)
    ended, started = handover(
        old,
        to_staff_id=family.kurator_id,
        to_unit_id="bup",
        on=date(2026, 8, 1),
        note="Åsa tycker om att rita.",
    )
    session.repo.update(family.barnkontakt_record, ended.model_dump(mode="json"))
    session.repo.create(
        RecordType.BARNKONTAKT, started.model_dump(mode="json"), child_id=family.child_id
    )
    history = session.repo.history(family.barnkontakt_record)
    assert [h.body["valid_to"] for h in history] == [None, "2026-07-31"]
    text = flat(render_document(session, DocumentKind.PLAN, family.child_id, today=TODAY))
    assert "Örjan Ström" in text.split("Här når ni oss")[1]
    assert "Lena Ängström" not in text.split("Här når ni oss")[1].split("Stödsamordnare")[0]
    old_day = flat(
        render_document(session, DocumentKind.PLAN, family.child_id, today=date(2026, 7, 31))
    )
    assert "Lena Ängström" in old_day.split("Här når ni oss")[1]


def test_form_summary_uses_the_form_wording(
    session: Session, tmp_path: Path, registry: FormRegistry
) -> None:
    family = _family(session, n_actions=1)
    _card(session, registry, family.child_id)
    out = tmp_path / "kort.pdf"
    print_document(session, DocumentKind.CARD, family.child_id, out, today=TODAY, registry=registry)
    text = flat(out.read_bytes())
    assert "Upptäckarkort – sammanfattning" in text
    assert "Rasten på skolgården, Åsa stod ensam." in text
    assert "Är barnets behov uppfyllt? Nej" in text
    assert "Säger att hon är rädd för äldre elever." in text
    assert "upptackarkort, version 1" in text
    with pytest.raises(DocumentError, match="inget signerat samtal"):
        print_document(session, DocumentKind.TALK, family.child_id, tmp_path / "t.pdf")


def test_orosanmalan_needs_no_consent_and_stays_out_of_guardian_documents(
    session: Session, tmp_path: Path
) -> None:
    family = _family(session, n_actions=2)
    assert session.repo.find(RecordType.CONSENT, child_id=family.child_id) == []
    report = create_orosanmalan(
        session,
        family.child_id,
        CONCERN,
        concern_indicator_ids=["trygghet.otrygg_hemma"],
        acute_danger=True,
        today=TODAY,
    )
    out = tmp_path / "anmalan.pdf"
    print_document(session, DocumentKind.OROSANMALAN, CHILD_PNR, out, today=TODAY)
    text = flat(out.read_bytes())
    assert "Anmälan till socialnämnden" in text and CONCERN in text
    assert "JA – barnet kan vara i akut fara" in text
    assert "socialtjänstlagen (2025:400)" in text and "14 kap. 1 §" not in text
    assert "Märta Öberg" in text  # social services get the guardians' details

    guardian_docs = [
        render_document(session, DocumentKind.PLAN, family.child_id, today=TODAY),
        render_document(
            session, DocumentKind.PLAN, family.child_id, today=TODAY, child_version=True
        ),
        render_document(session, DocumentKind.CONSENT_SHEET, family.child_id, today=TODAY),
        render_document(session, DocumentKind.EXTRACT, family.child_id, today=TODAY),
    ]
    for pdf in guardian_docs:
        lowered = flat(pdf).lower()
        assert CONCERN.lower() not in lowered
        assert report.id not in lowered
    extract = build_register_extract(session, family.child_id, include_orosanmalan=True)
    assert report.id in [r.record_id for r in extract.records]


def test_someone_elses_report_is_not_printed_for_me(session: Session, tmp_path: Path) -> None:
    family = _family(session, n_actions=1)
    other = session.repo.create(
        RecordType.OROSANMALAN,
        {
            "child_id": family.child_id,
            "concern": CONCERN,
            "reporter_staff_id": family.kurator_id,
            "reporter_unit_id": "bup",
            "created_on": "2026-11-20",
            "legal_reference_id": "sol-2025-400",
            "legal_reference": "SoL (2025:400)",
            "legal_reference_table_version": "x",
        },
        child_id=family.child_id,
    )
    with pytest.raises(DocumentError, match="rätt att se"):
        print_document(session, DocumentKind.OROSANMALAN, family.child_id, tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()
    extract = build_register_extract(session, family.child_id, include_orosanmalan=True)
    assert other.id not in [r.record_id for r in extract.records]
    assert extract.notes  # says that something was left out for a secrecy review


def test_register_extract_has_every_record_and_the_audit_rows(
    session: Session, tmp_path: Path
) -> None:
    family = _family(session, n_actions=3)
    render_document(session, DocumentKind.PLAN, family.child_id, today=TODAY)
    out = tmp_path / "utdrag.pdf"
    print_document(
        session, DocumentKind.EXTRACT, family.child_id, out, today=TODAY, requested_by="Märta Öberg"
    )
    text = flat(out.read_bytes())
    ids = [r.id for r in session.repo.find(child_id=family.child_id)]
    assert len(ids) == 1 + 1 + 1 + 3  # child, Barnkontakt, plan, three actions
    for record_id in ids:  # a letter to a family carries no internal ids
        assert record_id not in text
    # each entry numbered, with its kind and date: what the family quotes when asking for a
    # correction, and how staff find the record in the timeline
    for number in range(1, len(ids) + 1):
        assert re.search(rf"\b{number}\. [^–\d]{{3,60}} – \d{{4}}-\d{{2}}-\d{{2}}", text), number
    assert "Barnets plan – " in text
    assert "Märta Öberg" in text and "Begärt av" in text
    # the log in words: who did what to which record, at a local date and minute
    assert "förhandsgranskade" in text and "skrev in Barnets plan" in text
    assert re.search(r"\d{4}-\d{2}-\d{2} kl\. \d{2}:\d{2}", text)


def test_register_extract_reads_like_a_letter_and_hides_what_it_leaves_out(
    session: Session, registry: FormRegistry
) -> None:
    from backa_desktop.services import workflow
    from tests.services.workflow_helpers import filled

    family = _family(session, n_actions=1)
    unit_ids = [r.id for r in session.repo.find(RecordType.UNIT)]
    staff_ids = [r.id for r in session.repo.find(RecordType.STAFF)]
    rating = registry.get("skattning")
    answers = filled(rating, family.child_id, person=family.barnkontakt_id, unit=unit_ids[0])
    workflow.sign_form(session, rating, answers, co_signer=family.kurator_id)
    workflow.decide(session, family.child_id, "barnteam", "Vi samlar barnteamet.",
                    notify_upptackare=family.kurator_id)
    before = flat(render_document(session, DocumentKind.EXTRACT, family.child_id,
                                  today=TODAY, registry=registry))
    create_orosanmalan(session, family.child_id, CONCERN, today=TODAY)
    pdf = render_document(session, DocumentKind.EXTRACT, family.child_id, today=TODAY,
                          registry=registry)
    text = flat(pdf)
    # the forms' own headings and answer labels, not stored keys
    assert "Skattningsformulär för personal" in text
    assert "Barnet blir inte retat, utfryst eller illa behandlat av andra. 4" in text
    assert "inte_illa_behandlat" not in text and "Svar." not in text
    # people and units by name; no field names and no staff or unit ids
    assert "Besked till upptäckaren Örjan Ström" in text
    assert "Beslut: Barnteam" in text and "Medbedömare Örjan Ström" in text
    assert "notify_upptackare" not in text and not re.search(r"\b[a-z]+_[a-z_]+\b", text)
    assert not re.search(r"\d{4}-\d{2}-\d{2}T\d{2}", text)  # moments as local date and time
    assert "signed" not in text and "Occasion" not in text
    for some_id in unit_ids + staff_ids:
        assert some_id not in text
    # the report of concern leaves no trace: no entry, no log row, no note that appears
    # only when something was left out
    assert "rosanm" not in text and CONCERN not in text
    assert text.count("prövas för sig") == before.count("prövas för sig") == 1
    assert text.count("skrev in") == before.count("skrev in")


def test_register_extract_names_the_guardians_who_answered_and_consented(
    session: Session, registry: FormRegistry
) -> None:
    from backa_desktop.domain.consent import Consent, ConsentParty, ConsentType
    from backa_desktop.services import consents, workflow
    from tests.services.workflow_helpers import filled

    family = _family(session, n_actions=1)
    unit = session.repo.find(RecordType.UNIT)[0].id
    five = registry.get("fem_fragor")
    answers = filled(five, family.child_id, person=family.barnkontakt_id, unit=unit, overrides={
        "fraga_3@guardian_1": "Mamma tycker att det har blivit bättre.",
        "fraga_3@guardian_2": "Pappa är orolig för rasterna.",
    })
    workflow.sign_form(session, five, answers)
    consents.record_consent(session, Consent(
        child_id=family.child_id, party=ConsentParty.VARDNADSHAVARE_2,
        type=ConsentType.SKRIFTLIGT, scopes=[ConsentScope.BARNTEAM],
        obtained_by=family.barnkontakt_id, given_on=TODAY,
    ))
    text = flat(render_document(session, DocumentKind.EXTRACT, family.child_id, today=TODAY,
                                registry=registry))
    # the answers and the consent name the guardian, as the form screen does
    assert "(Märta Öberg) Mamma tycker" in text and "(Per Öberg) Pappa är orolig" in text
    assert "Vem Per Öberg" in text
    assert "(Vårdnadshavare" not in text and "Vem Vårdnadshavare" not in text


def test_consent_sheet_lists_the_team_and_has_no_guardian_numbers(session: Session) -> None:
    family = _family(session, n_actions=1)
    doc = build_consent_sheet(session, family.child_id, scopes=[ConsentScope.BARNTEAM], today=TODAY)
    assert [s.recipient for s in doc.shares] == ["Barnteamet på Backaskolan"]
    assert doc.guardian_names == ["Märta Öberg", "Per Öberg"]
    pdf = render_document(session, DocumentKind.CONSENT_SHEET, family.child_id, today=TODAY)
    text = flat(pdf)
    assert "Individuellt barnteam" in text or "individuella barnteam" in text
    assert "Vårdnadshavare 2: Per Öberg" in text
    for guardian in GUARDIAN_PNRS:
        assert guardian[2:] not in digits(pdf)


def test_unknown_child_and_missing_plan_say_so(session: Session, tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="Hittade inget barn"):
        print_document(session, DocumentKind.PLAN, "201701012393", tmp_path / "x.pdf")
    child = session.repo.create(
        RecordType.CHILD,
        {
            "given_names": "Nils",
            "family_name": "Holm",
            "identity": "201701012393",
            "birth_date": "2017-01-01",
        },
    ).id
    with pytest.raises(DocumentError, match="ingen Barnets plan"):
        print_document(session, DocumentKind.PLAN, child, tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_backa_print_on_the_command_line(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    make_cli_folder(folder, "demo-backa-fras", name="Demo Användare", demo=True)
    from backa_desktop.services import demo
    from backa_desktop.services.vault import Vault

    # Filled in-process: `backa demo` has its own test (tests/test_cli.py); here only the
    # `print` commands run as processes.
    with Vault(folder).unlock("demo-backa-fras") as s:
        demo.generate(s, 60)
        row = s.db.query(
            "SELECT c.identity, c.record_id FROM children c JOIN records r"
            " ON r.child_id = c.record_id AND r.type = 'plan' LIMIT 1"
        )[0]
    identity, child_id = str(row[0]), str(row[1])
    out = tmp_path / "plan.pdf"
    done = _backa(folder, "print", "plan", identity, "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "Skrev" in done.stdout and out.read_bytes().startswith(b"%PDF")
    assert "Barnets plan för" in flat(out.read_bytes())
    child = _backa(folder, "print", "plan", child_id, "--barn", "--out", str(tmp_path / "b.pdf"))
    assert child.returncode == 0 and "Min plan" in flat((tmp_path / "b.pdf").read_bytes())
    missing = _backa(folder, "print", "concern", identity, "--out", str(tmp_path / "c.pdf"))
    assert missing.returncode == 2 and "orosanmälan" in missing.stderr
    assert not (tmp_path / "c.pdf").exists()
    unknown = _backa(folder, "print", "plan", "19000101-0000", "--out", str(tmp_path / "u.pdf"))
    assert unknown.returncode == 2 and "Hittade inget barn" in unknown.stderr


def test_orosanmalan_gives_social_services_a_number_to_call_back(session: Session) -> None:
    family = _family(session, n_actions=1)
    create_orosanmalan(session, family.child_id, CONCERN, today=TODAY)
    text = flat(render_document(session, DocumentKind.OROSANMALAN, family.child_id, today=TODAY))
    assert "Telefon ____" in text  # neither the reporter nor the unit has a number on file
    assert "Adress" not in text  # no guardian's address is known: no empty column
    unit_id = str(session.me()["unit_id"])
    unit = session.repo.require(unit_id)
    session.repo.update(unit_id, {**unit.body, "phone": "0411-12 34 56"})
    text = flat(render_document(session, DocumentKind.OROSANMALAN, family.child_id, today=TODAY))
    assert "Telefon 0411-12 34 56" in text  # the reporting unit's switchboard
