"""No module of the package imports, even from inside a function, a module that imports it back.

A function-level import is how a cycle hides: it works at run time, but the two modules can no
longer be read, tested or moved one without the other (the inbox and the plans were such a pair).
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "backa_desktop"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _graph() -> dict[str, set[str]]:
    """Module -> the project modules it imports anywhere in it (also `from pkg import mod`)."""
    imports: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
                names.update(f"{node.module}.{alias.name}" for alias in node.names)
        imports[_module_name(path)] = names
    return {m: {n for n in names if n in imports and n != m} for m, names in imports.items()}


def _cycles(graph: dict[str, set[str]]) -> list[str]:
    def reachable(start: str) -> set[str]:
        seen: set[str] = set()
        stack = [start]
        while stack:
            for nxt in graph[stack.pop()]:
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        return seen

    return sorted(m for m in graph if m in reachable(m))


def test_the_cycle_finder_finds_a_function_level_cycle() -> None:
    source = "def f() -> None:\n    from backa_desktop.services.plans import plan_tasks\n"
    names = {n.module for n in ast.walk(ast.parse(source)) if isinstance(n, ast.ImportFrom)}
    graph = {"backa_desktop.services.inbox": {str(n) for n in names},
             "backa_desktop.services.plans": {"backa_desktop.services.inbox"}}
    assert _cycles(graph) == ["backa_desktop.services.inbox", "backa_desktop.services.plans"]


def test_no_import_cycles_in_the_package() -> None:
    graph = _graph()
    assert "backa_desktop.services.inbox" in graph  # the walk found the package
    assert _cycles(graph) == []
