"""The windows about one child that the overview offers, built by kind.

Each is built from the workspace's `WindowContext`, the child's id and name (the plan also
takes the child's age, printing a list of documents). They are imported when first opened:
printing brings in reportlab, which would add most of a second to every start.
"""

from __future__ import annotations

from typing import Any

from backa_desktop.ui.idle import unwatched
from backa_desktop.ui.protected import public_name, shield_title
from backa_desktop.ui.qt import QDialog, QWidget
from backa_desktop.ui.window_context import WindowContext

CHILD_WINDOWS: tuple[str, ...] = ("plan", "consent", "teams", "orosanmalan", "print")
"""The kinds, in the overview's order."""


def open_child_window(
    kind: str,
    ctx: WindowContext,
    child_id: str,
    name: str,
    age: int | None,
    parent: QWidget,
    *,
    protected: bool = False,
    previous: QDialog | None = None,
) -> QDialog:
    """Build the window of this kind about the child and show it. With `protected` (skyddad
    identitet) its title names no child (ui/protected.py); the window itself still does.
    `previous`, the window opened last: a closed plan window of the same child, opened with
    the same name, age and protection, is opened again instead of built anew."""
    from backa_desktop.ui.screens.plan_window import PlanWindow

    with unwatched():  # thousands of events while it is built (ui/idle.py)
        reopened = _reopen(kind, child_id, (name, age, protected), previous)
        if reopened is not None:
            return reopened
        window = _open_child_window(kind, ctx, child_id, name, age, parent, protected=protected)
        if isinstance(window, PlanWindow):
            window.opened_as = (name, age, protected)
        return window


def _reopen(kind: str, child_id: str, opened_as: tuple[str, int | None, bool],
            previous: QDialog | None) -> QDialog | None:
    from backa_desktop.ui.screens.plan_window import PlanWindow

    # the type first: another kind of window (the print preview) may be deleted on close
    if kind != "plan" or not isinstance(previous, PlanWindow) or previous.isVisible():
        return None
    if previous.child_id != child_id or previous.opened_as != opened_as:
        return None
    previous.reopen()
    return previous


def _open_child_window(
    kind: str,
    ctx: WindowContext,
    child_id: str,
    name: str,
    age: int | None,
    parent: QWidget,
    *,
    protected: bool,
) -> QDialog:
    from backa_desktop.ui.print_preview import open_preview, standard_choices
    from backa_desktop.ui.screens.consent_window import ConsentWindow
    from backa_desktop.ui.screens.orosanmalan_window import OrosanmalanWindow
    from backa_desktop.ui.screens.plan_window import PlanWindow
    from backa_desktop.ui.screens.teams_window import TeamsWindow

    if kind == "print":
        return open_preview(ctx, child_id, public_name(name, protected), standard_choices(age),
                            parent=parent)
    window: QDialog
    if kind == "plan":
        window = PlanWindow(ctx, child_id, name, age, parent=parent)
    elif kind == "consent":
        window = ConsentWindow(ctx, child_id, name, parent=parent)
    elif kind == "teams":
        window = TeamsWindow(ctx, child_id, name, parent=parent)
    elif kind == "orosanmalan":
        window = OrosanmalanWindow(ctx, child_id, name, parent=parent)
    else:
        raise ValueError(f"okänt fönster {kind}")
    shield_title(window, name, protected)
    if protected and isinstance(window, PlanWindow | ConsentWindow | OrosanmalanWindow):
        window.child_name = public_name(name, protected)  # names the print preview it opens
    window.show()
    return window


def open_record(ctx: WindowContext, target: Any, parent: QWidget) -> QDialog:
    """Open what a record is about (`services.documents.reading.RecordTarget`, not a form):
    the child's plan for a plan or one of its actions, the reports of concern with this one
    selected, or a read-only window with the record in words."""
    from backa_desktop.ui.screens.orosanmalan_window import OrosanmalanWindow
    from backa_desktop.ui.screens.record_window import RecordWindow

    child_id = str(target.child_id or "")
    hide = bool(getattr(target, "child_protected", False))
    if target.kind == "plan" and child_id:
        return open_child_window("plan", ctx, child_id, target.child_name, target.child_age,
                                 parent, protected=hide)
    if target.kind == "orosanmalan" and child_id:
        window = open_child_window("orosanmalan", ctx, child_id, target.child_name, None, parent,
                                   protected=hide)
        assert isinstance(window, OrosanmalanWindow)
        window.reload(target.record_id)
        return window
    record_window = RecordWindow(target.reading, target.child_name, parent)
    shield_title(record_window, target.child_name, hide)
    record_window.show()
    return record_window


def flush_drafts(window: QDialog) -> None:
    """Keep a window's unsaved typing as a draft before a lock (only the plan has any)."""
    from backa_desktop.ui.screens.plan_window import PlanWindow

    if isinstance(window, PlanWindow):
        window.flush()
