"""The overview's "who can see the child now" says what the central store decides: the same
records, read on the laptop and on a real server, name the same people."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from backa_desktop.central.access import FULL, level_of
from backa_desktop.central.db import make_engine
from backa_desktop.domain.consent import Consent, ConsentParty, ConsentScope, ConsentType
from backa_desktop.domain.people import ChildProfile
from backa_desktop.domain.process import Beslut
from backa_desktop.domain.teams import TeamKind, TeamMember
from backa_desktop.domain.visibility import SeeReason
from backa_desktop.services import consents, overview, teams, visibility
from backa_desktop.services.children import save_child
from tests.central.builders import unique_identity
from tests.central.people import People
from tests.central.support import ServerProcess
from tests.services.workflow_helpers import PASSPHRASE
from tests.ui.sync_folders import enroll_folder, fresh_vault, sync_folder


def _server_levels(db_url: str, child: str, users: list[str]) -> dict[str, str | None]:
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            return {u: level_of(conn, child, u) for u in users}
    finally:
        engine.dispose()


def test_team_member_sees_the_child_only_with_consent_here_and_on_the_server(
    tmp_path: Path, server: ServerProcess, people: People, db_url: str
) -> None:
    anna = fresh_vault(tmp_path / "anna", "Anna Barnkontakt")
    enroll_folder(anna, server.base_url, people.name("anna"))
    sync_folder(anna)
    today = date.today()
    with anna.unlock(PASSPHRASE) as s:
        child = save_child(s, ChildProfile(given_names="Sixten", family_name="Testsson",
                                           identity=unique_identity(date(2017, 1, 1)),
                                           birth_date=date(2017, 1, 1))).id
        # before any Barnkontakt, the one who registered the child sees it
        [me] = visibility.who_can_see(s, child, overview.load_directory(s))
        assert (me.staff_id, me.reason, me.sees) == (people.anna, SeeReason.REGISTERED, True)
        teams.assign_barnkontakt(s, child, people.anna, people.bvc, today)
        teams.add_team_member(s, child, TeamMember(staff_id=people.bo, agency="skola",
                                                   joined_on=today))
        assert visibility.team_consent_missing(s, child, Beslut.INDIVIDUELLT_BARNTEAM) is (
            ConsentScope.INDIVIDUELLT_BARNTEAM)
        assert visibility.team_consent_missing(s, child, Beslut.EGEN_VERKSAMHET) is None
        rows = visibility.who_can_see(s, child, overview.load_directory(s))
        assert [(r.staff_id, r.reason, r.sees, r.needs_consent) for r in rows] == [
            (people.anna, SeeReason.BARNKONTAKT, True, None),
            (people.bo, SeeReason.INDIVIDUELLT_BARNTEAM, False,
             ConsentScope.INDIVIDUELLT_BARNTEAM),
        ]
    sync_folder(anna)
    assert _server_levels(db_url, child, [people.anna, people.bo]) == {
        people.anna: FULL, people.bo: None}

    # an oral consent is not enough for a team; a written one is
    with anna.unlock(PASSPHRASE) as s:
        for kind in (ConsentType.MUNTLIGT, ConsentType.SKRIFTLIGT):
            consents.record_consent(s, Consent(
                child_id=child, party=ConsentParty.VARDNADSHAVARE_1, type=kind,
                scopes=[ConsentScope.INDIVIDUELLT_BARNTEAM], obtained_by=people.anna,
                given_on=today))
            sees = {r.staff_id: r.sees
                    for r in visibility.who_can_see(s, child, overview.load_directory(s))}
            assert sees[people.bo] is (kind is ConsentType.SKRIFTLIGT)
            assert (visibility.team_consent_missing(s, child, TeamKind.INDIVIDUELLT_BARNTEAM)
                    is None) is (kind is ConsentType.SKRIFTLIGT)
    sync_folder(anna)
    assert _server_levels(db_url, child, [people.anna, people.bo]) == {
        people.anna: FULL, people.bo: FULL}
