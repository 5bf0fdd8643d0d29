"""The laptop against hostile or damaged files: every damaged file x every command ends in one
clear Swedish line and a non-zero exit, never a traceback, and a damaged database is never
written to.

The folders are real SQLCipher folders made in-process with cheap KDF parameters (the CLI
then pays no production Argon2 cost); most commands run in-process through `cli.main`, so an
escaping exception fails the test exactly as a traceback would. What only a real process can
show (bytes that are not UTF-8 in argv and the environment) runs as a subprocess.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import keyring
import pytest
import sqlcipher3
from keyring.backends import fail

from backa_desktop import cli
from backa_desktop.domain.records import RecordType
from backa_desktop.services import backup, demo, doctor
from backa_desktop.services.vault import NewUser, Vault, VaultError
from backa_desktop.store import crypto, database
from backa_desktop.store.crypto import KdfParams
from backa_desktop.store.database import DB_FILE
from backa_desktop.store.folder import FOLDER_FILE
from backa_desktop.store.keystore import WRAPPED_KEY_FILE
from tests.printing.pdfs import pages_text
from tests.store.helpers import damage_page

PASS = "hostile-test-fras"
CHEAP_KDF = KdfParams(time_cost=1, memory_kib=8 * 1024, parallelism=1)
CHILDREN = 150


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A folder with fictional children and its key in wrapped-key.json (as on a machine
    without a keyring), plus one child's identity number for `print`."""
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        folder = tmp_path_factory.mktemp("hostile") / "data"
        vault = Vault(folder, kdf=CHEAP_KDF)
        vault.create(PASS, NewUser(name="Hanna Härdad", unit_name="BVC Provstad"), demo=True)
        with vault.unlock(PASS) as session:
            demo.generate(session, CHILDREN, seed=7)
            identity = str(session.db.one("SELECT identity FROM children LIMIT 1")[0])
    finally:
        keyring.set_keyring(previous)
    assert (folder / WRAPPED_KEY_FILE).exists()
    return folder, identity


