"""`released.lock`: the content hash of every released version. A released version is
immutable because answers given under it are shown with its wording for years."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Final

from backa_desktop.services.forms.loading import (
    WHOLE_FILE,
    Definition,
    FormLoadError,
    LoadProblem,
    line_of,
    place_text,
    read_form_yaml,
)

LOCK_FILE: Final = "released.lock"

LockEntries = dict[tuple[str, int], str]

_LOCK_HEADER: Final = """\
# Innehållshashar (sha256) för släppta versioner av formulär och Behovskompassen.
# En släppt version får aldrig ändras: svar som getts under den visas med dess lydelse.
# Skapa en ny version i stället (ny fil, status: draft) och släpp den med
#   python -m backa_desktop.services.forms release <katalog> <id> <version>
# Redigera inte den här filen för hand.
"""


def read_lock(path: Path) -> LockEntries:
    if not path.exists():
        return {}
    data, root = read_form_yaml(path)
    if data is None:
        return {}
    entries: LockEntries = {}
    problems: list[LoadProblem] = []
    if not isinstance(data, dict):
        raise FormLoadError([LoadProblem(path, WHOLE_FILE, "ska vara id: {version: hash}", 1)])
    for form_id, versions in data.items():
        if not isinstance(form_id, str) or not isinstance(versions, dict):
            problems.append(
                LoadProblem(
                    path,
                    place_text((form_id,)),
                    "ska vara id: {version: hash}",
                    line_of(root, (form_id,)),
                )
            )
            continue
        for version, digest in versions.items():
            good = (
                isinstance(version, int)
                and not isinstance(version, bool)
                and isinstance(digest, str)
                and re.fullmatch(r"[0-9a-f]{64}", digest)
            )
            if not good:
                problems.append(
                    LoadProblem(
                        path,
                        place_text((form_id, version)),
                        "ska vara version (heltal): sha256-hash (64 hextecken)",
                        line_of(root, (form_id, version)),
                    )
                )
                continue
            assert isinstance(version, int) and isinstance(digest, str)
            entries[(form_id, version)] = digest
    if problems:
        raise FormLoadError(problems)
    return entries


def write_lock(path: Path, entries: LockEntries) -> None:
    """Atomic: a crash while releasing never leaves a half-written lock."""
    lines = [_LOCK_HEADER]
    for form_id in sorted({fid for fid, _ in entries}):
        lines.append(f"{form_id}:\n")
        for version in sorted(v for fid, v in entries if fid == form_id):
            lines.append(f"  {version}: {entries[(form_id, version)]}\n")
    fd, tmp = tempfile.mkstemp(prefix=".released.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write("".join(lines))
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise



def lock_problems(
    lock_path: Path,
    lock: LockEntries,
    definitions: Mapping[tuple[str, int], Definition],
    sources: Mapping[tuple[str, int], Path],
    allow_unlocked: bool,
) -> list[LoadProblem]:
    problems: list[LoadProblem] = []
    for key, definition in sorted(definitions.items()):
        form_id, version = key
        locked = lock.get(key)
        path = sources[key]
        if definition.released:
            if locked is None:
                if not allow_unlocked:
                    problems.append(
                        LoadProblem(
                            path,
                            "status",
                            f"{form_id} v{version} är markerad som släppt men saknas i"
                            f" {LOCK_FILE}; släpp den med `python -m backa_desktop.services.forms"
                            f" release {path.parent} {form_id} {version}`",
                        )
                    )
            elif locked != definition.content_hash:
                problems.append(
                    LoadProblem(
                        path,
                        WHOLE_FILE,
                        f"den släppta versionen {form_id} v{version} har ändrats (innehållshash"
                        f" {definition.content_hash[:12]}… men {LOCK_FILE} har {locked[:12]}…)."
                        " En släppt version får inte ändras: ångra ändringen och gör i stället en"
                        f" ny version, {form_id}.v{version + 1}.yaml med status: draft, och släpp"
                        " den när den är klar.",
                    )
                )
        elif locked is not None:
            problems.append(
                LoadProblem(
                    path,
                    "status",
                    f"{form_id} v{version} är redan släppt (finns i {LOCK_FILE}) och kan inte"
                    " bli utkast igen; gör en ny version i stället",
                )
            )
    for form_id, version in sorted(set(lock) - set(definitions)):
        problems.append(
            LoadProblem(
                lock_path,
                place_text((form_id, version)),
                f"den släppta versionen {form_id} v{version} saknas i katalogen; släppta"
                " versioner får inte tas bort (gamla svar visas med dem)",
            )
        )
    return problems
