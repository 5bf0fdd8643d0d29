"""The form registry: every form and Behovskompass definition in `forms/`, checked at load.

The files are edited by the organisation, not by programmers (DESIGN.md §5), so a broken file
must stop the app at start-up with a message the editor can act on: the file, the line, the
place in the file and what is wrong. Everything that can go wrong while reading one file is
turned into a `FormLoadError`; no raw traceback reaches the editor.

Released versions are immutable because answers given under them are shown with their
wording for years: `released.lock` holds the content hash of every released version, and a
released file whose hash no longer matches refuses to load.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import yaml
from pydantic import BaseModel, ValidationError

from backa_desktop.domain.forms import (
    CompassDefinition,
    DefinitionProblem,
    FormDefinition,
    FormResponse,
    ItemKind,
)

FORMS_DIR_ENV: Final = "BACKA_FORMS_DIR"
LOCK_FILE: Final = "released.lock"
YAML_SUFFIXES: Final = (".yaml", ".yml")

Definition = FormDefinition | CompassDefinition


def default_forms_dir() -> Path:
    """`$BACKA_FORMS_DIR` when set (tests, a municipality's own forms), else the repository's
    top-level `forms/` next to the package."""
    override = os.environ.get(FORMS_DIR_ENV)
    if override:
        return Path(override).expanduser()
    return Path(__file__).resolve().parents[2] / "forms"


def content_hash(definition: Definition) -> str:
    """sha256 (hex) over the canonical serialisation of a definition; what a response stores
    and what `released.lock` pins."""
    return definition.content_hash


@dataclass(frozen=True)
class LoadProblem:
    file: Path
    place: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else str(self.file)
        return f"{where}: {self.place}: {self.reason}"


class FormLoadError(Exception):
    """A form file (or the lock) is broken. `problems` lists each with file, place and
    reason; the message is all of them, one per line."""

    def __init__(self, problems: Sequence[LoadProblem]) -> None:
        if not problems:
            raise ValueError("FormLoadError needs at least one problem")
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def file(self) -> Path:
        return self.problems[0].file

    @property
    def place(self) -> str:
        return self.problems[0].place

    @property
    def reason(self) -> str:
        return self.problems[0].reason


class FormNotFoundError(LookupError):
    pass


# --- reading one YAML file ----------------------------------------------------------------

WHOLE_FILE: Final = "(hela filen)"

# libyaml's parser is about ten times faster, which matters at start-up on an old laptop.
_Loader: Final[type[yaml.SafeLoader]] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _YamlProblem(Exception):
    def __init__(self, place: str, reason: str, line: int | None) -> None:
        super().__init__(reason)
        self.place = place
        self.reason = reason
        self.line = line


def _read_yaml(path: Path) -> tuple[Any, yaml.Node | None]:
    """The document and its node tree (for line numbers). Duplicate keys, aliases and
    non-text keys are refused: PyYAML would silently keep the last duplicate, and aliases
    let a small file expand into a huge or cyclic structure."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        raise _YamlProblem(WHOLE_FILE, f"filen är inte UTF-8 (byte {error.start})", None) from None
    except OSError as error:
        raise _YamlProblem(WHOLE_FILE, f"filen kan inte läsas: {error.strerror}", None) from None
    try:
        loader = _Loader(text)
    except yaml.YAMLError as error:  # a control character the YAML reader refuses
        raise _YamlProblem(WHOLE_FILE, f"YAML-fel: {error}", None) from None
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        _check_nodes(node)
        data = loader.construct_document(node)
    except _YamlProblem:
        raise
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        reason = f"YAML-fel: {error.problem or error.context or 'okänt'}"
        raise _YamlProblem(WHOLE_FILE, reason, line) from None
    except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError) as error:
        raise _YamlProblem(WHOLE_FILE, f"YAML-fel: {error}", None) from None
    finally:
        loader.dispose()
    return data, node


