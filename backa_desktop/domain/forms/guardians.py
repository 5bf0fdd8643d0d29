"""The child's guardians by name in a form's texts.

A nurse knows the parents by name, not by number: a form's text can say `{vardnadshavare_1}`
or `{vardnadshavare_2}` ("Är {vardnadshavare_1} informerad …?"), and wherever the form is
shown for a child the placeholder reads as that guardian's name from the child's profile, or
as "vårdnadshavare 1" ("guardian 1" in English, capitalised at the start of a text) when the
profile has no name for them. The placeholder is part of the form's wording (and so of its
content hash): a version written with numbered guardians keeps reading that way, as signed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from backa_desktop.domain.forms.definition import FormDefinition
from backa_desktop.domain.forms.translations import SOURCE_LANGUAGE

PLACEHOLDER = re.compile(r"\{vardnadshavare_([12])\}")

_FALLBACK = {SOURCE_LANGUAGE: "vårdnadshavare {number}", "en": "guardian {number}"}
"""A guardian the profile has no name for, by language (Swedish where a language has none)."""


_CACHED = 16
"""Named copies kept per definition (the children opened lately)."""


_NUMBERS = {"guardian_1": 1, "guardian_2": 2, "vardnadshavare_1": 1, "vardnadshavare_2": 2}
"""The values that name a guardian: a respondent (and a compass rater series) says
`guardian_N`, a consent party `vardnadshavare_N`."""


def guardian_number(value: int | str) -> int:
    """1 or 2 when `value` (a number, a `Respondent` or a `ConsentParty`) is a guardian, else 0."""
    if isinstance(value, int):
        return value if value in (1, 2) else 0
    return _NUMBERS.get(str(value), 0)


def guardian_name(value: int | str, guardian_names: Sequence[str]) -> str:
    """The name the child's profile gives the guardian `value` stands for ("" when it is not a
    guardian or the profile has no name). Every place that shows a guardian asks here first
    and only then falls back to its own numbered wording (the UI's translator, a print
    language's catalogue), so a parent reads the same everywhere."""
    number = guardian_number(value)
    if 0 < number <= len(guardian_names):
        return guardian_names[number - 1].strip()
    return ""


def guardian_word(number: int, guardian_names: Sequence[str], language: str = SOURCE_LANGUAGE,
                  *, start: bool = False) -> str:
    """Guardian `number` (1 or 2) by name, or numbered in `language` when there is no name;
    `start`: the word opens a text, so a numbered fallback is capitalised."""
    if name := guardian_name(number, guardian_names):
        return name
    word = _FALLBACK.get(language, _FALLBACK[SOURCE_LANGUAGE]).format(number=number)
    return word[:1].upper() + word[1:] if start else word


def fill_guardians(text: str, guardian_names: Sequence[str],
                   language: str = SOURCE_LANGUAGE) -> str:
    """`text` with each guardian placeholder replaced (`guardian_word`)."""
    if "{" not in text:
        return text
    return PLACEHOLDER.sub(
        lambda m: guardian_word(int(m.group(1)), guardian_names, language,
                                start=not text[:m.start()].strip()), text)


def has_guardian_placeholders(definition: FormDefinition) -> bool:
    if definition._names_guardians is None:
        definition._names_guardians = PLACEHOLDER.search(definition.model_dump_json()) is not None
    return definition._names_guardians


def with_guardians(definition: FormDefinition, guardian_names: Sequence[str]) -> FormDefinition:
    """A copy of the definition (as localized: fill after `localize_form`) whose texts name
    the child's guardians; the definition itself when it has no placeholder. The copy keeps
    the original's content hash: the names are the child's, the questions the form's."""
    if not has_guardian_placeholders(definition):
        return definition
    key = tuple(name.strip() for name in guardian_names[:2])
    cache = definition._named_cache
    named = cache.get(key)
    if named is None:  # a copy takes a few milliseconds; a form is opened again and again
        language = definition.language
        data = _filled(definition.model_dump(mode="python"), key, language)
        named = FormDefinition.model_validate(data)
        named._original = definition.original
        named._language = language
        if len(cache) >= _CACHED:
            cache.pop(next(iter(cache)))
        cache[key] = named
    return named


def _filled(value: Any, names: Sequence[str], language: str) -> Any:
    if isinstance(value, str):
        return fill_guardians(value, names, language)
    if isinstance(value, dict):
        return {k: _filled(v, names, language) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_filled(v, names, language) for v in value)
    return value
