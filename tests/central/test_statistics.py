"""Steering statistics from the central store, on PostgreSQL and SQLite: the numbers are right,
small cells and their complements are suppressed, nothing identifying leaves, the projection
follows new, deleted, corrected and disposed-of records, and only the right roles get them."""

from __future__ import annotations

import csv
import io
import random
import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, select

from backa_desktop.central.db import records, stat_facts
from backa_desktop.central.service import CentralService
from backa_desktop.central.statistics import Scope, compute, process_counts, refresh_facts
from backa_desktop.domain.process import Beslut, ChildStatus, status_after
from backa_desktop.domain.statistics import StatisticsReport, StatTable
from backa_desktop.printing.languages import load_catalogue
from tests.central import stats_data as sd
from tests.central.people import PASSWORD
from tests.central.support import Api
from tests.printing.pdfs import pages_text

D = date



def _counts(table: StatTable | None) -> dict[str, int | None]:
    assert table is not None
    return {c.key: c.count for c in table.cells}


def _unit_of_twelve(service: CentralService) -> tuple[str, list[str], list[sd.Record]]:
    """Twelve children of one unit with a known process in 2026 (comments give the counts)."""
    unit = service.add_unit("BVC Solrosen", "bvc")
    batch: list[sd.Record] = []
    kids = [sd.child(unit) for _ in range(12)]
    batch += kids
    ids = [k.id for k in kids]
    for i, cid in enumerate(ids):
        unmet = ["omsorg"] if i < 10 else []  # omsorg 10 of 12: complement 2
        unmet += ["trygghet"] if i < 6 else []  # trygghet 6 of 12: shown
        unmet += ["halsa"] if i < 3 else []  # halsa 3: suppressed
        batch.append(sd.upptackarkort(cid, D(2026, 2, 1), unmet))
        batch.append(sd.decision(cid, "barnkontakt", D(2026, 2, 2)))
        batch.append(sd.barnkontakt(cid, f"staff-{i % 2}", unit, D(2026, 2, 2)))
    for cid in ids[:8]:  # 8 to a Barnteam after 10 days
        batch.append(sd.decision(cid, "barnteam", D(2026, 2, 11)))
    batch.append(sd.decision(ids[8], "individuellt_barnteam", D(2026, 2, 11)))  # 1 IBT
    for cid in ids[:7]:  # 7 plans on time, 2 overdue, 0 without date
        batch.append(sd.plan(cid, D(2026, 3, 1), held=[D(2026, 4, 1)], next_on=D(2026, 9, 1)))
    for cid in ids[7:9]:
        batch.append(sd.plan(cid, D(2026, 3, 1), next_on=D(2026, 3, 15)))
    for cid in ids[:6]:  # 6 rated twice: omsorg 2 -> 4, trygghet 3 -> 3
        batch.append(sd.skattning(cid, D(2026, 2, 20), {"omsorg": [2, 2], "trygghet": [3]}))
        batch.append(
            sd.skattning(cid, D(2026, 5, 20), {"omsorg": [4, 4, "vet_ej"], "trygghet": [3]})
        )
    batch.append(sd.orosanmalan(ids[0], unit, D(2026, 2, 1)))  # 2 reports: whole table hidden
    batch.append(sd.orosanmalan(ids[1], unit, D(2026, 2, 1), "mottagen"))
    sd.load(service.engine, batch)
    return unit, ids, batch


def _report(service: CentralService, unit: str | None = None) -> StatisticsReport:
    scope = Scope(D(2026, 1, 1), D(2026, 6, 30), (unit,) if unit else ())
    return compute(service.engine, scope, on=D(2026, 6, 30))


