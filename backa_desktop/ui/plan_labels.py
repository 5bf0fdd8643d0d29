"""Swedish labels of the plan, consent, team and orosanmälan values, through the translator.

As in `labels`: the domain keeps its Swedish labels (they are printed too) and the UI shows
them through `translate(context, label)`. `_catalogue()` is never run for its result by the
app: it names every label literally so pyside6-lupdate extracts them, and a test checks it
against the domain's tables so a new value cannot be left untranslated.
"""

from __future__ import annotations

from collections.abc import Sequence

from backa_desktop.domain.consent import (
    CONSENT_TYPE_LABELS,
    LEGAL_BASIS_LABELS,
    PARTY_LABELS,
    SCOPE_LABELS,
    ConsentParty,
    ConsentScope,
    ConsentType,
    LegalBasis,
)
from backa_desktop.domain.forms import guardian_name
from backa_desktop.domain.orosanmalan import STATUS_LABELS, OrosanmalanStatus
from backa_desktop.domain.plan import ACTION_STATUS_LABELS, PlanActionStatus
from backa_desktop.domain.teams import TEAM_ROLE_LABELS, TeamRole
from backa_desktop.ui.qt import translate

# the notes `consent.sharing_overview` writes on a line of the overview
SHARE_NOTES = (
    "Kräver skriftligt samtycke.",
    "Samtycket är återkallat. Inga nya uppgifter delas.",
    "Samtycket har upphört att gälla.",
)


def action_status(value: PlanActionStatus | str) -> str:
    return translate("ActionStatus", ACTION_STATUS_LABELS[PlanActionStatus(value)])


def party(value: ConsentParty | str, guardian_names: Sequence[str] = ()) -> str:
    """The party of a consent: a guardian by name when the child's profile has it."""
    who = ConsentParty(value)
    return guardian_name(who, guardian_names) or translate("ConsentParty", PARTY_LABELS[who])


def party_in_text(value: ConsentParty | str, guardian_names: Sequence[str] = ()) -> str:
    """The party inside a sentence: "vårdnadshavare 1" in lower case, a name as written."""
    return guardian_name(value, guardian_names) or party(value).lower()


def consent_type(value: ConsentType | str) -> str:
    return translate("ConsentType", CONSENT_TYPE_LABELS[ConsentType(value)])


def scope(value: ConsentScope | str) -> str:
    return translate("ConsentScope", SCOPE_LABELS[ConsentScope(value)])


def legal_basis(value: LegalBasis | str) -> str:
    return translate("LegalBasis", LEGAL_BASIS_LABELS[LegalBasis(value)])


def team_role(value: TeamRole | str) -> str:
    return translate("TeamRole", TEAM_ROLE_LABELS[TeamRole(value)])


def oros_status(value: OrosanmalanStatus | str) -> str:
    return translate("OrosStatus", STATUS_LABELS[OrosanmalanStatus(value)])


def share_note(text: str) -> str:
    """Known notes are translated; anything else (a legal citation) is shown as written."""
    return translate("ShareNote", text) if text in SHARE_NOTES else text


def _catalogue() -> dict[str, list[str]]:
    return {
        "ActionStatus": [
            translate("ActionStatus", "Planerad"),
            translate("ActionStatus", "Pågående"),
            translate("ActionStatus", "Klar"),
            translate("ActionStatus", "Avbruten"),
        ],
        "ConsentParty": [
            translate("ConsentParty", "Barnet"),
            translate("ConsentParty", "Vårdnadshavare 1"),
            translate("ConsentParty", "Vårdnadshavare 2"),
        ],
        "ConsentType": [
            translate("ConsentType", "Muntligt"),
            translate("ConsentType", "Skriftligt"),
        ],
        "ConsentScope": [
            translate("ConsentScope", "Upptäckarkortet till Barnkontakten"),
            translate("ConsentScope", "Barnteamet"),
            translate("ConsentScope", "Individuellt barnteam"),
            translate("ConsentScope", "Namngiven enhet"),
        ],
        "LegalBasis": [
            translate("LegalBasis", "Samtycke"),
            translate("LegalBasis", "Anmälningsskyldighet"),
            translate("LegalBasis", "Sekretessbrytande bestämmelse"),
        ],
        "TeamRole": [
            translate("TeamRole", "Barnkontakt"),
            translate("TeamRole", "Upptäckare"),
            translate("TeamRole", "Stödsamordnare"),
            translate("TeamRole", "Medlem"),
        ],
        "OrosStatus": [
            translate("OrosStatus", "Upprättad"),
            translate("OrosStatus", "Skickad"),
            translate("OrosStatus", "Mottagen"),
            translate("OrosStatus", "Återkoppling"),
        ],
        "ShareNote": [
            translate("ShareNote", "Kräver skriftligt samtycke."),
            translate("ShareNote", "Samtycket är återkallat. Inga nya uppgifter delas."),
            translate("ShareNote", "Samtycket har upphört att gälla."),
        ],
    }


DOMAIN_TABLES: dict[str, list[str]] = {
    "ActionStatus": list(ACTION_STATUS_LABELS.values()),
    "ConsentParty": list(PARTY_LABELS.values()),
    "ConsentType": list(CONSENT_TYPE_LABELS.values()),
    "ConsentScope": list(SCOPE_LABELS.values()),
    "LegalBasis": list(LEGAL_BASIS_LABELS.values()),
    "TeamRole": list(TEAM_ROLE_LABELS.values()),
    "OrosStatus": list(STATUS_LABELS.values()),
    "ShareNote": list(SHARE_NOTES),
}