def _check_nodes(root: yaml.Node) -> None:
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, str]] = [(root, "")]
    while stack:
        node, place = stack.pop()
        if id(node) in seen:
            raise _YamlProblem(
                place or WHOLE_FILE,
                "YAML-ankare och alias (&, *) används inte i formulärfiler",
                node.start_mark.line + 1,
            )
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            keys: set[str] = set()
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise _YamlProblem(
                        place or WHOLE_FILE,
                        "en nyckel måste vara text",
                        key_node.start_mark.line + 1,
                    )
                key = key_node.value
                if key in keys:
                    raise _YamlProblem(
                        _join(place, key),
                        "nyckeln står två gånger",
                        key_node.start_mark.line + 1,
                    )
                keys.add(key)
                stack.append((value_node, _join(place, key)))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, f"{place}[{i}]") for i, child in enumerate(node.value))


_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _join(place: str, key: object) -> str:
    if isinstance(key, int) and not isinstance(key, bool):
        return f"{place}[{key}]"
    text = str(key)
    if not _IDENT.match(text):
        return f"{place}[{text!r}]"
    return f"{place}.{text}" if place else text


def _place(loc: Sequence[object]) -> str:
    place = ""
    for element in loc:
        place = _join(place, element)
    return place or WHOLE_FILE


def _line_of(root: yaml.Node | None, loc: Sequence[object]) -> int | None:
    """The line of the deepest node the location reaches (its parent for a missing field)."""
    if root is None:
        return None
    node = root
    for element in loc:
        child: yaml.Node | None = None
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(element):
                    child = value_node
                    break
        elif (
            isinstance(node, yaml.SequenceNode)
            and isinstance(element, int)
            and 0 <= element < len(node.value)
        ):
            child = node.value[element]
        if child is None:
            break
        node = child
    return int(node.start_mark.line) + 1


_KINDS: Final = frozenset(k.value for k in ItemKind)


def _strip_tags(loc: Sequence[object]) -> tuple[object, ...]:
    """Pydantic puts the discriminator tag into the location of an item's errors
    (`items, 3, scale_1_5, anchors`); the editor's file has no such level."""
    out: list[object] = []
    for element in loc:
        if (
            isinstance(element, str)
            and element in _KINDS
            and len(out) >= 2
            and isinstance(out[-1], int)
            and out[-2] in ("items",)
        ):
            continue
        out.append(element)
    return tuple(out)


def _reason(error: Mapping[str, Any]) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    if kind == "missing":
        return "fältet saknas"
    if kind == "extra_forbidden":
        return "okänt fält (stavfel?)"
    if kind == "union_tag_invalid":
        return f"okänd typ {ctx.get('tag')!r}; tillåtna: {', '.join(sorted(_KINDS))}"
    if kind == "union_tag_not_found":
        return f"fältet saknas (tillåtna typer: {', '.join(sorted(_KINDS))})"
    if kind in ("enum", "literal_error"):
        return f"ogiltigt värde {value!r}; tillåtna: {ctx.get('expected')}"
    if kind == "string_pattern_mismatch":
        return f"ogiltigt id {value!r}: använd små bokstäver a–z, siffror, '.' och '_'"
    if kind == "string_type":
        return f"ska vara text, inte {type(value).__name__}"
    if kind in ("model_type", "dict_type"):
        return f"ska vara en mappning (nyckel: värde), inte {type(value).__name__}"
    if kind in ("tuple_type", "list_type"):
        return f"ska vara en lista, inte {type(value).__name__}"
    return str(error.get("msg", kind))


def _validation_problems(
    path: Path, error: ValidationError, root: yaml.Node | None
) -> list[LoadProblem]:
    raw = error.errors(include_url=False)
    locs = [_strip_tags(e["loc"]) for e in raw]
    problems: list[LoadProblem] = []
    for e, loc in zip(raw, locs, strict=True):
        if e["type"] == "definition_problems":
            found: tuple[DefinitionProblem, ...] = e["ctx"]["problems"]
            for p in found:
                problems.append(
                    LoadProblem(
                        path,
                        _prefixed(loc, p.place),
                        p.reason,
                        _line_of(root, _loc_of(loc, p.place)),
                    )
                )
            continue
        if e["type"] == "too_short" and any(
            other != loc and other[: len(loc)] == loc for other in locs
        ):
            continue  # a list "too short" only because its broken entries were dropped
        if e["type"] in ("union_tag_invalid", "union_tag_not_found"):
            loc = (*loc, "kind")
        problems.append(LoadProblem(path, _place(loc), _reason(e), _line_of(root, loc)))
    return problems


