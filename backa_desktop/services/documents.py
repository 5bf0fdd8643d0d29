"""Printing a child's documents: read the records, fill a view-model, write the PDF, audit it.

The printing layer only lays out what it is given, so the choices about *what* a document may
contain are made here: the family plan gets names and contact details but no guardian identity
numbers, an orosanmälan is printed only for someone who may see it, and the register extract
leaves reports of concern out unless asked (they are secret towards the guardians until a
secrecy review says otherwise). Every printout appends a "print" audit event (DESIGN.md §4),
and the file is written atomically so a crash never leaves half a PDF behind.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from backa_desktop.domain.consent import Consent, ConsentScope
from backa_desktop.domain.forms import (
    VET_EJ,
    FormDefinition,
    FormResponse,
    Respondent,
    parse_answer_key,
)
from backa_desktop.domain.identity import IdentityError, IdentityNumber
from backa_desktop.domain.needs import CARD_ORDER, Need, NeedStatus
from backa_desktop.domain.orosanmalan import STATUS_LABELS, Orosanmalan, visible_to
from backa_desktop.domain.people import ChildProfile, Role, StaffMember
from backa_desktop.domain.plan import BarnetsPlan, PlanAction, actions_of
from backa_desktop.domain.process import Beslut, ChildStatus
from backa_desktop.domain.records import Record, RecordType
from backa_desktop.domain.teams import (
    BarnkontaktAssignment,
    Team,
    TeamKind,
    current_barnkontakt,
)
from backa_desktop.printing import render, write_pdf
from backa_desktop.printing.languages import REFERENCE, Catalogue, available_languages
from backa_desktop.printing.models import (
    DEFAULT_NEED_LABELS,
    ActionRow,
    AuditRow,
    CompassView,
    ConsentSheetDocument,
    Contact,
    ExtractRecord,
    FormKind,
    FormSummaryDocument,
    IndicatorRow,
    LeafletDocument,
    MeetingRow,
    ObservationRow,
    OrosanmalanDocument,
    PersonRow,
    PlanDocument,
    RaterScores,
    RegisterExtractDocument,
    ShareRow,
    SummaryRow,
    SummarySection,
)
from backa_desktop.services.children import find_child
from backa_desktop.services.overview import (
    Directory,
    current_responses,
    latest_need_status,
    load_directory,
    need_means,
    occasion_of,
    signed_responses,
)
from backa_desktop.services.vault import Session


class DocumentError(Exception):
    """A document that cannot be made; str() is a Swedish sentence for the user."""


class DocumentKind(StrEnum):
    PLAN = "plan"
    CARD = "card"
    TALK = "talk"
    RATING = "rating"
    CONCERN = "concern"
    EXTRACT = "extract"
    CONSENT_SHEET = "consent-sheet"
    LEAFLET = "leaflet"


KIND_LABELS: dict[DocumentKind, str] = {
    DocumentKind.PLAN: "Barnets plan",
    DocumentKind.CARD: "Upptäckarkort",
    DocumentKind.TALK: "Samtal",
    DocumentKind.RATING: "Skattning",
    DocumentKind.CONCERN: "Orosanmälan",
    DocumentKind.EXTRACT: "Registerutdrag",
    DocumentKind.CONSENT_SHEET: "Samtyckesblankett",
    DocumentKind.LEAFLET: "Broschyr: Vad är Backa barnet?",
}

# What a family takes home: printable in the family's language (print-language catalogues).
FAMILY_KINDS = frozenset({DocumentKind.PLAN, DocumentKind.CONSENT_SHEET, DocumentKind.LEAFLET})

TYPE_LABELS: dict[RecordType, str] = {
    RecordType.UNIT: "Enhet",
    RecordType.STAFF: "Personal",
    RecordType.CHILD: "Barnet",
    RecordType.BARNKONTAKT: "Barnkontakt",
    RecordType.TEAM: "Team",
    RecordType.CONSENT: "Samtycke",
    RecordType.FORM_RESPONSE: "Formulärsvar",
    RecordType.DECISION: "Beslut",
    RecordType.PLAN: "Barnets plan",
    RecordType.PLAN_ACTION: "Insats i Barnets plan",
    RecordType.OROSANMALAN: "Orosanmälan",
    RecordType.NOTE: "Anteckning",
    RecordType.CONFLICT: "Konflikt",
}

AUDIT_ACTION_LABELS: dict[str, str] = {
    "read": "läste",
    "create": "skapade",
    "update": "ändrade",
    "delete": "tog bort",
    "print": "skrev ut",
    "preview": "förhandsgranskade",
    "export": "exporterade",
    "reveal_identity": "visade personnumret",
    "sign": "signerade",
}

FORM_PREFIX: dict[DocumentKind, str] = {
    DocumentKind.CARD: "upptackarkort",
    DocumentKind.TALK: "samtal",
    DocumentKind.RATING: "skattning",
}
FORM_KINDS: dict[DocumentKind, FormKind] = {
    DocumentKind.CARD: "upptackarkort",
    DocumentKind.TALK: "samtal",
    DocumentKind.RATING: "skattning",
}


@dataclass(frozen=True)
class PrintResult:
    path: Path
    kind: DocumentKind
    child_id: str
    size: int


# -- shared look-ups ---------------------------------------------------------------------------


def _today(today: date | None) -> date:
    return today or date.today()


def _child(session: Session, child_id: str) -> tuple[Record, ChildProfile]:
    record = session.repo.get(child_id)
    if record is None or record.type != RecordType.CHILD or record.deleted:
        raise DocumentError("Barnet finns inte i den här mappen.")
    return record, ChildProfile.model_validate(record.body)


def resolve_child(session: Session, ref: str) -> str:
    """An identity number (any accepted form) or a record id -> the child's record id."""
    child_id = find_child(session, ref)
    if child_id is None:
        raise DocumentError("Hittade inget barn med det personnumret eller id:t.")
    _child(session, child_id)
    return child_id


