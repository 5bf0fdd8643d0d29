"""The shipped forms' ids and what each one is used for."""

from __future__ import annotations

from backa_desktop.domain.form_ids import FormUse, ShippedForm, form_use
from backa_desktop.services.forms import default_forms_dir


def test_the_enum_names_exactly_the_forms_in_the_forms_folder() -> None:
    shipped = {
        path.name.split(".v")[0]
        for path in default_forms_dir().glob("*.v*.yaml")
    }
    assert shipped == {form.value for form in ShippedForm}


def test_each_shipped_form_has_its_use() -> None:
    assert form_use(ShippedForm.UPPTACKARKORT) is FormUse.UPPTACKARKORT
    assert form_use(ShippedForm.FEM_FRAGOR) is FormUse.FEM_FRAGOR
    assert form_use(ShippedForm.SKATTNING) is FormUse.SKATTNING
    assert form_use(ShippedForm.FORDJUPAD_BEHOVSKOMPASS) is FormUse.FORDJUPAD
    for samtal in (ShippedForm.SAMTAL_4_6, ShippedForm.SAMTAL_7_12, ShippedForm.SAMTAL_13_18):
        assert form_use(samtal) is FormUse.SAMTAL


def test_a_form_the_model_does_not_name_is_ordinary() -> None:
    assert form_use("egen_blankett") is FormUse.ORDINARY
    assert form_use("samtalsmall") is FormUse.ORDINARY  # not an age set's underlag
    assert form_use("") is FormUse.ORDINARY
