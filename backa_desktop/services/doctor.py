"""`backa doctor`: is this folder healthy? One clear line per problem, for IT and support."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from sqlcipher3 import dbapi2

from backa_desktop.services.vault import Vault, VaultError
from backa_desktop.store.audit import compare_acknowledged, verify_chain
from backa_desktop.store.database import DB_FILE, SQLITE_PLAIN_HEADER, Database


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
        _check_database(session.db, report)
    finally:
        session.close()
    return report


def _check_database(db: Database, report: Report) -> None:
    """Each check on its own: a damaged page stops that check (reported), not the others."""
    try:
        version = db.cipher_version()
        if version.startswith("4."):
            report.ok.append(f"Databasen är krypterad med SQLCipher {version}.")
        else:
            report.problems.append(f"Oväntad SQLCipher-version: {version or 'ingen'}.")
        cipher_errors = db.query("PRAGMA cipher_integrity_check")
    except dbapi2.DatabaseError as exc:
        report.problems.append(f"Krypteringskontrollen avbröts: {_short(exc)}.")
    else:
        if cipher_errors:
            report.problems.append(
                f"Krypteringskontrollen hittade {_pages(len(cipher_errors))} i databasen. "
                "Återställ en säkerhetskopia (`backa restore`) eller gör en ny mapp och "
                "synkronisera igen."
            )
        else:
            report.ok.append("Krypteringskontrollen: alla sidor är hela.")
    try:
        integrity = [row[0] for row in db.query("PRAGMA integrity_check(20)")]
    except dbapi2.DatabaseError as exc:
        report.problems.append(f"Databasens integritetskontroll avbröts: {_short(exc)}.")
    else:
        if integrity != ["ok"]:
            report.problems.append(
                "Databasens integritetskontroll: " + "; ".join(_short(i) for i in integrity[:5])
            )
        else:
            report.ok.append("Databasens integritetskontroll: ok.")
    try:
        chain = verify_chain(db)
        chain += compare_acknowledged(db)
        count = db.one("SELECT count(*) FROM audit_events")[0]
    except dbapi2.DatabaseError as exc:
        report.problems.append(f"Granskningsloggen går inte att läsa: {_short(exc)}.")
        return
    if chain:
        report.problems.extend(f"Granskningsloggen: {p}" for p in chain)
    else:
        report.ok.append(f"Granskningsloggens kedja är hel ({count} poster).")


def _pages(count: int) -> str:
    return "1 skadad sida" if count == 1 else f"{count} skadade sidor"


def _short(message: object) -> str:
    """One line of at most 200 characters (SQLite's reports can run to pages)."""
    text = " ".join(str(message).split())
    return text if len(text) <= 200 else text[:199] + "…"


def _where(location: str) -> str:
    return "operativsystemets nyckelring" if location == "keyring" else "filen wrapped-key.json"


def _check_files_encrypted(data_dir: Path, report: Report) -> None:
    db_path = data_dir / DB_FILE
    if not db_path.exists():
        report.problems.append("Databasfilen backa.db saknas.")
        return
    with db_path.open("rb") as handle:
        head = handle.read(16)
    if len(head) < 16:
        # An empty file opens as an empty plain SQLite database: it holds nothing, it is
        # not "readable without a key".
        report.problems.append(
            "Databasfilen backa.db är tom eller avkortad. Återställ en säkerhetskopia "
            "(`backa restore`) eller gör en ny mapp och synkronisera igen."
        )
        return
    if head == SQLITE_PLAIN_HEADER:
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
