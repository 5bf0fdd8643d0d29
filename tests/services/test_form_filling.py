"""Starting and signing a form by its use: the definition, prefill and use case are chosen
by the service, the screen only names the kind."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from backa_desktop.domain.form_ids import FormUse
from backa_desktop.domain.forms import FormResponse
from backa_desktop.domain.records import Record
from backa_desktop.services import form_filling, workflow
from tests.services.workflow_helpers import PASSPHRASE, filled, make_folder, registry


def test_start_picks_the_definition_for_the_kind(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    with folder.vault.unlock(PASSPHRASE) as s:
        card = form_filling.start_form(
            s, registry(), FormUse.UPPTACKARKORT, folder.child, date(2026, 11, 20)
        )
        # the child was born 2017-01-01: nine years old, the 7-12 underlag
        talk = form_filling.start_form(
            s, registry(), FormUse.SAMTAL, folder.child, date(2026, 11, 20)
        )
    assert (card.definition.id, card.use) == ("upptackarkort", FormUse.UPPTACKARKORT)
    assert card.response.child_id == folder.child
    assert card.child_name == "Sixten Testsson"
    assert card.draft_key == workflow.draft_key("upptackarkort", folder.child)
    assert (talk.definition.id, talk.use) == ("samtal_7_12", FormUse.SAMTAL)


def test_signing_follows_the_forms_use(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    definition = registry().get("upptackarkort")
    response = filled(definition, folder.child, person=folder.upptackare, unit=folder.unit)
    rating = registry().get("skattning")
    rated = filled(
        rating,
        folder.child,
        person=folder.colleague,
        unit=folder.unit,
        overrides={"skattare": folder.upptackare},
    )
    with folder.vault.unlock(PASSPHRASE) as s:
        sent = form_filling.sign(s, definition, response, "")
        stored = form_filling.sign(s, rating, rated, "")
    assert isinstance(sent, workflow.CardResult)  # the card is sent, not only stored
    assert isinstance(stored, Record) and stored.body["form_id"] == "skattning"


def test_a_fem_fragor_ending_in_orosanmalan_asks_for_the_report(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    fem = registry().get("fem_fragor")

    def answered(beslut: str) -> FormResponse:
        return filled(
            fem,
            folder.child,
            person=folder.upptackare,
            unit=folder.unit,
            overrides={"beslut": beslut, "beslut.atgard": None, "beslut.uppfoljning": None},
        )

    with folder.vault.unlock(PASSPHRASE) as s:
        reported = form_filling.sign(s, fem, answered("orosanmalan"), "")
        kept = form_filling.sign(s, fem, answered("barnkontakt"), "")
    assert form_filling.orosanmalan_to_write(reported) == folder.child
    assert form_filling.orosanmalan_to_write(kept) is None
