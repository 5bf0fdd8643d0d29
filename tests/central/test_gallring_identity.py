"""Disposal and the identity index: when a child is disposed of, the central store forgets its
identity number keys and every redirect that names it, so neither the numbers nor the merged
registration's profile outlive the child. Real server over HTTP, PostgreSQL and SQLite."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from backa_desktop.central import gallring
from backa_desktop.central.common import today
from backa_desktop.central.db import child_identities, child_redirects, records
from backa_desktop.central.service import CentralService
from backa_desktop.domain.records import Record, RecordType
from tests.central.builders import change
from tests.central.gallring_data import old_child
from tests.central.people import PASSWORD, People
from tests.central.support import Api, ServerProcess


def _identity(service: CentralService, child_id: str) -> str:
    with service.engine.connect() as conn:
        envelope = conn.execute(select(records.c.envelope).where(records.c.id == child_id)).one()
    return str(Record.model_validate_json(envelope[0]).body["identity"])


def _register(session: Any, people: People, identity: str, family: str) -> str:
    """A new registration of the child with this number (as another laptop would push it)."""
    body = {
        "given_names": "Test",
        "family_name": family,
        "identity": identity,
        "birth_date": f"{identity[:4]}-{identity[4:6]}-01",
    }
    profile = Record(type=RecordType.CHILD, body=body, author=people.cecilia, device="dev")
    profile = profile.model_copy(update={"child_id": profile.id})
    answer = session.push([change(profile)])
    assert answer.status_code == 200, answer.text
    return profile.id


def _index(service: CentralService) -> tuple[set[str], dict[str, str]]:
    with service.engine.connect() as conn:
        keyed = set(conn.execute(select(child_identities.c.child_id)).scalars())
        redirects = {
            m: s
            for m, s in conn.execute(
                select(child_redirects.c.merged_id, child_redirects.c.survivor_id)
            ).all()
        }
    return keyed, redirects


def test_disposing_of_a_child_removes_its_identity_keys_and_redirects(
    server: ServerProcess, service: CentralService, people: People
) -> None:
    api = Api(server.base_url)
    try:
        anna = api.login(people.name("anna"), PASSWORD)
        sara = api.login(people.name("sara"), PASSWORD)
        cecilia = api.login(people.name("cecilia"), PASSWORD)
        due = old_child(anna, sara, people, born=date(2008, 3, 12), family="Identgallrad",
                        status="behov_uppfyllt", closed_on="2015-06-01",
                        soc_note_on="2015-06-01")
        kept = old_child(anna, sara, people, born=date(2008, 3, 12), family="Identkvar",
                         status="i_barnteam", closed_on=None, soc_note_on="2015-06-01")
        due_number, kept_number = _identity(service, due.id), _identity(service, kept.id)
        # Cecilia registers both children again: each becomes a redirect to the first.
        due_dup = _register(cecilia, people, due_number, "Identgallradsson")
        kept_dup = _register(cecilia, people, kept_number, "Identkvarsson")
        keyed, redirects = _index(service)
        assert {due.id, kept.id} <= keyed
        assert redirects.get(due_dup) == due.id and redirects.get(kept_dup) == kept.id

        decision = gallring.decide(
            service.engine, reference="SN 2026/4712", decided_by="Socialnämnden",
            decided_on=today(), classes=["gemensam_plan"],
        )
        done = gallring.run(service.engine, decision.id)
        assert due.id in {record_id for record_id, _c, _k, _u in done.remove}

        keyed, redirects = _index(service)
        assert due.id not in keyed  # its number keys went with it
        assert due_dup not in redirects  # and the redirect holding the duplicate's profile
        assert kept.id in keyed and redirects.get(kept_dup) == kept.id  # the kept child's stay

        # The number is free again: a later registration is an ordinary new child.
        again = _register(cecilia, people, due_number, "Identgallrad")
        keyed, redirects = _index(service)
        assert again not in redirects and again in keyed
    finally:
        api.close()
