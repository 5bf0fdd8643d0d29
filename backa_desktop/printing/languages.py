"""Print languages as data: one catalogue file per language in `resources/print-languages`.

A catalogue holds the fixed text of the documents it prints (`documents`: by default the
family documents, Barnets plan, Min plan, the consent sheet and the leaflet; English also the
form summaries, the orosanmälan and the register extract) and the eight needs' names and
descriptions, plus what a printer needs to know: direction, which fonts draw the script, who
translated it and whether a qualified translator has reviewed it. Adding a language is adding
a file (and, for a new script, its fonts); no code names a language. The Swedish catalogue is
the reference: every other one must have exactly its keys (those of the documents it prints)
and the same {placeholders}, so a missing sentence fails loading by name instead of printing a
hole in a family's plan.
"""

from __future__ import annotations

import os
import re
import string
import threading
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from backa_desktop.domain.needs import Need

REFERENCE = "sv"

FAMILY_DOCUMENTS = ("plan", "consent-sheet", "leaflet")
"""What a catalogue covers when it says nothing: the documents a family takes home."""

DOCUMENT_KINDS = (*FAMILY_DOCUMENTS, "card", "talk", "rating", "concern", "extract")
"""Every printable document kind (services.documents.DocumentKind values)."""

REPORT_KINDS = ("statistics",)
"""Printouts about no one child (the steering group's statistics report, printed by the
central store's command line): a catalogue lists them like a document kind."""

KEY_GROUPS: dict[str, frozenset[str]] = {
    # the register extract reads form responses with the summaries' words
    "summary.": frozenset({"card", "talk", "rating", "extract"}),
    "reading.": frozenset({"extract"}),
    "extract.": frozenset({"extract"}),
    "concern.": frozenset({"concern"}),
    "statistics.": frozenset({"statistics"}),
}
"""Text keys that only some documents use, by key prefix: a catalogue needs them only when it
lists one of those documents, so a family language is not asked to translate staff papers.
`reading.` words any record (the register extract prints them; the timeline's record window
shows them in the UI language when its catalogue lists the extract)."""


def key_needed(key: str, documents: tuple[str, ...]) -> bool:
    for prefix, kinds in KEY_GROUPS.items():
        if key.startswith(prefix):
            return not kinds.isdisjoint(documents)
    return True


class CatalogueError(ValueError):
    """A catalogue file that cannot be used; str() names the file and what is wrong."""


