"""The forms the app ships, and what signing each one sets in motion.

Forms are data (`forms/`), but a few of them start use cases of the model: the
Upptäckarkort is sent to the Barnkontakt (without identity when consent is missing), Fem
frågor ends in a decision, a Samtal is filled in child mode from the age set's underlag, a
Skattning needs a trained rater and feeds the compass, the fördjupade Behovskompassen names
the needs a plan starts from. Code that depends on which form it holds asks `form_use`
instead of comparing ids, so a form's id is written once.
"""

from __future__ import annotations

from enum import StrEnum


class ShippedForm(StrEnum):
    """The ids of the forms in `forms/` (one file per version, `<id>.v<version>.yaml`)."""

    UPPTACKARKORT = "upptackarkort"
    FEM_FRAGOR = "fem_fragor"
    SAMTAL_4_6 = "samtal_4_6"
    SAMTAL_7_12 = "samtal_7_12"
    SAMTAL_13_18 = "samtal_13_18"
    SKATTNING = "skattning"
    FORDJUPAD_BEHOVSKOMPASS = "fordjupad_behovskompass"


SAMTAL_PREFIX = "samtal_"
"""Every Samtalsunderlag's id: one form per age set (`samtal_4_6`, `samtal_7_12`, ...)."""


class FormUse(StrEnum):
    """What a form is used for; also the "kind" a screen asks to start for a child."""

    UPPTACKARKORT = "upptackarkort"  # signed and sent to the Barnkontakt
    FEM_FRAGOR = "fem_fragor"  # signed together with the decision it ends in
    SAMTAL = "samtal"  # the talk with the child and guardians, in child mode
    SKATTNING = "skattning"  # a trained rater's ratings of the needs
    FORDJUPAD = "fordjupad"  # the deeper compass a plan's needs start from
    ORDINARY = "ordinary"  # any other form: signed and stored, nothing more


_USE_OF: dict[str, FormUse] = {
    ShippedForm.UPPTACKARKORT: FormUse.UPPTACKARKORT,
    ShippedForm.FEM_FRAGOR: FormUse.FEM_FRAGOR,
    ShippedForm.SKATTNING: FormUse.SKATTNING,
    ShippedForm.FORDJUPAD_BEHOVSKOMPASS: FormUse.FORDJUPAD,
}


def form_use(form_id: str) -> FormUse:
    """The use of the form with this id (a Samtalsunderlag of any age set is a Samtal)."""
    if form_id.startswith(SAMTAL_PREFIX):
        return FormUse.SAMTAL
    return _USE_OF.get(form_id, FormUse.ORDINARY)