def test_counts_and_suppression(own_store: CentralService) -> None:
    unit, _ids, _batch = _unit_of_twelve(own_store)
    report = _report(own_store, unit)
    assert report.units == ["BVC Solrosen"]

    status = report.table("status")
    # 3 Upptäckt, 8 I barnteam, 1 IBT, 0 closed: three small cells hidden, the total shown.
    assert _counts(status) == {
        "upptackt": None,
        "i_barnteam": 8,
        "individuellt_barnteam": None,
        "behov_uppfyllt": None,
    }
    assert status is not None and status.total == 12

    # From no status at the period's start to the status at its end.
    assert _counts(report.table("flow")) == {
        "none>i_barnteam": 8,
        "none>individuellt_barnteam": None,
        "none>upptackt": None,
    }

    needs = report.table("needs_flagged")
    assert needs is not None and needs.total == 12
    counts = _counts(needs)
    assert counts["trygghet"] == 6
    assert counts["omsorg"] is None  # 10 shown would reveal the 2 without a flag
    assert counts["halsa"] is None
    assert counts["fritid"] is None  # 0

    lead = report.table("lead_decision")
    assert lead is not None and lead.total == 12
    assert _counts(lead)["8-14"] == 9
    assert _counts(lead)["not_yet"] is None  # 3 without a decision
    assert lead.total_value == 10.0  # median days from the card (1 Feb) to the decision
    assert _counts(report.table("lead_plan"))["15-30"] == 9  # plan 1 Mar, 28 days
    assert _counts(report.table("lead_follow_up"))["31-60"] == 7  # 1 Apr, 59 days

    plans = report.table("plans_follow_up")
    # 7 on time, 2 overdue, 0 without date: both small cells hidden, the 7 and total shown.
    assert _counts(plans) == {"on_time": 7, "overdue": None, "no_date": None}
    assert plans is not None and plans.total == 9 and plans.suppressed == 2

    effects = report.table("effects")
    assert effects is not None
    omsorg = effects.cell("omsorg")
    assert omsorg is not None and omsorg.count == 6 and omsorg.value == pytest.approx(2.0)
    trygghet = effects.cell("trygghet")
    assert trygghet is not None and trygghet.count == 6 and trygghet.value == pytest.approx(0.0)
    halsa = effects.cell("halsa")
    assert halsa is not None and halsa.count is None and halsa.value is None

    reports = report.table("reports")
    assert reports is not None and reports.total is None
    assert all(c.count is None for c in reports.cells)
    caseloads = report.table("caseloads")  # two Barnkontakter: too few to show
    assert caseloads is not None and caseloads.total is None and caseloads.total_value is None


def test_complementary_cell_is_hidden_in_every_partition(own_store: CentralService) -> None:
    """Whatever the data, no published partition lets a hidden cell be computed back."""
    unit = own_store.add_unit("Ekskolan", "skola")
    sd.load(own_store.engine, list(sd.municipality(60, [unit], start=D(2026, 1, 1), days=150)))
    report = _report(own_store, unit)
    for table in report.tables:
        if table.kind == "partition" and table.total is not None:
            hidden = [c for c in table.cells if c.count is None]
            assert len(hidden) != 1, table.key
        for cell in table.cells:
            assert cell.count is None or cell.count >= 5, (table.key, cell)
            if cell.count is None:
                assert cell.value is None
            if table.kind == "share" and table.total is not None and cell.count is not None:
                assert table.total - cell.count >= 5, (table.key, cell)


def test_nothing_identifying_leaves(own_store: CentralService) -> None:
    unit, ids, batch = _unit_of_twelve(own_store)
    text = _report(own_store, unit).model_dump_json() + _report(own_store).model_dump_json()
    for record in batch:
        assert record.id not in text
    for secret in ("201701012393", "Testsson", "fri text", "staff-0", "staff-1", unit, *ids):
        assert secret.lower() not in text.lower()
    keys = re.findall(r'"key":"([^"]*)"', text)
    assert keys and all(re.fullmatch(r"[a-z_>\-0-9]+", key) for key in keys)


