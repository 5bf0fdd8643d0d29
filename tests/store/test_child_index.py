"""The children projection read through `ChildIndex` on a real SQLCipher file: what the
services ask of it, and that it names the Barnkontakt by the domain's rule."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from backa_desktop.domain.records import RecordType
from backa_desktop.domain.teams import BarnkontaktAssignment, current_barnkontakt
from backa_desktop.services.vault import Session
from backa_desktop.store.children import ChildIndex, ChildQuery
from backa_desktop.store.search import match_expression
from tests.store.helpers import PASSPHRASE, make_vault

TODAY = date.today()


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    vault, _ = make_vault(tmp_path / "f")
    with vault.unlock(PASSPHRASE) as s:
        yield s


def _child(session: Session, given: str, family: str, identity: str) -> str:
    return session.repo.create(
        RecordType.CHILD,
        {"given_names": given, "family_name": family, "identity": identity,
         "birth_date": identity[:4] + "-" + identity[4:6] + "-" + identity[6:8]},
    ).id


def _assign(session: Session, child: str, staff: str, start: date, end: date | None = None) -> None:
    session.repo.create(
        RecordType.BARNKONTAKT,
        {"child_id": child, "staff_id": staff, "unit_id": "enhet-1",
         "valid_from": start.isoformat(), "valid_to": end.isoformat() if end else None},
        child_id=child,
    )


def test_the_index_answers_what_the_services_ask(session: Session) -> None:
    index = ChildIndex(session.db)
    asa = _child(session, "Åsa", "Öberg", "201701012385")
    nils = _child(session, "Nils", "Holm", "201701012393")
    assert index.count() == 2
    assert index.by_identity("201701012385") == asa
    assert index.by_identity("201701019999") is None
    assert index.names() == {asa: "Åsa Öberg", nils: "Nils Holm"}
    [found] = index.search(ChildQuery(match=match_expression("asa")))
    assert (found.record_id, found.display_name, found.masked_identity) == (
        asa, "Åsa Öberg", "20170101-****"
    )
    assert [c.record_id for c in index.search(ChildQuery())] == [nils, asa]  # by family name

    _assign(session, asa, "berit", TODAY - timedelta(days=30))
    assert index.barnkontakt_of(asa) == "berit" and index.barnkontakt_of(nils) is None
    assert index.ids_with_barnkontakt("berit") == [asa]
    assert set(index.summaries({asa, nils, "okänd"})) == {asa, nils}

    session.repo.create(
        RecordType.DECISION,
        {"beslut": "egen_verksamhet", "motivation": "Vi ses igen.",
         "decided_by": "berit", "follow_up": (TODAY + timedelta(days=3)).isoformat()},
        child_id=asa,
    )
    [due] = index.follow_ups_due("berit", TODAY + timedelta(days=7))
    assert (due.record_id, due.follow_up_due) == (asa, TODAY + timedelta(days=3))
    assert index.follow_ups_due("berit", TODAY) == []
    assert index.follow_ups_due("någon annan", TODAY + timedelta(days=7)) == []


def test_the_projected_barnkontakt_follows_the_domain_rule(session: Session) -> None:
    """Two laptops assigned a Barnkontakt from the same day: the projection picks the one
    `teams.current_barnkontakt` picks, so the list and the child's overview agree."""
    child = _child(session, "Åsa", "Öberg", "201701012385")
    start = TODAY - timedelta(days=10)
    _assign(session, child, "anna", TODAY - timedelta(days=400), TODAY - timedelta(days=11))
    _assign(session, child, "bo", start)
    _assign(session, child, "cecilia", start)  # written second: not "first one found wins"
    bodies = [
        BarnkontaktAssignment.model_validate(r.body)
        for r in session.repo.find(RecordType.BARNKONTAKT, child_id=child)
    ]
    expected = current_barnkontakt(bodies, TODAY)
    assert expected is not None and expected.staff_id == "cecilia"
    assert ChildIndex(session.db).barnkontakt_of(child) == "cecilia"
