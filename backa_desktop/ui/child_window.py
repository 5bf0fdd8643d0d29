"""A window about one child (its plan, consents, teams, reports of concern).

These windows stay open beside the child's screen while changes arrive from other windows and
from sync, so each must reload when its child changes, run its database work on the owner
thread and show a failure in its own error line without losing what the user typed. Written
once here so the windows cannot drift apart in how they do it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from backa_desktop.domain.errors import UserError
from backa_desktop.services.changes import Changes
from backa_desktop.services.vault import Session
from backa_desktop.ui import widgets as W
from backa_desktop.ui.errors import error_text
from backa_desktop.ui.qt import QDialog, QLabel, QWidget, connect, translate
from backa_desktop.ui.tasks import DbOp
from backa_desktop.ui.window_context import WindowContext

T = TypeVar("T")


class ChildWindow(QDialog):
    """Subclasses set `self.error` (an error label), say which changes they show (`shows`),
    and implement `reload`."""

    error: QLabel
    # Whether only changes about this child concern the window (a record of a whole unit is
    # about no child).
    child_changes_only = True

    def __init__(self, ctx: WindowContext, child_id: str, child_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.child_id = child_id
        self.child_name = child_name
        connect(ctx.runner.changed, self._changes_made)

    def shows(self, changes: Changes) -> bool:
        """Whether `changes` touch what the window shows."""
        raise NotImplementedError

    def reload(self) -> None:
        raise NotImplementedError

    def child_changed(self, changes: Changes) -> None:
        """What the window does when its child changed in a way it shows: reload by default."""
        self.reload()

    def _changes_made(self, changes: Changes) -> None:
        # A hidden window reloads when it is shown again; a change elsewhere is no business of it.
        about = changes.about(self.child_id) or not self.child_changes_only
        if self.isVisible() and about and self.shows(changes):
            self.child_changed(changes)

    def _run(self, fn: Callable[[Session], T], ok: Callable[[T], None]) -> None:
        DbOp(self.ctx.runner, fn).on_success(ok).on_failure(self._failed).run()

    def failure_text(self, exc: BaseException) -> str:
        """A refusal the user can act on in its own words; anything else as a failed save
        (the details are in the log, written by the task runner)."""
        if isinstance(exc, UserError | ValueError):
            return error_text(exc)
        return translate("ChildWindow", "Det gick inte att spara. Försök igen.")

    def _failed(self, exc: BaseException) -> None:
        W.show_error(self.error, self.failure_text(exc))
