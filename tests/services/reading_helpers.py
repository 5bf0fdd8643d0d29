"""Records of every kind for the reading tests, and what counts as a Swedish label: shared by
the service tests and the record window's (tests/ui)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from backa_desktop.domain.consent import Consent, ConsentParty, ConsentScope, ConsentType
from backa_desktop.domain.forms import FormDefinition, localize_form
from backa_desktop.domain.needs import Need
from backa_desktop.domain.plan import BarnetsPlan, Participant
from backa_desktop.domain.records import RecordType
from backa_desktop.printing.languages import load_catalogue
from backa_desktop.services import consents, plans, workflow
from backa_desktop.services.documents.reading import RecordReading, read_in, record_target
from backa_desktop.services.forms import FormRegistry
from backa_desktop.services.overview import load_directory
from backa_desktop.services.vault import Session
from tests.services.workflow_helpers import Folder, filled

TODAY = date(2026, 11, 23)
CONCERN = "Sixten sa att han inte vågar gå hem på fredagar."
SNAKE = re.compile(r"\b[a-z]+_[a-z_]+\b")


@dataclass(frozen=True)
class Records:
    decision: str
    consent: str
    plan: str
    card: str
    report: str


def _indicator(forms: FormRegistry) -> str:
    need = next(n for n in forms.compass().needs if n.concern_indicators)
    return need.concern_indicators[0].id


def make_records(session: Session, folder: Folder, forms: FormRegistry) -> Records:
    decision, _ = workflow.decide(
        session, folder.child, "barnteam", "Vi samlar barnteamet kring Sixten.",
        follow_up=date(2027, 1, 15), notify_upptackare=folder.colleague,
    )
    consent = consents.record_consent(session, Consent(
        child_id=folder.child, party=ConsentParty.VARDNADSHAVARE_1,
        type=ConsentType.SKRIFTLIGT, scopes=[ConsentScope.BARNTEAM],
        obtained_by=folder.barnkontakt, filed_at="Pärm A", given_on=TODAY,
    ))
    plan = plans.save_plan(session, BarnetsPlan(
        child_id=folder.child, reason="Sixten är ofta ensam på rasterna.",
        need_ids=[Need.TRYGGHET, Need.TILLHORIGHET], goals=["Sixten har någon att leka med."],
        participants=[Participant(name="Åsa Testsson"), Participant(staff_id=folder.barnkontakt)],
        next_follow_up_on=date(2027, 1, 15),
    ))
    card = forms.get("upptackarkort")
    answers = filled(card, folder.child, person=folder.barnkontakt, unit=folder.unit)
    signed = workflow.sign_form(session, card, answers)
    report = workflow.create_orosanmalan(session, folder.child, CONCERN,
                                         concern_indicator_ids=[_indicator(forms)], today=TODAY)
    return Records(decision.id, consent.id, plan.id, signed.id, report.id)


def _form_texts(form: FormDefinition) -> set[str]:
    texts = {form.title}
    for section in form.sections:
        texts.add(section.title)
        for item in section.items:
            texts.add(item.label)
            texts |= {str(o.label) for o in getattr(item, "options", ())}
    return {t for t in texts if t}


def swedish_only(forms: FormRegistry) -> set[str]:
    """Labels that are Swedish and nothing else: the Swedish catalogue's reading and summary
    words, the forms' Swedish texts, each unless English says it the same way."""
    sv, en = load_catalogue("sv"), load_catalogue("en")
    words = {v for k, v in sv.text.items()
             if k.startswith(("reading.", "summary.")) and "{" not in v and en.text[k] != v}
    for form in forms.all_forms():
        words |= _form_texts(form) - _form_texts(localize_form(form, "en"))
    return words


def shown_labels(reading: RecordReading) -> list[str]:
    labels = [reading.title]
    for part in reading.sections:
        labels += [part.heading] + [row.label for row in part.rows]
    return [label for label in labels if label]


def read_as_shown(session: Session, record_id: str, forms: FormRegistry,
                  lang: str) -> RecordReading:
    """What the record window shows when the app runs in `lang` (its registry in `lang`):
    decisions and consents through `record_target`, as a timeline click opens them; a plan
    and a form response, which open in windows of their own, read the same way."""
    record = session.repo.require(record_id)
    directory = load_directory(session)
    if record.type in (RecordType.DECISION, RecordType.CONSENT):
        target = record_target(session, record_id, directory, forms.in_language(lang), TODAY)
        assert target.kind == "reading" and target.reading is not None
        return target.reading
    return read_in(record, directory, forms.in_language(lang), lang)