_PLACE_PART = re.compile(r"\[(\d+)\]|\.?([^.\[\]]+)")


def _loc_of(prefix: Sequence[object], place: str) -> tuple[object, ...]:
    parts: list[object] = list(prefix)
    for index, name in _PLACE_PART.findall(place):
        parts.append(int(index) if index else name)
    return tuple(parts)


def _prefixed(prefix: Sequence[object], place: str) -> str:
    if not prefix:
        return place
    return f"{_place(prefix)}.{place}"


def _definition_from(path: Path) -> Definition:
    """One file, parsed and validated, or `FormLoadError`."""
    try:
        data, root = _read_yaml(path)
    except _YamlProblem as problem:
        raise FormLoadError(
            [LoadProblem(path, problem.place, problem.reason, problem.line)]
        ) from None
    if data is None:
        raise FormLoadError([LoadProblem(path, WHOLE_FILE, "filen är tom")])
    if not isinstance(data, dict):
        raise FormLoadError(
            [LoadProblem(path, WHOLE_FILE, "filen ska vara en mappning (nyckel: värde)", 1)]
        )
    kind = data.get("type", "form")
    model: type[FormDefinition] | type[CompassDefinition]
    if kind == "form":
        model = FormDefinition
    elif kind == "behovskompass":
        model = CompassDefinition
    else:
        line = _line_of(root, ("type",))
        reason = f"okänd filtyp {kind!r}; tillåtna: form, behovskompass"
        raise FormLoadError([LoadProblem(path, "type", reason, line)])
    try:
        definition: Definition = model.model_validate(data)
    except ValidationError as error:
        raise FormLoadError(_validation_problems(path, error, root)) from None
    except RecursionError:
        raise FormLoadError([LoadProblem(path, WHOLE_FILE, "för djupt nästlad")]) from None
    stem = path.name.rsplit(".", 1)[0]
    if stem not in (definition.id, f"{definition.id}.v{definition.version}"):
        raise FormLoadError(
            [
                LoadProblem(
                    path,
                    "id",
                    f"filnamnet ska vara {definition.id}.v{definition.version}{path.suffix}"
                    f" (id och version i filen)",
                    _line_of(root, ("id",)),
                )
            ]
        )
    return definition


# --- released.lock -------------------------------------------------------------------------

LockEntries = dict[tuple[str, int], str]

_LOCK_HEADER: Final = """\
# Innehållshashar (sha256) för släppta versioner av formulär och Behovskompassen.
# En släppt version får aldrig ändras: svar som getts under den visas med dess lydelse.
# Skapa en ny version i stället (ny fil, status: draft) och släpp den med
#   python -m backa_desktop.services.forms release <katalog> <id> <version>
# Redigera inte den här filen för hand.
"""


def _read_lock(path: Path) -> LockEntries:
    if not path.exists():
        return {}
    try:
        data, root = _read_yaml(path)
    except _YamlProblem as problem:
        raise FormLoadError(
            [LoadProblem(path, problem.place, problem.reason, problem.line)]
        ) from None
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
                    _place((form_id,)),
                    "ska vara id: {version: hash}",
                    _line_of(root, (form_id,)),
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
                        _place((form_id, version)),
                        "ska vara version (heltal): sha256-hash (64 hextecken)",
                        _line_of(root, (form_id, version)),
                    )
                )
                continue
            assert isinstance(version, int) and isinstance(digest, str)
            entries[(form_id, version)] = digest
    if problems:
        raise FormLoadError(problems)
    return entries


def _write_lock(path: Path, entries: LockEntries) -> None:
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


# --- the registry --------------------------------------------------------------------------


