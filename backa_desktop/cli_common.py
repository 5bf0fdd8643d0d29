"""What every `backa` subcommand shares: user-facing errors, secrets, opening a folder.

Kept apart from `cli.py` so that extension modules (`cli_print`, `cli_sync`, …) and
`python -m backa_desktop.cli` (where cli.py runs as `__main__`) see one and the same
`CliError` class, and the command loop catches what an extension raises.

Errors carry keys (domain/errors.py) like the app's. The command line speaks Swedish unless
BACKA_LANGUAGE=en asks for English (`language()`); it does not follow LANG, so a script that
reads the Swedish messages keeps working on an English system.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TypeAlias

from backa_desktop.domain.errors import UserError, describe
from backa_desktop.services.vault import Session, Vault

# what `add_subparsers()` returns, where each command module adds its commands
Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


LANGUAGE_ENV = "BACKA_LANGUAGE"
_ERROR_PREFIX = {"sv": "Fel", "en": "Error"}


class CliError(UserError):
    """A user-caused failure: printed as one line in the command line's language, exit code 2."""


def language() -> str:
    """"en" when BACKA_LANGUAGE asks for English, else "sv"."""
    return "en" if os.environ.get(LANGUAGE_ENV, "").strip().lower().startswith("en") else "sv"


def error_line(exc: BaseException) -> str:
    """What the command line prints for an error: "Fel: …" / "Error: …"."""
    lang = language()
    return f"{_ERROR_PREFIX[lang]}: {describe(exc, lang)}"


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
        raise CliError("cli.argument_not_utf8")


def read_secret(env: str, prompt: str, *, confirm: bool = False) -> str:
    value = os.environ.get(env)
    if not value:
        if not sys.stdin.isatty():
            raise CliError("cli.no_terminal", env=env)
        value = getpass.getpass(prompt)
        if confirm and getpass.getpass("Upprepa: ") != value:
            raise CliError("cli.passphrases_differ")
    if not is_utf8(value):
        raise CliError("cli.secret_not_utf8", env=env)
    return value


def passphrase(*, confirm: bool = False) -> str:
    return read_secret("BACKA_PASSPHRASE", "Lösenfras: ", confirm=confirm)


MSG_DAMAGED_DATABASE = "cli.database_damaged"


def open_session(args: argparse.Namespace, secret: str | None = None) -> Session:
    """Unlock the folder for a command. A damaged database is refused here (the app opens it
    read-only for reading what is left; a command has nothing to gain from that)."""
    session = Vault(args.data_dir).unlock(secret if secret is not None else passphrase())
    if session.damaged:
        session.close()
        raise CliError(MSG_DAMAGED_DATABASE)
    return session


