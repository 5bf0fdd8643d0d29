"""Forms carry their translations in their own files: complete English for every shipped
form, the Swedish content (and its hash) untouched by them, and a broken translation caught at
load with its place."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

from backa_desktop.domain.form_engine import check_matches, new_response, sign
from backa_desktop.domain.forms import (
    CompassDefinition,
    FormDefinition,
    MultiChoiceItem,
    NeedStatusItem,
    SmileyItem,
    YesNoItem,
    localize_form,
    missing_compass_translations,
    missing_form_translations,
)
from backa_desktop.domain.needs import Need, NeedStatus
from backa_desktop.services.forms import FormLoadError, FormRegistry, definition_to_yaml, main
from backa_desktop.services.forms.lock import read_lock
from tests.forms.conftest import REPO_FORMS

SHIPPED_FORMS = sorted(p.name for p in REPO_FORMS.glob("*.yaml") if p.name != "behovskompass.yaml")


@pytest.mark.parametrize("name", SHIPPED_FORMS)
def test_every_shipped_form_has_complete_english(registry: FormRegistry, name: str) -> None:
    form_id, _, version = name.removesuffix(".yaml").partition(".v")
    definition = registry.get(form_id, int(version))
    assert missing_form_translations(definition, "en") == []


def test_the_behovskompass_has_complete_english(registry: FormRegistry) -> None:
    assert missing_compass_translations(registry.compass(), "en") == []


def test_a_label_without_english_is_reported_by_its_place(forms_copy: Path) -> None:
    path = forms_copy / "upptackarkort.v1.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    del data["translations"]["en"]["items"]["situation"]["label"]
    del data["translations"]["en"]["sections"]["behov.omsorg"]["comment"]["help"]
    definition = FormDefinition.model_validate(data)
    assert missing_form_translations(definition, "en") == [
        "translations.en.items.situation.label",
        "translations.en.sections.behov.omsorg.comment.help",
    ]
    # a language nobody has written yet lacks every text, starting with the title
    assert missing_form_translations(definition, "de")[0] == "translations.de.title"


def test_translations_are_not_part_of_the_content_hash(forms_copy: Path) -> None:
    """Adding English to a released version needs no new version: the Swedish content, and
    so the hash `released.lock` pins and every stored answer carries, is unchanged."""
    lock = read_lock(forms_copy / "released.lock")
    for path in sorted(forms_copy.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert "en" in data["translations"], path.name
        model = CompassDefinition if data.get("type") == "behovskompass" else FormDefinition
        with_english = model.model_validate(data)
        del data["translations"]
        without = model.model_validate(data)
        assert with_english.content_hash == without.content_hash
        assert lock[(without.id, without.version)] == without.content_hash
        # and the translation does not leak into the Swedish texts
        assert without.title == with_english.title


def test_the_english_form_reads_english_and_keeps_its_swedish_original(
    registry: FormRegistry,
) -> None:
    card = registry.get("upptackarkort")
    english = localize_form(card, "en")
    assert english.language == "en" and english.original is card
    assert english.title.startswith("Upptäckarkort (")
    assert english.item("situation").label == "Where and when did you notice the child?"
    assert english.section_of("omsorg.uppfyllt").title == "CARE"
    status = english.item("omsorg.uppfyllt")
    assert isinstance(status, NeedStatusItem)
    assert status.accessible_name == "CARE: Is the child's need met?"
    # texts the schema fills in come from the built-in English defaults
    assert status.labels[NeedStatus.VET_INTE] == "Don't know"
    consent = english.item("vh1.samtycke")
    assert isinstance(consent, YesNoItem) and (consent.yes_label, consent.no_label) == ("Yes", "No")
    comment = english.comment_needs()[Need.OMSORG]
    assert comment.label == "Comment" and comment.help.startswith("What have you seen")
    assert english.rules[0].message == "Answer at least one need."
    # Swedish, or a language with no translation, is the original itself
    assert localize_form(card, "sv") is card and localize_form(card, "de") is card
    assert localize_form(english, "sv") is card and localize_form(english, "en") is english


def test_talk_options_and_faces_are_english(registry: FormRegistry) -> None:
    from backa_desktop.domain.forms import with_guardians

    talk = localize_form(registry.get("samtal_7_12"), "en")
    who = with_guardians(talk, ()).item("deltagare")  # no names: the guardians by number
    assert isinstance(who, MultiChoiceItem)
    assert [o.label for o in who.options] == ["The child", "Guardian 1", "Guardian 2"]
    face = talk.item("omsorg.barnet")
    assert isinstance(face, SmileyItem)
    assert face.anchors[5] == "Very happy" and face.vet_ej_label == "Don't know"


def test_an_answer_given_in_english_is_an_answer_to_the_swedish_form(
    registry: FormRegistry,
) -> None:
    card = registry.get("upptackarkort")
    english = registry.in_language("en").get("upptackarkort")
    assert english.content_hash == card.content_hash
    draft = new_response(english, "child-1")
    draft = draft.model_copy(update={"answers": {
        "situation": "På skolgården", "omsorg.uppfyllt": "inte_uppfyllt",
        "egna_atgarder.vidtagna": False, "mottagande_enhet": "unit-1",
        "vh1.informerad": True, "vh1.samtycke": True,
    }})
    signed = sign(english, draft, signed_by="staff-1", signed_at=datetime(2026, 12, 2, tzinfo=UTC))
    check_matches(card, signed)  # the Swedish original accepts it as its own
    assert registry.for_response(signed) is card


def test_the_registry_in_english_translates_every_definition(registry: FormRegistry) -> None:
    english = registry.in_language("en")
    assert english.language == "en"
    assert english.compass().label(Need.TRYGGHET) == "SAFETY"
    assert english.compass().content_hash == registry.compass().content_hash
    swedish_titles = {f.title for f in registry.all_forms()}
    assert {f.title for f in english.all_forms()}.isdisjoint(swedish_titles)


def test_a_translation_naming_an_unknown_item_stops_loading(forms_copy: Path) -> None:
    path = forms_copy / "fem_fragor.v1.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("      fraga_1:\n", "      fraga_ett:\n", 1),
        encoding="utf-8",
    )
    with pytest.raises(FormLoadError) as caught:
        FormRegistry.load(forms_copy)
    problem = caught.value.problems[0]  # (the lock then misses the version that did not load)
    assert problem.file == path and problem.line is not None
    assert problem.place == "translations.en.items.fraga_ett"
    assert problem.reason == "okänd fråga"


def test_swedish_cannot_be_a_translation(forms_copy: Path) -> None:
    path = forms_copy / "fem_fragor.v1.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("translations:\n  en:", "translations:\n  sv:"),
        encoding="utf-8",
    )
    with pytest.raises(FormLoadError) as caught:
        FormRegistry.load(forms_copy)
    assert "svenska är formulärets eget språk" in str(caught.value)


def test_the_forms_command_lists_what_a_language_lacks(
    forms_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["translations", str(forms_copy), "en"]) == 0
    path = forms_copy / "behovskompass.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "        child_voice: I feel well, both in my body and inside.\n", ""), encoding="utf-8")
    capsys.readouterr()
    assert main(["translations", str(forms_copy), "en"]) == 1
    out, err = capsys.readouterr()
    assert out == f"{path}: translations.en.needs.halsa.child_voice\n"
    assert "1 texter saknar översättning till en" in err
    assert main(["translations", str(forms_copy), "de"]) == 1  # nothing is in German yet


def test_a_compass_translation_naming_an_unknown_indicator_stops_loading(
    forms_copy: Path,
) -> None:
    path = forms_copy / "behovskompass.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "          omsorg.hemmiljo: ", "          omsorg.hemma: ", 1), encoding="utf-8")
    with pytest.raises(FormLoadError) as caught:
        FormRegistry.load(forms_copy)
    problem = caught.value.problems[0]
    assert problem.place == "translations.en.needs.omsorg.indicators.omsorg.hemma"
    assert problem.reason == "okänd indikator"


def test_a_translation_with_the_wrong_number_of_notes_stops_loading(forms_copy: Path) -> None:
    path = forms_copy / "upptackarkort.v1.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["translations"]["en"]["notes"].append("An extra note.")
    with pytest.raises(ValueError, match="ska ha 1 rader som notes"):
        FormDefinition.model_validate(data)


def test_a_definition_written_back_keeps_swedish_and_its_translation(
    registry: FormRegistry, tmp_path: Path
) -> None:
    english = localize_form(registry.get("upptackarkort"), "en")
    path = tmp_path / "upptackarkort.v1.yaml"
    path.write_text(definition_to_yaml(english), encoding="utf-8")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    written = FormDefinition.model_validate(data)
    assert written.title == "Upptäckarkort" and written.content_hash == english.content_hash
    assert missing_form_translations(written, "en") == []