def test_projection_follows_the_records(own_store: CentralService) -> None:
    unit, ids, batch = _unit_of_twelve(own_store)
    assert _counts(_report(own_store, unit).table("lead_decision"))["8-14"] == 9
    # Three more decided after 10 days: the next report sees them without any rebuild.
    sd.load(own_store.engine, [sd.decision(c, "barnteam", D(2026, 2, 11)) for c in ids[9:]])
    report = _report(own_store, unit)
    assert _counts(report.table("lead_decision"))["8-14"] == 12
    assert _counts(report.table("status"))["i_barnteam"] == 11

    # A corrected card counts once, as corrected: trygghet 6 -> 5 when one card loses it.
    card = next(
        r for r in batch if r.child_id == ids[0] and r.body.get("form_id") == "upptackarkort"
    )
    sd.load(own_store.engine,
            [sd.upptackarkort(ids[0], D(2026, 2, 1), ["omsorg"], corrects=card.id)])
    assert _counts(_report(own_store, unit).table("needs_flagged"))["trygghet"] == 5

    # A deleted child is no longer counted; a disposed-of record takes its facts with it.
    sd.delete_flag(own_store.engine, batch[0])
    assert _report(own_store, unit).table("status").total == 11  # type: ignore[union-attr]
    with own_store.engine.begin() as conn:
        conn.execute(delete(records).where(records.c.child_id == ids[1]))
        left = conn.execute(select(stat_facts.c.record_id).where(stat_facts.c.child_id == ids[1]))
        assert left.all() == []
    assert _report(own_store, unit).table("status").total == 10  # type: ignore[union-attr]


def test_periods_are_read_from_the_per_child_summaries(own_store: CentralService) -> None:
    """What the per-child summaries must get right for any period: several cards in the
    period count once per child with every need they flag, a card before the period does
    not; the effect runs to the latest rating up to the period's end, not a later one; lead
    times count the children whose first Upptäckt falls in the period; removing a decision
    row behind the projection's back (as a disposal does) changes the status at once."""
    unit = own_store.add_unit("BVC Linden", "bvc")
    twice = [sd.child(unit) for _ in range(6)]  # two cards in the period, rated three times
    before = [sd.child(unit) for _ in range(6)]  # first card before the period, one in it
    batch: list[sd.Record] = [*twice, *before]
    team_decisions: list[sd.Record] = []
    for kid in twice:
        batch.append(sd.upptackarkort(kid.id, D(2026, 2, 1), ["omsorg"]))
        batch.append(sd.upptackarkort(kid.id, D(2026, 3, 1), ["trygghet"]))
        batch.append(sd.decision(kid.id, "barnkontakt", D(2026, 2, 2)))
        team_decisions.append(sd.decision(kid.id, "barnteam", D(2026, 2, 11)))
        batch.append(sd.skattning(kid.id, D(2026, 2, 10), {"omsorg": [2]}))
        batch.append(sd.skattning(kid.id, D(2026, 5, 1), {"omsorg": [4]}))
        batch.append(sd.skattning(kid.id, D(2026, 8, 1), {"omsorg": [1]}))  # after the end
    for kid in before:
        batch.append(sd.upptackarkort(kid.id, D(2025, 11, 1), ["omsorg"]))
        batch.append(sd.upptackarkort(kid.id, D(2026, 2, 1), ["halsa"]))
        batch.append(sd.decision(kid.id, "barnkontakt", D(2025, 11, 2)))
        batch.append(sd.decision(kid.id, "barnteam", D(2026, 2, 11)))
        batch.append(sd.skattning(kid.id, D(2026, 3, 1), {"omsorg": [3]}))  # rated once
    sd.load(own_store.engine, batch + team_decisions)
    report = _report(own_store, unit)

    needs = report.table("needs_flagged")
    assert needs is not None and needs.total == 12
    assert {k: v for k, v in _counts(needs).items() if v} == {
        "omsorg": 6,
        "trygghet": 6,
        "halsa": 6,
    }
    effects = report.table("effects")
    assert effects is not None
    omsorg = effects.cell("omsorg")
    assert omsorg is not None and (omsorg.count, omsorg.value) == (6, 2.0)
    lead = report.table("lead_decision")
    assert lead is not None and lead.total == 6 and _counts(lead)["8-14"] == 6
    scope = Scope(D(2026, 1, 1), D(2026, 6, 30), (unit,))
    with own_store.engine.connect() as conn:
        end_status, flow = process_counts(conn, scope)
    assert end_status == {"i_barnteam": 12}
    assert flow == {"none>i_barnteam": 6, "upptackt>i_barnteam": 6}

    with own_store.engine.begin() as conn:
        gone = [r.id for r in team_decisions[:3]]
        conn.execute(delete(records).where(records.c.id.in_(gone)))
    refresh_facts(own_store.engine)
    with own_store.engine.connect() as conn:
        end_status, _flow = process_counts(conn, scope)
    assert end_status == {"i_barnteam": 9, "upptackt": 3}


