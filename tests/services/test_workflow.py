"""The stödprocess use cases on a real encrypted folder: cards, Fem frågor, ratings, Rätta."""

from __future__ import annotations

from pathlib import Path

import pytest

from backa_desktop.domain import form_engine
from backa_desktop.domain.form_engine import ResponseInvalidError
from backa_desktop.domain.forms import MSG_CO_SIGNER_IS_SIGNER
from backa_desktop.domain.process import ChildStatus
from backa_desktop.domain.records import RecordType
from backa_desktop.services import overview, timeline, workflow
from backa_desktop.services.children import get_child
from tests.services.workflow_helpers import PASSPHRASE, Folder, filled, make_folder, registry


@pytest.fixture
def folder(tmp_path: Path) -> Folder:
    return make_folder(tmp_path / "data")


def _card(folder: Folder, **overrides: object):  # type: ignore[no-untyped-def]
    definition = registry().get("upptackarkort")
    return definition, filled(
        definition,
        folder.child,
        person=folder.upptackare,
        unit=folder.unit,
        overrides={
            "trygghet.uppfyllt": "inte_uppfyllt",
            "vh2.informerad": None,
            "vh2.samtycke": None,
            **overrides,
        },
    )


def test_card_with_consent_names_the_child_and_colours_the_compass(folder: Folder) -> None:
    definition, response = _card(folder)
    with folder.vault.unlock(PASSPHRASE) as s:
        result = workflow.submit_upptackarkort(s, definition, response, draft="k")
        assert not result.anonymous
        assert result.record.child_id == folder.child
        assert result.record.body["status"] == "signed"
        forms = {(f.id, f.version): f for f in registry().all_forms()}
        ov = overview.child_overview(s, folder.child, forms, overview.load_directory(s))
    assert ov.need_status["trygghet"] == "inte_uppfyllt"
    assert ov.need_status["omsorg"] == "uppfyllt"


def test_card_without_consent_travels_without_identity(folder: Folder) -> None:
    definition, response = _card(folder, **{"vh1.samtycke": False})
    with folder.vault.unlock(PASSPHRASE) as s:
        result = workflow.submit_upptackarkort(s, definition, response)
        assert result.anonymous
        stored = s.repo.require(result.record.id)
        assert stored.child_id is None
        assert stored.body["child_id"] == workflow.ANONYMOUS_CHILD
        assert "201701012393" not in str(stored.body)
        # only this device remembers which child it was, in the never-synced drafts table
        entries = timeline.timeline_entries(s, folder.child, overview.load_directory(s), {})
    assert [e.kind for e in entries if e.record_id == result.record.id] == ["anonymous_card"]


def test_second_guardian_saying_no_is_no_consent(folder: Folder) -> None:
    definition, response = _card(folder, **{"vh2.informerad": True, "vh2.samtycke": False})
    assert not workflow.card_consent(definition, dict(response.answers))


def test_fem_fragor_prefills_unmet_needs_and_moves_status(folder: Folder) -> None:
    card_def, card = _card(folder)
    fem = registry().get("fem_fragor")
    compass = registry().compass()
    with folder.vault.unlock(PASSPHRASE) as s:
        workflow.submit_upptackarkort(s, card_def, card)
        context = workflow.fem_fragor_context(s, card_def, compass, folder.child)
        start = form_engine.new_response(fem, folder.child, context)
        assert start.answers["fraga_1"] == compass.label(compass.needs[1].id)  # TRYGGHET
        response = filled(
            fem,
            folder.child,
            person=folder.upptackare,
            unit=folder.unit,
            overrides={"beslut": "barnkontakt", "beslut.atgard": None, "beslut.uppfoljning": None},
        )
        _form, decision, status = workflow.decide_from_fem_fragor(s, fem, response)
        assert status is ChildStatus.UPPTACKT
        assert decision.body["source_record_id"] == _form.id
        _rec, profile = get_child(s, folder.child)
    assert profile.status is ChildStatus.UPPTACKT


def test_orosanmalan_changes_no_status_and_is_staff_only(folder: Folder) -> None:
    with folder.vault.unlock(PASSPHRASE) as s:
        _d, status = workflow.decide(
            s, folder.child, "orosanmalan", "Misstanke om att barnet far illa."
        )
        assert status is None
        report = workflow.create_orosanmalan(s, folder.child, "Barnet berättade om slag.")
        entries = timeline.timeline_entries(s, folder.child, overview.load_directory(s), {})
    oros = [e for e in entries if e.record_id == report.id]
    assert oros and oros[0].staff_only
    with pytest.raises(workflow.WorkflowError), folder.vault.unlock(PASSPHRASE) as s:
        workflow.create_orosanmalan(s, folder.child, "   ")


def test_only_trained_staff_sign_a_rating_and_never_with_themselves(tmp_path: Path) -> None:
    untrained = make_folder(tmp_path / "u", trained=False)
    definition = registry().get("skattning")
    response = filled(
        definition,
        untrained.child,
        person=untrained.colleague,
        unit=untrained.unit,
        overrides={"skattare": untrained.upptackare},
    )
    with untrained.vault.unlock(PASSPHRASE) as s, pytest.raises(workflow.NotTrained):
        workflow.sign_form(s, definition, response)
    trained = make_folder(tmp_path / "t")
    selfie = filled(definition, trained.child, person=trained.upptackare, unit=trained.unit)
    with trained.vault.unlock(PASSPHRASE) as s, pytest.raises(ResponseInvalidError) as caught:
        workflow.sign_form(s, definition, selfie)
    # the one co-signer rule, shown at the co-signer's field
    assert {k: m.key for k, m in caught.value.errors.items()} == {
        definition.co_signer_item: MSG_CO_SIGNER_IS_SIGNER
    }


