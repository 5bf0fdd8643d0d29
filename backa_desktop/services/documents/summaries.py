"""Summaries of signed forms (Upptäckarkort, Samtal, Skattning). Answers the form no
longer names are printed as stored: a summary never hides what was recorded."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from backa_desktop.domain.bodies import body_as
from backa_desktop.domain.form_ids import FormUse
from backa_desktop.domain.forms import (
    DEFAULT_TEXTS,
    VET_EJ,
    FormDefinition,
    FormResponse,
    Respondent,
    guardian_name,
    localize_form,
    other_unit_name,
    with_guardians,
)
from backa_desktop.domain.needs import CARD_ORDER, Need, NeedStatus
from backa_desktop.domain.process import Beslut
from backa_desktop.domain.records import Record
from backa_desktop.printing.languages import REFERENCE, Catalogue, load_catalogue
from backa_desktop.printing.models import (
    CompassView,
    FormKind,
    FormSummaryDocument,
    SummaryRow,
    SummarySection,
)
from backa_desktop.services.documents.common import (
    DocumentError,
    DocumentKind,
    form_of,
    formatted_identity,
    load_child,
    need_labels,
    need_of_key,
    need_statuses,
    raw_value,
    today_or,
)
from backa_desktop.services.documents.compass import rater_series
from backa_desktop.services.overview import (
    Directory,
    current_responses,
    latest_need_status,
    load_directory,
    occasion_of,
    responses_of,
    signed_responses,
)
from backa_desktop.services.vault import Session

FORM_USE: dict[DocumentKind, FormUse] = {
    DocumentKind.CARD: FormUse.UPPTACKARKORT,
    DocumentKind.TALK: FormUse.SAMTAL,
    DocumentKind.RATING: FormUse.SKATTNING,
}
FORM_KINDS: dict[DocumentKind, FormKind] = {
    DocumentKind.CARD: "upptackarkort",
    DocumentKind.TALK: "samtal",
    DocumentKind.RATING: "skattning",
}


KEYS_NO_SIGNED = {
    DocumentKind.CARD: "document.no_signed_card",
    DocumentKind.TALK: "document.no_signed_talk",
    DocumentKind.RATING: "document.no_signed_rating",
}


def _latest_response(session: Session, child_id: str, kind: DocumentKind,
                     record_id: str | None) -> Record:
    responses = current_responses(signed_responses(session, child_id))
    if record_id is not None:
        chosen = [r for r in responses if r.id == record_id]
    else:
        chosen = responses_of(responses, FORM_USE[kind])
    if not chosen:
        raise DocumentError(KEYS_NO_SIGNED[kind])
    return max(chosen, key=lambda r: (occasion_of(r), r.created_at))


def _value_text(
    item: Any, value: Any, directory: Directory, cat: Catalogue, hide_units: bool = False
) -> str:
    kind = getattr(item, "kind", "")
    if value is None or value == "" or value == []:
        return ""
    if kind == "unit" and hide_units:
        return "—"  # answered, but a unit named on paper tells where the child goes
    if kind == "need_status":
        try:
            return str(item.labels[NeedStatus(str(value))])
        except (ValueError, KeyError):
            return str(value)
    if kind in ("scale_1_5", "smiley"):
        if value == VET_EJ:
            return str(item.vet_ej_label)
        anchor = item.anchor(int(value)) if isinstance(value, int) else str(value)
        return f"{value} – {anchor}" if anchor != str(value) else str(value)
    if kind == "yes_no":
        return str(item.yes_label if value else item.no_label)
    if kind in ("single_choice", "multi_choice"):
        labels = {o.id: o.label for o in item.options}
        values = value if isinstance(value, list) else [value]
        return ", ".join(str(labels.get(v, v)) for v in values)
    if kind == "person":
        return directory.staff_name(str(value)) or str(value)
    if kind == "unit":
        return other_unit_name(value) or directory.unit_name(str(value)) or str(value)
    if kind == "decision":
        try:
            beslut = Beslut(str(value))
        except ValueError:
            return str(value)
        labels = {o.id: o.label for o in getattr(item, "options", ())}
        defaults = DEFAULT_TEXTS.get(cat.code)
        return labels.get(beslut) or (defaults.decisions[beslut] if defaults else beslut.label)
    return str(value)


def form_sections(
    response: FormResponse, form: FormDefinition | None, directory: Directory,
    labels: Mapping[Need, str], cat: Catalogue, *, hide_units: bool = False,
    guardian_names: Sequence[str] = (),
) -> list[SummarySection]:
    """The answers in the form's order and words. `hide_units`: a child with protected
    identity, whose printout names no unit (docs/decisions.md). `guardian_names` (the child's
    profile, in order): a guardian's answers are labelled with the guardian's name, as the
    form screen shows them, rather than "Vårdnadshavare 1"."""
    answers: Mapping[str, Any] = response.answers
    comments: Mapping[str, Any] = {need.value: text for need, text in response.comments.items()}
    if form is None:
        return _raw_sections(answers, comments, labels, cat)
    form = with_guardians(form, guardian_names)  # "Är Märta Öberg informerad …?"
    sections: list[SummarySection] = []
    used: set[str] = set()
    for section in form.sections:
        rows: list[SummaryRow] = []
        for item in section.items:
            respondents: Iterable[Respondent | None] = item.respondents or (None,)
            for who in respondents:
                key = item.id if who is None else f"{item.id}@{who.value}"
                used.add(key)
                text = _value_text(item, answers.get(key), directory, cat, hide_units)
                if text:
                    label = (item.label if who is None
                             else f"{item.label} ({respondent_words(who, cat, guardian_names)})")
                    rows.append(SummaryRow(label=label, value=text))
        if section.need is not None and comments.get(section.need.value):
            used.add(section.need.value)
            comment = section.comment.label if section.comment else cat.t("summary.comment")
            rows.append(SummaryRow(label=comment, value=str(comments[section.need.value])))
        if rows:
            sections.append(SummarySection(heading=section.title, need=section.need, rows=rows))
    # Answers the form does not name (an older layout, imported data) are still printed:
    # a summary must never hide something that was recorded.
    rest = {k: v for k, v in answers.items() if k not in used}
    rest_comments = {k: v for k, v in comments.items() if k not in used}
    return sections + _raw_sections(rest, rest_comments, labels, cat)


def respondent_words(who: Respondent, cat: Catalogue, guardian_names: Sequence[str] = ()) -> str:
    """Who answered, in words: a guardian by name where the child's profile has one (the
    reader knows the people, not their numbers), else the catalogue's "Vårdnadshavare 1"."""
    return guardian_name(who, guardian_names) or cat.t(f"summary.respondent.{who.value}")


