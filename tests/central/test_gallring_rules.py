"""Every record stored on the central store gets its retention class from the rules at push;
a broken or changed rules file stops disposal with a clear message but never stops a sync;
a decision must name classes that can be disposed of."""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from backa_desktop.central import cli as central_cli
from backa_desktop.central import retention
from backa_desktop.central.common import today
from backa_desktop.central.db import audit_log, records
from backa_desktop.central.retention import RULES_DIR_ENV
from backa_desktop.central.service import CentralService
from backa_desktop.domain.records import uuid7
from tests.central.builders import barnkontakt, change, child, edit, note, orosanmalan, plan
from tests.central.gallring_data import old_child
from tests.central.people import PASSWORD, People
from tests.central.support import Api, ServerProcess

SHIPPED = Path(__file__).resolve().parents[2] / "resources" / "retention"


def _classes(service: CentralService, ids: list[str]) -> dict[str, str | None]:
    with service.engine.connect() as conn:
        rows = conn.execute(
            select(records.c.id, records.c.record_class).where(records.c.id.in_(ids))
        ).all()
    return {str(row[0]): row[1] for row in rows}


def test_each_record_gets_its_class_at_push(
    server: ServerProcess, service: CentralService, people: People, db_url: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    api = Api(server.base_url)
    try:
        anna = api.login(people.name("anna"), PASSWORD)
        anna2 = api.login(people.name("anna"), PASSWORD)  # a second laptop
        kid = child(people.anna)
        cid = kid.id
        bk = barnkontakt(cid, people.anna, people.bvc, author=people.anna)
        bvc_note = note(cid, author=people.anna)
        the_plan = plan(cid, author=people.anna)
        report = orosanmalan(cid, people.anna, people.bvc)
        sent = anna.push([change(r) for r in (kid, bk, bvc_note, the_plan, report)])
        assert {r["status"] for r in sent.json()["results"]} == {"accepted"}, sent.text
        # The same field of the report changed on two laptops from one base: a conflict
        # record, which holds the report's values and so belongs to the report's class.
        anna.push([change(edit(report, base=1, concern="Första versionen"))])
        clash = anna2.push([change(edit(report, base=1, concern="Andra versionen"))])
        conflict_ids = clash.json()["results"][0]["conflict_ids"]
        assert conflict_ids, clash.text
    finally:
        api.close()
    found = _classes(service, [cid, bk.id, bvc_note.id, the_plan.id, report.id, *conflict_ids])
    assert found == {
        cid: "gemensam_plan",
        bk.id: "gemensam_plan",
        bvc_note.id: "patientjournal",  # written at a BVC: a patient record under PDL
        the_plan.id: "gemensam_plan",
        report.id: "orosanmalan",
        **{c: "orosanmalan" for c in conflict_ids},
    }

    # A record stored before classes existed is classified by the next plan.
    with service.engine.begin() as conn:
        conn.execute(update(records).where(records.c.id == bvc_note.id).values(record_class=None))
    capsys.readouterr()
    assert central_cli.main(["gallring", "decide", "--db", db_url, "--reference", "X 1",
                             "--by", "Nämnden", "--date", today().isoformat(),
                             "--classes", "patientjournal"]) == 0
    decision = capsys.readouterr().out.strip()
    assert central_cli.main(["gallring", "plan", "--db", db_url, "--decision", decision]) == 0
    assert _classes(service, [bvc_note.id]) == {bvc_note.id: "patientjournal"}


def test_decisions_name_classes_that_can_be_disposed_of(
    db_url: str, service: CentralService
) -> None:
    base = ["gallring", "decide", "--db", db_url, "--reference", "SN 1", "--by", "Nämnden"]
    day = ["--date", today().isoformat()]
    with pytest.raises(SystemExit, match="katalog har ingen gallringsfrist"):
        central_cli.main([*base, *day, "--classes", "katalog"])
    with pytest.raises(SystemExit, match="'skolan' finns inte"):
        central_cli.main([*base, *day, "--classes", "skolan"])
    with pytest.raises(SystemExit, match="framtiden"):
        central_cli.main([*base, "--date", (today() + timedelta(days=2)).isoformat(),
                          "--classes", "skola"])
    with pytest.raises(SystemExit, match="ÅÅÅÅ-MM-DD"):
        central_cli.main([*base, "--date", "igår", "--classes", "skola"])
    with pytest.raises(SystemExit, match="finns inte"):
        central_cli.main([*base, *day, "--classes", "skola", "--units", "no-such-unit"])


def test_a_broken_rules_file_stops_disposal_with_a_clear_error_but_not_sync(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, db_url: str, service: CentralService,
    people: People, capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "retention"
    shutil.copytree(SHIPPED, folder)
    monkeypatch.setenv(RULES_DIR_ENV, str(folder))
    capsys.readouterr()
    assert central_cli.main(["gallring", "decide", "--db", db_url, "--reference", "SN 2",
                             "--by", "Nämnden", "--date", today().isoformat(),
                             "--classes", "skola"]) == 0
    decision = capsys.readouterr().out.strip()

    rules = folder / "gallringsregler.v1.yaml"
    text = rules.read_text(encoding="utf-8")
    # Changed after the decision was taken under it: refused, the decision names its text.
    rules.write_text(text.replace("period_years: 10", "period_years: 3"), encoding="utf-8")
    with pytest.raises(SystemExit, match="har ändrats sedan beslutet SN 2"):
        central_cli.main(["gallring", "run", "--db", db_url, "--decision", decision])

    rules.write_text(text.replace("    runs_from: end_of_support", "    runs_from: slutet", 1),
                     encoding="utf-8")
    for args in (["rules"], ["plan", "--decision", decision]):
        with pytest.raises(SystemExit) as caught:
            central_cli.main(["gallring", *args, "--db", db_url])
        message = str(caught.value)
        assert "gallringsregler.v1.yaml: classes.4.runs_from" in message, message
        assert "Traceback" not in message

    # Pushing goes on: the records wait, unclassified, for a repaired file.
    kid = child(people.anna)
    with service.engine.begin() as conn:
        conn.execute(records.insert().values(
            id=kid.id, type="child", vis_type="child", child_id=kid.id,
            envelope=kid.model_dump_json(), revision=1, deleted=False, seq=-1,
            created_by=people.anna, created_unit=people.bvc, updated_by=people.anna,
        ))
        retention.classify_after_write(conn)
    assert _classes(service, [kid.id]) == {kid.id: None}
    rules.write_text(text, encoding="utf-8")
    with service.engine.begin() as conn:
        retention.classify_after_write(conn)
        conn.execute(records.delete().where(records.c.id == kid.id))

    (folder / "gallringsregler.v1.yaml").rename(folder / "regler.yaml")
    with pytest.raises(SystemExit, match=r"ska heta gallringsregler\.v1\.yaml"):
        central_cli.main(["gallring", "rules", "--db", db_url])


def test_a_decision_on_the_log_class_removes_only_old_entries_and_never_its_own(
    db_url: str, service: CentralService, capsys: pytest.CaptureFixture[str]
) -> None:
    marker = uuid7()
    rows = [
        {"at": "2015-03-01T08:00:00.000Z", "action": "read", "detail": f"{marker} old"},
        {"at": "2015-03-02T08:00:00.000Z", "action": "write", "detail": f"{marker} old"},
        {"at": "2015-03-03T08:00:00.000Z", "action": "gallring", "detail": f"{marker} kept"},
        {"at": f"{today().year - 1}-03-01T08:00:00.000Z", "action": "read",
         "detail": f"{marker} kept"},
    ]
    with service.engine.begin() as conn:
        conn.execute(audit_log.insert(), [
            {**row, "user_id": None, "device_id": None, "child_id": None, "record_ids": "[]"}
            for row in rows
        ])
    capsys.readouterr()
    assert central_cli.main(["gallring", "decide", "--db", db_url, "--reference", "KS 9",
                             "--by", "Kommunstyrelsen", "--date", today().isoformat(),
                             "--classes", "logg"]) == 0
    decision = capsys.readouterr().out.strip()
    assert central_cli.main(["gallring", "plan", "--db", db_url, "--decision", decision,
                             "--json"]) == 0
    planned = json.loads(capsys.readouterr().out)
    assert [row["class"] for row in planned["rows"]] == ["logg"]
    assert planned["rows"][0]["remove"] >= 2
    assert central_cli.main(["gallring", "run", "--db", db_url, "--decision", decision]) == 0
    with service.engine.connect() as conn:
        left = conn.execute(
            select(audit_log.c.detail).where(audit_log.c.detail.like(f"{marker}%"))
        ).scalars().all()
        mine = conn.execute(
            select(audit_log.c.action).where(audit_log.c.detail.contains(decision))
        ).scalars().all()
    assert sorted(left) == [f"{marker} kept", f"{marker} kept"]
    assert "gallring_decision" in mine and "gallring" in mine


def test_units_narrow_what_a_decision_removes_and_a_child_never_in_the_process_counts_from_its_last_entry(  # noqa: E501
    server: ServerProcess, db_url: str, people: People, capsys: pytest.CaptureFixture[str]
) -> None:
    api = Api(server.base_url)
    try:
        anna = api.login(people.name("anna"), PASSWORD)
        sara = api.login(people.name("sara"), PASSWORD)
        for status, closed_on in ((None, None), ("behov_uppfyllt", "2015-06-01")):
            old_child(anna, sara, people, born=date(2008, 3, 12), family="Enhet",
                      status=status, closed_on=closed_on, soc_note_on="2015-06-01")
    finally:
        api.close()

    def planned(*extra: str) -> dict[tuple[str, str], tuple[int, int]]:
        capsys.readouterr()
        assert central_cli.main(["gallring", "decide", "--db", db_url, "--reference", "U 1",
                                 "--by", "Nämnden", "--date", today().isoformat(),
                                 "--classes", "gemensam_plan,socialtjanst", *extra]) == 0
        decision = capsys.readouterr().out.strip()
        assert central_cli.main(["gallring", "plan", "--db", db_url, "--decision", decision,
                                 "--json"]) == 0
        rows = json.loads(capsys.readouterr().out)["rows"]
        return {
            (row["class"], row["unit_id"]): (row["remove"], row["kept_exempt"])
            for row in rows
            if row["unit_id"] in (people.bvc, people.soc_unit)
        }

    # The child never in the process (no status, no closing decision) is due from its last
    # entry: its five shared records; the closed child's six (with the decision).
    assert planned() == {
        ("gemensam_plan", people.bvc): (11, 0),
        ("socialtjanst", people.soc_unit): (2, 0),
    }
    assert planned("--units", people.soc_unit) == {("socialtjanst", people.soc_unit): (2, 0)}


def test_a_decision_on_the_log_class_cuts_each_laptop_chain_from_its_start(
    db_url: str, service: CentralService, api: Api, people: People,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Laptop audit events are disposed of under the log class too, but only as the oldest
    run of each chain: an old event behind a newer one (the laptop's clock went back) waits.
    The last removed event's hash stays as the checkpoint the rest verifies from, and the
    laptop goes on extending the same chain."""
    from backa_desktop.central import audit_log as central_audit
    from backa_desktop.central.db import device_audit, device_audit_checkpoints
    from tests.central.audit_chains import Chain

    anna = api.login(people.name("anna"), PASSWORD)
    chain = Chain(anna.user_id)
    recent = f"{today().year - 1}-03-01T08:00:00.000Z"
    for at in ("2015-03-01T08:00:00.000Z", "2015-03-02T08:00:00.000Z", recent,
               "2015-03-03T08:00:00.000Z"):
        chain.add("read", at, "child-x")
    pushed = api.http.post("/v1/audit", json={"events": chain.events}, headers=anna.auth)
    assert pushed.status_code == 200, pushed.text
    removed_head = chain.events[1]["hash"]

    capsys.readouterr()
    assert central_cli.main(["gallring", "decide", "--db", db_url, "--reference", "KS 10",
                             "--by", "Kommunstyrelsen", "--date", today().isoformat(),
                             "--classes", "logg"]) == 0
    decision = capsys.readouterr().out.strip()
    assert central_cli.main(["gallring", "run", "--db", db_url, "--decision", decision]) == 0

    with service.engine.connect() as conn:
        kept = conn.execute(
            select(device_audit.c.position, device_audit.c.at)
            .where(device_audit.c.chain == chain.device)
            .order_by(device_audit.c.position)
        ).all()
        checkpoint = conn.execute(
            select(device_audit_checkpoints).where(device_audit_checkpoints.c.chain == chain.device)
        ).one()
    assert [tuple(r) for r in kept] == [(3, recent), (4, "2015-03-03T08:00:00.000Z")]
    assert (checkpoint.position, checkpoint.hash, checkpoint.decision_id) == (
        2, removed_head, decision)
    assert central_audit.verify_held(service.engine, chain.device) is None

    chain.add("read", f"{today().isoformat()}T08:00:00.000Z", "child-x")
    more = api.http.post("/v1/audit", json={"events": chain.events[-1:]}, headers=anna.auth)
    assert more.status_code == 200, more.text
    assert central_audit.verify_held(service.engine, chain.device) is None
    with service.engine.begin() as conn:  # an edited event that survived no longer verifies
        conn.execute(
            update(device_audit)
            .where(device_audit.c.chain == chain.device, device_audit.c.position == 4)
            .values(action="write")
        )
    assert central_audit.verify_held(service.engine, chain.device) == 4