def _formatted_identity(profile: ChildProfile) -> str:
    try:
        return profile.identity_number().formatted()
    except (IdentityError, ValueError):
        return profile.identity


def _guardian_identity(identity: str | None) -> str:
    if not identity:
        return ""
    try:
        return IdentityNumber.from_stored(identity).formatted()
    except (IdentityError, ValueError):
        return identity


def _contact(directory: Directory, staff_id: str | None, role: str) -> Contact | None:
    if not staff_id or staff_id not in directory.staff:
        return None
    try:
        staff = StaffMember.model_validate(directory.staff[staff_id])
    except ValueError:
        return None
    unit = directory.units.get(staff.unit_id or "", {})
    return Contact(
        role=role,
        name=staff.name,
        title=staff.title or "",
        unit=str(unit.get("name", "")),
        phone=staff.phone or str(unit.get("phone") or ""),
        email=staff.email or str(unit.get("email") or ""),
    )


def _records(session: Session, record_type: RecordType, child_id: str) -> list[Record]:
    return session.repo.find(record_type, child_id=child_id)


def _need_labels(registry: Any | None) -> dict[Need, str]:
    """The organisation's labels from forms/ when a registry is given, else the defaults."""
    if registry is None:
        return dict(DEFAULT_NEED_LABELS)
    try:
        compass = registry.compass()
        return {n: str(compass.label(n)).capitalize() for n in Need}
    except Exception:  # a forms folder problem must not stop a printout
        return dict(DEFAULT_NEED_LABELS)


def _statuses(values: Mapping[str, str | None]) -> dict[Need, NeedStatus]:
    out: dict[Need, NeedStatus] = {}
    for key, value in values.items():
        try:
            out[Need(key)] = NeedStatus(str(value))
        except ValueError:
            continue
    return out


def _scores(means: Mapping[str, Any]) -> dict[Need, float | None]:
    out: dict[Need, float | None] = {}
    for need in CARD_ORDER:
        value = means.get(need.value)
        out[need] = float(value) if isinstance(value, int | float) else None
    return out


def _form_of(registry: Any | None, body: Mapping[str, Any]) -> FormDefinition | None:
    if registry is None:
        return None
    try:
        definition = registry.get(str(body.get("form_id")), int(body.get("form_version") or 0))
    except Exception:  # unknown form version: print the raw answers instead
        return None
    return definition if isinstance(definition, FormDefinition) else None


def _rater_series(
    record: Record, directory: Directory, registry: Any | None
) -> list[RaterScores]:
    """One radar polygon per rater: a Skattning is one rater (with co-rater), a Samtal has
    the child and each guardian."""
    body = record.body
    form_id = str(body.get("form_id", ""))
    answers = body.get("answers") or {}
    form = _form_of(registry, body)
    if form_id == "skattning":
        means = dict(body.get("need_scores") or {}) or need_means(answers, form)
        label = directory.staff_name(body.get("signed_by")) or "Personal"
        co = directory.staff_name(body.get("co_signer"))
        return [RaterScores(rater=f"{label} och {co}" if co else label, scores=_scores(means))]
    series: list[RaterScores] = []
    for who in (Respondent.CHILD, Respondent.GUARDIAN_1, Respondent.GUARDIAN_2):
        means = need_means(answers, form, who)
        if any(v is not None for v in means.values()):
            series.append(RaterScores(rater=who.label, scores=_scores(means)))
    return series


