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


def read_secret(env: str, prompt: str, *, confirm: bool = False) -> str:
    value = os.environ.get(env)
    if value:
        return value
    if not sys.stdin.isatty():
        raise CliError(f"Ingen terminal att fråga i: sätt miljövariabeln {env}.")
    value = getpass.getpass(prompt)
    if confirm and getpass.getpass("Upprepa: ") != value:
        raise CliError("Lösenfraserna är inte lika. Ingenting har ändrats.")
    return value


def passphrase(*, confirm: bool = False) -> str:
    return read_secret("BACKA_PASSPHRASE", "Lösenfras: ", confirm=confirm)


def open_session(args: argparse.Namespace) -> Session:
    return Vault(args.data_dir).unlock(passphrase())


