"""`backa-central` as an administrator uses it: migrate, add a unit and a user, serve, enroll,
read the audit report, revoke the device."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.central import builders as b
from tests.central.support import Api, PostgresCluster, ServerProcess


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "backa_desktop.central.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
        check=False,
    )


@pytest.fixture(params=["postgresql", "sqlite"])
def fresh_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "postgresql":
        cluster: PostgresCluster = request.getfixturevalue("pg_cluster")
        return cluster.new_database()
    return f"sqlite:///{tmp_path / 'pilot.db'}"


def test_admin_commands_end_to_end(fresh_url: str) -> None:
    db = ["--db", fresh_url]
    unmigrated = _cli("add-unit", *db, "--name", "BVC", "--kind", "bvc")
    assert unmigrated.returncode != 0 and "migrate" in unmigrated.stderr
    assert _cli("migrate", *db).returncode == 0
    unit = _cli("add-unit", *db, "--name", "BVC Solrosen", "--kind", "bvc")
    assert unit.returncode == 0, unit.stderr
    unit_id = unit.stdout.strip()
    user = _cli(
        "add-user",
        *db,
        "--username",
        "nina",
        "--name",
        "Nina Test",
        "--roles",
        "barnkontakt,barnteam",
        "--unit",
        unit_id,
        "--trained",
        env={"BACKA_NEW_PASSWORD": "ett-langt-losenord"},
    )
    assert user.returncode == 0, user.stderr
    again = _cli("add-user", *db, "--username", "nina", env={"BACKA_NEW_PASSWORD": "x" * 12})
    assert again.returncode != 0 and "finns redan" in again.stderr

    server = ServerProcess(fresh_url).start()
    api = Api(server.base_url)
    try:
        assert api.http.get("/openapi.json").json()["info"]["title"] == "Backa central store"
        nina = api.login("nina", "ett-langt-losenord")
        kid = b.child(nina.user_id)
        assert nina.push([b.change(kid)]).json()["results"][0]["status"] == "accepted"
        held, _, _ = nina.pull_all()
        assert kid.id in held

        report = _cli("audit-report", *db, "--child", kid.id)
        rows = list(csv.DictReader(io.StringIO(report.stdout)))
        assert {r["action"] for r in rows} >= {"write", "read"}
        assert all(r["username"] == "nina" for r in rows)
        # The report names records by id and counts them; it never prints a child's name.
        assert "Testsson" not in report.stdout

        devices = [json.loads(line) for line in _cli("devices", *db).stdout.splitlines()]
        assert [d["username"] for d in devices] == ["nina"]
        revoked = _cli("revoke-device", *db, "--device", devices[0]["id"])
        assert revoked.returncode == 0, revoked.stderr
        assert nina.pull().status_code == 401
    finally:
        api.close()
        server.stop()
