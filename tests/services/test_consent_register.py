"""One consent register: the consents a signed form records reach the register that
Samtycken, the decisions and the central store read; withdrawal and a new consent the same
day are read from all consents in force."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from backa_desktop.domain.consent import ConsentParty, ConsentScope, ConsentType
from backa_desktop.domain.records import RecordType
from backa_desktop.services import consents, workflow
from backa_desktop.services.documents import DocumentError, DocumentKind, render_document
from tests.services.workflow_helpers import PASSPHRASE, filled, make_folder, registry

V1, V2 = ConsentParty.VARDNADSHAVARE_1, ConsentParty.VARDNADSHAVARE_2


def test_card_with_both_guardians_consent_reaches_the_register(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "data")
    definition = registry().get("upptackarkort")
    card = filled(definition, folder.child, person=folder.upptackare, unit=folder.unit)
    with folder.vault.unlock(PASSPHRASE) as s:
        assert consents.sharing_lines(s, folder.child, for_staff=False) == []  # "Ingenting delas"
        sent = workflow.submit_upptackarkort(s, definition, card)
        rows = consents.consent_rows(s, folder.child)
        assert sorted(r.consent.party for r in rows) == [V1, V2]
        for row in rows:
            assert row.active
            assert row.consent.scopes == [ConsentScope.UPPTACKARKORT]
            assert row.consent.type is ConsentType.MUNTLIGT
            assert row.consent.obtained_by == folder.upptackare
            assert row.consent.given_on == date.today()
            assert row.consent.source_record_id == sent.record.id
            assert row.consent.filed_at.startswith("Upptäckarkort ")
        [line] = consents.sharing_lines(s, folder.child, for_staff=False)
        assert line.scope is ConsentScope.UPPTACKARKORT and line.active
        assert line.parties == [V1, V2]
        assert consents.may_share_now(s, folder.child, ConsentScope.UPPTACKARKORT)
        # the consents are records of the child: they sync like any other
        assert len(s.repo.find(RecordType.CONSENT, child_id=folder.child)) == 2


def test_one_guardian_consent_records_one_party(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "data")
    definition = registry().get("upptackarkort")
    card = filled(definition, folder.child, person=folder.upptackare, unit=folder.unit,
                  overrides={"vh2.informerad": None, "vh2.samtycke": None})
    with folder.vault.unlock(PASSPHRASE) as s:
        workflow.submit_upptackarkort(s, definition, card)
        assert [r.consent.party for r in consents.consent_rows(s, folder.child)] == [V1]


def test_anonymous_card_records_no_consent(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "data")
    definition = registry().get("upptackarkort")
    card = filled(definition, folder.child, person=folder.upptackare, unit=folder.unit,
                  overrides={"vh2.samtycke": False})
    with folder.vault.unlock(PASSPHRASE) as s:
        assert workflow.submit_upptackarkort(s, definition, card).anonymous
        assert consents.consent_rows(s, folder.child) == []
        assert s.repo.find(RecordType.CONSENT) == []


def test_withdrawal_then_new_consent_the_same_day_is_shared(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "data")
    definition = registry().get("upptackarkort")
    card = filled(definition, folder.child, person=folder.upptackare, unit=folder.unit)
    with folder.vault.unlock(PASSPHRASE) as s:
        workflow.submit_upptackarkort(s, definition, card)
        v1 = next(r for r in consents.consent_rows(s, folder.child) if r.consent.party is V1)
        consents.withdraw_consent(s, v1.record_id)
        [line] = consents.sharing_lines(s, folder.child)
        assert not line.active and line.withdrawn_by == [V1]
        assert not consents.may_share_now(s, folder.child, ConsentScope.UPPTACKARKORT)
        again = v1.consent.model_copy(update={"source_record_id": None, "given_on": date.today()})
        consents.record_consent(s, again)
        [line] = consents.sharing_lines(s, folder.child)
        assert line.active and line.parties == [V1, V2] and line.withdrawn_by == []
        assert consents.may_share_now(s, folder.child, ConsentScope.UPPTACKARKORT)


def test_anonymous_card_warns_about_names_and_numbers_and_links_after_consent(
    tmp_path: Path,
) -> None:
    from backa_desktop.domain.consent import Consent
    from backa_desktop.domain.forms import FormResponse
    from backa_desktop.services import anonymous_cards, inbox, overview
    from backa_desktop.services.timeline import timeline_entries

    folder = make_folder(tmp_path / "data")
    definition = registry().get("upptackarkort")
    card = filled(definition, folder.child, person=folder.upptackare, unit=folder.unit,
                  overrides={"vh1.samtycke": False,
                             "situation": "Sixten kom ensam. Mamma Åsa, 20170101-2393.",
                             "egna_atgarder.kommentar": "Pratade med barnet."})
    with folder.vault.unlock(PASSPHRASE) as s:
        leaks = anonymous_cards.card_leaks(s, definition, card)
        assert {(leak.field, leak.what) for leak in leaks} == {
            ("situation", anonymous_cards.NAME), ("situation", anonymous_cards.IDENTITY)}
        # a number that fails the check digit, and words that are no name: nothing
        clean = card.model_copy(update={"answers": {
            **card.answers, "situation": "Trött på morgnarna, 19 barn i gruppen 2024-11-02."}})
        assert anonymous_cards.card_leaks(s, definition, clean) == []
        # with consent the card carries the identity anyway: no warning
        consenting = card.model_copy(update={"answers": {**card.answers, "vh1.samtycke": True}})
        assert anonymous_cards.card_leaks(s, definition, consenting) == []

        sent = workflow.submit_upptackarkort(s, definition, clean)
        assert sent.anonymous
        with pytest.raises(DocumentError):  # `backa print card` finds no card yet
            render_document(s, DocumentKind.CARD, folder.child)
        assert anonymous_cards.linkable_cards(s, folder.child) == [sent.record.id]
        try:
            anonymous_cards.link_card(s, sent.record.id, folder.child)
        except anonymous_cards.CardLinkError as exc:
            assert exc.key == "card.link_needs_consent"
        else:
            raise AssertionError("linked without consent")
        consents.record_consent(s, Consent(
            child_id=folder.child, party=V1, type=ConsentType.MUNTLIGT,
            scopes=[ConsentScope.UPPTACKARKORT], obtained_by=folder.upptackare,
            given_on=date.today()))
        linked = anonymous_cards.link_card(s, sent.record.id, folder.child)
        body = FormResponse.model_validate(linked.body)
        assert linked.child_id == folder.child and body.child_id == folder.child
        assert body.corrects == sent.record.id and body.answers == clean.answers
        assert anonymous_cards.linkable_cards(s, folder.child) == []
        assert workflow.latest_card(s, folder.child) is not None
        assert render_document(s, DocumentKind.CARD, folder.child).startswith(b"%PDF")
        directory = overview.load_directory(s)
        kinds = [e.kind for e in timeline_entries(s, folder.child, directory, {})]
        assert "anonymous_card" not in kinds
    # the Barnkontakt now gets the card about the child
    from tests.services.workflow_helpers import as_user

    with as_user(folder, folder.barnkontakt) as s:
        items = inbox.inbox(s, overview.load_directory(s))
        assert [(i.kind, i.record_id) for i in items] == [("new_card", linked.id)]


def test_a_child_in_barnteam_without_consent_is_flagged_in_who_can_see(tmp_path: Path) -> None:
    from backa_desktop.domain.consent import Consent
    from backa_desktop.services import overview, visibility

    folder = make_folder(tmp_path / "data")
    with folder.vault.unlock(PASSPHRASE) as s:
        directory = overview.load_directory(s)
        assert visibility.who_can_see_now(s, folder.child, directory).missing == []
        workflow.decide(s, folder.child, "barnteam", "Vi samlar barnteamet.")
        seen = visibility.who_can_see_now(s, folder.child, directory)
        assert seen.missing == [ConsentScope.BARNTEAM]
        assert [(r.name, r.sees) for r in seen.rows] == [("Berit Barnkontakt", True)]
        for kind in (ConsentType.MUNTLIGT, ConsentType.SKRIFTLIGT):  # a team needs written
            consents.record_consent(s, Consent(
                child_id=folder.child, party=V2, type=kind, scopes=[ConsentScope.BARNTEAM],
                obtained_by=folder.barnkontakt, given_on=date.today()))
            missing = visibility.who_can_see_now(s, folder.child, directory).missing
            assert missing == ([] if kind is ConsentType.SKRIFTLIGT else [ConsentScope.BARNTEAM])


def test_a_corrected_card_replaces_the_consents_it_recorded(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "data")
    definition = registry().get("upptackarkort")
    card = filled(definition, folder.child, person=folder.upptackare, unit=folder.unit)
    with folder.vault.unlock(PASSPHRASE) as s:
        first = workflow.submit_upptackarkort(s, definition, card).record
        # "Rätta": the second guardian was never asked after all
        fixed = workflow.start_correction(s, definition, first.id).model_copy(
            update={"answers": {**card.answers, "vh2.informerad": None, "vh2.samtycke": None}})
        second = workflow.submit_upptackarkort(s, definition, fixed).record
        active = [r.consent for r in consents.consent_rows(s, folder.child) if r.active]
        assert [(c.party, c.source_record_id) for c in active] == [(V1, second.id)]
        [line] = consents.sharing_lines(s, folder.child)
        assert line.parties == [V1] and line.withdrawn_by == [V2] and not line.active
        # "Rätta" again: no consent at all, the card goes anonymous and V1's consent ends
        again = workflow.start_correction(s, definition, second.id).model_copy(
            update={"answers": {**fixed.answers, "vh1.samtycke": False}})
        assert workflow.submit_upptackarkort(s, definition, again).anonymous
        assert [r for r in consents.consent_rows(s, folder.child) if r.active] == []
        assert not consents.may_share_now(s, folder.child, ConsentScope.UPPTACKARKORT)
