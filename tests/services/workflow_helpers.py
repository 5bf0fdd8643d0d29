"""A real encrypted data folder with a few fictional people, for the stödprocess tests.

Two staff members work on the same folder, as they would on two laptops after a sync: the
Upptäckare (the folder's own user) and a Barnkontakt. `as_user` switches who "I" am.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from backa_desktop.domain import form_engine
from backa_desktop.domain.forms import FormDefinition, FormResponse
from backa_desktop.domain.people import ChildProfile, Guardian
from backa_desktop.domain.records import RecordType
from backa_desktop.services.children import save_child
from backa_desktop.services.forms import FormRegistry, default_forms_dir
from backa_desktop.services.vault import ME_KEY, NewUser, Session, Vault
from backa_desktop.store.settings import set_setting
from tests.store.helpers import TEST_KDF

PASSPHRASE = "rätt lösenfras för test"
CHILD_IDENTITY = "201701012393"  # Skatteverket test series, male, 2017-01-01


@dataclass
class Folder:
    vault: Vault
    upptackare: str
    barnkontakt: str
    colleague: str
    unit: str
    child: str


def make_folder(path: Path, *, trained: bool = True, identity: str = CHILD_IDENTITY) -> Folder:
    """`identity`: another test-series number for Sixten (born 2017-01-01) where several folders
    sync with one central store, which keeps one child per identity number."""
    vault = Vault(path, kdf=TEST_KDF)
    vault.create(
        PASSPHRASE,
        NewUser(
            name="Ulla Upptäckare",
            unit_name="Förskolan Ekorren",
            verksamhet="forskola",
            roles=["upptackare"],
            trained_to_rate=trained,
        ),
    )
    with vault.unlock(PASSPHRASE) as s:
        me = s.me_id
        unit = str(s.me()["unit_id"])
        bk = s.repo.create(
            RecordType.STAFF,
            {
                "name": "Berit Barnkontakt",
                "title": "Rektor",
                "unit_id": unit,
                "roles": ["barnkontakt"],
                "trained_to_rate": True,
            },
        ).id
        colleague = s.repo.create(
            RecordType.STAFF,
            {
                "name": "Kalle Kollega",
                "title": "Förskollärare",
                "unit_id": unit,
                "roles": ["upptackare"],
                "trained_to_rate": True,
            },
        ).id
        profile = ChildProfile(
            given_names="Sixten",
            family_name="Testsson",
            identity=identity,
            birth_date=date(2017, 1, 1),
            unit_id=unit,
            guardians=[Guardian(name="Åsa Testsson", relation="mamma")],
        )
        child = save_child(s, profile).id
        s.repo.create(
            RecordType.BARNKONTAKT,
            {
                "child_id": child,
                "staff_id": bk,
                "unit_id": unit,
                "valid_from": "2020-01-01",
                "valid_to": None,
                "handover_note": "",
            },
            child_id=child,
        )
    return Folder(vault, me, bk, colleague, unit, child)


def as_user(folder: Folder, staff_id: str) -> Session:
    """Open the folder as another staff member (what their laptop shows after a sync)."""
    with folder.vault.unlock(PASSPHRASE) as s, s.db.transaction():
        set_setting(s.db, ME_KEY, staff_id)
    return folder.vault.unlock(PASSPHRASE)


def registry() -> FormRegistry:
    return FormRegistry.load(default_forms_dir())


def filled(
    definition: FormDefinition,
    child_id: str,
    *,
    person: str,
    unit: str,
    overrides: dict[str, Any] | None = None,
) -> FormResponse:
    """A response with every answer slot filled with a valid value, then the overrides."""
    answers: dict[str, Any] = {}
    for slot in form_engine.answer_slots(definition):
        item = slot.item
        value: Any = {
            "need_status": "uppfyllt",
            "scale_1_5": 4,
            "smiley": 4,
            "yes_no": True,
            "text": "Fiktiv text.",
            "date": date.today().isoformat(),
            "person": person,
            "unit": unit,
            "decision": "barnkontakt",
        }.get(item.kind)
        if item.kind == "single_choice":
            value = item.options[0].id
        if item.kind == "multi_choice":
            value = [item.options[0].id]
        answers[slot.key] = value
    answers.update(overrides or {})
    answers = {k: v for k, v in answers.items() if v is not None}
    base = form_engine.new_response(definition, child_id)
    return base.model_copy(update={"answers": answers})
