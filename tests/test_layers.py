"""DESIGN.md §3: no Qt below `ui/`, `domain` imports nothing else of the project, and the
front ends (`ui/`, `app.py`, the `cli*` modules) reach the data through services only."""

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


# -- the front ends (Qt UI, command line) reach the data only through services ---------------
FRONT_ENDS = sorted(
    [*(PACKAGE / "ui").rglob("*.py"), PACKAGE / "app.py", *PACKAGE.glob("cli*.py")]
)
# What an open `Session` holds of the store. A front end hands the session on to service
# functions and never uses these itself, so every query and audit event lives in services/.
SESSION_STORE_MEMBERS = {"db", "repo", "audit", "drafts"}


def _modules_named(source: str) -> set[str]:
    """Every module an import names, `from backa_desktop import store` included."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _store_imports(source: str) -> list[str]:
    return sorted(
        name for name in _modules_named(source)
        if name == "backa_desktop.store" or name.startswith("backa_desktop.store.")
    )


def _store_member_uses(source: str) -> list[int]:
    return [
        node.lineno for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Attribute) and node.attr in SESSION_STORE_MEMBERS
    ]


def test_the_checks_below_catch_what_they_are_for() -> None:
    assert _store_imports("from backa_desktop.store.records import StaleRevision\n")
    assert _store_imports("from backa_desktop import store\n")
    assert _store_imports("import backa_desktop.store.sync_state\n")
    assert not _store_imports("from backa_desktop.services import plans\n")
    assert _store_member_uses("f = lambda s: s.repo.require(x).body\n") == [1]
    assert _store_member_uses("x = 1\nsession.audit.append('read')\n") == [2]
    assert _store_member_uses("plans.load_plan(s, child_id)\n") == []


def test_the_session_holds_the_store_members_named_here() -> None:
    """So the list above cannot go stale when the session changes."""
    tree = ast.parse((PACKAGE / "services" / "vault.py").read_text(encoding="utf-8"))
    [session] = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Session"]
    assigned = {
        target.attr
        for node in ast.walk(session)
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Attribute)
        and isinstance(target.value, ast.Name)
        and target.value.id == "self"
    }
    assert assigned >= SESSION_STORE_MEMBERS


def test_front_ends_import_nothing_from_the_store() -> None:
    offenders = [
        f"{path.relative_to(PACKAGE)}: {name}"
        for path in FRONT_ENDS
        for name in _store_imports(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_front_ends_do_not_reach_into_the_sessions_store() -> None:
    offenders = [
        f"{path.relative_to(PACKAGE)}:{line}"
        for path in FRONT_ENDS
        for line in _store_member_uses(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


# -- the central store stands alone -----------------------------------------------------------
# It shares only the pure rules, the wire protocol and the reportlab documents (the log
# review PDF is printed by the server's command line and by the app alike).
CENTRAL_MAY_IMPORT = (
    "backa_desktop.central",
    "backa_desktop.domain",
    "backa_desktop.sync.protocol",
    "backa_desktop.printing",
)


def test_central_imports_only_domain_protocol_and_printing() -> None:
    offenders = [
        f"{path.name}: {name}"
        for path in (PACKAGE / "central").rglob("*.py")
        for name in _imports(path)
        if name.startswith("backa_desktop") and name != "backa_desktop"
        and not name.startswith(CENTRAL_MAY_IMPORT)
    ]
    assert offenders == []


def test_printing_needs_no_store_services_or_qt() -> None:
    """What `central` takes from `printing` must not drag the laptop's store in with it."""
    offenders = [
        f"{path.name}: {name}"
        for path in (PACKAGE / "printing").rglob("*.py")
        for name in _imports(path)
        if name.startswith(("backa_desktop.store", "backa_desktop.services", "backa_desktop.ui",
                            "backa_desktop.central"))
    ]
    assert offenders == []