def test_rating_with_co_rater_gives_means_per_need_on_the_compass(folder: Folder) -> None:
    definition = registry().get("skattning")
    overrides = {
        "skattare": folder.upptackare,
        "arbetskollega": folder.colleague,
        "omsorg.hemmiljo": 2,
        "omsorg.extra_stod": "vet_ej",
    }
    response = filled(
        definition, folder.child, person=folder.upptackare, unit=folder.unit, overrides=overrides
    )
    with folder.vault.unlock(PASSPHRASE) as s:
        record = workflow.sign_form(s, definition, response)
        assert record.body["co_signer"] == folder.colleague
        forms = {(f.id, f.version): f for f in registry().all_forms()}
        ov = overview.child_overview(s, folder.child, forms, overview.load_directory(s))
    [occasion] = ov.occasions
    [series] = occasion.raters
    assert (series.label, series.co_label) == ("Ulla Upptäckare", "Kalle Kollega")
    omsorg_items = [
        i
        for i in definition.items()
        if i.need and i.need.value == "omsorg" and i.kind == "scale_1_5"
    ]
    expected = (2 + 4 * (len(omsorg_items) - 2)) / (len(omsorg_items) - 1)
    assert series.means["omsorg"] == pytest.approx(expected, abs=0.01)
    assert series.means["trygghet"] == 4


def test_correction_points_at_the_original_and_replaces_it(folder: Folder) -> None:
    definition, response = _card(folder)
    with folder.vault.unlock(PASSPHRASE) as s:
        original = workflow.submit_upptackarkort(s, definition, response).record
        draft = workflow.start_correction(s, definition, original.id)
        assert draft.corrects == original.id
        fixed = draft.model_copy(
            update={"answers": {**draft.answers, "halsa.uppfyllt": "vet_inte"}}
        )
        corrected = workflow.sign_form(s, definition, fixed)
        assert corrected.body["corrects"] == original.id
        assert s.repo.require(original.id).body == original.body  # the signed one never changes
        forms = {(f.id, f.version): f for f in registry().all_forms()}
        directory = overview.load_directory(s)
        ov = overview.child_overview(s, folder.child, forms, directory)
        entries = timeline.timeline_entries(s, folder.child, directory, forms)
    assert ov.need_status["halsa"] == "vet_inte"
    flags = {e.record_id: (e.corrected, e.corrects) for e in entries if e.kind == "form"}
    assert flags[original.id] == (True, "")
    assert flags[corrected.id] == (False, original.id)


def test_drafts_survive_reopening_the_folder(folder: Folder) -> None:
    definition, response = _card(folder)
    key = workflow.draft_key(definition.id, folder.child)
    with folder.vault.unlock(PASSPHRASE) as s:
        workflow.save_draft(s, key, response)
    with folder.vault.unlock(PASSPHRASE) as s:
        loaded = workflow.load_draft(s, key)
        assert loaded is not None and loaded[0] == response
        workflow.sign_form(s, definition, loaded[0], draft=key)
        assert workflow.load_draft(s, key) is None
        assert s.repo.find(RecordType.FORM_RESPONSE, child_id=folder.child)


def test_opening_a_child_again_shows_what_changed_since(folder: Folder) -> None:
    """The child's page reuses what it parsed and worded at the last opening only for
    records that read back unchanged: a new card, a correction (which marks the original
    as corrected) and an edited note all show on the next opening."""
    definition, response = _card(folder)
    forms = {(f.id, f.version): f for f in registry().all_forms()}
    with folder.vault.unlock(PASSPHRASE) as s:
        directory = overview.load_directory(s)
        original = workflow.submit_upptackarkort(s, definition, response).record
        note = s.repo.create(
            RecordType.NOTE,
            {"child_id": folder.child, "happened_on": "2026-01-02", "text": "före"},
            child_id=folder.child,
        )
        ov, entries = timeline.child_page(s, folder.child, forms, directory)
        assert ov.need_status["halsa"] != "vet_inte"
        flags = {e.record_id: e.corrected for e in entries if e.kind == "form"}
        assert flags == {original.id: False}

        draft = workflow.start_correction(s, definition, original.id)
        fixed = draft.model_copy(
            update={"answers": {**draft.answers, "halsa.uppfyllt": "vet_inte"}}
        )
        corrected = workflow.sign_form(s, definition, fixed)
        s.repo.update(note.id, {**note.body, "text": "efter"})
        ov, entries = timeline.child_page(s, folder.child, forms, directory)
        # the same page built from nothing cached: a fresh session
    with folder.vault.unlock(PASSPHRASE) as fresh:
        cold_ov, cold_entries = timeline.child_page(fresh, folder.child, forms, directory)
    assert ov.need_status["halsa"] == "vet_inte"
    flags = {e.record_id: e.corrected for e in entries if e.kind == "form"}
    assert flags == {original.id: True, corrected.id: False}
    assert [e.summary for e in entries if e.record_id == note.id] == ["efter"]
    assert entries == cold_entries
    assert ov == cold_ov
