"""`backa doctor`: is this folder healthy? One clear line per problem, for IT and support."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from backa_desktop.services.vault import Vault, VaultError
from backa_desktop.store.audit import verify_chain
from backa_desktop.store.database import DB_FILE, SQLITE_PLAIN_HEADER


@dataclass
class Report:
    ok: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return not self.problems


def check_folder(data_dir: Path, passphrase: str) -> Report:
    report = Report()
    vault = Vault(data_dir)
    try:
        config = vault.config()
    except VaultError as exc:
        report.problems.append(str(exc))
        return report
    report.ok.append(f"Mappen är en Backa-mapp (nyckeln förvaras i {_where(config.key_location)}).")
    _check_files_encrypted(data_dir, report)
    try:
        session = vault.unlock(passphrase)
    except VaultError as exc:
        report.problems.append(str(exc))
        return report
    report.ok.append("Nyckeln finns och lösenfrasen låser upp databasen.")
    try:
        version = session.db.cipher_version()
        if version.startswith("4."):
            report.ok.append(f"Databasen är krypterad med SQLCipher {version}.")
        else:
            report.problems.append(f"Oväntad SQLCipher-version: {version or 'ingen'}.")
        cipher_errors = session.db.query("PRAGMA cipher_integrity_check")
        if cipher_errors:
            report.problems.append(
                f"Krypteringskontrollen hittade {len(cipher_errors)} skadade sidor i databasen."
            )
        integrity = [row[0] for row in session.db.query("PRAGMA integrity_check")]
        if integrity != ["ok"]:
            report.problems.append("Databasens integritetskontroll: " + "; ".join(integrity[:5]))
        else:
            report.ok.append("Databasens integritetskontroll: ok.")
        chain = verify_chain(session.db)
        if chain:
            report.problems.extend(f"Granskningsloggen: {p}" for p in chain)
        else:
            count = session.db.one("SELECT count(*) FROM audit_events")[0]
            report.ok.append(f"Granskningsloggens kedja är hel ({count} poster).")
    finally:
        session.close()
    return report


def _where(location: str) -> str:
    return "operativsystemets nyckelring" if location == "keyring" else "filen wrapped-key.json"


def _check_files_encrypted(data_dir: Path, report: Report) -> None:
    db_path = data_dir / DB_FILE
    if not db_path.exists():
        report.problems.append("Databasfilen backa.db saknas.")
        return
    with db_path.open("rb") as handle:
        if handle.read(16) == SQLITE_PLAIN_HEADER:
            report.problems.append("Databasfilen är INTE krypterad.")
            return
    try:
        plain = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            plain.execute("SELECT count(*) FROM sqlite_master").fetchone()
            report.problems.append("Databasen kan läsas utan nyckel.")
        finally:
            plain.close()
    except sqlite3.DatabaseError:
        report.ok.append("Databasfilen går inte att läsa utan nyckel.")