def _raw_sections(
    answers: Mapping[str, Any], comments: Mapping[str, Any], labels: Mapping[Need, str],
    cat: Catalogue,
) -> list[SummarySection]:
    """Without the form definition (an unknown version): the stored answers as they are,
    grouped by need where the key says which need it is."""
    by_need: dict[Need | None, list[SummaryRow]] = {}
    for key, value in answers.items():
        if value in (None, "", []):
            continue
        need = need_of_key(key)
        by_need.setdefault(need, []).append(SummaryRow(label=_raw_label(key, need, cat),
                                                       value=_raw_value(value, cat)))
    for need_id, value in comments.items():
        try:
            need = Need(need_id)
        except ValueError:
            continue
        by_need.setdefault(need, []).append(SummaryRow(label=cat.t("summary.comment"),
                                                       value=str(value)))
    sections: list[SummarySection] = []
    if None in by_need:
        sections.append(SummarySection(heading=cat.t("summary.answers"), rows=by_need[None]))
    for need in CARD_ORDER:
        if need in by_need:
            sections.append(SummarySection(heading=labels[need], need=need, rows=by_need[need]))
    return sections


def _raw_label(key: str, need: Need | None, cat: Catalogue) -> str:
    item_id, _, respondent = key.partition("@")
    if need is not None and item_id in (f"need_{need.value}", f"{need.value}.uppfyllt",
                                        f"{need.value}.status"):
        label = cat.t("summary.need_met")
    else:
        label = item_id
    try:
        who = Respondent(respondent).value if respondent else ""
    except ValueError:
        return key
    return f"{label} ({cat.t(f'summary.respondent.{who}')})" if who else label


def _raw_value(value: Any, cat: Catalogue) -> str:
    """A stored value as words in the print language (yes/no and need statuses)."""
    if isinstance(value, bool):
        return cat.t("summary.yes" if value else "summary.no")
    words = {NeedStatus.UPPFYLLT: "summary.yes", NeedStatus.INTE_UPPFYLLT: "summary.no",
             NeedStatus.VET_INTE: "summary.dont_know"}
    if isinstance(value, str) and value in {s.value for s in NeedStatus}:
        return cat.t(words[NeedStatus(value)])
    return raw_value(value)


def build_form_summary(
    session: Session,
    child_id: str,
    kind: DocumentKind,
    *,
    record_id: str | None = None,
    today: date | None = None,
    registry: Any | None = None,
    lang: str = REFERENCE,
) -> FormSummaryDocument:
    """The newest signed response of a kind (or `record_id`), worded in `lang`: the form's
    labels from its translation, the document's own words from the print catalogue."""
    if kind not in FORM_KINDS:
        raise DocumentError("document.not_a_form")
    cat = load_catalogue(lang)
    _, profile = load_child(session, child_id)
    record = _latest_response(session, child_id, kind, record_id)
    response = body_as(record, FormResponse)
    directory = load_directory(session)
    form = form_of(registry, response)
    if form is not None:
        form = localize_form(form, lang)
    labels = need_labels(registry, lang)
    if kind is DocumentKind.CARD:
        status, _ = latest_need_status([record])
        compass = CompassView(statuses=need_statuses(status), labels=labels)
    else:
        compass = CompassView(raters=rater_series(record, directory, registry, lang,
                                                  [g.name for g in profile.guardians]),
                              labels=labels)
    signed_by = response.signed_by or record.author
    unit_id = directory.staff_unit(signed_by)
    return FormSummaryDocument(
        kind=FORM_KINDS[kind],
        title=cat.t("summary.title", form=form.title) if form is not None else "",
        child_name=profile.display_name,
        child_identity_number=formatted_identity(profile),
        printed_on=today_or(today),
        answered_on=date.fromisoformat(occasion_of(record)[:10]),
        form_id=response.form_id,
        form_version=str(response.form_version),
        form_hash=response.content_hash,
        author=directory.staff_name(signed_by) or signed_by,
        co_author=directory.staff_name(response.co_signer),
        # the signer's unit tells where a child with protected identity goes
        unit="" if profile.protected_identity else directory.unit_name(unit_id),
        status=cat.t("summary.signed"),
        sections=form_sections(response, form, directory, labels, cat,
                               hide_units=profile.protected_identity,
                               guardian_names=[g.name for g in profile.guardians]),
        compass=compass,
    )