def test_whole_municipality_and_unknown_unit(own_store: CentralService) -> None:
    from backa_desktop.central.common import ServiceError

    one = own_store.add_unit("BVC Hamnen", "bvc")
    two = own_store.add_unit("Förskolan Ekorren", "forskola")
    sd.load(own_store.engine, list(sd.municipality(40, [one, two], start=D(2026, 1, 1), days=100)))
    whole = _report(own_store)
    parts = [_report(own_store, u) for u in (one, two)]
    assert whole.units == []
    total = whole.table("status").total  # type: ignore[union-attr]
    assert total is not None and total == sum(
        p.table("status").total or 0  # type: ignore[union-attr]
        for p in parts
    )
    with pytest.raises(ServiceError) as caught:
        _report(own_store, "no-such-unit")
    assert caught.value.status == 404
    with pytest.raises(ServiceError) as caught:
        compute(own_store.engine, Scope(D(2026, 2, 1), D(2026, 1, 1)))
    assert caught.value.status == 422


def test_api_is_for_the_statistics_role(api: Api, service: CentralService) -> None:
    unit = service.add_unit("BVC Statistik", "bvc")
    other = service.add_unit("Annan enhet", "skola")
    names = {}
    for role in ("statistik", "unit_lead", "barnkontakt"):
        name = f"{role}-{unit[-8:]}"
        service.add_user(
            username=name, display_name=role, password=PASSWORD, roles=[role], unit_id=unit
        )
        names[role] = name
    period = {"period_from": "2026-01-01", "period_to": "2026-06-30"}

    def ask(body: dict[str, object], auth: dict[str, str] | None = None) -> Any:
        return api.http.post("/v1/statistics", json=body, headers=auth or {})

    assert ask(period).status_code == 401
    nurse = api.login(names["barnkontakt"], PASSWORD)
    refused = ask(period, nurse.auth)
    assert refused.status_code == 403
    assert "Statistik" in refused.json()["message_sv"]

    statistician = api.login(names["statistik"], PASSWORD)
    got = ask({**period, "units": [unit, other]}, statistician.auth)
    assert got.status_code == 200, got.text
    report = StatisticsReport.model_validate(got.json())
    assert report.units == ["BVC Statistik", "Annan enhet"]
    assert report.table("status") is not None
    assert ask({**period, "units": ["no-such-unit"]}, statistician.auth).status_code == 404

    lead = api.login(names["unit_lead"], PASSWORD)
    own = ask(period, lead.auth)
    assert own.status_code == 200 and own.json()["units"] == ["BVC Statistik"]
    assert ask({**period, "units": [other]}, lead.auth).status_code == 403
    bad = ask({"period_from": "2026-13-01", "period_to": "x"}, lead.auth)
    assert bad.status_code == 422
    backwards = ask({"period_from": "2026-06-01", "period_to": "2026-01-01"}, lead.auth)
    assert backwards.status_code == 422
    assert "Perioden slutar" in backwards.json()["message_sv"]


def test_status_in_sql_is_the_apps_rule(own_store: CentralService) -> None:
    """The status the report reads (the projection's spans, looked up for a day) gives what
    folding `status_after` over the decisions gives, for random decision sequences, at the
    period's start and end."""
    rng = random.Random(3)
    unit = own_store.add_unit("BVC Hamnen", "bvc")
    batch: list[sd.Record] = []
    expected_end: dict[str, int] = {}
    expected_flow: dict[str, int] = {}
    start, end = D(2026, 3, 1), D(2026, 6, 30)
    for _ in range(150):
        kid = sd.child(unit)
        batch.append(kid)
        decisions = sorted(
            (
                sd.decision(kid.id, rng.choice(list(Beslut)).value, D(2026, 1, 1) + _days(rng))
                for _ in range(rng.randint(0, 6))
            ),
            key=lambda r: (r.created_at, r.id),
        )
        batch += decisions
        status: ChildStatus | None = None
        at_start: ChildStatus | None = None
        for record in decisions:
            day = D.fromisoformat(record.created_at[:10])
            if day > end:
                break
            status = status_after(status, Beslut(record.body["beslut"]))
            if day < start:
                at_start = status
        if status is not None:
            expected_end[status.value] = expected_end.get(status.value, 0) + 1
        if at_start != status:
            key = f"{at_start.value if at_start else 'none'}>{status.value if status else 'none'}"
            expected_flow[key] = expected_flow.get(key, 0) + 1
    sd.load(own_store.engine, batch)
    refresh_facts(own_store.engine)
    with own_store.engine.connect() as conn:
        got_end, got_flow = process_counts(conn, Scope(start, end, (unit,)))
    assert got_end == expected_end
    assert got_flow == expected_flow


