"""Anonymised statistics for steering and follow-up: the report's shape and the suppression rule.

A statistic leaves the central store only as this model: tables of counted categories (keys
such as a status, a need or a lead-time bucket, never an id, a name or free text) with a count
and perhaps a number derived from the same children (a mean, a median). The model is shared by
the central store (which fills it), the printing layer (PDF, CSV) and the desktop app (which
receives it over HTTP), so what may be published is decided in one place: `suppress`.

Suppression (the rule every table passes before it leaves the store):

- a cell counting fewer than `MIN_CELL` children (0 included) is suppressed, and the number
  derived from its children (mean, median) with it;
- in a table whose cells add up to a published total (a *partition*), one suppressed cell
  could be recovered as total minus the rest, so the smallest other cell is suppressed as well;
  a total below `MIN_CELL` suppresses the whole table;
- in a table whose cells each count "children who have X" out of a published total (a
  *share*), the complement "children who do not" is total minus the cell, so a cell is also
  suppressed when its complement is below `MIN_CELL`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Annotated, Final

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

MIN_CELL: Final = 5
"""The smallest number of children a published cell may count."""


class TableKind(StrEnum):
    PARTITION = "partition"  # cells add up to the total
    SHARE = "share"  # each cell is a subset of the total (children may be in several)
    LIST = "list"  # independent counts, no total


class StatCell(BaseModel):
    """One category. `count` is None when suppressed; `value` (a mean or median of the same
    children) is None when suppressed or not applicable."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str
    count: int | None
    value: float | None = None


class StatTable(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str
    kind: TableKind
    counts: str = "children"  # what a count counts: children, staff, reports
    cells: list[StatCell] = Field(default_factory=list)
    total: int | None = None
    total_value: float | None = None
    suppressed: int = 0  # how many cells were suppressed (primary and secondary)

    def cell(self, key: str) -> StatCell | None:
        return next((c for c in self.cells if c.key == key), None)


class StatisticsRequest(BaseModel):
    """What a caller asks for: a period (both days included) and units (empty: all the
    caller may see)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    period_from: date
    period_to: date
    units: list[Annotated[str, StringConstraints(min_length=1, max_length=64)]] = Field(
        default_factory=list, max_length=50
    )


class StatisticsReport(BaseModel):
    """What a statistics request returns. `units` are unit *names* chosen by the caller (the
    organisation's own units, not people); empty means the whole municipality."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    period_from: date
    period_to: date
    units: list[str] = Field(default_factory=list)
    generated_at: str
    min_cell: int = MIN_CELL
    tables: list[StatTable] = Field(default_factory=list)

    def table(self, key: str) -> StatTable | None:
        return next((t for t in self.tables if t.key == key), None)


@dataclass(frozen=True)
class RawCell:
    """A cell before suppression: the exact count and the derived value."""

    key: str
    count: int
    value: float | None = None


def suppress(
    key: str,
    kind: TableKind,
    cells: Sequence[RawCell],
    total: int | None = None,
    *,
    total_value: float | None = None,
    counts: str = "children",
) -> StatTable:
    """The publishable table: small cells suppressed, and their complements (module doc)."""
    hidden = {c.key for c in cells if c.count < MIN_CELL}
    total_shown = total
    if total is not None and total < MIN_CELL:
        hidden = {c.key for c in cells}
        total_shown = None
    elif total is not None and kind is TableKind.SHARE:
        hidden |= {c.key for c in cells if total - c.count < MIN_CELL}
    elif total is not None and kind is TableKind.PARTITION and len(hidden) == 1:
        shown = [c for c in cells if c.key not in hidden]
        if shown:
            hidden.add(min(shown, key=lambda c: c.count).key)
    return StatTable(
        key=key,
        kind=kind,
        counts=counts,
        cells=[
            StatCell(key=c.key, count=None, value=None)
            if c.key in hidden
            else StatCell(key=c.key, count=c.count, value=c.value)
            for c in cells
        ],
        total=total_shown,
        total_value=total_value if total_shown is not None else None,
        suppressed=len(hidden),
    )


LEAD_TIME_BUCKETS: Final[tuple[tuple[str, int, int | None], ...]] = (
    ("0-7", 0, 7),
    ("8-14", 8, 14),
    ("15-30", 15, 30),
    ("31-60", 31, 60),
    ("61-90", 61, 90),
    ("91-", 91, None),
)
"""Lead-time distribution buckets in days (inclusive)."""

CASELOAD_BUCKETS: Final[tuple[tuple[str, int, int | None], ...]] = (
    ("1-5", 1, 5),
    ("6-10", 6, 10),
    ("11-20", 11, 20),
    ("21-40", 21, 40),
    ("41-", 41, None),
)
"""Children per Barnkontakt, bucketed."""


def bucket_of(value: int, buckets: Sequence[tuple[str, int, int | None]]) -> str:
    for name, low, high in buckets:
        if value >= low and (high is None or value <= high):
            return name
    return buckets[0][0]


def median(values: Sequence[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[mid])
    return (ordered[mid - 1] + ordered[mid]) / 2