def compass_for_child(
    session: Session, child_id: str, directory: Directory, registry: Any | None = None
) -> CompassView:
    """Status from the newest Upptäckarkort answers, radar from the newest rating occasion."""
    responses = current_responses(signed_responses(session, child_id))
    cards = [r for r in responses if r.body.get("form_id") == "upptackarkort"]
    status, _ = latest_need_status(cards)
    rated = [r for r in responses if str(r.body.get("form_id", "")).startswith(("skattning",
                                                                                   "samtal"))]
    raters: list[RaterScores] = []
    if rated:
        newest = max(occasion_of(r) for r in rated)
        for record in sorted(rated, key=lambda r: r.created_at):
            if occasion_of(record) == newest:
                raters.extend(_rater_series(record, directory, registry))
    return CompassView(statuses=_statuses(status), raters=raters[:5],
                       labels=_need_labels(registry))


# -- Barnets plan --------------------------------------------------------------------------------


def _plan_record(session: Session, child_id: str) -> Record:
    plans = _records(session, RecordType.PLAN, child_id)
    if not plans:
        raise DocumentError("Barnet har ingen Barnets plan ännu. Gör planen först.")
    return max(plans, key=lambda r: (r.updated_at, r.id))


def _barnkontakt_id(session: Session, child_id: str, on: date) -> str | None:
    assignments: list[BarnkontaktAssignment] = []
    for record in _records(session, RecordType.BARNKONTAKT, child_id):
        try:
            assignments.append(BarnkontaktAssignment.model_validate(record.body))
        except ValueError:
            continue
    current = current_barnkontakt(assignments, on)
    return current.staff_id if current else None


def _teams(session: Session, child_id: str) -> list[Team]:
    teams: list[Team] = []
    for record in _records(session, RecordType.TEAM, child_id):
        try:
            teams.append(Team.model_validate(record.body))
        except ValueError:
            continue
    return teams


def build_plan_document(
    session: Session,
    child_id: str,
    *,
    today: date | None = None,
    registry: Any | None = None,
) -> PlanDocument:
    on = _today(today)
    _, profile = _child(session, child_id)
    record = _plan_record(session, child_id)
    plan = BarnetsPlan.model_validate(record.body)
    directory = load_directory(session)
    actions = [
        PlanAction.model_validate(r.body)
        for r in _records(session, RecordType.PLAN_ACTION, child_id)
        if r.body.get("plan_id") == record.id
    ]
    rows = []
    for action in actions_of(record.id, actions):
        who = directory.staff_name(action.responsible_staff_id) or action.responsible_name
        unit_id = action.responsible_unit_id or str(
            directory.staff.get(action.responsible_staff_id or "", {}).get("unit_id") or ""
        )
        rows.append(ActionRow(what=action.what, who=who or "Inte bestämt",
                              unit=directory.unit_name(unit_id), due_on=action.due_on,
                              status=action.status))
    barnkontakt_id = plan.barnkontakt_staff_id or _barnkontakt_id(session, child_id, on)
    stodsamordnare_id = plan.stodsamordnare_staff_id or next(
        (t.stodsamordnare_staff_id for t in _teams(session, child_id)
         if t.kind is TeamKind.INDIVIDUELLT_BARNTEAM and t.stodsamordnare_staff_id), None
    )
    responsible = ", ".join(
        p for p in (plan.responsible_huvudman, directory.unit_name(plan.responsible_unit_id)) if p
    )
    participants = [p.name or directory.staff_name(p.staff_id) for p in plan.participants]
    return PlanDocument(
        child_name=profile.display_name,
        child_first_name=profile.given_names.split()[0],
        child_identity_number=_formatted_identity(profile),
        printed_on=on,
        plan_updated_on=date.fromisoformat(record.updated_at[:10]),
        plan_version=record.revision,
        reason=plan.reason,
        needs=plan.need_ids,
        goals=plan.goals,
        child_view=plan.child_view,
        guardians_view=plan.guardians_view,
        expected_outcome=plan.expected_outcome,
        contingency=plan.contingency,
        actions=rows,
        barnkontakt=_contact(directory, barnkontakt_id, "Barnkontakt"),
        stodsamordnare=_contact(directory, stodsamordnare_id, "Stödsamordnare"),
        next_meeting_on=plan.next_follow_up_on,
        next_meeting_place=plan.next_follow_up_place,
        responsible=responsible,
        participants=[p for p in participants if p],
        follow_ups=[
            MeetingRow(held_on=m.held_on, notes=m.notes,
                       participants=[p.name or directory.staff_name(p.staff_id)
                                     for p in m.participants])
            for m in plan.follow_ups
        ],
        compass=compass_for_child(session, child_id, directory, registry),
    )


# -- form summaries ----------------------------------------------------------------------------


def _latest_response(session: Session, child_id: str, kind: DocumentKind,
                     record_id: str | None) -> Record:
    prefix = FORM_PREFIX[kind]
    responses = current_responses(signed_responses(session, child_id))
    if record_id is not None:
        chosen = [r for r in responses if r.id == record_id]
    else:
        chosen = [r for r in responses if str(r.body.get("form_id", "")).startswith(prefix)]
    if not chosen:
        raise DocumentError(f"Barnet har inget signerat {KIND_LABELS[kind].lower()} att skriva ut.")
    return max(chosen, key=lambda r: (occasion_of(r), r.created_at))


