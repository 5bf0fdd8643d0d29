"""Hold the line on test coverage: after a full `pytest --cov` run, print the line coverage of
each core package and fail when one falls below its floor.

The floors are the figures measured when this check was added, minus about two points of
slack so a refactor that moves lines around does not trip it. Raise a floor when a package's
coverage has grown for good; never lower one to make a change pass.

Run by `./dev.sh test` after pytest (only for a whole-suite run): python -m tests.coverage_floor
"""

from __future__ import annotations

import json
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PACKAGE = "backa_desktop"
# Line coverage in per cent, in-process only: code that runs only inside a `backa` or
# `backa-central serve` subprocess counts as uncovered (hence central's low figure: its HTTP
# layer is tested through a real server process). Measured on the whole suite, minus 2:
# domain 95.9, store 93.4, services 77.8, sync 89.4, central 40.5; services then rose to at
# least 87.0 (the demo generator now runs in-process in a test), so its floor is 85.
FLOORS: dict[str, float] = {
    "domain": 93.9,
    "store": 91.4,
    "services": 85.0,
    "sync": 87.4,
    "central": 38.5,
}


@dataclass(frozen=True)
class Figure:
    package: str
    statements: int
    covered: int

    @property
    def percent(self) -> float:
        return 100.0 * self.covered / self.statements if self.statements else 100.0


def package_figures(report: dict[str, Any], packages: list[str]) -> dict[str, Figure]:
    """Sum a `coverage json` report's per-file counts into one figure per package."""
    sums = {p: [0, 0] for p in packages}
    for filename, data in report["files"].items():
        parts = Path(filename).parts
        if PACKAGE not in parts:
            continue
        inside = parts[parts.index(PACKAGE) + 1 :]
        if len(inside) > 1 and inside[0] in sums:
            summary = data["summary"]
            sums[inside[0]][0] += int(summary["num_statements"])
            sums[inside[0]][1] += int(summary["covered_lines"])
    return {p: Figure(p, s, c) for p, (s, c) in sums.items()}


def below_floor(figures: dict[str, Figure], floors: dict[str, float]) -> list[str]:
    """A line per package under its floor (a package with no measured lines is under it)."""
    problems = []
    for package, floor in floors.items():
        figure = figures[package]
        if figure.statements == 0:
            problems.append(f"{package}: no coverage data (was the whole suite run with --cov?)")
        elif figure.percent < floor:
            problems.append(f"{package}: {figure.percent:.1f} % is below its floor {floor:.1f} %")
    return problems


def load_report(data_file: Path) -> dict[str, Any]:
    import coverage

    cov = coverage.Coverage(data_file=str(data_file))
    cov.load()
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "coverage.json"
        cov.json_report(outfile=str(out))
        result: dict[str, Any] = json.loads(out.read_text("utf-8"))
    return result


def main(argv: list[str]) -> int:
    data_file = Path(argv[0]) if argv else Path(".coverage")
    if not data_file.exists():
        print(f"coverage floor: no {data_file}; run pytest with --cov first", file=sys.stderr)
        return 1
    figures = package_figures(load_report(data_file), list(FLOORS))
    print(f"{'package':<10} {'lines':>6} {'covered':>8} {'floor':>7}")
    for package, floor in FLOORS.items():
        f = figures[package]
        print(f"{package:<10} {f.statements:>6} {f.percent:>7.1f}% {floor:>6.1f}%")
    problems = below_floor(figures, FLOORS)
    for line in problems:
        print(f"coverage floor: {line}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
