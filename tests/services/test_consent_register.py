"""One consent register: the consents a signed form records reach the register that
Samtycken, the decisions and the central store read; withdrawal and a new consent the same
day are read from all consents in force."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from backa_desktop.domain.consent import ConsentParty, ConsentScope, ConsentType
from backa_desktop.domain.records import RecordType
from backa_desktop.services import consents, workflow
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
