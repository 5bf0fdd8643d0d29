"""Tests share drivers and fixtures through helper modules and conftests, never by importing
another test module: importing one runs its collection-time code again under a second name,
and a helper hidden among tests is found only by whoever already knows where it is."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def imported_test_modules(source: str, module: str) -> list[str]:
    """The test modules (`test_*`) that the source of `module` (dotted name) imports."""
    package = module.rsplit(".", 1)[0]
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*parent, base] if base else parent)
            targets = [base, *(f"{base}.{alias.name}" for alias in node.names)]
        else:
            continue
        found.extend(
            t
            for t in targets
            if t.startswith("tests.") and t.rsplit(".", 1)[-1].startswith("test_")
        )
    return found


def test_the_check_sees_every_way_of_importing_a_test_module() -> None:
    module = "tests.ui.test_a"
    assert imported_test_modules("from tests.ui.test_b import f", module) == ["tests.ui.test_b"]
    assert imported_test_modules("import tests.ui.test_b", module) == ["tests.ui.test_b"]
    assert imported_test_modules("from tests.ui import test_b", module) == ["tests.ui.test_b"]
    assert imported_test_modules("from .test_b import f", module) == ["tests.ui.test_b"]
    assert imported_test_modules("def f():\n    from ..test_c import g\n", module) == [
        "tests.test_c"
    ]
    assert imported_test_modules("from tests.ui.driving import unlock", module) == []
    assert imported_test_modules("from backa_desktop.x import test_series", module) == []


def test_no_test_module_imports_another() -> None:
    offenders = []
    for path in sorted(TESTS.rglob("*.py")):
        relative = path.relative_to(TESTS.parent).with_suffix("")
        module = ".".join(relative.parts)
        for target in imported_test_modules(path.read_text(encoding="utf-8"), module):
            offenders.append(f"{relative}.py imports {target}")
    assert offenders == [], "move shared code into a helper module or a conftest"
