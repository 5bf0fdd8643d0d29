"""Family documents of a child with protected identity (skyddad identitet), printed from a
real encrypted folder and read back from the PDF: no unit, school, meeting place, huvudman or
unit switchboard on what the family takes home; the same child without protection still
gets them (so the check can fail)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from backa_desktop.printing import render_consent_sheet
from backa_desktop.services.documents import DocumentKind, build_consent_sheet, render_document
from backa_desktop.services.forms import FormRegistry, default_forms_dir
from backa_desktop.services.vault import Session
from tests.printing.pdfs import flat
from tests.services import protected_family as pf
from tests.store.helpers import PASSPHRASE, make_vault

TODAY = date(2026, 11, 23)
FAMILY_DOCUMENTS = (DocumentKind.PLAN, DocumentKind.CONSENT_SHEET, DocumentKind.LEAFLET,
                    DocumentKind.CARD)


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    vault, _ = make_vault(tmp_path / "folder")
    with vault.unlock(PASSPHRASE) as s:
        yield s


@pytest.fixture(scope="module")
def registry() -> FormRegistry:
    return FormRegistry.load(default_forms_dir())


def _texts(session: Session, registry: FormRegistry, protected: bool) -> dict[str, str]:
    child = pf.protected_child(session, protected=protected)
    # the card is signed by someone of another unit, and names the child's school as receiver
    pf.signed_card(session, registry, child.child_id, child.school_id, signer=None)
    texts = {}
    for kind in FAMILY_DOCUMENTS:
        pdf = render_document(session, kind, child.child_id, today=TODAY, registry=registry)
        texts[kind.value] = flat(pdf)
        # the PDF's own title: a viewer shows it in its window title
        texts[f"{kind.value}-title"] = str(PdfReader(io.BytesIO(pdf)).metadata.title)
    # a sheet that also shares with a named unit outside the team
    texts["consent-sheet-unit"] = flat(render_consent_sheet(build_consent_sheet(
        session, child.child_id, unit_ids=[child.other_unit_id], today=TODAY
    )))
    texts["child-plan"] = flat(render_document(
        session, DocumentKind.PLAN, child.child_id, child_version=True, today=TODAY,
        registry=registry,
    ))
    return texts


def test_family_documents_of_a_protected_child_name_no_unit_or_place(
    session: Session, registry: FormRegistry
) -> None:
    texts = _texts(session, registry, protected=True)
    for kind, text in texts.items():
        for locating in pf.LOCATING:
            assert locating not in text, (kind, locating)
        if kind.endswith("-title"):
            assert pf.GIVEN not in text and pf.FAMILY not in text, (kind, text)
    plan = texts["plan"]
    # what the family needs stays: the child, the plan, whom to call and when they meet
    assert f"{pf.GIVEN} {pf.FAMILY}" in plan and "Jag vill känna mig trygg." in plan
    assert pf.BARNKONTAKT in plan and pf.BARNKONTAKT_PHONE in plan
    assert pf.STAFF_WITHOUT_PHONE in plan and "Samtal varje vecka" in plan
    assert "2027-01-15" in plan
    assert pf.BARNKONTAKT_PHONE in texts["leaflet"]
    assert "En enhet som ger stöd enligt planen" in texts["consent-sheet-unit"]


def test_the_same_documents_without_protection_do_name_the_units(
    session: Session, registry: FormRegistry
) -> None:
    texts = _texts(session, registry, protected=False)
    assert pf.SCHOOL in texts["plan"] and pf.PLACE in texts["plan"]
    assert pf.HUVUDMAN in texts["plan"] and pf.OTHER_UNIT in texts["plan"]
    assert pf.SCHOOL in texts["consent-sheet"] and pf.OTHER_UNIT in texts["consent-sheet-unit"]
    assert pf.SCHOOL in texts["leaflet"]
    assert pf.SCHOOL in texts["card"]  # the receiving unit the card names
    assert pf.FAMILY in texts["plan-title"]


def test_the_inbox_marks_a_protected_childs_rows(session: Session, qapp: object) -> None:
    """A plan action of mine about a protected child: its inbox row carries the mark, and the
    inbox table shows it beside the name; the ordinary child's row has none."""
    from backa_desktop.domain.plan import PlanAction
    from backa_desktop.domain.records import RecordType
    from backa_desktop.services import inbox, overview
    from backa_desktop.ui.inbox_model import InboxModel

    for protected in (True, False):
        child = pf.protected_child(session, protected=protected)
        [plan] = session.repo.find(RecordType.PLAN, child_id=child.child_id)
        session.repo.create(
            RecordType.PLAN_ACTION,
            PlanAction.model_validate(
                {"plan_id": plan.id, "what": f"Ringa ({protected})", "due_on": "2026-12-01",
                 "order": 1, "responsible_staff_id": session.me_id}
            ).model_dump(mode="json"),
            child_id=child.child_id,
        )
    items = inbox.inbox(session, overview.load_directory(session), TODAY)
    marks = {i.text: i.child_protected for i in items if i.kind == "plan_action"}
    assert marks == {"Ringa (True)": True, "Ringa (False)": False}
    model = InboxModel()
    model.set_rows(items)
    names = {model.index(r, 1).data() for r in range(model.rowCount())}
    assert f"{pf.GIVEN} {pf.FAMILY} – Skyddad identitet" in names
    assert f"{pf.GIVEN} {pf.FAMILY}" in names


def test_sync_notices_name_no_protected_child(session: Session) -> None:
    """A conflict on a protected child's profile is listed without the name (the notice says
    "barnet"); the same conflict on an ordinary child names it."""
    from backa_desktop.domain.records import RecordType
    from backa_desktop.services import overview, sync_service

    names = {}
    for protected in (True, False):
        child = pf.protected_child(session, protected=protected)
        session.repo.create(
            RecordType.CONFLICT,
            {"record_id": child.child_id, "field": "family_name", "resolved": False,
             "kept": {"present": True, "value": "A", "author": session.me_id, "device": "x"},
             "incoming": {"present": True, "value": "B", "author": session.me_id,
                          "device": "y"}},
            child_id=child.child_id,
        )
        names[child.child_id] = protected
    conflicts = sync_service.open_conflicts(session, overview.load_directory(session))
    assert {c.child_name for c in conflicts if names[str(c.child_id)]} == {""}
    assert {c.child_name for c in conflicts if not names[str(c.child_id)]} == {
        f"{pf.GIVEN} {pf.FAMILY}"
    }
    rows = sync_service.inbox_with_conflicts(session, overview.load_directory(session))
    assert sorted(r.child_protected for r in rows if r.kind == "conflict") == [False, True]


def test_backa_search_marks_a_protected_child(tmp_path: Path) -> None:
    """The command line's search results carry the mark too (text and --json)."""
    from backa_desktop.services.vault import Vault
    from tests.store.helpers import backa_process, make_cli_folder

    folder = tmp_path / "cli"
    make_cli_folder(folder, "demo-backa-fras", demo=True)
    with Vault(folder).unlock("demo-backa-fras") as s:
        pf.protected_child(s)
        pf.protected_child(s, protected=False)
    text = backa_process(folder, "search", pf.FAMILY)
    assert text.returncode == 0, text.stderr
    lines = [line for line in text.stdout.splitlines() if pf.FAMILY in line]
    assert sorted(line.endswith("[skyddad identitet]") for line in lines) == [False, True]
    found = backa_process(folder, "search", "--json", pf.FAMILY)
    rows = [json.loads(line) for line in found.stdout.splitlines()]
    assert sorted(r["protected_identity"] for r in rows) == [False, True]
