"""A push works out each dirty child's levels once and hands them to the access refresh at
its end (`Batch.final_levels`) — only those that depend on the child's own records alone.
Levels that also rest on what `access.Lookups` read (a unit's Barnteam, the people with
report-receiving roles) may have been read before the lock, so the refresh works them out
again under it."""

from __future__ import annotations

from datetime import date

from backa_desktop.central import access
from backa_desktop.central.access import AccessRow, Caller
from backa_desktop.central.push_state import Batch
from backa_desktop.central.service import CentralService
from backa_desktop.domain.records import Record
from tests.central import builders as b


def _rows(*found: Record) -> dict[str, AccessRow]:
    return {r.id: AccessRow(r.type.value, r.model_dump_json(), "reg", False, 1) for r in found}


def test_only_levels_from_the_childs_own_records_reach_the_refresh(
    service: CentralService,
) -> None:
    unit = "01a23c4b-0000-7000-8000-00000000u001"
    plain, reported = b.child("reg"), b.child("reg")
    with service.engine.connect() as conn:
        batch = Batch(conn, Caller("anna", "laptop", frozenset(), unit), date.today(), False)
        batch.access_rows = {
            plain.id: _rows(plain, b.barnkontakt(plain.id, "anna", unit)),
            reported.id: _rows(
                reported,
                b.barnkontakt(reported.id, "anna", unit),
                b.orosanmalan(reported.id, "reg", unit),
            ),
        }
        batch.dirty = {plain.id, reported.id}
        assert batch.level(plain.id) == access.FULL
        assert batch.level(reported.id) == access.FULL
        # Both are held for the batch's own decisions; only the first goes to the refresh.
        assert set(batch.memo_levels) == {plain.id, reported.id}
        assert batch.final_levels() == {plain.id: {"anna": access.FULL}}
        # Worked out again from the child's own records alone, it may go after all.
        batch.access_rows[reported.id] = _rows(
            reported, b.barnkontakt(reported.id, "anna", unit)
        )
        batch.memo_levels.pop(reported.id)
        batch.level(reported.id)
        assert set(batch.final_levels()) == {plain.id, reported.id}
