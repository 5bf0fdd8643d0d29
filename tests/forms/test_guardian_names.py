"""A form's text names the child's guardians (`{vardnadshavare_1}`), or numbers them when the
child's profile has no name for them."""

from __future__ import annotations

import pytest

from backa_desktop.domain.forms import (
    MultiChoiceItem,
    fill_guardians,
    localize_form,
    with_guardians,
)
from backa_desktop.services.forms import FormRegistry

NAMES = ("Märta Öberg", "Per Öberg")


@pytest.mark.parametrize(("text", "names", "language", "expected"), [
    ("Är {vardnadshavare_1} informerad?", NAMES, "sv", "Är Märta Öberg informerad?"),
    ("Samtycker {vardnadshavare_2}?", NAMES, "sv", "Samtycker Per Öberg?"),
    ("Är {vardnadshavare_1} informerad?", (), "sv", "Är vårdnadshavare 1 informerad?"),
    ("Är {vardnadshavare_2} informerad?", ("Märta Öberg",), "sv",
     "Är vårdnadshavare 2 informerad?"),
    ("Är {vardnadshavare_1} informerad?", (" ", "Per Öberg"), "sv",
     "Är vårdnadshavare 1 informerad?"),
    ("{vardnadshavare_2}", (), "sv", "Vårdnadshavare 2"),
    ("Has {vardnadshavare_1} been told?", (), "en", "Has guardian 1 been told?"),
    ("{vardnadshavare_1}", (), "en", "Guardian 1"),
    ("Has {vardnadshavare_1} been told?", NAMES, "en", "Has Märta Öberg been told?"),
    ("Ingen {platshållare} här", NAMES, "sv", "Ingen {platshållare} här"),
])
def test_a_placeholder_reads_as_the_guardians_name_or_number(
    text: str, names: tuple[str, ...], language: str, expected: str
) -> None:
    assert fill_guardians(text, names, language) == expected


def test_the_card_asks_about_each_guardian_by_name(registry: FormRegistry) -> None:
    card = registry.get("upptackarkort")
    named = with_guardians(card, NAMES)
    assert named.item("vh1.informerad").label == (
        "Är Märta Öberg informerad om att du gör ett Upptäckarkort?")
    assert named.item("vh2.samtycke").label == (
        "Samtycker Per Öberg till att uppgifterna delas med Barnkontakten?")
    assert with_guardians(card, ()).item("vh1.samtycke").label == (
        "Samtycker vårdnadshavare 1 till att uppgifterna delas med Barnkontakten?")
    english = with_guardians(localize_form(card, "en"), NAMES[:1])
    assert english.item("vh1.informerad").label == (
        "Has Märta Öberg been told that you are making an Upptäckarkort?")
    assert english.item("vh2.informerad").label == (
        "Has guardian 2 been told that you are making an Upptäckarkort?")
    # the same questions: an answer given to the named copy is given under the form
    assert named.content_hash == card.content_hash and named.version == card.version
    assert with_guardians(card, NAMES) is named  # made once per family, not per opening


def test_a_signed_older_version_keeps_its_numbered_wording(registry: FormRegistry) -> None:
    old = registry.get("upptackarkort", 2)
    assert with_guardians(old, NAMES) is old
    assert old.item("vh1.informerad").label.startswith("Är vårdnadshavare 1 informerad")


@pytest.mark.parametrize("form_id", ["samtal_4_6", "samtal_7_12", "samtal_13_18"])
def test_a_talk_lists_who_took_part_by_name(registry: FormRegistry, form_id: str) -> None:
    talk = registry.get(form_id)
    who = with_guardians(talk, NAMES).item("deltagare")
    assert isinstance(who, MultiChoiceItem)
    assert [o.label for o in who.options][1:] == list(NAMES)
    unnamed = with_guardians(talk, ()).item("deltagare")
    assert isinstance(unnamed, MultiChoiceItem)
    assert [o.label for o in unnamed.options][1:] == ["Vårdnadshavare 1",
                                                      "Vårdnadshavare 2"]
