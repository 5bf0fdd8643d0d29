"""Behovskompassen as data: the eight needs, their indicators and the child's voice."""

from __future__ import annotations

from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import Field, PrivateAttr, model_validator

from backa_desktop.domain.forms.base import (
    DefinitionProblem,
    FormId,
    FormStatus,
    IconName,
    ItemId,
    Text,
    _fill_accessible_name,
    _Model,
    _raise_problems,
    definition_hash,
)
from backa_desktop.domain.forms.translations import (
    SOURCE_LANGUAGE,
    CompassTranslation,
    LanguageCode,
)
from backa_desktop.domain.needs import CARD_ORDER, Need

# --- Behovskompassen -----------------------------------------------------------------------


class Indicator(_Model):
    """A positive indicator: what it looks like when the need is met (rated 1–5)."""

    id: ItemId
    text: Text
    accessible_name: str = ""

    @model_validator(mode="before")
    @classmethod
    def _default_accessible_name(cls, data: Any) -> Any:
        return _fill_accessible_name(data, "text")


class ConcernIndicator(Indicator):
    """A sign of concern (seed 002). `criminal_data` marks GDPR Art. 10 content, which needs
    stricter handling; `prompts_orosanmalan` makes the UI remind the user of the duty to report
    (a reminder, never a block)."""

    criminal_data: bool = False
    prompts_orosanmalan: bool = False


class NeedDefinition(_Model):
    id: Need
    label: Text
    accessible_name: str = ""
    description: Text
    positive_indicators: Annotated[tuple[Indicator, ...], Field(min_length=1)]
    concern_indicators: tuple[ConcernIndicator, ...] = ()
    child_voice: Text
    """The need in the child's own voice, first person ("Jag ...")."""
    icon: IconName
    """Icon name; the picture is resources/icons/needs/<icon>.svg."""

    @model_validator(mode="before")
    @classmethod
    def _default_accessible_name(cls, data: Any) -> Any:
        return _fill_accessible_name(data, "label")


class CompassDefinition(_Model):
    type: Literal["behovskompass"]
    id: FormId
    version: Annotated[int, Field(ge=1)]
    status: FormStatus
    title: Text
    description: str = ""
    needs: tuple[NeedDefinition, ...]
    translations: dict[LanguageCode, CompassTranslation] = Field(default_factory=dict)
    """The texts in other languages, by need and indicator id; not part of the content hash."""

    _original: CompassDefinition | None = PrivateAttr(default=None)
    _language: str = PrivateAttr(default=SOURCE_LANGUAGE)
    _localized_cache: dict[str, CompassDefinition] = PrivateAttr(default_factory=dict)
    """Translated copies by language, filled by `localized.localize_compass`."""

    @model_validator(mode="after")
    def _consistent(self) -> CompassDefinition:
        problems: list[DefinitionProblem] = []
        seen_needs: dict[Need, int] = {}
        seen_ids: dict[str, str] = {}
        for n, need in enumerate(self.needs):
            if need.id in seen_needs:
                problems.append(
                    DefinitionProblem(f"needs[{n}].id", f"behovet '{need.id}' står två gånger")
                )
            seen_needs.setdefault(need.id, n)
            for field in ("positive_indicators", "concern_indicators"):
                indicators: tuple[Indicator, ...] = getattr(need, field)
                for j, indicator in enumerate(indicators):
                    place = f"needs[{n}].{field}[{j}].id"
                    if not indicator.id.startswith(f"{need.id.value}."):
                        problems.append(
                            DefinitionProblem(place, f"id ska börja med '{need.id.value}.'")
                        )
                    if indicator.id in seen_ids:
                        problems.append(
                            DefinitionProblem(
                                place,
                                f"id '{indicator.id}' används redan ({seen_ids[indicator.id]})",
                            )
                        )
                    seen_ids.setdefault(indicator.id, place)
        for language, translation in self.translations.items():
            for need_id, need_tr in translation.needs.items():
                if need_id not in seen_needs:
                    continue
                for indicator_id in need_tr.indicators:
                    if not indicator_id.startswith(f"{need_id.value}.") or (
                        indicator_id not in seen_ids
                    ):
                        problems.append(DefinitionProblem(
                            f"translations.{language}.needs.{need_id.value}.indicators."
                            f"{indicator_id}", "okänd indikator"))
        missing = [need.value for need in Need if need not in seen_needs]
        if missing:
            problems.append(DefinitionProblem("needs", f"behov saknas: {', '.join(missing)}"))
        _raise_problems(problems)
        return self

    @cached_property
    def content_hash(self) -> str:
        if self._original is not None:
            return self._original.content_hash
        return definition_hash(self)

    @property
    def original(self) -> CompassDefinition:
        return self._original or self

    @property
    def language(self) -> str:
        return self._language

    def need(self, need: Need) -> NeedDefinition:
        for definition in self.needs:
            if definition.id is need:
                return definition
        raise KeyError(need)

    def label(self, need: Need) -> str:
        return self.need(need).label

    def in_card_order(self) -> list[NeedDefinition]:
        return [self.need(n) for n in CARD_ORDER]

    def positive_indicator(self, indicator_id: str) -> Indicator:
        for need in self.needs:
            for indicator in need.positive_indicators:
                if indicator.id == indicator_id:
                    return indicator
        raise KeyError(indicator_id)

    def concern_indicator(self, indicator_id: str) -> ConcernIndicator:
        for need in self.needs:
            for indicator in need.concern_indicators:
                if indicator.id == indicator_id:
                    return indicator
        raise KeyError(indicator_id)

    @property
    def released(self) -> bool:
        return self.status is FormStatus.RELEASED