class FormRegistry:
    """All definitions of one forms directory. Immutable once loaded; build it once in the
    composition root and pass it to whoever renders or checks forms."""

    def __init__(
        self,
        directory: Path,
        forms: Mapping[tuple[str, int], FormDefinition],
        compasses: Mapping[int, CompassDefinition],
        sources: Mapping[tuple[str, int], Path],
    ) -> None:
        self.directory = directory
        self._forms = dict(forms)
        self._compasses = dict(compasses)
        self._sources = dict(sources)

    @classmethod
    def load(cls, directory: Path) -> FormRegistry:
        return cls._load(Path(directory), allow_unlocked=False)

    @classmethod
    def _load(cls, directory: Path, *, allow_unlocked: bool) -> FormRegistry:
        if not directory.is_dir():
            raise FormLoadError([LoadProblem(directory, WHOLE_FILE, "katalogen finns inte")])
        files = sorted(
            p
            for p in directory.iterdir()
            if p.suffix in YAML_SUFFIXES and not p.name.startswith(".") and p.is_file()
        )
        problems: list[LoadProblem] = []
        loaded: list[tuple[Path, Definition]] = []
        for path in files:
            try:
                loaded.append((path, _definition_from(path)))
            except FormLoadError as error:
                problems.extend(error.problems)
        forms: dict[tuple[str, int], FormDefinition] = {}
        compasses: dict[int, CompassDefinition] = {}
        sources: dict[tuple[str, int], Path] = {}
        for path, definition in loaded:
            key = (definition.id, definition.version)
            if key in sources:
                problems.append(
                    LoadProblem(
                        path, "version", f"{key[0]} v{key[1]} finns redan i {sources[key].name}"
                    )
                )
                continue
            sources[key] = path
            if isinstance(definition, CompassDefinition):
                compasses[definition.version] = definition
            else:
                forms[key] = definition
        problems.extend(_indicator_problems(forms, compasses, sources))
        lock_path = directory / LOCK_FILE
        try:
            lock = _read_lock(lock_path)
        except FormLoadError as error:
            problems.extend(error.problems)
            lock = {}
        by_key: dict[tuple[str, int], Definition] = {**forms}
        by_key.update({(c.id, v): c for v, c in compasses.items()})
        problems.extend(_lock_problems(lock_path, lock, by_key, sources, allow_unlocked))
        if problems:
            raise FormLoadError(problems)
        return cls(directory, forms, compasses, sources)

    # lookups

    def get(self, form_id: str, version: int | None = None) -> FormDefinition:
        """The given version (draft or released), or the latest released one."""
        if version is not None:
            try:
                return self._forms[(form_id, version)]
            except KeyError:
                raise FormNotFoundError(f"formuläret {form_id} v{version} finns inte") from None
        released = [d for (fid, _), d in self._forms.items() if fid == form_id and d.released]
        if not released:
            raise FormNotFoundError(f"formuläret {form_id} har ingen släppt version")
        return max(released, key=lambda d: d.version)

    def versions(self, form_id: str) -> list[int]:
        return sorted(v for fid, v in self._forms if fid == form_id)

    def compass(self, version: int | None = None) -> CompassDefinition:
        """The Behovskompass definition: the given version, or the latest released one."""
        if version is not None:
            try:
                return self._compasses[version]
            except KeyError:
                raise FormNotFoundError(f"Behovskompassen v{version} finns inte") from None
        released = [c for c in self._compasses.values() if c.released]
        if not released:
            raise FormNotFoundError("ingen släppt Behovskompass i formulärkatalogen")
        return max(released, key=lambda c: c.version)

    def all_forms(self) -> list[FormDefinition]:
        """Every form version, drafts included, by id then version."""
        return [self._forms[k] for k in sorted(self._forms)]

    def released_forms(self) -> list[FormDefinition]:
        """The latest released version of each form: what a user can start a new answer in."""
        ids = sorted({fid for (fid, _), d in self._forms.items() if d.released})
        return [self.get(fid) for fid in ids]

    def for_response(self, response: FormResponse) -> FormDefinition:
        """The exact definition a response was given under, checked by content hash."""
        definition = self.get(response.form_id, response.form_version)
        if definition.content_hash != response.content_hash:
            raise FormNotFoundError(
                f"{response.form_id} v{response.form_version} har inte den lydelse svaret gavs"
                " under (innehållshashen skiljer sig)"
            )
        return definition

    def source(self, form_id: str, version: int) -> Path:
        return self._sources[(form_id, version)]


