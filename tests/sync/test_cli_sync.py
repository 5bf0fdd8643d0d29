"""`backa enroll` and `backa sync` as a user runs them: two data folders of one team converge,
a third user outside the team receives nothing about the child."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from backa_desktop.domain.records import RecordType
from backa_desktop.services.vault import Vault
from tests.central.people import PASSWORD, People
from tests.central.support import ServerProcess
from tests.store.helpers import make_cli_folder
from tests.sync.devices import (
    barnkontakt_body,
    child_body,
    consent_body,
    plan_body,
    team_body,
)

PASSPHRASE = "en lång lösenfras för test"


def backa(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "BACKA_PASSPHRASE": PASSPHRASE,
        "BACKA_SERVER_PASSWORD": PASSWORD,
    }
    return subprocess.run(
        [sys.executable, "-m", "backa_desktop.cli", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
        check=False,
    )


def _ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr + result.stdout
    return result.stdout


def _folder(tmp_path: Path, short: str, people: People, server: ServerProcess) -> Path:
    folder = tmp_path / short
    make_cli_folder(folder, PASSPHRASE, name=short.title())
    out = _ok(backa(folder, "enroll", "--server", server.base_url, "--user", people.name(short)))
    assert "ansluten" in out
    return folder


def _records(folder: Path) -> dict[str, Any]:
    with Vault(folder).unlock(PASSPHRASE) as session:
        return {r.id: r for r in session.repo.find(include_deleted=True)}


def test_two_folders_converge_with_backa_sync(
    tmp_path: Path, server: ServerProcess, people: People
) -> None:
    anna = _folder(tmp_path, "anna", people, server)
    bo = _folder(tmp_path, "bo", people, server)
    cecilia = _folder(tmp_path, "cecilia", people, server)
    with Vault(anna).unlock(PASSPHRASE) as s:
        child = s.repo.create(RecordType.CHILD, child_body())
        cid = child.id
        s.repo.create(
            RecordType.BARNKONTAKT, barnkontakt_body(cid, people.anna, people.bvc), child_id=cid
        )
        s.repo.create(RecordType.TEAM, team_body(cid, [people.bo]), child_id=cid)
        s.repo.create(RecordType.CONSENT, consent_body(cid, people.anna), child_id=cid)
        plan = s.repo.create(RecordType.PLAN, plan_body(cid), child_id=cid)
    assert "skickade" in _ok(backa(anna, "sync"))
    _ok(backa(bo, "sync"))
    _ok(backa(cecilia, "sync"))
    assert plan.id in _records(bo)
    assert all(cid not in (r.id, r.child_id) for r in _records(cecilia).values())

    with Vault(anna).unlock(PASSPHRASE) as s:
        s.repo.update(plan.id, {**s.repo.require(plan.id).body, "reason": "Annas ändring"})
    with Vault(bo).unlock(PASSPHRASE) as s:
        s.repo.update(plan.id, {**s.repo.require(plan.id).body, "child_view": "Bos ändring"})
    for folder in (anna, bo, anna):
        _ok(backa(folder, "sync"))
    plan_a, plan_b = _records(anna)[plan.id], _records(bo)[plan.id]
    assert plan_a.body == plan_b.body
    assert plan_a.body["reason"] == "Annas ändring"
    assert plan_a.body["child_view"] == "Bos ändring"
    _ok(backa(cecilia, "sync"))
    assert all(cid not in (r.id, r.child_id) for r in _records(cecilia).values())


def test_enroll_refuses_plain_http_to_another_host(tmp_path: Path) -> None:
    folder = tmp_path / "x"
    make_cli_folder(folder, PASSPHRASE)
    result = backa(folder, "enroll", "--server", "http://backa.example.se", "--user", "x")
    assert result.returncode != 0
    assert "https://" in result.stderr
    result = backa(folder, "sync")
    assert result.returncode != 0 and "backa enroll" in result.stderr
