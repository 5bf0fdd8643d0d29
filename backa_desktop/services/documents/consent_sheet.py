"""The consent sheet the family reads and signs before a team is formed."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from backa_desktop.domain.consent import ConsentScope
from backa_desktop.domain.process import ChildStatus
from backa_desktop.domain.teams import TeamKind
from backa_desktop.printing.models import ConsentSheetDocument, ShareRow
from backa_desktop.services.documents.common import (
    FAMILY_UNIT_UNNAMED,
    barnkontakt_on,
    contact_of,
    formatted_identity,
    load_child,
    teams_of,
    today_or,
)
from backa_desktop.services.overview import load_directory
from backa_desktop.services.vault import Session

FAMILY_UNIT_SUPPORTING = "En enhet som ger stöd enligt planen"
"""An extra unit on the sheet of a child with protected identity, named by its role only."""


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
    on = today_or(today)
    _, profile = load_child(session, child_id)
    directory = load_directory(session)
    # Protected identity: the sheet names no unit (docs/decisions.md), only the kind of agency.
    hide = profile.protected_identity
    unit = ("" if hide else directory.unit_name(profile.unit_id)) or FAMILY_UNIT_UNNAMED
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
                (m.agency if hide else directory.unit_name(m.unit_id) or m.agency)
                for t in teams_of(session, child_id) if t.kind is TeamKind.INDIVIDUELLT_BARNTEAM
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
        name = (
            FAMILY_UNIT_SUPPORTING if hide else directory.unit_name(unit_id) or unit_id
        )
        shares.append(ShareRow(recipient=name,
                               what="Barnets plan och det som behövs för stödet",
                               why="Enheten ger stöd enligt planen", kind="unit", unit=name))
    barnkontakt = contact_of(directory, barnkontakt_on(session, child_id, on), "Barnkontakt",
                             protected=hide)
    return ConsentSheetDocument(
        child_name=profile.display_name,
        child_identity_number=formatted_identity(profile),
        printed_on=on,
        unit_name="" if hide else directory.unit_name(profile.unit_id),
        barnkontakt=barnkontakt,
        shares=shares,
        guardian_names=[g.name for g in profile.guardians],
        signing_parties=[f"Vårdnadshavare {i}" for i in range(1, max(1, len(profile.guardians))
                                                                + 1)] + ["Barnet"],
    )


def _default_scopes(status: ChildStatus | None) -> list[ConsentScope]:
    if status is ChildStatus.INDIVIDUELLT_BARNTEAM:
        return [ConsentScope.INDIVIDUELLT_BARNTEAM]
    if status is ChildStatus.I_BARNTEAM:
        return [ConsentScope.BARNTEAM]
    return [ConsentScope.UPPTACKARKORT, ConsentScope.BARNTEAM]
