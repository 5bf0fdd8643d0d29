"""Hypothesis: any valid definition survives writing and loading; any garbage file fails
with `FormLoadError` and nothing else."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backa_desktop.domain.forms import DEFAULT_DECISIONS, FormDefinition
from backa_desktop.domain.needs import Need
from backa_desktop.domain.process import Beslut
from backa_desktop.services.forms import (
    FormLoadError,
    FormRegistry,
    definition_to_yaml,
    release,
)

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text an editor might type: Swedish letters, YAML's special characters, line breaks.
TEXT = st.text(
    alphabet=st.characters(
        codec="utf-8",
        categories=("L", "N", "P", "S", "Zs"),
        include_characters="åäöÅÄÖ:#-'\"{}[]&*!|>%@`\n",
    ),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip() != "")
IDS = st.from_regex(r"\A[a-z][a-z0-9]{0,6}(?:[._][a-z0-9]{1,5}){0,2}\Z")
NEEDS = st.sampled_from([n.value for n in Need])


@contextmanager
def _directory() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="backa-forms-"))
    try:
        yield path
    finally:
        shutil.rmtree(path)


def _common(draw: st.DrawFn, item_id: str) -> dict[str, Any]:
    data: dict[str, Any] = {"id": item_id, "label": draw(TEXT)}
    if draw(st.booleans()):
        data["accessible_name"] = draw(TEXT)
    if draw(st.booleans()):
        data["help"] = draw(TEXT)
    if draw(st.booleans()):
        data["required"] = True
    if draw(st.booleans()):
        data["need"] = draw(NEEDS)
    if draw(st.booleans()):
        data["respondents"] = draw(
            st.lists(
                st.sampled_from(["child", "guardian_1", "guardian_2", "staff"]),
                min_size=1,
                max_size=4,
                unique=True,
            )
        )
    return data


@st.composite
def items(draw: st.DrawFn, item_id: str) -> dict[str, Any]:
    kind = draw(
        st.sampled_from(
            [
                "need_status",
                "scale_1_5",
                "smiley",
                "single_choice",
                "multi_choice",
                "yes_no",
                "text",
                "date",
                "person",
                "unit",
                "decision",
            ]
        )
    )
    data = _common(draw, item_id) | {"kind": kind}
    if kind == "need_status":
        data["need"] = draw(NEEDS)
        if draw(st.booleans()):
            data["labels"] = {s: draw(TEXT) for s in ("uppfyllt", "inte_uppfyllt", "vet_inte")}
    elif kind in ("scale_1_5", "smiley"):
        data["anchors"] = draw(st.dictionaries(st.integers(1, 5), TEXT, max_size=5))
        data["vet_ej"] = draw(st.booleans())
    elif kind in ("single_choice", "multi_choice"):
        option_ids = draw(st.lists(IDS, min_size=2, max_size=4, unique=True))
        data["options"] = [{"id": o, "label": draw(TEXT)} for o in option_ids]
        if kind == "multi_choice" and draw(st.booleans()):
            data["max_selected"] = draw(st.integers(1, len(option_ids)))
    elif kind == "text":
        data["length"] = draw(st.sampled_from(["short", "long"]))
        if draw(st.booleans()):
            data["max_length"] = draw(st.integers(1, 5000))
    elif kind == "decision" and draw(st.booleans()):
        chosen = draw(st.lists(st.sampled_from(list(Beslut)), min_size=1, unique=True))
        data["options"] = [{"id": b.value} for b in chosen]
    return data


def _answers_to(item: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values a condition may compare the item's answer with."""
    kind = item["kind"]
    if kind == "yes_no":
        return st.booleans()
    if kind in ("scale_1_5", "smiley"):
        return st.integers(1, 5)
    if kind in ("single_choice", "multi_choice"):
        return st.sampled_from([o["id"] for o in item["options"]])
    if kind == "decision":
        offered = [o["id"] for o in item.get("options", [])] or [b.value for b in DEFAULT_DECISIONS]
        return st.sampled_from(offered)
    if kind == "need_status":
        return st.sampled_from(["uppfyllt", "inte_uppfyllt", "vet_inte"])
    return TEXT


