"""A definition written back as a minimal YAML file (what the form tools produce)."""

from __future__ import annotations

from typing import Any, Final

import yaml
from pydantic import BaseModel

from backa_desktop.domain.forms import CompassDefinition, FormDefinition

_FIRST_KEYS: Final = ("type", "id", "kind", "version", "title", "label", "text")


def definition_to_yaml(definition: BaseModel) -> str:
    """A definition as a minimal YAML file (defaults left out, accessible names only where
    they differ from the visible text). Loading it gives back an equal definition. A copy
    shown in another language is written as its Swedish original, translations included."""
    if isinstance(definition, CompassDefinition | FormDefinition):
        definition = definition.original
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
