"""Errors a person reads: a stable key and plain parameters, translated where they are shown.

A service that refuses something raises a `UserError` subclass (`PlanError("plan.exists")`),
not a sentence. The texts live in one catalogue (`error_texts.TEXTS`, Swedish and English per
key), so the English app shows English errors and a test can check that every key raised in
the package has both texts with the same placeholders. `str(exc)` is the Swedish text, which
keeps the command line (Swedish), logs of our own making and tests readable; the app calls
`describe(exc, language)`.

Parameters are plain values (numbers, ids, file names, form ids), never a person's name or
identity number: an exception's text can end up in a log.
"""

from __future__ import annotations

import json
import string
from dataclasses import dataclass, field
from typing import Any, Self

from pydantic import ValidationError

from backa_desktop.domain.error_texts import TEXTS

RAW_TEXT = "text"
"""The key of a text that has no key of its own (a sync error stored by an older version, an
exception raised without one): shown as it is in every language."""


def render(key: str, params: dict[str, Any] | None = None, language: str = "sv") -> str:
    """The text of `key` in `language` (Swedish when the language has no catalogue).

    A parameter whose name ends in `_label` is itself a key (a status, a kind of number), so
    it is shown in the same language. An unknown key or a missing parameter never raises: an
    error message must not itself fail.
    """
    texts = TEXTS.get(key)
    if texts is None:
        return key
    template = texts[1] if language == "en" else texts[0]
    values = {
        name: render(value, None, language)
        if name.endswith("_label") and isinstance(value, str)
        else value
        for name, value in (params or {}).items()
    }
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return template


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@dataclass(frozen=True)
class Message:
    """A key and its parameters, as stored (the sync status) or carried by an exception."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def text(self, language: str = "sv") -> str:
        return render(self.key, self.params, language)

    def encode(self) -> str:
        return json.dumps({"key": self.key, "params": self.params}, ensure_ascii=False)

    @classmethod
    def decode(cls, stored: str) -> Message:
        """Read what `encode` wrote; anything else (text stored by an older version) is
        kept as raw text rather than lost."""
        try:
            data = json.loads(stored)
        except ValueError:
            data = None
        if isinstance(data, dict) and isinstance(data.get("key"), str):
            params = data.get("params")
            return cls(data["key"], params if isinstance(params, dict) else {})
        return cls(RAW_TEXT, {"text": stored})


class UserError(Exception):
    """Something the user can act on. `key` names the message; `params` fill it in."""

    def __init__(self, key: str, /, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    @property
    def message(self) -> Message:
        return Message(self.key, dict(self.params))

    def text(self, language: str = "sv") -> str:
        return render(self.key, self.params, language)

    @classmethod
    def carrying(cls, exc: BaseException) -> Self:
        """Another layer's error as this class (so `except PlanError` catches it), with its key
        kept; an error without one keeps its text."""
        message = message_of(exc) or Message(RAW_TEXT, {"text": str(exc)})
        return cls(message.key, **message.params)

    def __str__(self) -> str:
        return self.text("sv")

    def __reduce__(self) -> tuple[Any, ...]:
        """Copy and pickle by state: subclasses take other arguments than `args` holds."""
        return (_restore, (type(self), self.args, self.__dict__))


def _restore(cls: type[UserError], args: tuple[Any, ...], state: dict[str, Any]) -> UserError:
    exc = cls.__new__(cls)
    Exception.__init__(exc, *args)
    exc.__dict__.update(state)
    return exc


class InvalidValue(UserError, ValueError):
    """A domain rule broken by a value; a `ValueError`, so pydantic validators may raise it
    and `message_of` finds it again inside the `ValidationError`."""


def message_of(exc: BaseException) -> Message | None:
    """The message an exception carries: its own, or (for a pydantic validation error) the
    first one a domain validator raised; None when it has none."""
    if isinstance(exc, UserError):
        return exc.message
    if isinstance(exc, ValidationError):
        for item in exc.errors():
            inner = (item.get("ctx") or {}).get("error")
            if isinstance(inner, UserError):
                return inner.message
    return None


def describe(exc: BaseException, language: str = "sv") -> str:
    """What to show a person for `exc` in `language`; the exception's own text when it
    carries no key (or its class name when it has no text at all)."""
    message = message_of(exc)
    if message is not None:
        return message.text(language)
    return str(exc) or type(exc).__name__
