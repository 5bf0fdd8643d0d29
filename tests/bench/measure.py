"""Timing helpers and the shape of one benchmark figure.

A figure is either measured (with the numbers and the budget it is held against) or honestly
not measured, with the reason; the report never shows a number nobody measured.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field


class NotBuilt(Exception):
    """The part of the product this figure needs does not exist yet."""


@dataclass
class Figure:
    name: str
    budget: str  # human text, e.g. "p95 ≤ 16 ms"
    value: str = ""  # human text, e.g. "p50 3.1 ms, p95 9.8 ms"
    limit: float | None = None  # the budget as a number, in `unit`
    measured: float | None = None  # the number compared with `limit`
    unit: str = "ms"
    note: str = ""  # how it was measured
    why: str = ""  # for a miss: the cause we found
    not_measured: str = ""  # reason, when nothing was measured
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def status(self) -> str:
        if self.not_measured:
            return "not measured"
        if self.limit is None or self.measured is None:
            return "info"
        return "met" if self.measured <= self.limit else "MISSED"

    def miss_text(self) -> str:
        if self.status != "MISSED" or self.limit is None or self.measured is None:
            return ""
        over = self.measured - self.limit
        return (f"{fmt(over, self.unit)} over ({self.measured / self.limit:.2f}× the budget)")


def fmt(value: float, unit: str) -> str:
    if unit == "ms":
        return f"{value:.2f} ms" if value < 10 else f"{value:.1f} ms" if value < 100 else (
            f"{value:.0f} ms")
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "×":
        return f"{value:.2f}×"
    if unit == "MB":
        return f"{value:.0f} MB"
    return f"{value:.3g} {unit}"


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile: p95 of 500 samples is the 475th smallest, a real sample."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no samples")
    rank = max(1, min(len(ordered), round(pct / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def median(values: list[float]) -> float:
    return statistics.median(values)


def time_ms(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000.0


def samples_ms(fn: Callable[[], object], runs: int, *, warmup: int = 1) -> list[float]:
    for _ in range(warmup):
        fn()
    return [time_ms(fn) for _ in range(runs)]


class Stopwatch:
    """Accumulates the time spent in one method of one object while installed, to split a
    measured figure into its parts (SQL vs Python, audit commit vs reads) without copying
    the product's code into the bench."""

    def __init__(self, owner: object, method: str) -> None:
        self.owner = owner
        self.method = method
        self.total_ms = 0.0
        self.calls = 0
        self._original: Callable[..., object] | None = None
        self._own = False

    def __enter__(self) -> Stopwatch:
        original = getattr(self.owner, self.method)
        self._original = original
        # a module function or an instance attribute is replaced in place; a class method is
        # shadowed by an instance attribute (removed again on exit)
        self._own = self.method in vars(self.owner)

        def timed(*args: object, **kwargs: object) -> object:
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.total_ms += (time.perf_counter() - start) * 1000.0
                self.calls += 1

        setattr(self.owner, self.method, timed)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._own:
            setattr(self.owner, self.method, self._original)
        else:
            delattr(self.owner, self.method)