def _days(rng: random.Random) -> timedelta:
    return timedelta(days=rng.randrange(240))


def test_cli_writes_pdf_and_csv(own_store: CentralService, tmp_path: Path) -> None:
    unit, _ids, _batch = _unit_of_twelve(own_store)
    url = own_store.engine.url.render_as_string(hide_password=False)
    base = ["stats", "--db", url, "--from", "2026-01-01", "--to", "2026-06-30", "--unit", unit]
    pdf = tmp_path / "statistik.pdf"
    done = _central(*base, "--out", str(pdf))
    assert done.returncode == 0, done.stderr
    assert pdf.read_bytes().startswith(b"%PDF") and "sparad" in done.stdout
    words = " ".join(pages_text(pdf.read_bytes()))
    assert "Barn per status vid periodens slut" in words and "BVC Solrosen" in words
    assert "Testsson" not in words and "fri text" not in words.lower()
    pages = pages_text(pdf.read_bytes())
    caseloads = [page for page in pages
                 if load_catalogue("sv").t("statistics.table.caseloads") in page]
    assert caseloads and "Antal barnkontakter" in caseloads[0]  # the table is with its heading

    table = tmp_path / "statistik.csv"
    assert _central(*base, "--out", str(table)).returncode == 0
    rows = list(csv.reader(io.StringIO(table.read_text("utf-8-sig")), delimiter=";"))
    status = {r[2]: r[4] for r in rows if r and r[0] == "status"}
    assert status == {
        "upptackt": "",
        "i_barnteam": "8",
        "individuellt_barnteam": "",
        "behov_uppfyllt": "",
        "total": "12",
    }

    # --language: the same report in English, the CSV's machine columns unchanged
    english = tmp_path / "statistics.pdf"
    done = _central(*base, "--out", str(english), "--language", "en")
    assert done.returncode == 0, done.stderr
    words = " ".join(pages_text(english.read_bytes()))
    assert "Children by status at the end of the period" in words and "BVC Solrosen" in words
    assert "Barn per status" not in words and "Antal" not in words and "Sida" not in words
    table_en = tmp_path / "statistics.csv"
    assert _central(*base, "--out", str(table_en), "--language", "en").returncode == 0
    rows_en = list(csv.reader(io.StringIO(table_en.read_text("utf-8-sig")), delimiter=";"))
    assert {r[2]: r[4] for r in rows_en if r and r[0] == "status"} == status
    assert "Total" in {r[3] for r in rows_en if r and r[0] == "status"}
    refused = _central(*base, "--out", str(tmp_path / "so.pdf"), "--language", "so")
    assert refused.returncode != 0 and "skrivs inte ut på språket 'so'" in refused.stderr
    assert not (tmp_path / "so.pdf").exists()

    wrong = _central(*base[:-2], "--out", str(tmp_path / "x.txt"))
    assert wrong.returncode != 0 and ".pdf eller .csv" in wrong.stderr
    bad = _central(
        "stats", "--db", url, "--from", "2026-02-30", "--to", "2026-06-30", "--out", str(pdf)
    )
    assert bad.returncode != 0 and "Ogiltigt datum" in bad.stderr


def _central(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "backa_desktop.central.cli", *args],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def test_median_from_counts_is_the_median_of_the_values() -> None:
    """Lead-time medians are taken from counts per number of days (one row per value, not
    per child); they must equal the median of the written-out values."""
    from collections import Counter

    from backa_desktop.central.statistics import _median_of_counts
    from backa_desktop.domain.statistics import median

    rng = random.Random(5)
    for _ in range(500):
        values = [rng.randint(0, 60) for _ in range(rng.randint(1, 25))]
        assert _median_of_counts(dict(Counter(values))) == median(values)
    assert _median_of_counts({}) is None
