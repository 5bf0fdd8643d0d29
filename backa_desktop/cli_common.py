"""What every `backa` subcommand shares: user-facing errors, secrets, opening a folder.

Kept apart from `cli.py` so that extension modules (`cli_print`, `cli_sync`, …) and
`python -m backa_desktop.cli` (where cli.py runs as `__main__`) see one and the same
`CliError` class, and the command loop catches what an extension raises.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TypeAlias

from backa_desktop.services.vault import Session, Vault

# what `add_subparsers()` returns, where each command module adds its commands
Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


class CliError(Exception):
    """A user-caused failure: printed as one Swedish line, exit code 2."""


def default_data_dir() -> Path:
    env = os.environ.get("BACKA_DATA_DIR")
    if env:
        return Path(env)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
    return base / "BackaDesktop"


def is_utf8(text: str) -> bool:
    """False for text Python decoded with surrogate escapes (bytes that are not UTF-8)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check_arguments(argv: Sequence[str]) -> None:
    """Refuse command-line arguments that are not UTF-8 before anything uses them: they would
    otherwise fail deep inside (the database, the printer) with a traceback."""
    if not all(is_utf8(arg) for arg in argv):
        raise CliError(
            "Ett argument på kommandoraden är inte giltig text (UTF-8). Ingenting har ändrats."
        )


def read_secret(env: str, prompt: str, *, confirm: bool = False) -> str:
    value = os.environ.get(env)
    if not value:
        if not sys.stdin.isatty():
            raise CliError(f"Ingen terminal att fråga i: sätt miljövariabeln {env}.")
        value = getpass.getpass(prompt)
        if confirm and getpass.getpass("Upprepa: ") != value:
            raise CliError("Lösenfraserna är inte lika. Ingenting har ändrats.")
    if not is_utf8(value):
        raise CliError(
            f"Hemligheten ({env}) är inte giltig text (UTF-8). Ingenting har ändrats."
        )
    return value


def passphrase(*, confirm: bool = False) -> str:
    return read_secret("BACKA_PASSPHRASE", "Lösenfras: ", confirm=confirm)


DAMAGED_DATABASE = (
    "Databasen är skadad: en del av filen går inte att läsa. Inget skrevs till den. "
    "Återställ en säkerhetskopia (`backa restore`) eller gör en ny mapp och synkronisera "
    "igen; `backa doctor` visar vad som är fel."
)


def open_session(args: argparse.Namespace, secret: str | None = None) -> Session:
    """Unlock the folder for a command. A damaged database is refused here (the app opens it
    read-only for reading what is left; a command has nothing to gain from that)."""
    session = Vault(args.data_dir).unlock(secret if secret is not None else passphrase())
    if session.damaged:
        session.close()
        raise CliError(DAMAGED_DATABASE)
    return session