@pytest.fixture
def folder(template: tuple[Path, str], tmp_path: Path,
           monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    copy = tmp_path / "data"
    shutil.copytree(template[0], copy)
    monkeypatch.setenv("BACKA_PASSPHRASE", PASS)
    monkeypatch.setenv("BACKA_NEW_PASSPHRASE", "en ny lång lösenfras")
    keyring.set_keyring(fail.Keyring())
    yield copy


def set_kdf(path: Path, **kdf: object) -> None:
    data = json.loads(path.read_text("utf-8"))
    data["kdf"].update(kdf)
    path.write_text(json.dumps(data), "utf-8")


DAMAGES: dict[str, Callable[[Path], None]] = {
    "wrapped_key_truncated": lambda f: (f / WRAPPED_KEY_FILE).write_bytes(
        (f / WRAPPED_KEY_FILE).read_bytes()[:40]),
    "wrapped_key_garbled": lambda f: (f / WRAPPED_KEY_FILE).write_bytes(b"\xff\xfe{]garbage"),
    "wrapped_key_not_object": lambda f: (f / WRAPPED_KEY_FILE).write_text("[1, 2]"),
    "wrapped_key_bad_base64": lambda f: (f / WRAPPED_KEY_FILE).write_text(
        (f / WRAPPED_KEY_FILE).read_text().replace('"salt":"', '"salt":"!!')),
    "kdf_time_cost_huge": lambda f: set_kdf(f / WRAPPED_KEY_FILE, time_cost=2**31 - 1),
    "kdf_memory_negative": lambda f: set_kdf(f / WRAPPED_KEY_FILE, memory_kib=-5),
    "kdf_memory_huge": lambda f: set_kdf(f / WRAPPED_KEY_FILE, memory_kib=2**40),
    "kdf_parallelism_zero": lambda f: set_kdf(f / WRAPPED_KEY_FILE, parallelism=0),
    "folder_json_garbled": lambda f: (f / FOLDER_FILE).write_bytes(b"{\"format\": 1, \xff"),
    "folder_json_truncated": lambda f: (f / FOLDER_FILE).write_bytes(
        (f / FOLDER_FILE).read_bytes()[:30]),
    "folder_json_wrong_types": lambda f: (f / FOLDER_FILE).write_text('{"format": "x"}'),
    "database_page_damaged": lambda f: damage_page(f / DB_FILE),
    "database_zero_bytes": lambda f: (f / DB_FILE).write_bytes(b""),
    "database_truncated": lambda f: (f / DB_FILE).write_bytes(
        (f / DB_FILE).read_bytes()[:5000]),
}


def commands(folder: Path, identity: str) -> dict[str, list[str]]:
    base = ["--data-dir", str(folder)]
    return {
        "search": [*base, "search", "a"],
        "demo": [*base, "demo", "--children", "3"],
        "backup": [*base, "backup", "--out", str(folder.parent / "kopia.tar")],
        "print": [*base, "print", "extract", identity, "--out", str(folder.parent / "u.pdf")],
        "doctor": [*base, "doctor"],
        "change-passphrase": [*base, "change-passphrase"],
    }


def run_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_the_undamaged_folder_works_with_every_command(
    folder: Path, template: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    """The matrix below means something only if each command succeeds on a healthy copy."""
    for name, argv in commands(folder, template[1]).items():
        code, out, err = run_cli(argv, capsys)
        assert code == 0, (name, out, err)


MATRIX = [
    (command, damage)
    for command in ("search", "demo", "backup", "print", "doctor", "change-passphrase")
    for damage in sorted(DAMAGES)
    # Changing the passphrase rewraps the key and never reads the database, so it may
    # rightly succeed on a damaged database.
    if not (command == "change-passphrase" and damage.startswith("database_"))
]


@pytest.mark.parametrize(("command", "damage"), MATRIX)
def test_damaged_file_gives_one_clear_line(
    damage: str, command: str, folder: Path, template: tuple[Path, str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    DAMAGES[damage](folder)
    started = time.perf_counter()
    code, out, err = run_cli(commands(folder, template[1])[command], capsys)
    assert time.perf_counter() - started < 30, "a hostile KDF parameter must not be run"
    assert code != 0
    assert "Traceback" not in out + err
    if command == "doctor":
        problems = [line for line in out.splitlines() if line.startswith("PROBLEM ")]
        assert problems, out
        assert "kan läsas utan nyckel" not in out
    else:
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Fel: "), err
        assert "Error" not in lines[0] and "\\x" not in lines[0]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_damaged_database_is_opened_read_only_and_never_written(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = folder / DB_FILE
    damage_page(db)
    before = _sha(db)
    session = Vault(folder).unlock(PASS)
    try:
        assert session.damaged and "skrivskyddad" in session.damaged
        assert session.audit.append("open_child") == ""  # no unlock or open event is written
        with pytest.raises(Exception, match="skadad"):
            demo.generate(session, 5, seed=3)
        with pytest.raises(Exception, match=r"readonly|read-only|skadad"):
            session.db.conn.execute("INSERT INTO settings (key, value) VALUES ('x', 'y')")
    finally:
        session.close()
    code, _out, err = run_cli(["--data-dir", str(folder), "demo", "--children", "5"], capsys)
    assert code == 2 and "skadad" in err
    assert _sha(db) == before
    wal = Path(f"{db}-wal")
    assert not wal.exists() or wal.stat().st_size == 0


def test_doctor_does_not_call_an_empty_database_readable_without_key(folder: Path) -> None:
    (folder / DB_FILE).write_bytes(b"")
    report = doctor.check_folder(folder, PASS)
    assert not report.healthy
    text = "\n".join(report.ok + report.problems)
    assert "kan läsas utan nyckel" not in text
    assert "går inte att läsa utan nyckel" not in text
    assert any("tom" in p for p in report.problems)


def test_doctor_reports_damaged_pages(folder: Path) -> None:
    damage_page(folder / DB_FILE)
    report = doctor.check_folder(folder, PASS)
    assert any("skadad sida" in p or "skadade sidor" in p for p in report.problems), report.problems


# -- KDF bounds ------------------------------------------------------------------------------
@pytest.mark.parametrize("params", [
    {"time_cost": 2**31 - 1}, {"time_cost": 0}, {"time_cost": 65},
    {"memory_kib": -1}, {"memory_kib": 2**40}, {"memory_kib": 4 * 1024 * 1024 + 1},
    {"parallelism": 0}, {"parallelism": 17}, {"parallelism": 4, "memory_kib": 31},
    {"time_cost": "3"}, {"time_cost": True},
])
def test_kdf_parameters_out_of_bounds_are_refused(params: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        KdfParams.model_validate({**CHEAP_KDF.model_dump(), **params})


def test_kdf_bounds_keep_cheap_test_and_production_parameters() -> None:
    KdfParams()  # production defaults
    KdfParams(time_cost=1, memory_kib=8, parallelism=1)  # Argon2's own minimum
    KdfParams(time_cost=64, memory_kib=4 * 1024 * 1024, parallelism=16)
    assert crypto.unwrap_key(crypto.wrap_key(b"k" * 32, PASS, CHEAP_KDF), PASS) == b"k" * 32


# -- backups ---------------------------------------------------------------------------------
def _tamper_backup(src: Path, dst: Path, replace: dict[str, bytes | None],
                   symlink: str | None = None) -> None:
    with tarfile.open(src) as tar_in, tarfile.open(dst, "w") as tar_out:
        for member in tar_in.getmembers():
            if member.name == symlink:
                link = tarfile.TarInfo(member.name)
                link.type = tarfile.SYMTYPE
                link.linkname = "/etc/passwd"
                tar_out.addfile(link)
                continue
            handle = tar_in.extractfile(member)
            assert handle is not None
            data = replace.get(member.name, handle.read())
            if data is None:
                continue
            info = tarfile.TarInfo(member.name)
            info.size = len(data)
            tar_out.addfile(info, io.BytesIO(data))


@pytest.fixture
def good_backup(folder: Path) -> Path:
    out = folder.parent / "good.tar"
    with Vault(folder).unlock(PASS) as session:
        backup.make_backup(session, PASS, out)
    return out


def _wrapped_with(backup_file: Path, **kdf: object) -> bytes:
    with tarfile.open(backup_file) as tar:
        handle = tar.extractfile(backup.WRAPPED)
        assert handle is not None
        data = json.loads(handle.read())
    data["kdf"].update(kdf)
    return json.dumps(data).encode()


@pytest.mark.parametrize("case", [
    "manifest_is_a_list", "manifest_is_a_string", "database_is_a_symlink",
    "wrapped_key_is_a_symlink", "kdf_time_cost_huge", "kdf_memory_negative",
    "database_page_damaged", "wrapped_key_missing",
])
def test_a_hostile_backup_is_refused_and_leaves_nothing_behind(
    case: str, good_backup: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.tar"
    replace: dict[str, bytes | None] = {}
    symlink = None
    if case == "manifest_is_a_list":
        replace[backup.MANIFEST] = b"[1, 2, 3]"
    elif case == "manifest_is_a_string":
        replace[backup.MANIFEST] = b'"demo"'
    elif case == "database_is_a_symlink":
        symlink = DB_FILE
    elif case == "wrapped_key_is_a_symlink":
        symlink = backup.WRAPPED
    elif case == "kdf_time_cost_huge":
        replace[backup.WRAPPED] = _wrapped_with(good_backup, time_cost=2**31 - 1)
    elif case == "kdf_memory_negative":
        replace[backup.WRAPPED] = _wrapped_with(good_backup, memory_kib=-1)
    elif case == "database_page_damaged":
        extracted = tmp_path / "x"
        with tarfile.open(good_backup) as tar:
            tar.extract(DB_FILE, extracted, filter="data")
        damage_page(extracted / DB_FILE)
        replace[DB_FILE] = (extracted / DB_FILE).read_bytes()
    elif case == "wrapped_key_missing":
        replace[backup.WRAPPED] = None
    _tamper_backup(good_backup, bad, replace, symlink)
    target = tmp_path / "restored"
    started = time.perf_counter()
    with pytest.raises(VaultError):
        backup.restore_backup(bad, target, PASS)
    assert time.perf_counter() - started < 30
    assert not target.exists() or list(target.iterdir()) == []
    # the retry with a good backup goes through into the very same folder
    backup.restore_backup(good_backup, target, PASS)
    with Vault(target).unlock(PASS) as session:
        assert session.db.one("SELECT count(*) FROM children")[0] == CHILDREN


def test_restore_cli_refuses_a_hostile_backup_in_one_line(
    good_backup: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.tar"
    _tamper_backup(good_backup, bad, {backup.MANIFEST: b"[]"})
    target = tmp_path / "restored"
    code, _out, err = run_cli(["--data-dir", str(target), "restore", str(bad)], capsys)
    assert code == 2 and err.startswith("Fel: ") and len(err.strip().splitlines()) == 1
    # only the command's own log folder may remain, and the retry is not refused
    assert not target.exists() or [p.name for p in target.iterdir()] == ["logs"]
    code, _out, err = run_cli(["--data-dir", str(target), "restore", str(good_backup)], capsys)
    assert code == 0, err


# -- bytes that are not UTF-8 (a real process: argv and environment are bytes there) ----------
def _backa_bytes(args: list[bytes], env: dict[bytes, bytes]) -> subprocess.CompletedProcess[bytes]:
    full_env = {os.fsencode(k): os.fsencode(v) for k, v in os.environ.items()}
    full_env[b"PYTHON_KEYRING_BACKEND"] = b"keyring.backends.fail.Keyring"
    full_env.update(env)
    return subprocess.run(
        [os.fsencode(sys.executable), b"-m", b"backa_desktop.cli", *args],
        capture_output=True, env=full_env, timeout=120, stdin=subprocess.DEVNULL, check=False,
    )


def test_a_passphrase_that_is_not_utf8_is_refused(folder: Path) -> None:
    result = _backa_bytes([b"--data-dir", os.fsencode(folder), b"search", b"a"],
                          {b"BACKA_PASSPHRASE": b"r\xe4tt-l\xf6senfras"})  # Latin-1 bytes
    err = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 2 and b"Traceback" not in result.stderr, err
    assert err.startswith("Fel: ") and "UTF-8" in err


def test_an_argument_that_is_not_utf8_is_refused(folder: Path) -> None:
    result = _backa_bytes([b"--data-dir", os.fsencode(folder), b"search", b"\xff\xfeSixten"],
                          {b"BACKA_PASSPHRASE": PASS.encode()})
    err = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 2 and b"Traceback" not in result.stderr, err
    assert err.startswith("Fel: ") and "UTF-8" in err


def test_damage_met_in_use_makes_a_large_database_read_only(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above the size checked in full on open, the first damaged page read switches the
    connection to read-only: the failed read is reported and nothing more is written."""
    monkeypatch.setattr(database, "FULL_CHECK_MAX_BYTES", 0)
    damage_page(folder / DB_FILE)
    session = Vault(folder).unlock(PASS)
    try:
        assert session.damaged is None  # not checked on open at this size
        tables = [r[0] for r in session.db.query(
            "SELECT name FROM sqlite_master WHERE type = 'table'")]
        indexes = [tuple(r) for r in session.db.query(
            "SELECT name, tbl_name FROM sqlite_master WHERE type = 'index'")]
        with pytest.raises(sqlcipher3.DatabaseError):  # read every page, as use would
            for table in tables:
                session.db.query(f'SELECT * FROM "{table}"')
            for index, table in indexes:
                session.db.query(f'SELECT count(*) FROM "{table}" INDEXED BY "{index}"')
        assert session.damaged
        with pytest.raises(database.DatabaseReadOnly), session.db.transaction():
            pass
        with pytest.raises((database.DatabaseReadOnly, sqlcipher3.DatabaseError)):
            demo.generate(session, 2, seed=5)
        with pytest.raises(sqlcipher3.DatabaseError):
            session.db.conn.execute("INSERT INTO settings (key, value) VALUES ('x', 'y')")
    finally:
        session.close()


def test_print_extract_of_a_child_with_a_long_note(
    folder: Path, template: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    """The register extract of a child with a note of 20,000 characters (before: reportlab's
    LayoutError for anything over ≈ 5,000) prints, the note flowing over several pages."""
    identity = template[1]
    with Vault(folder).unlock(PASS) as session:
        child_id = str(session.db.one("SELECT record_id FROM children WHERE identity = ?",
                                      (identity,))[0])
        text = "Mamma berättade om veckan och om hur det gick i skolan. " * 360
        session.repo.create(RecordType.NOTE, {"child_id": child_id, "happened_on": "2026-11-23",
                                              "text": text}, child_id=child_id)
    out = folder.parent / "utdrag.pdf"
    code, _out, err = run_cli(["--data-dir", str(folder), "print", "extract", identity,
                               "--out", str(out)], capsys)
    assert code == 0, err
    pages = pages_text(out.read_bytes())
    assert sum("Mamma berättade" in p for p in pages) >= 3


def test_print_plan_of_a_stored_child_with_a_huge_name_ends_at_once(
    folder: Path, template: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    """New names are refused over 200 characters. A record stored before that (here: as if
    pulled from a server) with a 1 MB name no longer runs for over 300 s: the command refuses
    it at once in one line (printing a long but valid name is covered in
    tests/printing/test_long_text.py)."""
    identity = template[1]
    with Vault(folder).unlock(PASS) as session:
        child_id = str(session.db.one("SELECT record_id FROM children WHERE identity = ?",
                                      (identity,))[0])
        child = session.repo.require(child_id)
        huge = child.model_copy(update={
            "body": {**child.body, "given_names": "Å" * 1_000_000}, "revision": 99})
        session.repo.put_remote(huge, server_seq=None)
        session.repo.create(RecordType.PLAN, {"child_id": child_id, "reason": "Trygghet."},
                            child_id=child_id)
    out = folder.parent / "plan.pdf"
    started = time.perf_counter()
    code, _out, err = run_cli(["--data-dir", str(folder), "print", "plan", identity,
                               "--out", str(out)], capsys)
    assert time.perf_counter() - started < 30
    assert code == 2 and err.startswith("Fel: ") and len(err.strip().splitlines()) == 1, err
    assert "för långt" in err and "ÅÅÅ" not in err
    assert not out.exists()
