"""The `backa` command as a user runs it: a real process, a fresh data folder.

Only `init` is run with the production key cost; the other tests start from a folder made
in-process with the tests' cheap KDF (it travels with the wrapped key, so each `backa` process
unlocks it cheaply)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlcipher3

from backa_desktop.services.vault import Vault
from backa_desktop.store.crypto import KdfParams, WrappedKey
from backa_desktop.store.keystore import WRAPPED_KEY_FILE
from tests.store.helpers import make_cli_folder

PASS = "demo-backa-fras"


def backa(*args: str, env: dict[str, str] | None = None, check: bool = True,
          ) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "BACKA_PASSPHRASE": PASS,
                # never the developer's real keyring: no backend -> the file fallback
                "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    full_env.update(env or {})
    result = subprocess.run(
        [sys.executable, "-m", "backa_desktop.cli", *args],
        capture_output=True, text=True, env=full_env, timeout=120, stdin=subprocess.DEVNULL,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"backa {args} failed:\n{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("cli") / "data"
    recovery = make_cli_folder(folder, PASS, name="Demo Användare", demo=True)
    backa("--data-dir", str(folder), "demo", "--children", "1000")
    return folder, recovery


def test_init_makes_a_folder_with_the_production_key_cost(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    out = backa("--data-dir", str(folder), "init", "--name", "Demo Användare", "--demo")
    lines = [line for line in out.stdout.splitlines() if line.startswith("Recovery key: ")]
    assert len(lines) == 1
    assert "Ingen nyckelring" in out.stdout
    wrapped = WrappedKey.model_validate_json((folder / WRAPPED_KEY_FILE).read_text("utf-8"))
    assert wrapped.kdf == KdfParams()
    assert "Inga barn" in backa("--data-dir", str(folder), "search", "a").stdout
    recovery = lines[0].removeprefix("Recovery key: ")
    conn = sqlcipher3.connect(str(folder / "backa.db"))
    conn.execute(f"PRAGMA key = \"x'{recovery.replace('-', '').lower()}'\"")
    assert conn.execute("SELECT count(*) FROM children").fetchone()[0] == 0
    conn.close()


def _children(folder: Path) -> list[tuple[str, str, str]]:
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    try:
        with Vault(folder).unlock(PASS) as session:
            return [tuple(r) for r in session.db.query(
                "SELECT given_names, family_name, identity FROM children")]
    finally:
        del os.environ["PYTHON_KEYRING_BACKEND"]


def test_no_file_holds_a_child_in_clear(demo_folder: tuple[Path, str]) -> None:
    folder, _ = demo_folder
    backa("--data-dir", str(folder), "search", "a")  # leave logs and -wal behind, as a user
    children = _children(folder)
    assert len(children) == 1000
    needles: set[bytes] = set()
    for given, family, identity in children:
        needles.update({identity.encode(), identity[2:].encode(), family.encode("utf-8")})
        needles.update(name.encode("utf-8") for name in given.split())
        needles.add(f"{given} {family}".encode())
    files = [p for p in folder.rglob("*") if p.is_file()]
    assert any(p.name == "backa.db" for p in files)
    for path in files:
        data = path.read_bytes()
        assert not data.startswith(b"SQLite format 3"), path
        # Five bytes at least: a four-letter name turns up by chance in a few megabytes of
        # ciphertext about one run in five; the full name still catches a short one in clear.
        found = [n for n in needles if len(n) >= 5 and n in data]
        assert found == [], f"{path.name} holds {len(found)} names/numbers in clear"


def test_recovery_key_opens_the_database(demo_folder: tuple[Path, str]) -> None:
    folder, recovery = demo_folder
    conn = sqlcipher3.connect(str(folder / "backa.db"))
    conn.execute(f"PRAGMA key = \"x'{recovery.replace('-', '').lower()}'\"")
    assert conn.execute("SELECT count(*) FROM children").fetchone()[0] == 1000
    assert conn.execute("PRAGMA cipher_version").fetchone()[0].startswith("4.")
    conn.close()


def test_wrong_passphrase_clear_message(demo_folder: tuple[Path, str]) -> None:
    folder, _ = demo_folder
    result = backa("--data-dir", str(folder), "search", "a",
                   env={"BACKA_PASSPHRASE": "fel-fras-123"}, check=False)
    assert result.returncode == 2
    assert "Fel lösenfras" in result.stderr
    assert "Traceback" not in result.stderr


def test_search_by_first_name_surname_and_last_four(demo_folder: tuple[Path, str]) -> None:
    folder, _ = demo_folder
    given, family, identity = _children(folder)[123]
    for query in (given.split()[0][:3], family[:4], identity[-4:]):
        out = backa("--data-dir", str(folder), "search", "--json", "--limit", "2000", query)
        rows = [json.loads(line) for line in out.stdout.splitlines()]
        assert any(r["name"] == f"{given} {family}" for r in rows), query
        assert all(r["identity"].endswith("****") for r in rows)
        assert identity not in out.stdout


def test_doctor_healthy_then_reports_tampered_audit(
    demo_folder: tuple[Path, str], tmp_path: Path
) -> None:
    folder, recovery = demo_folder
    out = backa("--data-dir", str(folder), "doctor")
    assert "Mappen är frisk." in out.stdout
    copy = tmp_path / "copy"
    backa("--data-dir", str(folder), "backup", "--out", str(tmp_path / "b.backa"))
    backa("--data-dir", str(copy), "restore", str(tmp_path / "b.backa"))
    conn = sqlcipher3.connect(str(copy / "backa.db"))
    conn.execute(f"PRAGMA key = \"x'{recovery.replace('-', '').lower()}'\"")
    conn.execute("UPDATE audit_events SET actor = 'någon annan' WHERE seq = 1")
    conn.commit()
    conn.close()
    result = backa("--data-dir", str(copy), "doctor", check=False)
    assert result.returncode == 1
    assert "PROBLEM Granskningsloggen" in result.stdout


def test_backup_restore_round_trip(demo_folder: tuple[Path, str], tmp_path: Path) -> None:
    folder, _ = demo_folder
    backa("--data-dir", str(folder), "backup", "--out", str(tmp_path / "b.backa"))
    assert b"SQLite format 3" not in (tmp_path / "b.backa").read_bytes()
    backa("--data-dir", str(tmp_path / "r"), "restore", str(tmp_path / "b.backa"))
    assert len(_children(tmp_path / "r")) == 1000
    again = backa("--data-dir", str(tmp_path / "r"), "restore", str(tmp_path / "b.backa"),
                  check=False)
    assert again.returncode == 2 and "redan" in again.stderr


def test_change_passphrase_and_recover(demo_folder: tuple[Path, str], tmp_path: Path) -> None:
    folder, recovery = demo_folder
    backa("--data-dir", str(folder), "backup", "--out", str(tmp_path / "b.backa"))
    work = tmp_path / "w"
    backa("--data-dir", str(work), "restore", str(tmp_path / "b.backa"))
    backa("--data-dir", str(work), "change-passphrase",
          env={"BACKA_NEW_PASSPHRASE": "andra-frasen-2"})
    assert backa("--data-dir", str(work), "search", "a", check=False).returncode == 2
    backa("--data-dir", str(work), "search", "a", env={"BACKA_PASSPHRASE": "andra-frasen-2"})
    backa("--data-dir", str(work), "recover",
          env={"BACKA_RECOVERY_KEY": recovery, "BACKA_NEW_PASSPHRASE": "tredje-frasen-3"})
    backa("--data-dir", str(work), "doctor", env={"BACKA_PASSPHRASE": "tredje-frasen-3"})


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    result = backa("--data-dir", str(tmp_path / "nothing"), "search", "x", check=False)
    assert result.returncode == 2
    assert "backa init" in result.stderr


def test_errors_follow_backa_language(tmp_path: Path) -> None:
    """The command line's errors carry keys like the app's: Swedish by default, English when
    BACKA_LANGUAGE asks for it, never after LANG (a script reading Swedish keeps working)."""
    missing = ("--data-dir", str(tmp_path / "nothing"), "search", "x")
    swedish = backa(*missing, env={"LANG": "en_US.UTF-8"}, check=False)
    assert swedish.returncode == 2
    assert swedish.stderr.startswith("Fel: Mappen ") and "backa init" in swedish.stderr
    english = backa(*missing, env={"BACKA_LANGUAGE": "en"}, check=False)
    assert english.returncode == 2
    assert english.stderr.startswith("Error: The folder ") and "backa init" in english.stderr
    bad_date = ("--data-dir", str(tmp_path / "nothing"), "print", "plan", "x",
                "--out", str(tmp_path / "x.pdf"), "--date", "23/11/2026")
    result = backa(*bad_date, env={"BACKA_LANGUAGE": "en"}, check=False)
    assert result.returncode == 2
    assert result.stderr.strip() == "Error: Write the date as YYYY-MM-DD, for example 2026-11-23."
    assert not (tmp_path / "x.pdf").exists()
