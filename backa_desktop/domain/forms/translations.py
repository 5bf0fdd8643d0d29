"""Translations of a form or of the Behovskompass, kept in the definition's own file.

The Swedish text is the form: answers are stored under its content hash, and `released.lock`
pins it. A translation is a reading aid beside it, so it is left out of the content hash: a
translation can be added to or corrected in a released version without a new version, since
it does not change what was asked (forms/README.md, docs/decisions.md). Everything in a
translation is keyed by the ids the Swedish content already has (section, item, option, need,
indicator, rule), so a translation can never add, drop or reorder a question.

The texts the schema fills in by itself (Ja/Nej/Vet ej, the five faces, "Kommentar", the
process decisions) have their translation here, per language, so an editor translates only
what the file says.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Final

from pydantic import AfterValidator, Field, StringConstraints

from backa_desktop.domain.forms.base import ItemId, Text, _Model
from backa_desktop.domain.needs import Need, NeedStatus
from backa_desktop.domain.process import Beslut

SOURCE_LANGUAGE: Final = "sv"
"""The language the definitions are written in; a file never translates into it."""

LANGUAGE_PATTERN: Final = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$"


def _not_source(code: str) -> str:
    if code == SOURCE_LANGUAGE:
        raise ValueError("svenska är formulärets eget språk och översätts inte")
    return code


LanguageCode = Annotated[
    str, StringConstraints(pattern=LANGUAGE_PATTERN), AfterValidator(_not_source)
]


class CommentTranslation(_Model):
    label: Text | None = None
    accessible_name: Text | None = None
    help: Text | None = None


class SectionTranslation(_Model):
    title: Text | None = None
    accessible_name: Text | None = None
    description: Text | None = None
    comment: CommentTranslation | None = None


class ItemTranslation(_Model):
    """One item's texts; `options` are choice or decision option labels by id, `labels` the
    need-status answers, `anchors` the scale or face labels by value."""

    label: Text | None = None
    accessible_name: Text | None = None
    help: Text | None = None
    options: dict[str, Text] = Field(default_factory=dict)
    labels: dict[NeedStatus, Text] = Field(default_factory=dict)
    anchors: dict[Annotated[int, Field(ge=1, le=5)], Text] = Field(default_factory=dict)
    yes_label: Text | None = None
    no_label: Text | None = None
    vet_ej_label: Text | None = None


class FormTranslation(_Model):
    title: Text | None = None
    accessible_name: Text | None = None
    description: Text | None = None
    notes: tuple[Text, ...] | None = None
    sections: dict[ItemId, SectionTranslation] = Field(default_factory=dict)
    items: dict[ItemId, ItemTranslation] = Field(default_factory=dict)
    rules: dict[ItemId, Text] = Field(default_factory=dict)


class NeedTranslation(_Model):
    label: Text | None = None
    accessible_name: Text | None = None
    description: Text | None = None
    child_voice: Text | None = None
    indicators: dict[ItemId, Text] = Field(default_factory=dict)
    """Positive and concern indicators' texts, by indicator id."""


class CompassTranslation(_Model):
    title: Text | None = None
    description: Text | None = None
    needs: dict[Need, NeedTranslation] = Field(default_factory=dict)


class DefaultTexts(_Model):
    """What the schema's own Swedish defaults read as in one language."""

    need_status: dict[NeedStatus, str]
    smiley: dict[int, str]
    yes: str
    no: str
    vet_ej: str
    comment: str
    decisions: dict[Beslut, str]


DEFAULT_TEXTS: Final[Mapping[str, DefaultTexts]] = {
    "en": DefaultTexts(
        need_status={
            NeedStatus.UPPFYLLT: "Yes",
            NeedStatus.INTE_UPPFYLLT: "No",
            NeedStatus.VET_INTE: "Don't know",
        },
        smiley={1: "Very sad", 2: "Sad", 3: "In between", 4: "Happy", 5: "Very happy"},
        yes="Yes",
        no="No",
        vet_ej="Don't know",
        comment="Comment",
        decisions={
            Beslut.EGEN_VERKSAMHET: "Support within my own service",
            Beslut.BARNKONTAKT: "Contact the Barnkontakt",
            Beslut.BARNTEAM: "Barnteam",
            Beslut.INDIVIDUELLT_BARNTEAM: "Individual child team with a Stödsamordnare",
            Beslut.OROSANMALAN: "Report of concern to social services",
            Beslut.BEHOV_UPPFYLLT: "The needs are met – close",
        },
    ),
}
"""Languages with no entry here fall back to Swedish for the defaults (and say so in
`missing_translations`)."""
