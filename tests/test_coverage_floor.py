"""The coverage floor check sums files into packages correctly and fails a package under its
floor or missing from the data, so a run that lost coverage cannot pass unnoticed."""

from __future__ import annotations

from typing import Any

from tests.coverage_floor import Figure, below_floor, package_figures


def _file(statements: int, covered: int) -> dict[str, Any]:
    return {"summary": {"num_statements": statements, "covered_lines": covered}}


REPORT = {
    "files": {
        "backa_desktop/domain/plan.py": _file(100, 90),
        "backa_desktop/domain/people.py": _file(100, 70),
        "/abs/checkout/backa_desktop/store/records.py": _file(50, 25),
        "backa_desktop/store/__init__.py": _file(0, 0),
        "backa_desktop/cli.py": _file(40, 0),  # top-level module: in no package
        "backa_desktop/ui/app.py": _file(40, 0),  # a package without a floor
        "tests/domain/test_plan.py": _file(40, 40),
    }
}


def test_files_are_summed_per_package() -> None:
    figures = package_figures(REPORT, ["domain", "store", "sync"])
    assert figures["domain"] == Figure("domain", 200, 160)
    assert figures["domain"].percent == 80.0
    assert figures["store"] == Figure("store", 50, 25)
    assert figures["sync"] == Figure("sync", 0, 0)


def test_a_package_under_its_floor_or_without_data_fails() -> None:
    figures = package_figures(REPORT, ["domain", "store", "sync"])
    assert below_floor(figures, {"domain": 80.0}) == []
    problems = below_floor(figures, {"domain": 80.1, "store": 40.0, "sync": 10.0})
    assert len(problems) == 2
    assert problems[0].startswith("domain: 80.0 %")
    assert problems[1].startswith("sync: no coverage data")
