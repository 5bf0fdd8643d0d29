"""Children with protected identity (skyddad identitet) are counted in no statistics cell, on
PostgreSQL and SQLite: four ordinary children and one protected child in a status make a cell
of four (suppressed), never five (shown, and the fifth child's arrival readable from it)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, update

from backa_desktop.central.db import settings, stat_facts
from backa_desktop.central.service import CentralService
from backa_desktop.central.stat_projection import PROTECTED_KEY
from backa_desktop.central.statistics import Scope, compute
from backa_desktop.domain.statistics import StatisticsReport
from tests.central import stats_data as sd

D = date



def _unit(service: CentralService, *, protected: bool) -> str:
    """Four ordinary children and a fifth, protected or not, in a Barnteam; every one with a
    report of concern and a Barnkontakt of their own."""
    unit = service.add_unit("Förskolan Lönnen", "forskola")
    batch: list[sd.Record] = []
    for i in range(5):
        kid = sd.child(unit, status="i_barnteam")
        if i == 4 and protected:
            kid.body["protected_identity"] = True
        batch += [
            kid,
            sd.orosanmalan(kid.id, unit, D(2026, 2, 1)),
            sd.barnkontakt(kid.id, f"staff-{i}", unit, D(2026, 2, 2)),
        ]
    sd.load(service.engine, batch)
    return unit


def _report(service: CentralService, unit: str) -> StatisticsReport:
    return compute(service.engine, Scope(D(2026, 1, 1), D(2026, 6, 30), (unit,)),
                   on=D(2026, 6, 30))


def _seen(report: StatisticsReport) -> tuple[int | None, int | None, int | None, int | None]:
    status, reports, loads = (report.table(k) for k in ("status", "reports", "caseloads"))
    assert status is not None and reports is not None and loads is not None
    cell = status.cell("i_barnteam")
    assert cell is not None
    return cell.count, status.total, reports.total, loads.total


def test_a_protected_child_is_in_no_cell(own_store: CentralService) -> None:
    unit = _unit(own_store, protected=True)
    # four children, four reports, four Barnkontakter: every one of them suppressed
    assert _seen(_report(own_store, unit)) == (None, None, None, None)


def test_without_protection_the_fifth_child_is_counted(own_store: CentralService) -> None:
    unit = _unit(own_store, protected=False)
    assert _seen(_report(own_store, unit)) == (5, 5, 5, 5)


def test_children_projected_before_the_mark_are_found_once(own_store: CentralService) -> None:
    """A store whose facts were written before child facts carried the mark: the first
    report marks them from the records themselves."""
    unit = _unit(own_store, protected=True)
    _report(own_store, unit)
    with own_store.engine.begin() as conn:
        conn.execute(update(stat_facts).where(stat_facts.c.kind == "child").values(date3=None))
        conn.execute(delete(settings).where(settings.c.key == PROTECTED_KEY))
    assert _seen(_report(own_store, unit)) == (None, None, None, None)