def _indicator_problems(
    forms: Mapping[tuple[str, int], FormDefinition],
    compasses: Mapping[int, CompassDefinition],
    sources: Mapping[tuple[str, int], Path],
) -> list[LoadProblem]:
    """Items that rate an indicator must name one that some Behovskompass version has, under
    the same need (an old form may rate an indicator a newer compass dropped)."""
    known: dict[str, set[str]] = {}
    for compass in compasses.values():
        for need in compass.needs:
            for indicator in need.positive_indicators:
                known.setdefault(indicator.id, set()).add(need.id.value)
    problems: list[LoadProblem] = []
    for key, form in forms.items():
        for s, section in enumerate(form.sections):
            for i, item in enumerate(section.items):
                if item.indicator is None:
                    continue
                place = f"sections[{s}].items[{i}].indicator"
                needs = known.get(item.indicator)
                if needs is None:
                    problems.append(
                        LoadProblem(
                            sources[key],
                            place,
                            f"indikatorn '{item.indicator}' finns inte i Behovskompassen",
                        )
                    )
                elif item.need is not None and item.need.value not in needs:
                    problems.append(
                        LoadProblem(
                            sources[key],
                            place,
                            f"indikatorn '{item.indicator}' hör inte till"
                            f" behovet '{item.need.value}'",
                        )
                    )
    return problems


def _lock_problems(
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
                _place((form_id, version)),
                f"den släppta versionen {form_id} v{version} saknas i katalogen; släppta"
                " versioner får inte tas bort (gamla svar visas med dem)",
            )
        )
    return problems


def release(directory: Path, form_id: str, version: int) -> str:
    """Pin a version whose file says `status: released` in `released.lock`; returns its hash.
    Releasing the same content again is a no-op; a changed released version is refused by the
    load itself."""
    directory = Path(directory)
    registry = FormRegistry._load(directory, allow_unlocked=True)
    definition: Definition
    if form_id in {c.id for c in registry._compasses.values()}:
        definition = registry.compass(version)
    else:
        definition = registry.get(form_id, version)
    if not definition.released:
        raise FormLoadError(
            [
                LoadProblem(
                    registry.source(form_id, version),
                    "status",
                    "sätt status: released i filen innan versionen släpps",
                )
            ]
        )
    lock_path = directory / LOCK_FILE
    entries = _read_lock(lock_path)
    if entries.get((form_id, version)) != definition.content_hash:
        entries[(form_id, version)] = definition.content_hash
        _write_lock(lock_path, entries)
    return definition.content_hash


# --- writing definitions -------------------------------------------------------------------

_FIRST_KEYS: Final = ("type", "id", "kind", "version", "title", "label", "text")


def definition_to_yaml(definition: BaseModel) -> str:
    """A definition as a minimal YAML file (defaults left out, accessible names only where
    they differ from the visible text). Loading it gives back an equal definition."""
    data = definition.model_dump(mode="json", exclude_defaults=True)
    if isinstance(definition, CompassDefinition | FormDefinition):
        data = {"type": definition.type, **data}
    body = yaml.safe_dump(
        _tidy(data), allow_unicode=True, sort_keys=False, width=100, default_flow_style=False
    )
    return body


def _tidy(value: Any) -> Any:
    if isinstance(value, list):
        return [_tidy(v) for v in value]
    if not isinstance(value, dict):
        return value
    shown = value.get("label", value.get("title", value.get("text")))
    items = {k: _tidy(v) for k, v in value.items() if not (k == "accessible_name" and v == shown)}
    if isinstance(items.get("anchors"), dict):  # JSON made the 1–5 keys strings
        items["anchors"] = {int(k): v for k, v in items["anchors"].items()}
    first = {k: items.pop(k) for k in _FIRST_KEYS if k in items}
    return {**first, **items}


# --- command line for form editors ---------------------------------------------------------


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m backa_desktop.services.forms",
        description="Kontrollera och släpp formulärdefinitioner.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="läs in alla filer och visa fel")
    check.add_argument("directory", nargs="?", type=Path, default=None)
    rel = sub.add_parser("release", help="lås en version med status: released")
    rel.add_argument("directory", type=Path)
    rel.add_argument("form_id")
    rel.add_argument("version", type=int)
    args = parser.parse_args(list(argv) if argv is not None else None)
    try:
        if args.command == "check":
            registry = FormRegistry.load(args.directory or default_forms_dir())
            for form in registry.all_forms():
                print(f"{form.id} v{form.version} ({form.status.value}) {form.content_hash}")
        else:
            digest = release(args.directory, args.form_id, args.version)
            print(f"{args.form_id} v{args.version} släppt: {digest}")
    except (FormLoadError, FormNotFoundError) as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