def _value_text(item: Any, value: Any, directory: Directory) -> str:
    kind = getattr(item, "kind", "")
    if value is None or value == "" or value == []:
        return ""
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
        return directory.unit_name(str(value)) or str(value)
    if kind == "decision":
        try:
            return Beslut(str(value)).label
        except ValueError:
            return str(value)
    return str(value)


def _raw_value(value: Any) -> str:
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    text = str(value)
    try:
        return NEED_STATUS_WORDS[NeedStatus(text)]
    except ValueError:
        return text


NEED_STATUS_WORDS: dict[NeedStatus, str] = {
    NeedStatus.UPPFYLLT: "Ja",
    NeedStatus.INTE_UPPFYLLT: "Nej",
    NeedStatus.VET_INTE: "Vet ej",
}


def _sections(
    body: Mapping[str, Any], form: FormDefinition | None, directory: Directory,
    labels: Mapping[Need, str],
) -> list[SummarySection]:
    answers: Mapping[str, Any] = body.get("answers") or {}
    comments: Mapping[str, Any] = body.get("comments") or {}
    if form is None:
        return _raw_sections(answers, comments, body, labels)
    sections: list[SummarySection] = []
    used: set[str] = set()
    for section in form.sections:
        rows: list[SummaryRow] = []
        for item in section.items:
            respondents: Iterable[Respondent | None] = item.respondents or (None,)
            for who in respondents:
                key = item.id if who is None else f"{item.id}@{who.value}"
                used.add(key)
                text = _value_text(item, answers.get(key), directory)
                if text:
                    label = item.label if who is None else f"{item.label} ({who.label})"
                    rows.append(SummaryRow(label=label, value=text))
        if section.need is not None and comments.get(section.need.value):
            used.add(section.need.value)
            rows.append(SummaryRow(label="Kommentar", value=str(comments[section.need.value])))
        if rows:
            sections.append(SummarySection(heading=section.title, need=section.need, rows=rows))
    # Answers the form does not name (an older layout, imported data) are still printed:
    # a summary must never hide something that was recorded.
    rest = {k: v for k, v in answers.items() if k not in used}
    rest_comments = {k: v for k, v in comments.items() if k not in used}
    return sections + _raw_sections(rest, rest_comments, body, labels)


def _raw_sections(
    answers: Mapping[str, Any], comments: Mapping[str, Any], body: Mapping[str, Any],
    labels: Mapping[Need, str],
) -> list[SummarySection]:
    """Without the form definition (an unknown version): the stored answers as they are,
    grouped by need where the key says which need it is."""
    by_need: dict[Need | None, list[SummaryRow]] = {}
    for key, value in answers.items():
        if value in (None, "", []):
            continue
        need = _need_of_key(key)
        by_need.setdefault(need, []).append(SummaryRow(label=_raw_label(key, need),
                                                       value=_raw_value(value)))
    for need_id, value in comments.items():
        try:
            need = Need(need_id)
        except ValueError:
            continue
        by_need.setdefault(need, []).append(SummaryRow(label="Kommentar", value=str(value)))
    scores = body.get("need_scores") or {}
    for need_id, value in scores.items():
        try:
            need = Need(need_id)
        except ValueError:
            continue
        by_need.setdefault(need, []).append(SummaryRow(label="Medelvärde (1–5)",
                                                       value=str(value)))
    sections: list[SummarySection] = []
    if None in by_need:
        sections.append(SummarySection(heading="Svar", rows=by_need[None]))
    for need in CARD_ORDER:
        if need in by_need:
            sections.append(SummarySection(heading=labels[need], need=need, rows=by_need[need]))
    return sections


def _raw_label(key: str, need: Need | None) -> str:
    item_id, _, respondent = key.partition("@")
    if need is not None and item_id in (f"need_{need.value}", f"{need.value}.uppfyllt",
                                        f"{need.value}.status"):
        label = "Är barnets behov uppfyllt?"
    else:
        label = item_id
    try:
        return f"{label} ({Respondent(respondent).label})" if respondent else label
    except ValueError:
        return key


def _need_of_key(key: str) -> Need | None:
    try:
        item_id, _ = parse_answer_key(key)
    except ValueError:
        item_id = key
    head = item_id.removeprefix("need_").split(".")[0]
    try:
        return Need(head)
    except ValueError:
        return None


