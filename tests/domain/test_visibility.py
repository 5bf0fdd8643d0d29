"""Who sees a child and why: the central store's full-access rules, restated for the overview."""

from __future__ import annotations

from datetime import date

from backa_desktop.domain.consent import Consent, ConsentParty, ConsentScope, ConsentType
from backa_desktop.domain.teams import BarnkontaktAssignment, Team, TeamKind, TeamMember, TeamRole
from backa_desktop.domain.visibility import ChildAccess, SeeReason, viewers

DAY = date(2026, 3, 1)


def _access(consents: list[Consent]) -> ChildAccess:
    return ChildAccess(
        creator="registrar",
        assignments=[BarnkontaktAssignment(child_id="c", staff_id="bk", unit_id="bvc",
                                           valid_from=date(2026, 1, 1))],
        child_teams=[Team(kind=TeamKind.INDIVIDUELLT_BARNTEAM, child_id="c",
                          stodsamordnare_staff_id="sam",
                          members=[TeamMember(staff_id="teacher", agency="skola",
                                              joined_on=date(2026, 1, 1)),
                                   TeamMember(staff_id="left", agency="skola",
                                              joined_on=date(2026, 1, 1),
                                              left_on=date(2026, 2, 1)),
                                   TeamMember(staff_id="bk", agency="bvc",
                                              joined_on=date(2026, 1, 1)),
                                   TeamMember(staff_id="coord", agency="soc",
                                              role=TeamRole.STODSAMORDNARE,
                                              joined_on=date(2026, 1, 1))])],
        unit_barnteams=[
            Team(kind=TeamKind.BARNTEAM, unit_id="bvc",
                 members=[TeamMember(staff_id="nurse", agency="bvc", joined_on=date(2026, 1, 1))]),
            Team(kind=TeamKind.BARNTEAM, unit_id="other",
                 members=[TeamMember(staff_id="stranger", agency="skola",
                                     joined_on=date(2026, 1, 1))]),
        ],
        consents=consents,
    )


def _written(scope: ConsentScope) -> Consent:
    return Consent(child_id="c", party=ConsentParty.VARDNADSHAVARE_1,
                   type=ConsentType.SKRIFTLIGT, scopes=[scope], obtained_by="bk",
                   given_on=date(2026, 1, 1))


def test_without_consent_only_the_barnkontakt_and_coordinators_see() -> None:
    lines = [(v.staff_id, v.reason, v.sees, v.needs_consent) for v in viewers(_access([]), DAY)]
    assert lines == [
        ("bk", SeeReason.BARNKONTAKT, True, None),  # a member too: the strongest reason wins
        ("coord", SeeReason.STODSAMORDNARE, True, None),
        ("sam", SeeReason.STODSAMORDNARE, True, None),
        ("teacher", SeeReason.INDIVIDUELLT_BARNTEAM, False, ConsentScope.INDIVIDUELLT_BARNTEAM),
        ("nurse", SeeReason.BARNTEAM, False, ConsentScope.BARNTEAM),
    ]  # the registrar sees nothing once a Barnkontakt exists; nor do past members


def test_each_team_sees_under_its_own_written_consent() -> None:
    seen = {v.staff_id: v.sees
            for v in viewers(_access([_written(ConsentScope.BARNTEAM)]), DAY)}
    assert seen["nurse"] and not seen["teacher"]
    seen = {v.staff_id: v.sees
            for v in viewers(_access([_written(ConsentScope.INDIVIDUELLT_BARNTEAM)]), DAY)}
    assert seen["teacher"] and not seen["nurse"]
    assert "stranger" not in seen and "left" not in seen and "registrar" not in seen