@st.composite
def definitions(draw: st.DrawFn) -> FormDefinition:
    ids = draw(st.lists(IDS, min_size=2, max_size=14, unique=True))
    section_count = draw(st.integers(1, max(1, len(ids) // 2)))
    section_ids, item_ids = ids[:section_count], ids[section_count:]
    if not item_ids:
        item_ids = [f"{section_ids[0]}_x"]
    sections: list[dict[str, Any]] = [
        {"id": sid, "title": draw(TEXT), "items": []} for sid in section_ids
    ]
    for n, item_id in enumerate(item_ids):
        sections[n % len(sections)]["items"].append(draw(items(item_id)))
    sections = [s for s in sections if s["items"]]
    data: dict[str, Any] = {
        "id": draw(st.from_regex(r"\A[a-z][a-z0-9]{0,8}\Z")),
        "version": draw(st.integers(1, 50)),
        "title": draw(TEXT),
        "audience": draw(st.sampled_from(["staff", "child", "guardian", "mixed"])),
        "status": "draft",
        "description": draw(st.just("") | TEXT),
        "notes": draw(st.lists(TEXT, max_size=2)),
        "sections": sections,
    }
    if draw(st.booleans()):
        low = draw(st.integers(0, 18))
        data["age_range"] = {"min": low, "max": draw(st.integers(low, 25))}
    for section in sections:
        if draw(st.booleans()):
            section["need"] = draw(NEEDS)
    needs_taken: set[str] = set()
    for section in sections:
        if section.get("need") and section["need"] not in needs_taken and draw(st.booleans()):
            needs_taken.add(section["need"])
            section["comment"] = {"label": draw(TEXT), "required": draw(st.booleans())}
    flat = [item for section in sections for item in section["items"]]
    unscoped = [item for item in flat if "respondents" not in item]
    if len(unscoped) >= 1 and len(flat) >= 2 and draw(st.booleans()):
        target = unscoped[0]
        later = flat[flat.index(target) + 1 :]
        if later:
            later[0]["show_if"] = {"item": target["id"], "equals": draw(_answers_to(target))}
    if draw(st.booleans()):
        data["rules"] = (
            [{"id": "regel_1", "items": [flat[0]["id"]], "message": draw(TEXT)}]
            if "regel_1" not in ids
            else []
        )
    return FormDefinition.model_validate(data)


@SETTINGS
@given(definitions())
def test_valid_definitions_round_trip(definition: FormDefinition) -> None:
    with _directory() as directory:
        path = directory / f"{definition.id}.v{definition.version}.yaml"
        path.write_text(definition_to_yaml(definition), encoding="utf-8")
        loaded = FormRegistry.load(directory).get(definition.id, definition.version)
        assert loaded == definition
        assert loaded.content_hash == definition.content_hash


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(definitions())
def test_released_definitions_stay_pinned(definition: FormDefinition) -> None:
    released = FormDefinition.model_validate({**definition.model_dump(), "status": "released"})
    with _directory() as directory:
        path = directory / f"{released.id}.v{released.version}.yaml"
        path.write_text(definition_to_yaml(released), encoding="utf-8")
        assert release(directory, released.id, released.version) == released.content_hash
        assert FormRegistry.load(directory).get(released.id) == released


# --- garbage -------------------------------------------------------------------------------

JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=8) | st.integers(), children, max_size=4)
    ),
    max_leaves=20,
)


def _only_form_load_errors(content: bytes, name: str = "skrap.v1.yaml") -> None:
    with _directory() as directory:
        (directory / name).write_bytes(content)
        try:
            FormRegistry.load(directory)
        except FormLoadError as error:
            assert error.problems
            assert all(p.place and p.reason for p in error.problems)


@SETTINGS
@given(st.binary(max_size=300))
def test_random_bytes_only_raise_form_load_error(content: bytes) -> None:
    _only_form_load_errors(content)


@SETTINGS
@given(st.text(max_size=300))
def test_random_text_only_raises_form_load_error(content: str) -> None:
    _only_form_load_errors(content.encode("utf-8", "surrogatepass"))


@SETTINGS
@given(JSONISH)
def test_random_yaml_values_only_raise_form_load_error(value: object) -> None:
    _only_form_load_errors(yaml.safe_dump(value, allow_unicode=True).encode("utf-8"))


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found.extend(_paths(child, (*prefix, key)))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found.extend(_paths(child, (*prefix, index)))
    return found


@SETTINGS
@given(definitions(), st.data())
def test_damaged_definitions_only_raise_form_load_error(
    definition: FormDefinition, data: st.DataObject
) -> None:
    """Take a valid file and break one place in it: a deleted key or a value of another
    shape. Whatever the damage, the editor gets a FormLoadError."""
    document = yaml.safe_load(definition_to_yaml(definition))
    paths = [p for p in _paths(document) if p]
    path = data.draw(st.sampled_from(paths))
    parent: Any = document
    for step in path[:-1]:
        parent = parent[step]
    if isinstance(parent, dict) and data.draw(st.booleans()):
        del parent[path[-1]]
    else:
        parent[path[-1]] = data.draw(JSONISH)
    name = f"{definition.id}.v{definition.version}.yaml"
    _only_form_load_errors(yaml.safe_dump(document, allow_unicode=True).encode("utf-8"), name)
