"""DESIGN.md §3: no Qt below `ui/`, and `domain` imports nothing else of the project."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "backa_desktop"
QT_FREE = ["domain", "store", "services", "sync", "central", "printing"]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_no_qt_below_ui() -> None:
    offenders = []
    for layer in QT_FREE:
        for path in (PACKAGE / layer).rglob("*.py"):
            if any(name.startswith("PySide6") for name in _imports(path)):
                offenders.append(str(path.relative_to(PACKAGE)))
    assert offenders == []


def test_domain_imports_no_other_layer() -> None:
    offenders = []
    for path in (PACKAGE / "domain").rglob("*.py"):
        for name in _imports(path):
            if name.startswith("backa_desktop.") and not name.startswith("backa_desktop.domain"):
                offenders.append(f"{path.name}: {name}")
    assert offenders == []


def test_importing_core_layers_loads_no_qt() -> None:
    code = (
        "import sys, importlib, pkgutil, backa_desktop\n"
        f"for layer in {QT_FREE!r}:\n"
        "    pkg = importlib.import_module('backa_desktop.' + layer)\n"
        "    for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        importlib.import_module(m.name)\n"
        "assert not any(k.startswith('PySide6') for k in sys.modules), 'Qt was imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