def build_form_summary(
    session: Session,
    child_id: str,
    kind: DocumentKind,
    *,
    record_id: str | None = None,
    today: date | None = None,
    registry: Any | None = None,
) -> FormSummaryDocument:
    if kind not in FORM_KINDS:
        raise DocumentError("Det är inget formulär.")
    _, profile = _child(session, child_id)
    record = _latest_response(session, child_id, kind, record_id)
    body = record.body
    directory = load_directory(session)
    form = _form_of(registry, body)
    labels = _need_labels(registry)
    if kind is DocumentKind.CARD:
        status, _ = latest_need_status([record])
        compass = CompassView(statuses=_statuses(status), labels=labels)
    else:
        compass = CompassView(raters=_rater_series(record, directory, registry), labels=labels)
    signed_by = str(body.get("signed_by") or record.author)
    unit_id = str(directory.staff.get(signed_by, {}).get("unit_id") or "")
    try:
        version = str(FormResponse.model_validate(body).form_version)
    except ValueError:
        version = str(body.get("form_version") or "")
    return FormSummaryDocument(
        kind=FORM_KINDS[kind],
        title=f"{form.title} – sammanfattning" if form is not None else "",
        child_name=profile.display_name,
        child_identity_number=_formatted_identity(profile),
        printed_on=_today(today),
        answered_on=date.fromisoformat(occasion_of(record)[:10]),
        form_id=str(body.get("form_id") or ""),
        form_version=version,
        form_hash=str(body.get("content_hash") or ""),
        author=directory.staff_name(signed_by) or signed_by,
        co_author=directory.staff_name(body.get("co_signer")),
        unit=directory.unit_name(unit_id),
        status="Signerat",
        sections=_sections(body, form, directory, labels),
        compass=compass,
    )


# -- orosanmälan -----------------------------------------------------------------------------------


def _viewer(session: Session) -> tuple[set[str], bool]:
    me = session.me()
    roles = {str(r) for r in me.get("roles", [])}
    lead_of = {str(me.get("unit_id"))} if Role.UNIT_LEAD.value in roles and me.get("unit_id") \
        else set()
    return lead_of, Role.SOCIALTJANST.value in roles


def visible_reports(session: Session, child_id: str) -> list[tuple[Record, Orosanmalan]]:
    """The child's reports of concern that the signed-in user may see."""
    lead_of, is_soc = _viewer(session)
    out: list[tuple[Record, Orosanmalan]] = []
    for record in _records(session, RecordType.OROSANMALAN, child_id):
        report = Orosanmalan.model_validate(record.body)
        if visible_to(report, session.me_id, lead_of, is_soc):
            out.append((record, report))
    return out


def build_orosanmalan_document(
    session: Session,
    child_id: str,
    *,
    record_id: str | None = None,
    today: date | None = None,
    registry: Any | None = None,
) -> OrosanmalanDocument:
    _, profile = _child(session, child_id)
    reports = visible_reports(session, child_id)
    if record_id is not None:
        reports = [(r, rep) for r, rep in reports if r.id == record_id]
    if not reports:
        raise DocumentError(
            "Det finns ingen orosanmälan om barnet som du har rätt att se. En orosanmälan "
            "visas bara för den som skrev den, enhetens chef och socialtjänsten."
        )
    _, report = max(reports, key=lambda pair: (pair[1].created_on, pair[0].created_at))
    directory = load_directory(session)
    reporter = _contact(directory, report.reporter_staff_id, "Anmälare") or Contact(
        name=report.reporter_staff_id
    )
    reporter = reporter.model_copy(update={"unit": directory.unit_name(report.reporter_unit_id)
                                           or reporter.unit})
    labels = _need_labels(registry)
    indicators = [_indicator_row(i, registry) for i in report.concern_indicator_ids]
    return OrosanmalanDocument(
        recipient=report.recipient,
        child_name=profile.display_name,
        child_identity_number=_formatted_identity(profile),
        guardians=[
            PersonRow(relation=(g.relation or f"Vårdnadshavare {i}").capitalize(), name=g.name,
                      identity_number=_guardian_identity(g.identity), phone=g.phone or "")
            for i, g in enumerate(profile.guardians, start=1)
        ],
        reporter=reporter,
        concern=report.concern,
        indicators=indicators,
        observations=[ObservationRow(observed_on=o.observed_on, text=o.text)
                      for o in report.observations],
        acute_danger=report.acute_danger,
        legal_reference=report.legal_reference,
        created_on=report.created_on,
        sent_on=report.sent_on,
        status=STATUS_LABELS[report.status],
        printed_on=_today(today),
        need_labels=labels,
    )


def _indicator_row(indicator_id: str, registry: Any | None) -> IndicatorRow:
    need = _need_of_key(indicator_id)
    text = indicator_id
    if registry is not None:
        try:
            text = str(registry.compass().concern_indicator(indicator_id).text)
        except Exception:  # an indicator id from another compass version
            text = indicator_id
    return IndicatorRow(need=need, text=text)


# -- registerutdrag --------------------------------------------------------------------------------


