"""A definition read in another language, and what its translation still lacks.

`localize_form` and `localize_compass` return a copy of a definition with every text the
translation gives swapped in and the rest left Swedish, so a half-translated form still shows
every question. The copy keeps the Swedish original's content hash: an answer given while the
form was shown in English was given to the same questions (translations.py says why).
`missing_form_translations` lists every text a language lacks, by its place in the file, for
the test that keeps the shipped forms complete and for an editor checking a new language.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from backa_desktop.domain.forms.base import _Model
from backa_desktop.domain.forms.compass import CompassDefinition
from backa_desktop.domain.forms.definition import FormDefinition
from backa_desktop.domain.forms.items import (
    DEFAULT_NEED_STATUS_LABELS,
    DEFAULT_SMILEY_ANCHORS,
    DecisionItem,
    MultiChoiceItem,
    NeedStatusItem,
    ScaleItem,
    SingleChoiceItem,
    SmileyItem,
    YesNoItem,
)
from backa_desktop.domain.forms.translations import (
    DEFAULT_TEXTS,
    SOURCE_LANGUAGE,
    CommentTranslation,
    DefaultTexts,
    FormTranslation,
    ItemTranslation,
    NeedTranslation,
    SectionTranslation,
)
from backa_desktop.domain.process import Beslut

_DEFAULT_COMMENT = "Kommentar"
_DEFAULT_YES, _DEFAULT_NO, _DEFAULT_VET_EJ = "Ja", "Nej", "Vet ej"


def _named(data: dict[str, Any], key: str, text: str | None, name: str | None) -> None:
    """Swap a visible text and its accessible name: the translated name if given, else the
    translated text (a screen reader must not read Swedish over an English label)."""
    if text:
        data[key] = text
    if name or text:
        data["accessible_name"] = name or text


def _default(defaults: DefaultTexts | None, pick: Callable[[DefaultTexts], str]) -> str | None:
    return pick(defaults) if defaults is not None else None


# --- forms ---------------------------------------------------------------------------------


def localize_form(definition: FormDefinition, language: str) -> FormDefinition:
    """The definition in `language` (the original itself for Swedish or an unknown language);
    made once per language and kept with the original."""
    original = definition.original
    if language == SOURCE_LANGUAGE or language not in original.translations:
        return original
    cache = original._localized_cache
    if language not in cache:
        cache[language] = _translated_form(original, language)
    return cache[language]


def _translated_form(original: FormDefinition, language: str) -> FormDefinition:
    tr = original.translations[language]
    defaults = DEFAULT_TEXTS.get(language)
    data = original.model_dump(mode="python")
    data["translations"] = {}
    _named(data, "title", tr.title, tr.accessible_name)
    if tr.description:
        data["description"] = tr.description
    if tr.notes is not None and len(tr.notes) == len(original.notes):
        data["notes"] = tr.notes
    for section_data, section in zip(data["sections"], original.sections, strict=True):
        st = tr.sections.get(section.id, SectionTranslation())
        _named(section_data, "title", st.title, st.accessible_name)
        if st.description:
            section_data["description"] = st.description
        if section.comment is not None:
            ct = st.comment or CommentTranslation()
            label = ct.label or (
                _default(defaults, lambda d: d.comment)
                if section.comment.label == _DEFAULT_COMMENT
                else None
            )
            _named(section_data["comment"], "label", label, ct.accessible_name)
            if ct.help:
                section_data["comment"]["help"] = ct.help
        for item_data, item in zip(section_data["items"], section.items, strict=True):
            _localize_item(item_data, item, tr.items.get(item.id, ItemTranslation()), defaults)
    for rule_data in data["rules"]:
        message = tr.rules.get(rule_data["id"])
        if message:
            rule_data["message"] = message
    localized = FormDefinition.model_validate(data)
    localized._original = original
    localized._language = language
    return localized


def _localize_item(
    data: dict[str, Any], item: Any, tr: ItemTranslation, defaults: DefaultTexts | None
) -> None:
    _named(data, "label", tr.label, tr.accessible_name)
    if tr.help:
        data["help"] = tr.help
    if isinstance(item, SingleChoiceItem | MultiChoiceItem):
        for option in data["options"]:
            _named(option, "label", tr.options.get(option["id"]), None)
    if isinstance(item, DecisionItem):
        for option, decision in zip(data["options"], item.options, strict=True):
            text = tr.options.get(decision.id.value)
            if not text and decision.label == Beslut(decision.id).label and defaults is not None:
                text = defaults.decisions.get(decision.id)
            _named(option, "label", text, None)
    if isinstance(item, NeedStatusItem):
        for status, swedish in item.labels.items():
            text = tr.labels.get(status)
            if not text and swedish == DEFAULT_NEED_STATUS_LABELS[status] and defaults:
                text = defaults.need_status[status]
            if text:
                data["labels"][status] = text
    if isinstance(item, ScaleItem | SmileyItem):
        for value, swedish in item.anchors.items():
            text = tr.anchors.get(value)
            if (
                not text
                and isinstance(item, SmileyItem)
                and DEFAULT_SMILEY_ANCHORS.get(value) == swedish
                and defaults
            ):
                text = defaults.smiley[value]
            if text:
                data["anchors"][value] = text
        vet_ej = tr.vet_ej_label or (
            _default(defaults, lambda d: d.vet_ej) if item.vet_ej_label == _DEFAULT_VET_EJ else None
        )
        if vet_ej:
            data["vet_ej_label"] = vet_ej
    if isinstance(item, YesNoItem):
        yes = tr.yes_label or (
            _default(defaults, lambda d: d.yes) if item.yes_label == _DEFAULT_YES else None
        )
        no = tr.no_label or (
            _default(defaults, lambda d: d.no) if item.no_label == _DEFAULT_NO else None
        )
        if yes:
            data["yes_label"] = yes
        if no:
            data["no_label"] = no


def missing_form_translations(definition: FormDefinition, language: str) -> list[str]:
    """Every text of the form that `language` does not translate, by place
    (`translations.en.items.situation.help`); empty when the translation is complete."""
    original = definition.original
    prefix = f"translations.{language}"
    tr = original.translations.get(language, FormTranslation())
    defaults = DEFAULT_TEXTS.get(language)
    missing: list[str] = []

    def need(place: str, swedish: str, given: object, default_ok: bool = False) -> None:
        if swedish and not given and not default_ok:
            missing.append(f"{prefix}.{place}")

    need("title", original.title, tr.title)
    _need_name(need, "accessible_name", original.accessible_name, original.title, tr)
    need("description", original.description, tr.description)
    if original.notes and (tr.notes is None or len(tr.notes) != len(original.notes)):
        missing.append(f"{prefix}.notes")
    for section in original.sections:
        st = tr.sections.get(section.id, SectionTranslation())
        place = f"sections.{section.id}"
        need(f"{place}.title", section.title, st.title)
        _need_name(need, f"{place}.accessible_name", section.accessible_name, section.title, st)
        need(f"{place}.description", section.description, st.description)
        if section.comment is not None:
            ct = st.comment or CommentTranslation()
            comment = section.comment
            need(f"{place}.comment.label", comment.label, ct.label,
                 comment.label == _DEFAULT_COMMENT and defaults is not None)
            if comment.accessible_name != comment.label:
                need(f"{place}.comment.accessible_name", comment.accessible_name,
                     ct.accessible_name)
            need(f"{place}.comment.help", comment.help, ct.help)
        for item in section.items:
            _missing_in_item(need, item, tr.items.get(item.id, ItemTranslation()), defaults)
    for rule in original.rules:
        need(f"rules.{rule.id}", rule.message, tr.rules.get(rule.id))
    return missing


def _need_name(need: Callable[..., None], place: str, name: str, text: str, tr: _Model) -> None:
    """A distinct accessible name needs its own translation; one equal to the text follows it."""
    if name and name != text:
        need(place, name, getattr(tr, "accessible_name", None))


def _missing_in_item(
    need: Callable[..., None], item: Any, tr: ItemTranslation, defaults: DefaultTexts | None
) -> None:
    place = f"items.{item.id}"
    need(f"{place}.label", item.label, tr.label)
    _need_name(need, f"{place}.accessible_name", item.accessible_name, item.label, tr)
    need(f"{place}.help", item.help, tr.help)
    if isinstance(item, SingleChoiceItem | MultiChoiceItem):
        for option in item.options:
            need(f"{place}.options.{option.id}", option.label, tr.options.get(option.id))
    if isinstance(item, DecisionItem):
        for decision in item.options:
            default_ok = decision.label == Beslut(decision.id).label and defaults is not None
            need(f"{place}.options.{decision.id.value}", decision.label,
                 tr.options.get(decision.id.value), default_ok)
    if isinstance(item, NeedStatusItem):
        for status, swedish in item.labels.items():
            default_ok = swedish == DEFAULT_NEED_STATUS_LABELS[status] and defaults is not None
            need(f"{place}.labels.{status.value}", swedish, tr.labels.get(status), default_ok)
    if isinstance(item, ScaleItem | SmileyItem):
        for value, swedish in item.anchors.items():
            default_ok = (isinstance(item, SmileyItem) and defaults is not None
                          and DEFAULT_SMILEY_ANCHORS.get(value) == swedish)
            need(f"{place}.anchors.{value}", swedish, tr.anchors.get(value), default_ok)
        if item.vet_ej:
            need(f"{place}.vet_ej_label", item.vet_ej_label, tr.vet_ej_label,
                 item.vet_ej_label == _DEFAULT_VET_EJ and defaults is not None)
    if isinstance(item, YesNoItem):
        need(f"{place}.yes_label", item.yes_label, tr.yes_label,
             item.yes_label == _DEFAULT_YES and defaults is not None)
        need(f"{place}.no_label", item.no_label, tr.no_label,
             item.no_label == _DEFAULT_NO and defaults is not None)


# --- Behovskompassen -----------------------------------------------------------------------


def localize_compass(compass: CompassDefinition, language: str) -> CompassDefinition:
    """The Behovskompass in `language`, the Swedish original for Swedish or an unknown one."""
    original = compass.original
    if language == SOURCE_LANGUAGE or language not in original.translations:
        return original
    cache = original._localized_cache
    if language not in cache:
        cache[language] = _translated_compass(original, language)
    return cache[language]


def _translated_compass(original: CompassDefinition, language: str) -> CompassDefinition:
    tr = original.translations[language]
    data = original.model_dump(mode="python")
    data["translations"] = {}
    if tr.title:
        data["title"] = tr.title
    if tr.description:
        data["description"] = tr.description
    for need_data, need in zip(data["needs"], original.needs, strict=True):
        nt = tr.needs.get(need.id, NeedTranslation())
        _named(need_data, "label", nt.label, nt.accessible_name)
        for key in ("description", "child_voice"):
            text = getattr(nt, key)
            if text:
                need_data[key] = text
        for field in ("positive_indicators", "concern_indicators"):
            for indicator in need_data[field]:
                _named(indicator, "text", nt.indicators.get(indicator["id"]), None)
    localized = CompassDefinition.model_validate(data)
    localized._original = original
    localized._language = language
    return localized


def missing_compass_translations(compass: CompassDefinition, language: str) -> list[str]:
    original = compass.original
    prefix = f"translations.{language}"
    tr = original.translations.get(language)
    if tr is None:
        return [prefix]
    missing: list[str] = []
    if not tr.title:
        missing.append(f"{prefix}.title")
    if original.description and not tr.description:
        missing.append(f"{prefix}.description")
    for need in original.needs:
        nt = tr.needs.get(need.id, NeedTranslation())
        place = f"{prefix}.needs.{need.id.value}"
        for key in ("label", "description", "child_voice"):
            if not getattr(nt, key):
                missing.append(f"{place}.{key}")
        if need.accessible_name != need.label and not nt.accessible_name:
            missing.append(f"{place}.accessible_name")
        for indicator in (*need.positive_indicators, *need.concern_indicators):
            if not nt.indicators.get(indicator.id):
                missing.append(f"{place}.indicators.{indicator.id}")
    return missing
