"""Reading one definition file from `forms/`: the YAML, its line numbers and the
problems an editor can act on (the file, the line, the place, what is wrong)."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import yaml
from pydantic import ValidationError

from backa_desktop.domain.forms import (
    CompassDefinition,
    DefinitionProblem,
    FormDefinition,
    ItemKind,
)

FORMS_DIR_ENV: Final = "BACKA_FORMS_DIR"
YAML_SUFFIXES: Final = (".yaml", ".yml")

Definition = FormDefinition | CompassDefinition


def default_forms_dir() -> Path:
    """`$BACKA_FORMS_DIR` when set (tests, a municipality's own forms), else the repository's
    top-level `forms/` next to the package."""
    override = os.environ.get(FORMS_DIR_ENV)
    if override:
        return Path(override).expanduser()
    return Path(__file__).resolve().parents[3] / "forms"


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


class YamlProblem(Exception):
    def __init__(self, place: str, reason: str, line: int | None) -> None:
        super().__init__(reason)
        self.place = place
        self.reason = reason
        self.line = line


def read_form_yaml(path: Path) -> tuple[Any, yaml.Node | None]:
    """`read_yaml` for a file of forms/ (a form or the lock): a problem is a `FormLoadError`
    naming the file, as every problem with forms/ is reported."""
    try:
        return read_yaml(path)
    except YamlProblem as problem:
        raise FormLoadError(
            [LoadProblem(path, problem.place, problem.reason, problem.line)]
        ) from None


def read_yaml(path: Path) -> tuple[Any, yaml.Node | None]:
    """The document and its node tree (for line numbers). Duplicate keys, aliases and
    non-text keys are refused: PyYAML would silently keep the last duplicate, and aliases
    let a small file expand into a huge or cyclic structure."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        raise YamlProblem(WHOLE_FILE, f"filen är inte UTF-8 (byte {error.start})", None) from None
    except OSError as error:
        raise YamlProblem(WHOLE_FILE, f"filen kan inte läsas: {error.strerror}", None) from None
    try:
        loader = _Loader(text)
    except yaml.YAMLError as error:  # a control character the YAML reader refuses
        raise YamlProblem(WHOLE_FILE, f"YAML-fel: {error}", None) from None
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        _check_nodes(node)
        data = loader.construct_document(node)
    except YamlProblem:
        raise
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        reason = f"YAML-fel: {error.problem or error.context or 'okänt'}"
        raise YamlProblem(WHOLE_FILE, reason, line) from None
    except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError) as error:
        raise YamlProblem(WHOLE_FILE, f"YAML-fel: {error}", None) from None
    finally:
        loader.dispose()
    return data, node


def _check_nodes(root: yaml.Node) -> None:
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, str]] = [(root, "")]
    while stack:
        node, place = stack.pop()
        if id(node) in seen:
            raise YamlProblem(
                place or WHOLE_FILE,
                "YAML-ankare och alias (&, *) används inte i formulärfiler",
                node.start_mark.line + 1,
            )
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            keys: set[str] = set()
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise YamlProblem(
                        place or WHOLE_FILE,
                        "en nyckel måste vara text",
                        key_node.start_mark.line + 1,
                    )
                key = key_node.value
                if key in keys:
                    raise YamlProblem(
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


def place_text(loc: Sequence[object]) -> str:
    place = ""
    for element in loc:
        place = _join(place, element)
    return place or WHOLE_FILE


def line_of(root: yaml.Node | None, loc: Sequence[object]) -> int | None:
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
                        line_of(root, _loc_of(loc, p.place)),
                    )
                )
            continue
        if e["type"] == "too_short" and any(
            other != loc and other[: len(loc)] == loc for other in locs
        ):
            continue  # a list "too short" only because its broken entries were dropped
        if e["type"] in ("union_tag_invalid", "union_tag_not_found"):
            loc = (*loc, "kind")
        problems.append(LoadProblem(path, place_text(loc), _reason(e), line_of(root, loc)))
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
    return f"{place_text(prefix)}.{place}"


def definition_from(path: Path) -> Definition:
    """One file, parsed and validated, or `FormLoadError`."""
    data, root = read_form_yaml(path)
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
        line = line_of(root, ("type",))
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
                    line_of(root, ("id",)),
                )
            ]
        )
    return definition