# Swedish names of the body fields a family is most likely to read; others print as stored.
FIELD_LABELS: dict[str, str] = {
    "given_names": "Förnamn", "family_name": "Efternamn", "identity": "Personnummer",
    "identity_kind": "Typ av nummer", "birth_date": "Födelsedatum", "unit_id": "Enhet",
    "guardians": "Vårdnadshavare", "name": "Namn", "phone": "Telefon", "email": "E-post",
    "relation": "Relation", "status": "Status", "protected_identity": "Skyddad identitet",
    "child_id": "Barn (id)", "staff_id": "Personal (id)", "valid_from": "Gäller från",
    "valid_to": "Gäller till", "handover_note": "Överlämning", "plan_id": "Plan (id)",
    "what": "Vad", "responsible_staff_id": "Ansvarig (id)", "responsible_name": "Ansvarig",
    "responsible_unit_id": "Ansvarig enhet (id)", "due_on": "Klart senast", "order": "Ordning",
    "need_ids": "Behov", "reason": "Varför planen finns", "goals": "Mål",
    "child_view": "Barnets syn", "guardians_view": "Vårdnadshavarnas syn",
    "expected_outcome": "Förväntat resultat", "contingency": "Om det inte går som tänkt",
    "participants": "Deltagare", "responsible_huvudman": "Huvudman",
    "next_follow_up_on": "Nästa uppföljning", "next_follow_up_place": "Plats för uppföljning",
    "barnkontakt_staff_id": "Barnkontakt (id)", "stodsamordnare_staff_id": "Stödsamordnare (id)",
    "follow_ups": "Uppföljningar", "held_on": "Datum", "notes": "Anteckningar",
    "form_id": "Formulär", "form_version": "Version", "answers": "Svar", "comments": "Kommentarer",
    "signed_by": "Signerat av (id)", "signed_at": "Signerat", "co_signer": "Medbedömare (id)",
    "party": "Part", "type": "Typ", "scopes": "Gäller", "unit_ids": "Enheter (id)",
    "obtained_by": "Inhämtat av (id)", "filed_at": "Förvaras", "given_on": "Givet",
    "expires_on": "Gäller till", "withdrawn_on": "Återkallat", "purpose": "Syfte",
    "beslut": "Beslut", "motivation": "Motivering", "follow_up": "Uppföljning",
    "text": "Text", "note": "Anteckning", "status_changed_on": "Status ändrad",
}


def _field_label(path: str) -> str:
    return ".".join(
        FIELD_LABELS.get(part.split("[")[0], part.split("[")[0])
        + (f" {part[part.index('[') + 1:-1]}" if "[" in part else "")
        for part in path.split(".")
    )


def _flatten(prefix: str, value: Any, rows: list[SummaryRow]) -> None:
    if isinstance(value, dict):
        if not value:
            return
        for key in sorted(value):
            _flatten(f"{prefix}.{key}" if prefix else str(key), value[key], rows)
    elif isinstance(value, list):
        if value and all(isinstance(v, dict) for v in value):
            for i, v in enumerate(value, start=1):
                _flatten(f"{prefix}[{i}]", v, rows)
        elif value:
            rows.append(SummaryRow(label=_field_label(prefix),
                                   value=", ".join(str(v) for v in value)))
    elif value is not None and value != "":
        rows.append(SummaryRow(label=_field_label(prefix), value=_raw_value(value)))


def build_register_extract(
    session: Session,
    child_id: str,
    *,
    requested_by: str = "",
    requested_on: date | None = None,
    include_orosanmalan: bool = False,
    today: date | None = None,
) -> RegisterExtractDocument:
    """Everything this folder holds about the child, every revision's current state, and the
    child's audit events. Reports of concern are left out unless `include_orosanmalan` (and the
    user may see them): their disclosure to guardians needs a secrecy review first."""
    child_record, profile = _child(session, child_id)
    directory = load_directory(session)
    visible = {r.id for r, _ in visible_reports(session, child_id)}
    records = [child_record, *[
        r for r in session.repo.find(child_id=child_id) if r.id != child_record.id
    ]]
    notes: list[str] = []
    withheld = 0
    extract_records: list[ExtractRecord] = []
    for record in records:
        if record.type == RecordType.OROSANMALAN and not (
            include_orosanmalan and record.id in visible
        ):
            withheld += 1
            continue
        rows: list[SummaryRow] = []
        _flatten("", record.body, rows)
        extract_records.append(ExtractRecord(
            type_label=TYPE_LABELS.get(record.type, str(record.type)),
            record_id=record.id,
            created_at=record.created_at,
            updated_at=record.updated_at,
            author=directory.staff_name(record.author) or record.author,
            revision=record.revision,
            rows=rows,
        ))
    if withheld:
        notes.append(
            "Uppgifter som kan omfattas av sekretess mot den som begär utdraget prövas separat "
            "och finns inte med här."
        )
    type_of = {r.id: TYPE_LABELS.get(r.type, str(r.type)) for r in records}
    audit = [
        AuditRow(
            at=e.at,
            actor=directory.staff_name(e.actor) or e.actor,
            action=AUDIT_ACTION_LABELS.get(e.action, e.action),
            record=type_of.get(e.record_id or "", e.record_id or ""),
            device=e.device,
        )
        for e in session.audit.events(child_id=child_id)
    ]
    me = session.me()
    return RegisterExtractDocument(
        child_name=profile.display_name,
        child_identity_number=_formatted_identity(profile),
        printed_on=_today(today),
        requested_by=requested_by,
        requested_on=requested_on,
        prepared_by=str(me.get("name") or ""),
        organisation=directory.unit_name(str(me.get("unit_id") or "")),
        records=extract_records,
        audit=audit,
        notes=notes,
    )


