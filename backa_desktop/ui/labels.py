"""Swedish labels of domain values, routed through the translator.

The domain keeps its Swedish labels (they are also printed); the UI shows them through
`translate(context, label)` so the English catalogue can cover them. `_catalogue()` is never
called: it lists every label literally so pyside6-lupdate extracts them, and a test checks the
list against the domain's label tables.
"""

from __future__ import annotations

from collections.abc import Sequence

from backa_desktop.domain.forms import RESPONDENT_LABELS, Respondent, guardian_name
from backa_desktop.domain.notes import NOTE_KIND_LABELS, NoteKind
from backa_desktop.domain.people import ROLE_LABELS, VERKSAMHET_LABELS, Role, Verksamhet
from backa_desktop.domain.process import (
    _NEXT_STEP,
    BESLUT_LABELS,
    CARD_SENT_NEXT_STEP,
    CHILD_STATUS_LABELS,
    Beslut,
    ChildStatus,
)
from backa_desktop.ui.qt import translate


def child_status(status: ChildStatus | str | None) -> str:
    if not status:
        return translate("ChildStatus", "Ingen process")
    return translate("ChildStatus", CHILD_STATUS_LABELS[ChildStatus(status)])


def beslut(value: Beslut | str) -> str:
    return translate("Beslut", BESLUT_LABELS[Beslut(value)])


def role(value: Role | str) -> str:
    return translate("Role", ROLE_LABELS[Role(value)])


def verksamhet(value: Verksamhet | str) -> str:
    return translate("Verksamhet", VERKSAMHET_LABELS[Verksamhet(value)])


def note_kind(value: str) -> str:
    try:
        return translate("NoteKind", NOTE_KIND_LABELS[NoteKind(value)])
    except ValueError:
        return translate("NoteKind", "Anteckning")


def respondent(value: Respondent | str, guardian_names: Sequence[str] = ()) -> str:
    """Who answers: a guardian by name when the child's profile has it ("Vårdnadshavare 1"
    only when it does not), so a nurse sees which parent said what."""
    who = Respondent(value)
    return guardian_name(who, guardian_names) or translate("Respondent", RESPONDENT_LABELS[who])


def next_step(text: str) -> str:
    return translate("NextStep", text)


def _catalogue() -> list[str]:  # pragma: no cover - read by pyside6-lupdate, not run
    return [
        translate("ChildStatus", "Ingen process"),
        translate("ChildStatus", "Upptäckt"),
        translate("ChildStatus", "I barnteam"),
        translate("ChildStatus", "Individuellt barnteam"),
        translate("ChildStatus", "Behov uppfyllt"),
        translate("Beslut", "Stöd inom min egen verksamhet"),
        translate("Beslut", "Kontakta barnkontakten"),
        translate("Beslut", "Barnteam"),
        translate("Beslut", "Individuellt barnteam med stödsamordnare"),
        translate("Beslut", "Orosanmälan till socialtjänsten"),
        translate("Beslut", "Behoven är uppfyllda – avsluta"),
        translate("Role", "Upptäckare"),
        translate("Role", "Barnkontakt"),
        translate("Role", "Stödsamordnare"),
        translate("Role", "Medlem i barnteam"),
        translate("Role", "Enhetschef"),
        translate("Role", "Socialtjänst (tar emot orosanmälningar)"),
        translate("Role", "Administratör"),
        translate("Role", "Loggansvarig (loggkontroll)"),
        translate("Role", "Statistikansvarig (anonymiserad statistik)"),
        translate("Verksamhet", "BMM (barnmorskemottagning)"),
        translate("Verksamhet", "BVC (barnavårdscentral)"),
        translate("Verksamhet", "Förskola"),
        translate("Verksamhet", "Skola"),
        translate("Verksamhet", "Elevhälsa"),
        translate("Verksamhet", "Socialtjänst"),
        translate("Verksamhet", "BUP (barn- och ungdomspsykiatri)"),
        translate("Verksamhet", "Barn- och ungdomshabilitering"),
        translate("Verksamhet", "Polis"),
        translate("Verksamhet", "Ungdomsmottagning"),
        translate("Verksamhet", "Vårdcentral"),
        translate("Verksamhet", "Annan verksamhet"),
        translate("Respondent", "Barnet"),
        translate("Respondent", "Vårdnadshavare 1"),
        translate("Respondent", "Vårdnadshavare 2"),
        translate("Respondent", "Personal"),
        translate("NoteKind", "Anteckning"),
        translate("NoteKind", "Händelse"),
        translate("NoteKind", "Orosanmälan"),
        translate("NoteKind", "Utredning"),
        translate("NoteKind", "Polisanmälan"),
        translate("NoteKind", "Avstängning"),
        translate("NoteKind", "Kartläggning"),
        translate("NoteKind", "Möte"),
        translate(
            "NextStep",
            "Barnet har inget pågående stöd i Backa barnet. Den som ser att ett behov inte är uppfyllt går igenom Fem frågor och fyller i ett upptäckarkort.",  # noqa: E501
        ),
        translate(
            "NextStep",
            "Barnkontakten samtalar med barnet och vårdnadshavarna om behoven och beslutar sedan om nästa steg: avsluta, barnteam eller individuellt barnteam.",  # noqa: E501
        ),
        translate(
            "NextStep",
            "Barnteamet skattar barnets behov och beslutar om stöd. Barnkontakten sammanställer skattningarna och berättar om beslutet för barnet, vårdnadshavarna och upptäckaren.",  # noqa: E501
        ),
        translate(
            "NextStep",
            "Det individuella barnteamet arbetar tillsammans med familjen. Stödsamordnaren håller ihop barnets plan och ser till att insatserna följs upp.",  # noqa: E501
        ),
        translate(
            "NextStep",
            "Barnets behov är uppfyllda. Om en ny oro väcks börjar det på nytt med Fem frågor och ett upptäckarkort.",  # noqa: E501
        ),
        translate(
            "NextStep",
            "Upptäckarkortet är skickat till Barnkontakten. Barnkontakten tar kontakt med vårdnadshavarna, samtalar med barnet och beslutar sedan om nästa steg.",  # noqa: E501
        ),
    ]


DOMAIN_TABLES = {
    "Respondent": list(RESPONDENT_LABELS.values()),
    "NoteKind": list(NOTE_KIND_LABELS.values()),
    "NextStep": [*_NEXT_STEP.values(), CARD_SENT_NEXT_STEP],
    "ChildStatus": list(CHILD_STATUS_LABELS.values()),
    "Beslut": list(BESLUT_LABELS.values()),
    "Role": list(ROLE_LABELS.values()),
    "Verksamhet": list(VERKSAMHET_LABELS.values()),
}