class NeedText(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    description: str


class Catalogue(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")
    native_name: str
    swedish_name: str
    english_name: str
    direction: Literal["ltr", "rtl"] = "ltr"
    script: str = "latin"
    # Font files in resources/fonts for this script; DejaVu Sans draws everything they lack
    # (Latin names and Swedish terms inside the line, digits).
    fonts: dict[Literal["regular", "bold"], str] = Field(default_factory=dict)
    translator: str
    reviewed: bool
    documents: tuple[str, ...] = FAMILY_DOCUMENTS
    """The document kinds this language prints: the choice of language is data, per kind."""

    @field_validator("documents")
    @classmethod
    def _known_documents(cls, value: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        unknown = [d for d in value if d not in (*DOCUMENT_KINDS, *REPORT_KINDS)]
        if unknown:
            raise ValueError(f"okänt dokument {', '.join(unknown)}; finns: "
                             + ", ".join((*DOCUMENT_KINDS, *REPORT_KINDS)))
        # The staff documents (summaries, orosanmälan, register extract) are laid out left to
        # right only; a right-to-left language would print them with its letters unjoined and
        # its lines in the wrong order, so it may list only the family documents.
        staff = [d for d in value if d not in FAMILY_DOCUMENTS]
        if info.data.get("direction") == "rtl" and staff:
            raise ValueError(f"{', '.join(staff)} skrivs bara från vänster till höger; ett "
                             "språk som skrivs från höger till vänster kan bara lista "
                             + ", ".join(FAMILY_DOCUMENTS))
        return value
    text: dict[str, str]
    needs: dict[Need, NeedText]

    def prints(self, kind: str) -> bool:
        return kind in self.documents

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"

    def t(self, key: str, **values: Any) -> str:
        try:
            template = self.text[key]
        except KeyError:
            raise CatalogueError(f"Utskriftsspråket {self.code} saknar texten '{key}'.") from None
        return template.format(**values) if values else template

    def need_name(self, need: Need) -> str:
        return self.needs[need].name

    def need_description(self, need: Need) -> str:
        return self.needs[need].description


def catalogue_dir() -> Path:
    """`BACKA_PRINT_LANG_DIR` if set (packaged installs, tests), else the source tree's."""
    override = os.environ.get("BACKA_PRINT_LANG_DIR")
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[2] / "resources" / "print-languages"


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _read(path: Path) -> Catalogue:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CatalogueError(f"{path.name}: kan inte läsas ({exc}).") from exc
    try:
        catalogue = Catalogue.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise CatalogueError(f"{path.name}: {where}: {first['msg']}") from None
    if catalogue.code != path.stem:
        raise CatalogueError(f"{path.name}: code är '{catalogue.code}', filen heter {path.stem}.")
    return catalogue


def check_against(catalogue: Catalogue, reference: Catalogue) -> list[str]:
    """Every problem of `catalogue` measured against the Swedish reference, by key."""
    problems: list[str] = []
    for key, template in reference.text.items():
        if not key_needed(key, catalogue.documents):
            continue
        if key not in catalogue.text:
            problems.append(f"{catalogue.code}: saknar '{key}'")
        elif _placeholders(catalogue.text[key]) != _placeholders(template):
            want, have = _placeholders(template), _placeholders(catalogue.text[key])
            problems.append(f"{catalogue.code}: '{key}' ska ha platshållarna {sorted(want)}, "
                            f"har {sorted(have)}")
        elif not catalogue.text[key].strip():
            problems.append(f"{catalogue.code}: '{key}' är tom")
    problems += [f"{catalogue.code}: okänd nyckel '{k}'" for k in catalogue.text
                 if k not in reference.text or not key_needed(k, catalogue.documents)]
    problems += [f"{catalogue.code}: '{d}' skrivs inte ut på svenska" for d in catalogue.documents
                 if d not in reference.documents]
    problems += [f"{catalogue.code}: saknar behovet '{n.value}'" for n in Need
                 if n not in catalogue.needs]
    return problems


_lock = threading.Lock()
_cache: dict[tuple[Path, str], tuple[float, Catalogue]] = {}


def load_catalogue(code: str, folder: Path | None = None) -> Catalogue:
    """The catalogue for `code`, checked against the Swedish one; cached until the file
    changes."""
    folder = folder or catalogue_dir()
    if not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})?", code):
        raise CatalogueError(f"'{code}' är ingen språkkod (till exempel ar, so, fa).")
    path = folder / f"{code}.yaml"
    if not path.is_file():
        known = ", ".join(c.code for c in available_languages(folder)) or "inga"
        raise CatalogueError(f"Utskriftsspråket '{code}' finns inte. Finns: {known}.")
    stamp = path.stat().st_mtime
    with _lock:
        hit = _cache.get((folder, code))
        if hit is not None and hit[0] == stamp:
            return hit[1]
    catalogue = _read(path)
    if code != REFERENCE:
        problems = check_against(catalogue, load_catalogue(REFERENCE, folder))
        if problems:
            raise CatalogueError(f"{path.name}: " + "; ".join(problems))
    with _lock:
        _cache[(folder, code)] = (stamp, catalogue)
    return catalogue


def languages_for(kind: str, folder: Path | None = None) -> list[Catalogue]:
    """The languages a document kind can be printed in, Swedish first."""
    return [c for c in available_languages(folder) if c.prints(kind)]


def available_languages(folder: Path | None = None) -> list[Catalogue]:
    """Every catalogue in the folder that loads, Swedish first, then by Swedish name.

    A broken file is left out here (the print dialog must still open); `load_catalogue`
    and the catalogue test report it by name."""
    folder = folder or catalogue_dir()
    found: list[Catalogue] = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            found.append(load_catalogue(path.stem, folder))
        except CatalogueError:
            continue
    return sorted(found, key=lambda c: (c.code != REFERENCE, c.swedish_name))