# -- consent sheet ---------------------------------------------------------------------------------


def build_consent_sheet(
    session: Session,
    child_id: str,
    *,
    scopes: Iterable[ConsentScope] | None = None,
    unit_ids: Iterable[str] = (),
    today: date | None = None,
) -> ConsentSheetDocument:
    """The sheet the family reads and signs before a team is formed. Without `scopes`, the
    shares follow where the child is in the process."""
    on = _today(today)
    _, profile = _child(session, child_id)
    directory = load_directory(session)
    unit = directory.unit_name(profile.unit_id) or "barnets förskola eller skola"
    wanted = list(scopes) if scopes is not None else _default_scopes(profile.status)
    shares: list[ShareRow] = []
    for scope in wanted:
        if scope is ConsentScope.UPPTACKARKORT:
            shares.append(ShareRow(
                recipient=f"Barnkontakten på {unit}",
                what="Upptäckarkortet: vad personalen har sett och vilka behov det gäller",
                why="Så att Barnkontakten kan prata med er och erbjuda stöd",
                kind="upptackarkort", unit=unit))
        elif scope is ConsentScope.BARNTEAM:
            shares.append(ShareRow(
                recipient=f"Barnteamet på {unit}",
                what="Upptäckarkortet, samtalet med er och barnet, och skattningarna",
                why="Teamet bedömer tillsammans vilket stöd barnet behöver",
                kind="barnteam", unit=unit))
        elif scope is ConsentScope.INDIVIDUELLT_BARNTEAM:
            agencies = sorted({
                directory.unit_name(m.unit_id) or m.agency
                for t in _teams(session, child_id) if t.kind is TeamKind.INDIVIDUELLT_BARNTEAM
                for m in t.active_members(on)
            } - {""})
            who = "Barnets individuella barnteam"
            if agencies:
                who += " (" + ", ".join(agencies) + ")"
            shares.append(ShareRow(
                recipient=who,
                what="Det som behövs för Barnets plan: behov, samtal, skattningar och insatser",
                why="Så att alla arbetar efter samma plan och ni inte behöver berätta allt "
                    "flera gånger",
                kind="individuellt", unit=", ".join(agencies)))
    for unit_id in unit_ids:
        name = directory.unit_name(unit_id) or unit_id
        shares.append(ShareRow(recipient=name,
                               what="Barnets plan och det som behövs för stödet",
                               why="Enheten ger stöd enligt planen", kind="unit", unit=name))
    barnkontakt = _contact(directory, _barnkontakt_id(session, child_id, on), "Barnkontakt")
    return ConsentSheetDocument(
        child_name=profile.display_name,
        child_identity_number=_formatted_identity(profile),
        printed_on=on,
        unit_name=directory.unit_name(profile.unit_id),
        barnkontakt=barnkontakt,
        shares=shares,
        guardian_names=[g.name for g in profile.guardians],
        signing_parties=[f"Vårdnadshavare {i}" for i in range(1, max(1, len(profile.guardians))
                                                                + 1)] + ["Barnet"],
    )


def build_leaflet(session: Session, child_id: str, *, today: date | None = None
                  ) -> LeafletDocument:
    """The leaflet with the child's current Barnkontakt to call."""
    on = _today(today)
    _, profile = _child(session, child_id)
    directory = load_directory(session)
    return LeafletDocument(
        printed_on=on,
        barnkontakt=_contact(directory, _barnkontakt_id(session, child_id, on), "Barnkontakt"),
        unit_name=directory.unit_name(profile.unit_id),
    )


# -- the family's language -------------------------------------------------------------------


def print_languages() -> list[Catalogue]:
    """The languages family documents can be printed in (one catalogue file each)."""
    return available_languages()


def language_choices() -> list[tuple[str, str]]:
    """(code, "Arabiska – العربية") for every print language, Swedish first: what a guardian's
    preferred language is chosen from."""
    return [(c.code, c.swedish_name.capitalize() + ("" if c.code == REFERENCE
                                                      else f" – {c.native_name}"))
            for c in print_languages()]


