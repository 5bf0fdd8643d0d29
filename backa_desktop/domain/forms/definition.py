"""A form definition and the cross-field rules checked when it is loaded."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import Field, PrivateAttr, model_validator

from backa_desktop.domain.forms.base import (
    VET_EJ,
    AgeRange,
    Audience,
    DefinitionProblem,
    FormId,
    FormStatus,
    ItemId,
    ItemKind,
    Text,
    _fill_accessible_name,
    _Model,
    _raise_problems,
    definition_hash,
)
from backa_desktop.domain.forms.items import (
    AtLeastOneRule,
    CommentSpec,
    DecisionItem,
    FormItem,
    MultiChoiceItem,
    NeedStatusItem,
    ScaleItem,
    Section,
    SingleChoiceItem,
    SmileyItem,
    YesNoItem,
)
from backa_desktop.domain.forms.translations import (
    SOURCE_LANGUAGE,
    FormTranslation,
    LanguageCode,
)
from backa_desktop.domain.needs import Need, NeedStatus

# --- form definition -----------------------------------------------------------------------


class FormDefinition(_Model):
    type: Literal["form"] = "form"
    id: FormId
    version: Annotated[int, Field(ge=1)]
    title: Text
    accessible_name: str = ""
    audience: Audience
    age_range: AgeRange | None = None
    status: FormStatus
    description: str = ""
    notes: tuple[Text, ...] = ()
    """Shown prominently above the form (Skattning: "Den som skattar ska vara utbildad.")."""
    requires_trained_rater: bool = False
    occasion_item: ItemId | None = None
    """The date item whose answer is the response's occasion date."""
    co_signer_item: ItemId | None = None
    """The person item naming the co-rater, who is the response's co-signer."""
    sections: Annotated[tuple[Section, ...], Field(min_length=1)]
    rules: tuple[AtLeastOneRule, ...] = ()
    translations: dict[LanguageCode, FormTranslation] = Field(default_factory=dict)
    """The form's texts in other languages, keyed by the ids above; not part of the content
    hash (translations.py)."""

    _original: FormDefinition | None = PrivateAttr(default=None)
    _language: str = PrivateAttr(default=SOURCE_LANGUAGE)
    _localized_cache: dict[str, FormDefinition] = PrivateAttr(default_factory=dict)
    """Translated copies by language, filled by `localized.localize_form`."""
    _names_guardians: bool | None = PrivateAttr(default=None)
    """Whether a text says `{vardnadshavare_1}` (guardians.py), found out once."""
    _named_cache: dict[tuple[str, ...], FormDefinition] = PrivateAttr(default_factory=dict)
    """Copies naming the guardians, by the names (guardians.py)."""

    @model_validator(mode="before")
    @classmethod
    def _default_accessible_name(cls, data: Any) -> Any:
        return _fill_accessible_name(data, "title")

    @model_validator(mode="after")
    def _consistent(self) -> FormDefinition:
        _raise_problems(_form_problems(self))
        return self

    @cached_property
    def content_hash(self) -> str:
        """The Swedish original's hash, also for a translated copy: the questions are the
        same, so an answer given in English is given under the same form."""
        if self._original is not None:
            return self._original.content_hash
        return definition_hash(self)

    @property
    def original(self) -> FormDefinition:
        """The definition as written in its file (Swedish, with every translation)."""
        return self._original or self

    @property
    def language(self) -> str:
        return self._language

    @cached_property
    def _index(self) -> dict[str, tuple[int, int]]:
        return {
            item.id: (s, i)
            for s, section in enumerate(self.sections)
            for i, item in enumerate(section.items)
        }

    def items(self) -> Iterator[FormItem]:
        """Every item in form order."""
        for section in self.sections:
            yield from section.items

    def item(self, item_id: str) -> FormItem:
        s, i = self._index[item_id]
        return self.sections[s].items[i]

    def has_item(self, item_id: str) -> bool:
        return item_id in self._index

    def section_of(self, item_id: str) -> Section:
        return self.sections[self._index[item_id][0]]

    def comment_needs(self) -> dict[Need, CommentSpec]:
        """The needs the form asks a comment for, with the comment's wording."""
        return {s.need: s.comment for s in self.sections if s.need is not None and s.comment}

    @property
    def released(self) -> bool:
        return self.status is FormStatus.RELEASED


def _place_of_item(s: int, i: int) -> str:
    return f"sections[{s}].items[{i}]"


def _form_problems(form: FormDefinition) -> list[DefinitionProblem]:
    problems: list[DefinitionProblem] = []
    add = problems.append
    seen: dict[str, str] = {}

    def claim(identifier: str, place: str) -> None:
        if identifier in seen:
            add(DefinitionProblem(place, f"id '{identifier}' används redan ({seen[identifier]})"))
        else:
            seen[identifier] = place

    earlier: dict[str, FormItem] = {}
    comment_sections: dict[Need, str] = {}
    for s, section in enumerate(form.sections):
        claim(section.id, f"sections[{s}].id")
        if section.comment is not None:
            if section.need is None:
                add(DefinitionProblem(f"sections[{s}].comment", "kommentar kräver need"))
            elif section.need in comment_sections:
                add(
                    DefinitionProblem(
                        f"sections[{s}].comment",
                        f"behovet '{section.need}' har redan en kommentar"
                        f" ({comment_sections[section.need]})",
                    )
                )
            else:
                comment_sections[section.need] = f"sections[{s}].comment"
        for i, item in enumerate(section.items):
            place = _place_of_item(s, i)
            claim(item.id, f"{place}.id")
            problems.extend(_item_problems(item, place, earlier))
            earlier.setdefault(item.id, item)
    for r, rule in enumerate(form.rules):
        claim(rule.id, f"rules[{r}].id")
        for j, target in enumerate(rule.items):
            if target not in earlier:
                add(DefinitionProblem(f"rules[{r}].items[{j}]", f"okänd fråga '{target}'"))
    for field, kind in (("occasion_item", ItemKind.DATE), ("co_signer_item", ItemKind.PERSON)):
        target = getattr(form, field)
        if target is None:
            continue
        if target not in earlier:
            add(DefinitionProblem(field, f"okänd fråga '{target}'"))
            continue
        item = earlier[target]
        if item.kind != kind:
            add(DefinitionProblem(field, f"'{target}' måste vara av typen {kind.value}"))
        elif item.respondents is not None:
            add(DefinitionProblem(field, f"'{target}' får inte ha respondents"))
    for language, translation in form.translations.items():
        problems.extend(_translation_problems(form, language, translation, earlier))
    return problems


