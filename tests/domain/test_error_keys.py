"""Errors carry keys: every key raised anywhere in the package has a Swedish and an English
text with the same placeholders, every raise site names the parameters its text needs, and
the catalogue holds no text nobody raises. Found on the syntax tree, so a new raise site is
checked the day it is written."""

from __future__ import annotations

import ast
import re
from datetime import date
from pathlib import Path

import pytest
from pydantic import BaseModel, ValidationError, field_validator

from backa_desktop.domain.error_texts import TEXTS
from backa_desktop.domain.errors import (
    RAW_TEXT,
    InvalidValue,
    Message,
    UserError,
    describe,
    message_of,
    placeholders,
    render,
)
from backa_desktop.domain.identity import MSG_CHECK_DIGIT, IdentityError, parse_identity
from backa_desktop.domain.orosanmalan import (
    OrosanmalanStatus,
    StatusError,
    advance,
    new_orosanmalan,
)
from backa_desktop.domain.plan import BarnetsPlan, FollowUpMeeting, record_follow_up

PACKAGE = Path(__file__).resolve().parents[2] / "backa_desktop"
KEY = re.compile(r"[a-z_]+\.[a-z0-9_]+")
KEY_TABLE = re.compile(r"(MSG|KEY|KEYS)_[A-Z0-9_]+")
"""Module-level names whose string values are keys (`MSG_EMPTY`, `KEYS_STATUS`)."""
PER_LANGUAGE = {"sync.server_message"}
"""Texts the server sends in both languages: each language has its own parameter."""


def _trees() -> list[tuple[Path, ast.Module]]:
    return [
        (path, ast.parse(path.read_text("utf-8")))
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name != "error_texts.py"
    ]


def _error_classes(trees: list[tuple[Path, ast.Module]]) -> set[str]:
    """UserError and everything that inherits from it, by class name, plus `Message`."""
    names = {"UserError", "InvalidValue", "Message"}
    while True:
        more = {
            node.name
            for _path, tree in trees
            for node in ast.walk(tree)
            if isinstance(node, ast.ClassDef)
            and any(_name(base) in names for base in node.bases)
        } - names
        if not more:
            return names
        names |= more


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _strings(node: ast.AST) -> list[str]:
    return [
        n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    ]


def raised_keys() -> dict[str, list[tuple[str, set[str] | None]]]:
    """key -> [(where, parameter names given there, or None when they cannot be known)]."""
    trees = _trees()
    classes = _error_classes(trees)
    found: dict[str, list[tuple[str, set[str] | None]]] = {}
    for path, tree in trees:
        where = str(path.relative_to(PACKAGE.parent))
        for node in ast.walk(tree):
            # A call of an error class (or `super().__init__` inside one): its key may be a
            # literal or chosen by an expression (`a if x else b`, `TABLE.get(k, default)`).
            if isinstance(node, ast.Call) and _name(node.func) in classes | {"__init__"}:
                given: set[str] | None = {k.arg for k in node.keywords if k.arg}
                if any(k.arg is None for k in node.keywords):  # **params: unknown here
                    given = None
                for arg in node.args:
                    for value in _strings(arg):
                        if KEY.fullmatch(value):
                            found.setdefault(value, []).append((f"{where}:{node.lineno}", given))
                for keyword in node.keywords:
                    if keyword.arg and keyword.arg.endswith("_label"):
                        for value in _strings(keyword.value):
                            found.setdefault(value, []).append((where, set()))
        for stmt in tree.body:
            targets = (
                stmt.targets if isinstance(stmt, ast.Assign)
                else [stmt.target] if isinstance(stmt, ast.AnnAssign) and stmt.value else []
            )
            if any(isinstance(t, ast.Name) and KEY_TABLE.fullmatch(t.id) for t in targets):
                for value in _strings(stmt):
                    if KEY.fullmatch(value):
                        found.setdefault(value, []).append((where, None))
    return found


def test_every_raised_key_has_both_texts_and_its_parameters() -> None:
    found = raised_keys()
    assert len(found) > 100  # the scan sees the raise sites
    missing = sorted(key for key in found if key not in TEXTS)
    assert missing == [], f"keys with no text in domain/error_texts.py: {missing}"
    for key, sites in found.items():
        needed = placeholders(TEXTS[key][0]) | placeholders(TEXTS[key][1])
        if key in PER_LANGUAGE:
            continue
        for where, given in sites:
            if given is not None:
                assert needed <= given, f"{where}: {key} needs {sorted(needed - given)}"


def test_every_text_has_both_languages_with_the_same_placeholders() -> None:
    for key, (swedish, english) in TEXTS.items():
        assert swedish.strip() and english.strip(), key
        if key not in PER_LANGUAGE:
            assert placeholders(swedish) == placeholders(english), key
        for template in (swedish, english):  # a stray brace would break str.format
            template.format(**{name: "x" for name in placeholders(template)})