def family_language(session: Session, child_id: str) -> tuple[str | None, bool]:
    """The first guardian's preferred print language (if a catalogue exists for it) and
    whether any guardian needs an interpreter: what the print dialog preselects."""
    _, profile = _child(session, child_id)
    codes = {c.code for c in print_languages()}
    lang = next((g.preferred_language for g in profile.guardians
                 if g.preferred_language and g.preferred_language in codes), None)
    return lang, any(g.interpreter_needed for g in profile.guardians)


def _default_scopes(status: ChildStatus | None) -> list[ConsentScope]:
    if status is ChildStatus.INDIVIDUELLT_BARNTEAM:
        return [ConsentScope.INDIVIDUELLT_BARNTEAM]
    if status is ChildStatus.I_BARNTEAM:
        return [ConsentScope.BARNTEAM]
    return [ConsentScope.UPPTACKARKORT, ConsentScope.BARNTEAM]


def consents_of(session: Session, child_id: str) -> list[Consent]:
    out: list[Consent] = []
    for record in _records(session, RecordType.CONSENT, child_id):
        try:
            out.append(Consent.model_validate(record.body))
        except ValueError:
            continue
    return out


# -- the use case ----------------------------------------------------------------------------------


def build_document(
    session: Session,
    kind: DocumentKind,
    child_id: str,
    *,
    today: date | None = None,
    registry: Any | None = None,
    record_id: str | None = None,
    requested_by: str = "",
    include_orosanmalan: bool = False,
) -> Any:
    """The view-model for one kind of document."""
    if kind is DocumentKind.LEAFLET:
        return build_leaflet(session, child_id, today=today)
    if kind is DocumentKind.PLAN:
        return build_plan_document(session, child_id, today=today, registry=registry)
    if kind in FORM_KINDS:
        return build_form_summary(session, child_id, kind, record_id=record_id, today=today,
                                  registry=registry)
    if kind is DocumentKind.CONCERN:
        return build_orosanmalan_document(session, child_id, record_id=record_id, today=today,
                                          registry=registry)
    if kind is DocumentKind.EXTRACT:
        return build_register_extract(session, child_id, requested_by=requested_by,
                                      include_orosanmalan=include_orosanmalan, today=today)
    return build_consent_sheet(session, child_id, today=today)


def render_document(
    session: Session,
    kind: DocumentKind,
    child_id: str,
    *,
    child_version: bool = False,
    audit_action: str = "preview",
    lang: str = REFERENCE,
    bilingual: bool = False,
    **options: Any,
) -> bytes:
    """PDF bytes for a preview; the look at the child's data is audited like any other read."""
    _check_language(kind, lang)
    pdf = render(build_document(session, kind, child_id, **options), child_version=child_version,
                 lang=lang, bilingual=bilingual)
    session.audit.append(audit_action, record_id=child_id, child_id=child_id,
                         detail=json.dumps(_detail(kind, child_version, lang, bilingual)))
    return pdf


def _check_language(kind: DocumentKind, lang: str) -> None:
    if lang != REFERENCE and kind not in FAMILY_KINDS:
        raise DocumentError(f"{KIND_LABELS[kind]} skrivs bara ut på svenska. Familjens "
                            "dokument (plan, samtycke, broschyr) finns på fler språk.")
    if lang not in {c.code for c in print_languages()}:
        known = ", ".join(c.code for c in print_languages())
        raise DocumentError(f"Utskriftsspråket '{lang}' finns inte. Finns: {known}.")


def _detail(kind: DocumentKind, child_version: bool, lang: str, bilingual: bool
            ) -> dict[str, Any]:
    detail: dict[str, Any] = {"document": kind.value}
    if child_version:
        detail["child_version"] = True
    if lang != REFERENCE:
        detail["lang"] = lang
        detail["bilingual"] = bilingual
    return detail


def print_document(
    session: Session,
    kind: DocumentKind | str,
    child_ref: str,
    out: Path | str,
    *,
    child_version: bool = False,
    lang: str = REFERENCE,
    bilingual: bool = False,
    **options: Any,
) -> PrintResult:
    """Build, render and atomically write one document, then audit the printout."""
    kind = DocumentKind(kind)
    _check_language(kind, lang)
    child_id = resolve_child(session, child_ref)
    document = build_document(session, kind, child_id, **options)
    pdf = render(document, child_version=child_version, lang=lang, bilingual=bilingual)
    path = write_pdf(pdf, out)
    session.audit.append("print", record_id=child_id, child_id=child_id,
                         detail=json.dumps(_detail(kind, child_version, lang, bilingual)))
    return PrintResult(path=path, kind=kind, child_id=child_id, size=len(pdf))


def audit_sent_to_printer(session: Session, child_id: str, kind: DocumentKind) -> None:
    """A previewed document sent to a printer is a printout too, and audited as one."""
    session.audit.append("print", record_id=child_id, child_id=child_id,
                         detail=json.dumps({"document": kind.value, "printer": True}))
