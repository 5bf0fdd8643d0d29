"""Retention rules (gallringsregler) as versioned data, and the pure questions asked of them.

Disposal is decided by people under law and the owners' archive plans (domain.md §3.6), and
both change: a new socialtjänst act, a municipality's new disposal plan. So the periods live
in `resources/retention/*.yaml`, one file per rules version, validated here, and a disposal
decision names the version it was taken under. Nothing in code names a period.

A rules file says, per record class: the period, what it runs from, the exemptions (the
research birthdays 5, 15 and 25 among them), the organisation that owns the class, and which
records belong to it (by record type, form and the kind of unit that wrote it; the first
class that matches wins). Every record type must fall into some class, or the file is refused.

Parsing is pure (text in, model out); reading the folder is the caller's business.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from datetime import date
from enum import StrEnum
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from backa_desktop.domain.records import RecordType


class RetentionRulesError(ValueError):
    """A rules file that cannot be used; str() names the file, the place and what is wrong
    (in Swedish, for the archivist or administrator who edits the file)."""


class RunsFrom(StrEnum):
    """What a retention period is counted from."""

    LAST_ENTRY = "last_entry"
    """The latest entry of the child's records in the class (PDL 3:17, SoL 12:1)."""
    BIRTH = "birth"
    """The child's date of birth (the proposed 30 years from birth)."""
    END_OF_SUPPORT = "end_of_support"
    """The day the child's support in Backa barnet ended (a decision "behov uppfyllt"); a
    child still in the process is never due."""
    ENTRY = "entry"
    """Each entry on its own (log entries)."""


_FROZEN = ConfigDict(extra="forbid", frozen=True)

ClassId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{1,31}$")]


class Exemptions(BaseModel):
    """What is kept although its period has run out."""

    model_config = _FROZEN

    birth_days: tuple[Annotated[int, Field(ge=1, le=31)], ...] = ()
    """Children born on these days of the month are kept for research (socialtjänst-
    förordningen 7 kap. 2 §: the 5th, 15th and 25th)."""
    forms: tuple[str, ...] = ()
    """Form responses of these form ids are kept."""


class AppliesTo(BaseModel):
    """Which records belong to a class. Every given criterion must hold; an empty one
    matches everything (a catch-all class)."""

    model_config = _FROZEN

    types: tuple[RecordType, ...] = ()
    unit_kinds: tuple[Annotated[str, Field(min_length=1, max_length=64)], ...] = ()
    """The kind of the unit whose staff wrote the record (bvc, skola, socialtjanst ...)."""
    forms: tuple[str, ...] = ()
    """For form responses: the form ids (upptackarkort, skattning ...)."""
    audit_log: bool = False
    """The class of the central store's own audit log (not records)."""

    def matches(self, record_type: RecordType, unit_kind: str | None, form_id: str | None) -> bool:
        if self.audit_log:
            return False
        if self.types and record_type not in self.types:
            return False
        if self.unit_kinds and unit_kind not in self.unit_kinds:
            return False
        return not (self.forms and form_id not in self.forms)


class RecordClass(BaseModel):
    model_config = _FROZEN

    id: ClassId
    name: Annotated[str, Field(min_length=1, max_length=200)]
    owner: Annotated[str, Field(min_length=1, max_length=200)]
    """The organisation that owns the class and decides its disposal."""
    period_years: Annotated[int, Field(ge=0, le=200)] | None
    """None: never disposed under these rules (kept for good, or not personal data)."""
    runs_from: RunsFrom
    legal_basis: str = ""
    exemptions: Exemptions = Exemptions()
    applies_to: AppliesTo

    def exempt_birth(self, birth: date | None) -> bool:
        return birth is not None and birth.day in self.exemptions.birth_days

    def due(self, anchor: date | None, on: date) -> bool:
        """Whether the period counted from `anchor` has run out by `on`."""
        if self.period_years is None or anchor is None:
            return False
        return add_years(anchor, self.period_years) <= on


class RetentionRules(BaseModel):
    """One version of the rules."""

    model_config = _FROZEN

    version: Annotated[int, Field(ge=1)]
    title: Annotated[str, Field(min_length=1, max_length=200)]
    valid_from: date
    classes: tuple[RecordClass, ...] = Field(min_length=1)
    content_hash: str = ""
    """sha256 of the file's text, filled in by `parse_rules`: a decision records it, so it
    is known later exactly which text it was taken under."""

    @model_validator(mode="after")
    def _complete(self) -> RetentionRules:
        ids = [c.id for c in self.classes]
        doubles = sorted({i for i in ids if ids.count(i) > 1})
        if doubles:
            raise ValueError(f"klassen {', '.join(doubles)} finns flera gånger")
        if sum(1 for c in self.classes if c.applies_to.audit_log) > 1:
            raise ValueError("högst en klass får gälla loggen (audit_log: true)")
        # Any record type, written by any unit, must land in some class: a record without
        # a class could never be disposed of.
        homeless = [t.value for t in RecordType if self._first(t, "\0", None) is None]
        if homeless:
            raise ValueError(
                "posttyperna " + ", ".join(homeless) + " hör inte till någon klass "
                "(lägg till en klass utan villkor sist)"
            )
        return self

    def _first(
        self, record_type: RecordType, unit_kind: str | None, form_id: str | None
    ) -> RecordClass | None:
        for record_class in self.classes:
            if record_class.applies_to.matches(record_type, unit_kind, form_id):
                return record_class
        return None

    def classify(
        self, record_type: RecordType | str, unit_kind: str | None, form_id: str | None
    ) -> str:
        """The class of a record: the first class whose criteria hold."""
        found = self._first(RecordType(record_type), unit_kind, form_id)
        assert found is not None  # the validator guarantees a catch-all
        return found.id

    def get(self, class_id: str) -> RecordClass:
        for record_class in self.classes:
            if record_class.id == class_id:
                return record_class
        known = ", ".join(c.id for c in self.classes)
        raise KeyError(f"Gallringsklassen '{class_id}' finns inte i regelversion "
                       f"{self.version} (finns: {known}).")

    @property
    def audit_class(self) -> RecordClass | None:
        return next((c for c in self.classes if c.applies_to.audit_log), None)


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


def parse_rules(text: str, source: str) -> RetentionRules:
    """A rules file's text as a checked model; `source` names the file in errors."""
    try:
        raw: Any = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" (rad {where.line + 1})" if where is not None else ""
        raise RetentionRulesError(f"{source}: är inte giltig YAML{line}.") from None
    if not isinstance(raw, dict):
        raise RetentionRulesError(f"{source}: ska vara en karta med version, title och classes.")
    raw["content_hash"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    try:
        return RetentionRules.model_validate(raw)
    except ValidationError as exc:
        problems = []
        for error in exc.errors()[:5]:
            where = ".".join(str(p) for p in error["loc"]) or "(filen)"
            problems.append(f"{where}: {error['msg']}")
        raise RetentionRulesError(f"{source}: " + "; ".join(problems)) from None


def pick_version(versions: Iterable[RetentionRules], version: int | None) -> RetentionRules:
    """The rules of `version`, or the newest when None."""
    by_version: Mapping[int, RetentionRules] = {r.version: r for r in versions}
    if not by_version:
        raise RetentionRulesError("Det finns inga gallringsregler.")
    if version is None:
        return by_version[max(by_version)]
    if version not in by_version:
        known = ", ".join(str(v) for v in sorted(by_version))
        raise RetentionRulesError(
            f"Gallringsregler version {version} finns inte (finns: {known})."
        )
    return by_version[version]
