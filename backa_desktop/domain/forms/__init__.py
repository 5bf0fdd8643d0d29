"""Forms as data: the schema of form and Behovskompass definitions, and of answers to them.

The organisation rewords its cards, questions and scales in `forms/` without a programmer
(DESIGN.md §5), so every mistake an editor can make must be caught when the file is loaded,
with the place in the file and what is wrong, never when a nurse opens the form. That is why
every model forbids unknown fields, and why the cross-field rules (unique ids, conditions that
point backwards, comments only on need sections) run inside validation and report the exact
place (`sections[1].items[3].id`).

An answer is stored with the form id, version and content hash it was given under, so it is
always shown with its own wording (domain.md §6 item 16). The hash is taken over a canonical
serialisation that leaves out fields at their defaults: adding an optional field to this
schema later does not invalidate the hashes of versions already released.

The package is split by what it holds: `base` (identifiers, enums, building blocks, the
canonical hash), `items` (one model per item kind, sections, rules), `definition` (a form and
its cross-field rules), `compass` (Behovskompassen), `responses` (answers), `translations` and
`localized` (the forms' texts in other languages). Import from the package itself.
"""

from __future__ import annotations

from backa_desktop.domain.forms.base import (
    FORM_ID_PATTERN,
    ICON_PATTERN,
    ID_PATTERN,
    RESPONDENT_LABELS,
    SCALE_VALUES,
    VET_EJ,
    AgeRange,
    AnswerScalar,
    Audience,
    ChoiceOption,
    Condition,
    DecisionOption,
    DefinitionProblem,
    FormId,
    FormStatus,
    IconName,
    ItemId,
    ItemKind,
    PrefillSource,
    Respondent,
    Text,
    canonical_json,
    definition_hash,
)
from backa_desktop.domain.forms.compass import (
    CompassDefinition,
    ConcernIndicator,
    Indicator,
    NeedDefinition,
)
from backa_desktop.domain.forms.definition import (
    FormDefinition,
)
from backa_desktop.domain.forms.guardians import (
    fill_guardians,
    guardian_name,
    guardian_number,
    guardian_word,
    with_guardians,
)
from backa_desktop.domain.forms.items import (
    DEFAULT_DECISIONS,
    DEFAULT_NEED_STATUS_LABELS,
    DEFAULT_SMILEY_ANCHORS,
    OTHER_UNIT_PREFIX,
    AtLeastOneRule,
    CommentSpec,
    DateItem,
    DecisionItem,
    FormItem,
    ItemBase,
    MultiChoiceItem,
    NeedStatusItem,
    PersonItem,
    RatingItem,
    ScaleItem,
    Section,
    SingleChoiceItem,
    SmileyItem,
    TextItem,
    UnitItem,
    YesNoItem,
    other_unit_answer,
    other_unit_name,
)
from backa_desktop.domain.forms.localized import (
    localize_compass,
    localize_form,
    missing_compass_translations,
    missing_form_translations,
)
from backa_desktop.domain.forms.responses import (
    MSG_CO_SIGNER_IS_SIGNER,
    AnswerValue,
    FormResponse,
    ResponseStatus,
    answer_key,
    co_signer_problem,
    comment_key,
    parse_answer_key,
)
from backa_desktop.domain.forms.translations import (
    DEFAULT_TEXTS,
    SOURCE_LANGUAGE,
    CommentTranslation,
    CompassTranslation,
    FormTranslation,
    ItemTranslation,
    NeedTranslation,
    SectionTranslation,
)

__all__ = [
    "DEFAULT_DECISIONS",
    "DEFAULT_NEED_STATUS_LABELS",
    "DEFAULT_SMILEY_ANCHORS",
    "DEFAULT_TEXTS",
    "FORM_ID_PATTERN",
    "ICON_PATTERN",
    "ID_PATTERN",
    "MSG_CO_SIGNER_IS_SIGNER",
    "OTHER_UNIT_PREFIX",
    "RESPONDENT_LABELS",
    "SCALE_VALUES",
    "SOURCE_LANGUAGE",
    "VET_EJ",
    "AgeRange",
    "AnswerScalar",
    "AnswerValue",
    "AtLeastOneRule",
    "Audience",
    "ChoiceOption",
    "CommentSpec",
    "CommentTranslation",
    "CompassDefinition",
    "CompassTranslation",
    "ConcernIndicator",
    "Condition",
    "DateItem",
    "DecisionItem",
    "DecisionOption",
    "DefinitionProblem",
    "FormDefinition",
    "FormId",
    "FormItem",
    "FormResponse",
    "FormStatus",
    "FormTranslation",
    "IconName",
    "Indicator",
    "ItemBase",
    "ItemId",
    "ItemKind",
    "ItemTranslation",
    "MultiChoiceItem",
    "NeedDefinition",
    "NeedStatusItem",
    "NeedTranslation",
    "PersonItem",
    "PrefillSource",
    "RatingItem",
    "Respondent",
    "ResponseStatus",
    "ScaleItem",
    "Section",
    "SectionTranslation",
    "SingleChoiceItem",
    "SmileyItem",
    "Text",
    "TextItem",
    "UnitItem",
    "YesNoItem",
    "answer_key",
    "canonical_json",
    "co_signer_problem",
    "comment_key",
    "definition_hash",
    "fill_guardians",
    "guardian_name",
    "guardian_number",
    "guardian_word",
    "localize_compass",
    "localize_form",
    "missing_compass_translations",
    "missing_form_translations",
    "other_unit_answer",
    "other_unit_name",
    "parse_answer_key",
    "with_guardians",
]