def _translation_problems(
    form: FormDefinition,
    language: str,
    translation: FormTranslation,
    items: Mapping[str, FormItem],
) -> list[DefinitionProblem]:
    """A translation names only ids the Swedish content has, so it can never add a question
    or hide one behind a typo."""
    problems: list[DefinitionProblem] = []
    add = problems.append
    place = f"translations.{language}"
    sections = {s.id: s for s in form.sections}
    for section_id, section_tr in translation.sections.items():
        section = sections.get(section_id)
        if section is None:
            add(DefinitionProblem(f"{place}.sections.{section_id}", "okänt avsnitt"))
        elif section_tr.comment is not None and section.comment is None:
            add(DefinitionProblem(f"{place}.sections.{section_id}.comment",
                                  "avsnittet har ingen kommentar"))
    for item_id, item_tr in translation.items.items():
        item = items.get(item_id)
        if item is None:
            add(DefinitionProblem(f"{place}.items.{item_id}", "okänd fråga"))
            continue
        options = getattr(item, "options", ())
        known = {str(getattr(o, "id", "")) for o in options}
        for option_id in item_tr.options:
            if option_id not in known:
                add(DefinitionProblem(f"{place}.items.{item_id}.options.{option_id}",
                                      "okänt alternativ"))
    rules = {r.id for r in form.rules}
    for rule_id in translation.rules:
        if rule_id not in rules:
            add(DefinitionProblem(f"{place}.rules.{rule_id}", "okänd regel"))
    if translation.notes is not None and len(translation.notes) != len(form.notes):
        add(DefinitionProblem(f"{place}.notes", f"ska ha {len(form.notes)} rader som notes"))
    return problems


def _item_problems(
    item: FormItem, place: str, earlier: Mapping[str, FormItem]
) -> list[DefinitionProblem]:
    problems: list[DefinitionProblem] = []
    add = problems.append
    if isinstance(item, NeedStatusItem) and item.need is None:
        add(DefinitionProblem(f"{place}.need", "need_status kräver need"))
    if item.indicator is not None and item.need is None:
        add(DefinitionProblem(f"{place}.need", "indicator kräver need"))
    if item.show_if is not None:
        target = item.show_if.item
        if target == item.id:
            add(DefinitionProblem(f"{place}.show_if.item", "en fråga kan inte bero på sig själv"))
        elif target not in earlier:
            add(
                DefinitionProblem(
                    f"{place}.show_if.item",
                    f"'{target}' finns inte före denna fråga (villkor måste peka bakåt)",
                )
            )
        elif earlier[target].respondents is not None:
            add(
                DefinitionProblem(
                    f"{place}.show_if.item", f"'{target}' har respondents och kan inte styra"
                )
            )
        else:
            for value in item.show_if.values():
                if not _possible_answer(earlier[target], value):
                    add(
                        DefinitionProblem(
                            f"{place}.show_if.equals",
                            f"{value!r} är inget möjligt svar på '{target}'",
                        )
                    )
    if isinstance(item, SingleChoiceItem | MultiChoiceItem):
        ids = [o.id for o in item.options]
        for j, option_id in enumerate(ids):
            if option_id in ids[:j]:
                add(
                    DefinitionProblem(f"{place}.options[{j}].id", f"id '{option_id}' används redan")
                )
    if isinstance(item, DecisionItem):
        decisions = [o.id for o in item.options]
        for j, decision in enumerate(decisions):
            if decision in decisions[:j]:
                add(DefinitionProblem(f"{place}.options[{j}].id", f"'{decision}' står två gånger"))
    if isinstance(item, MultiChoiceItem):
        if item.min_selected > len(item.options):
            add(DefinitionProblem(f"{place}.min_selected", "större än antalet alternativ"))
        if item.max_selected is not None and item.max_selected < max(item.min_selected, 1):
            add(DefinitionProblem(f"{place}.max_selected", "mindre än min_selected"))
    prefill = getattr(item, "prefill", None)
    if prefill is not None and item.respondents is not None:
        add(DefinitionProblem(f"{place}.prefill", "prefill går inte med respondents"))
    return problems


def _possible_answer(target: FormItem, value: object) -> bool:
    """Whether a condition's value can ever be given to the target item, so an editor's typo
    (`equals: "ja"` on a yes/no item) is caught at load instead of hiding a question forever."""
    if isinstance(target, YesNoItem):
        return type(value) is bool
    if isinstance(target, ScaleItem | SmileyItem):
        return (type(value) is int and 1 <= value <= 5) or (target.vet_ej and value == VET_EJ)
    if isinstance(target, SingleChoiceItem | MultiChoiceItem):
        return value in {o.id for o in target.options}
    if isinstance(target, DecisionItem):
        return value in {o.id.value for o in target.options}
    if isinstance(target, NeedStatusItem):
        return value in {s.value for s in NeedStatus}
    return isinstance(value, str)


