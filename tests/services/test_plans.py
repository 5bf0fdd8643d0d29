"""Barnets plan, consent, Barnkontakt handover and orosanmälan use cases on real encrypted
folders."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from backa_desktop.domain.consent import Consent, ConsentParty, ConsentScope, ConsentType
from backa_desktop.domain.form_ids import ShippedForm
from backa_desktop.domain.orosanmalan import Observation, OrosanmalanStatus
from backa_desktop.domain.plan import FollowUpMeeting, PlanAction, PlanActionStatus
from backa_desktop.domain.records import RecordType
from backa_desktop.domain.teams import TeamMember, TeamRole
from backa_desktop.services import consents, orosanmalan, plans, teams, workflow
from backa_desktop.services.documents import DocumentKind, render_document
from backa_desktop.services.inbox import inbox
from backa_desktop.services.overview import load_directory
from tests.services.workflow_helpers import PASSPHRASE, Folder, as_user, make_folder

TODAY = date(2026, 3, 2)


@pytest.fixture
def folder(tmp_path: Path) -> Folder:
    return make_folder(tmp_path / "f")


def test_plan_versions_actions_and_tasks(folder: Folder) -> None:
    with folder.vault.unlock(PASSPHRASE) as s:
        directory = load_directory(s)
        view = plans.load_plan(s, folder.child, directory, TODAY)
        assert view.plan_id is None and view.plan.barnkontakt_staff_id == folder.barnkontakt
        plan = view.plan.model_copy(update={"goals": ["Jag vill våga säga vad jag tycker."]})
        record = plans.save_plan(s, plan)
        with pytest.raises(plans.PlanError):
            plans.save_plan(s, plan)  # one plan per child
        plans.save_plan(
            s, plan.model_copy(update={"reason": "Oro för språket."}), record.id,
            expected_revision=1,
        )
        action = plans.add_action(
            s,
            folder.child,
            PlanAction(plan_id=record.id, what="Språkstöd i förskolan",
                       responsible_staff_id=folder.upptackare, responsible_unit_id=folder.unit,
                       due_on=TODAY - timedelta(days=1)),
        )
        other = plans.add_action(
            s, folder.child,
            PlanAction(plan_id=record.id, what="Läsa hemma", responsible_name="Åsa"),
        )
        plans.set_status(s, action.id, PlanActionStatus.PAGAENDE, TODAY)
        plans.remove_action(s, other.id)
        plans.add_meeting(s, record.id, FollowUpMeeting(held_on=TODAY, notes="Bra start."),
                          TODAY + timedelta(days=3), "Ekorren")
        view = plans.load_plan(s, folder.child, directory, TODAY)
        assert [a.action.what for a in view.actions] == ["Språkstöd i förskolan"]
        assert view.actions[0].action.status_changed_on == TODAY
        notes = [n.body["text"] for n in s.repo.find(RecordType.NOTE, child_id=folder.child)]
        assert notes == ["Barnets plan ändrad (version 2).",
                         "Insats: Språkstöd i förskolan – pågående.",
                         "Uppföljningsmöte om Barnets plan 2026-03-02."]
        versions = plans.plan_versions(s, record.id, directory)
        assert [v.revision for v in versions] == [3, 2, 1]
        assert versions[-1].plan is not None and versions[-1].plan.reason == ""
        tasks = plans.plan_tasks(s, TODAY)
        assert [(t.kind, t.text, t.overdue) for t in tasks] == [
            (plans.PLAN_ACTION_DUE, "Språkstöd i förskolan", True)
        ]
        rows = [(i.kind, i.text, i.who) for i in inbox(s, directory, TODAY)
                if i.kind.startswith("plan")]
        assert rows == [(plans.PLAN_ACTION_DUE, "Språkstöd i förskolan", "")]
        pdf = render_document(s, DocumentKind.PLAN, folder.child, today=TODAY)
        assert pdf.startswith(b"%PDF")
    with as_user(folder, folder.barnkontakt) as s:
        tasks = plans.plan_tasks(s, TODAY)  # same unit: the unit's action, and my follow-up
        assert [(t.kind, t.mine) for t in tasks] == [
            (plans.PLAN_ACTION_DUE, False), (plans.PLAN_FOLLOW_UP, True)]


def test_unmet_needs_are_pre_ticked_and_drafts_survive(folder: Folder) -> None:
    from backa_desktop.services.forms import FormRegistry, default_forms_dir
    from tests.services.workflow_helpers import filled

    reg = FormRegistry.load(default_forms_dir())
    card = reg.get("upptackarkort")
    with folder.vault.unlock(PASSPHRASE) as s:
        response = filled(card, folder.child, person=folder.barnkontakt, unit=folder.unit,
                          overrides={"halsa.uppfyllt": "inte_uppfyllt"})
        workflow.submit_upptackarkort(s, card, response)
        assert [n.value for n in plans.unmet_needs(s, folder.child)] == ["halsa"]
        deeper = reg.get(ShippedForm.FORDJUPAD_BEHOVSKOMPASS)
        answer = filled(deeper, folder.child, person=folder.upptackare, unit=folder.unit,
                        overrides={plans.FORDJUPAD_NEEDS_ITEM: ["trygghet", "halsa"]})
        workflow.sign_form(s, deeper, answer)
        assert [n.value for n in plans.unmet_needs(s, folder.child)] == ["trygghet", "halsa"]
        plans.save_plan_draft(s, folder.child, {"reason": "osparat"})
    with folder.vault.unlock(PASSPHRASE) as s:
        view = plans.load_plan(s, folder.child, load_directory(s), TODAY)
        assert view.draft == {"reason": "osparat"}
        assert [n.value for n in view.plan.need_ids] == ["trygghet", "halsa"]


def test_withdrawn_consent_stops_sharing_at_once(folder: Folder) -> None:
    with folder.vault.unlock(PASSPHRASE) as s:
        rec = consents.record_consent(
            s,
            Consent(child_id=folder.child, party=ConsentParty.VARDNADSHAVARE_1,
                    type=ConsentType.SKRIFTLIGT, scopes=[ConsentScope.BARNTEAM],
                    obtained_by=folder.upptackare, filed_at="Pärm A", given_on=TODAY),
        )
        assert consents.may_share_now(s, folder.child, ConsentScope.BARNTEAM, on=TODAY)
        consents.withdraw_consent(s, rec.id, TODAY + timedelta(days=1))
        later = TODAY + timedelta(days=1)
        assert not consents.may_share_now(s, folder.child, ConsentScope.BARNTEAM, on=later)
        lines = consents.sharing_lines(s, folder.child, later)
        assert [(line.recipient, line.active) for line in lines] == [("Barnteamet", False)]
        with pytest.raises(consents.ConsentError):
            consents.withdraw_consent(s, rec.id)
        [note] = s.repo.find(RecordType.NOTE, child_id=folder.child)
        assert note.body["text"] == "Samtycke återkallat av vårdnadshavare 1."


def test_handover_keeps_history_and_team_members(folder: Folder) -> None:
    with folder.vault.unlock(PASSPHRASE) as s:
        result = teams.handover_barnkontakt(
            s, folder.child, to_staff_id=folder.colleague, to_unit_id=folder.unit, on=TODAY,
            note="Barnet börjar skolan.",
        )
        assert result.consent_for_unit  # same unit: no new share
        view = teams.load_teams(s, folder.child, TODAY)
        assert view.current is not None and view.current.assignment.staff_id == folder.colleague
        assert [h.assignment.staff_id for h in view.history] == [folder.barnkontakt,
                                                                  folder.colleague]
        assert view.history[0].assignment.valid_to == TODAY - timedelta(days=1)
        teams.add_team_member(s, folder.child, TeamMember(
            staff_id=folder.barnkontakt, agency="skola", joined_on=TODAY))
        teams.add_team_member(s, folder.child, TeamMember(
            staff_id=folder.colleague, agency="bup", role=TeamRole.MEDLEM, joined_on=TODAY))
        assert teams.load_teams(s, folder.child, TODAY).needs_stodsamordnare
        teams.set_stodsamordnare(s, folder.child, folder.barnkontakt)
        teams.remove_team_member(s, folder.child, folder.colleague, TODAY)
        view = teams.load_teams(s, folder.child, TODAY + timedelta(days=1))
        assert view.team is not None and not view.needs_stodsamordnare
        assert [m.staff_id for m in view.team.active_members(TODAY + timedelta(days=1))] == [
            folder.barnkontakt]
        assert len(view.team.members) == 2  # the ended membership is kept


def test_orosanmalan_without_consent_is_hidden_from_others(folder: Folder) -> None:
    with folder.vault.unlock(PASSPHRASE) as s:
        assert s.repo.find(RecordType.CONSENT, child_id=folder.child) == []
        rec = workflow.create_orosanmalan(s, folder.child, "Barnet berättar om slag.",
                                          today=TODAY)
        orosanmalan.edit_report(s, rec.id, concern="Barnet berättar om slag hemma.",
                             concern_indicator_ids=[], acute_danger=True,
                             observations=[Observation(observed_on=TODAY, text="Blåmärke.")])
        orosanmalan.advance_report(s, rec.id, OrosanmalanStatus.SKICKAD, TODAY)
        with pytest.raises(orosanmalan.OrosanmalanError):
            orosanmalan.edit_report(s, rec.id, concern="x", concern_indicator_ids=[],
                                 acute_danger=False, observations=[])
        rows = orosanmalan.visible_reports(s, folder.child)
        assert rows[0].report.acute_danger and rows[0].report.status is OrosanmalanStatus.SKICKAD
        staff_lines = consents.sharing_lines(s, folder.child, TODAY)
        family_lines = consents.sharing_lines(s, folder.child, TODAY, for_staff=False)
        assert [line.recipient for line in staff_lines] == ["Socialnämnden"]
        assert family_lines == []
    with as_user(folder, folder.colleague) as s:
        assert orosanmalan.visible_reports(s, folder.child) == []
        with pytest.raises(orosanmalan.OrosanmalanError):
            orosanmalan.advance_report(s, rec.id, OrosanmalanStatus.MOTTAGEN, TODAY)


def test_what_the_child_and_guardians_said_is_carried_into_the_plan(folder: Folder) -> None:
    from backa_desktop.domain.plan import BarnetsPlan
    from backa_desktop.services.forms import FormRegistry, default_forms_dir
    from tests.printing.pdfs import flat
    from tests.services.workflow_helpers import filled

    reg = FormRegistry.load(default_forms_dir())
    card, fem = reg.get("upptackarkort"), reg.get("fem_fragor")
    assert card.version >= 2 and fem.version == 2  # the card with the child's own words
    old_card = reg.get("upptackarkort", 1)
    with folder.vault.unlock(PASSPHRASE) as s:
        old = workflow.sign_form(s, old_card, filled(
            old_card, folder.child, person=folder.barnkontakt, unit=folder.unit,
            overrides={"situation": "Ett gammalt kort utan barnets egna ord."}))
        workflow.sign_form(s, card, filled(
            card, folder.child, person=folder.barnkontakt, unit=folder.unit,
            overrides={"barnets_ord": "Jag vill inte gå ut på rasten."}))
        # only the card so far: the child's own words from it
        assert plans.voices(s, folder.child) == ("Jag vill inte gå ut på rasten.", "")
        workflow.sign_form(s, fem, filled(
            fem, folder.child, person=folder.barnkontakt, unit=folder.unit,
            overrides={"fraga_3@child": "Ingen vill leka med mig.",
                       "fraga_3@guardian_1": "Han är ledsen efter skolan.",
                       "fraga_3@guardian_2": ""}))
        directory = load_directory(s)
        view = plans.load_plan(s, folder.child, directory, TODAY)
        assert view.plan_id is None
        assert view.plan.child_view == "Ingen vill leka med mig."
        assert view.plan.guardians_view == "Han är ledsen efter skolan."
        # what a person typed in the plan is kept; only the empty view is filled
        record = plans.save_plan(s, BarnetsPlan(child_id=folder.child, reason="Ensam.",
                                                child_view="Sixten ritade en bild."))
        view = plans.load_plan(s, folder.child, directory, TODAY)
        assert view.plan_id == record.id
        assert view.plan.child_view == "Sixten ritade en bild."
        assert view.plan.guardians_view == "Han är ledsen efter skolan."
        # the old card (version 1) still prints with its own wording
        pdf = render_document(s, DocumentKind.CARD, folder.child, record_id=old.id,
                              registry=reg, today=TODAY)
        assert "Ett gammalt kort utan barnets egna ord." in flat(pdf)
        assert "Vad säger barnet själv?" not in flat(pdf)
        new_card = render_document(s, DocumentKind.CARD, folder.child, registry=reg,
                                   today=TODAY)
        assert "Vad säger barnet själv? Jag vill inte gå ut på rasten." in flat(new_card)


def test_a_preview_opened_again_is_the_same_pdf_and_a_change_renders_anew(
    folder: Folder,
) -> None:
    """The session keeps the last previews' PDFs by what they were made from: the same
    unchanged plan gives the very same bytes (not laid out again), and a change to the plan,
    another language or the child's version gives a PDF of its own with the change in it."""
    import io

    from pypdf import PdfReader

    def text(pdf: bytes) -> str:
        return " ".join(" ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages)
                        .split())

    with folder.vault.unlock(PASSPHRASE) as s:
        view = plans.load_plan(s, folder.child, load_directory(s), TODAY)
        record = plans.save_plan(s, view.plan.model_copy(update={"reason": "Oro för språket."}))
        first = render_document(s, DocumentKind.PLAN, folder.child, today=TODAY)
        assert render_document(s, DocumentKind.PLAN, folder.child, today=TODAY) is first
        child = render_document(s, DocumentKind.PLAN, folder.child, today=TODAY,
                                child_version=True)
        assert child != first
        plans.save_plan(s, view.plan.model_copy(update={"reason": "Oro för sömnen."}),
                        record.id, expected_revision=1)
        changed = render_document(s, DocumentKind.PLAN, folder.child, today=TODAY)
        assert changed is not first
        assert "Oro för sömnen." in text(changed) and "Oro för språket." in text(first)
        previews = [e for e in s.audit.events(child_id=folder.child) if e.action == "preview"]
        assert len(previews) == 4  # every look is audited, rendered or not