def test_no_text_is_left_without_a_raise_site() -> None:
    unused = set(TEXTS) - set(raised_keys()) - {RAW_TEXT}
    assert unused == set()


def test_the_app_shows_errors_through_error_text() -> None:
    """`str(exc)` is Swedish, and so is a sync error's `message_sv`: a screen that shows
    either would show Swedish in the English app."""
    front = [*(PACKAGE / "ui").rglob("*.py"), PACKAGE / "app.py"]
    found = []
    for path in front:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (
                isinstance(node, ast.Call) and _name(node.func) == "str" and node.args
                and isinstance(node.args[0], ast.Name) and node.args[0].id in {"exc", "error"}
            ) or (isinstance(node, ast.Attribute) and node.attr == "message_sv"):
                found.append(f"{path.name}:{node.lineno}")
    assert found == []


# --- what the texts do ---------------------------------------------------------------------


def test_str_is_swedish_and_describe_translates() -> None:
    with pytest.raises(IdentityError) as caught:
        parse_identity("201701012394", ref_date=date(2026, 1, 1))
    assert caught.value.key == MSG_CHECK_DIGIT
    assert str(caught.value) == "Kontrollsiffran stämmer inte."
    assert describe(caught.value, "en") == "The check digit is wrong."
    assert describe(caught.value) == str(caught.value)


def test_parameters_fill_the_text_in_each_language() -> None:
    error = UserError("database.schema_too_new", current=9, latest=4)
    assert "schema 9" in str(error) and "känner till 4" in str(error)
    assert error.text("en").startswith("The folder was made by a newer version")
    assert "(schema 9; this version knows 4)" in error.text("en")
    assert repr(error) == "UserError('database.schema_too_new')"  # a log shows no parameters


def test_a_label_parameter_is_shown_in_the_same_language() -> None:
    report = new_orosanmalan(
        child_id="c", concern="oro", reporter_staff_id="s", reporter_unit_id="u",
        created_on=date(2026, 1, 5),
    )
    sent = advance(report, OrosanmalanStatus.SKICKAD, date(2026, 1, 6))
    with pytest.raises(StatusError) as caught:
        advance(sent, OrosanmalanStatus.UPPRATTAD, date(2026, 1, 7))
    assert str(caught.value) == "Anmälan är redan skickad och kan inte få status upprättad."
    assert caught.value.text("en") == (
        "The report is already sent and cannot get the status drawn up."
    )


def test_a_domain_rule_inside_pydantic_keeps_its_key() -> None:
    class Body(BaseModel):
        name: str

        @field_validator("name")
        @classmethod
        def _not_blank(cls, value: str) -> str:
            if not value.strip():
                raise InvalidValue("field.empty")
            return value

    with pytest.raises(ValidationError) as caught:
        Body(name="  ")
    assert message_of(caught.value) == Message("field.empty")
    assert describe(caught.value, "en") == "The field must not be empty."


def test_a_service_carries_the_domain_key() -> None:
    from backa_desktop.services.plans import PlanError

    meeting = FollowUpMeeting(held_on=date(2026, 3, 1))
    with pytest.raises(ValueError) as caught:
        record_follow_up(BarnetsPlan(child_id="c"), meeting, date(2026, 2, 1))
    carried = PlanError.carrying(caught.value)
    assert isinstance(carried, PlanError)
    assert carried.key == "plan.next_follow_up_early"
    assert carried.text("en") == "The next follow-up must come after the meeting."


def test_a_stored_message_survives_and_old_text_is_kept() -> None:
    message = Message("sync.server_status", {"status": 418})
    assert Message.decode(message.encode()) == message
    assert Message.decode(message.encode()).text("en") == "The server answered 418."
    old = Message.decode("Servern går inte att nå just nu.")
    assert old.text("sv") == old.text("en") == "Servern går inte att nå just nu."


def test_an_unknown_key_or_a_missing_parameter_never_raises() -> None:
    assert render("no.such_key") == "no.such_key"
    assert render("database.missing") == "Databasfilen saknas: {path}"
    assert describe(RuntimeError()) == "RuntimeError"


def test_an_error_survives_copy_and_pickle() -> None:
    import copy
    import pickle

    from backa_desktop.services.sync_service import EnrollFailed
    from backa_desktop.sync.client import ServerUnavailable

    for error in (
        EnrollFailed("other", "enroll.demo_folder"),
        ServerUnavailable("sync.server_status", "HTTP 418", status=418),
        UserError("database.schema_too_new", current=9, latest=4),
    ):
        for again in (copy.copy(error), pickle.loads(pickle.dumps(error))):  # noqa: S301
            assert type(again) is type(error)
            assert again.key == error.key and again.params == error.params
            assert str(again) == str(error)
            assert again.__dict__ == error.__dict__
