"""The form engine: what a response means, checked without Qt.

The renderer in `ui/` only draws what a definition says; every decision about an answer
(is it valid, is it required now, is the item visible, what does a new response start with,
which needs are unmet, what is the mean) is made here, so the same rules hold in the GUI,
the CLI, the central store and the tests (style.md §4 item 6).

The package is split by what each part holds: `answers` (slots, respondents, visibility),
`validation` (one keyed problem per field), `scores` (means, need statuses, the decision)
and `responses` (a new draft, signing, a correction). Callers import from here.
"""

from __future__ import annotations

from backa_desktop.domain.form_engine.answers import (
    AnswerSlot,
    answer_slots,
    filler_respondents,
    is_answered,
    is_scale_value,
    is_visible,
    items_for,
    respondents_of,
)
from backa_desktop.domain.form_engine.responses import (
    PrefillContext,
    new_response,
    prefill,
    sign,
    start_correction,
    unmet_needs_text,
)
from backa_desktop.domain.form_engine.scores import (
    concern_flags,
    decision,
    means_by_respondent,
    need_means,
    need_statuses,
    unmet_needs,
)
from backa_desktop.domain.form_engine.validation import (
    KEYS_RESPONDENT,
    MSG_CHOICE,
    MSG_CO_SIGNER,
    MSG_COMMENT,
    MSG_DATE,
    MSG_DECISION,
    MSG_PERSON,
    MSG_SCALE,
    MSG_SCALE_OR_VET_EJ,
    MSG_TEXT,
    MSG_UNIT,
    MSG_UNKNOWN,
    MSG_YES_NO,
    Errors,
    FieldProblem,
    FormMismatchError,
    ResponseInvalidError,
    check_matches,
    missing_required,
    required_message,
    validate_response,
    value_problem,
)

__all__ = [
    "KEYS_RESPONDENT",
    "MSG_CHOICE",
    "MSG_COMMENT",
    "MSG_CO_SIGNER",
    "MSG_DATE",
    "MSG_DECISION",
    "MSG_PERSON",
    "MSG_SCALE",
    "MSG_SCALE_OR_VET_EJ",
    "MSG_TEXT",
    "MSG_UNIT",
    "MSG_UNKNOWN",
    "MSG_YES_NO",
    "AnswerSlot",
    "Errors",
    "FieldProblem",
    "FormMismatchError",
    "PrefillContext",
    "ResponseInvalidError",
    "answer_slots",
    "check_matches",
    "concern_flags",
    "decision",
    "filler_respondents",
    "is_answered",
    "is_scale_value",
    "is_visible",
    "items_for",
    "means_by_respondent",
    "missing_required",
    "need_means",
    "need_statuses",
    "new_response",
    "prefill",
    "required_message",
    "respondents_of",
    "sign",
    "start_correction",
    "unmet_needs",
    "unmet_needs_text",
    "validate_response",
    "value_problem",
]
