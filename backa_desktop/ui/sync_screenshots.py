"""Screenshots of sync in the app for `backa screenshots`: the enrollment dialog over the
window, the status bar in every state, and the side-by-side conflict view. They need no
server: the status bar renders a `SyncView`, the conflict view a made-up conflict between two
fictional colleagues."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from backa_desktop.domain.errors import Message
from backa_desktop.services.sync_service import ConflictItem
from backa_desktop.ui.enroll_dialog import EnrollDialog
from backa_desktop.ui.qt import QApplication, QColor, QPainter, QPixmap, QVBoxLayout, QWidget
from backa_desktop.ui.sync_controller import SyncView
from backa_desktop.ui.sync_notices import ConflictDialog
from backa_desktop.ui.sync_status import SyncStatusWidget
from backa_desktop.ui.tasks import TaskRunner

STATES: tuple[SyncView, ...] = (
    SyncView(enrolled=False, locked=False),
    SyncView(enrolled=True, last_sync_at="2026-11-23T13:02:00+00:00"),
    SyncView(enrolled=True, pending=1, online=False),
    SyncView(enrolled=True, syncing=True, pulled=1500),
    SyncView(
        enrolled=True,
        pending=3,
        last_error=Message("sync.unreachable"),
    ),
    SyncView(enrolled=True, failed=1, last_sync_at="2026-11-23T13:02:00+00:00"),
    SyncView(enrolled=True, locked=True, pending=2),
)

EXAMPLE_CONFLICT = ConflictItem(
    conflict_id="example",
    record_id="example-action",
    record_type="plan_action",
    child_id=None,
    child_name="Sixten Testsson",
    field="what",
    kept_value="Läxhjälp två dagar i veckan",
    kept_present=True,
    kept_who="Anna Lind",
    kept_at="2026-11-23T13:02:00+00:00",
    incoming_value="Läxhjälp på fritids efter skolan",
    incoming_present=True,
    incoming_who="Bo Ek",
    incoming_at="2026-11-23T13:05:00+00:00",
)


def _over(window: QWidget, dialog: QWidget, size: tuple[int, int]) -> QPixmap:
    """The dialog drawn over the dimmed window, as a user sees a modal dialog."""
    canvas = window.grab()
    painter = QPainter(canvas)
    painter.fillRect(canvas.rect(), QColor(0, 0, 0, 70))
    shot = dialog.grab()
    x = max(0, (canvas.width() - shot.width()) // 2)
    y = max(0, (canvas.height() - shot.height()) // 2)
    painter.drawPixmap(x, y, shot)
    painter.end()
    return canvas.scaled(*size) if (canvas.width(), canvas.height()) != size else canvas


def render_sync(
    window: QWidget,
    runner: TaskRunner,
    out: Path,
    qt: QApplication,
    size: tuple[int, int],
    written: list[Path],
    *,
    inspect: Callable[[str, QWidget], None] | None = None,
) -> None:
    def look(name: str, widget: QWidget) -> None:
        if inspect is not None:
            inspect(name, widget)

    def save(picture: QPixmap, name: str) -> None:
        path = out / f"{name}.png"
        if not picture.save(str(path)):
            raise RuntimeError(f"could not write {path}")
        written.append(path)

    dialog = EnrollDialog(runner, None, parent=window)
    dialog.server.setText("https://backa.kommun.se")
    dialog.user.setText("anna.lind")
    dialog.password.setText("exempel")
    dialog.show()
    qt.processEvents()
    look("sync-enroll", dialog)
    save(_over(window, dialog, size), "sync-enroll")
    dialog.close()

    panel = QWidget()
    panel.setObjectName("screen")
    panel.resize(*size)
    lay = QVBoxLayout(panel)
    for state in STATES:
        status = SyncStatusWidget()
        status.show_view(state)
        lay.addWidget(status)
    lay.addStretch(1)
    panel.show()
    qt.processEvents()
    look("sync-status", panel)
    save(panel.grab(), "sync-status")
    panel.close()

    conflict = ConflictDialog(EXAMPLE_CONFLICT, window)
    conflict.merge.setChecked(True)
    conflict.merged.setPlainText("Läxhjälp på fritids två dagar i veckan")
    conflict.show()
    qt.processEvents()
    look("sync-conflict", conflict)
    save(_over(window, conflict, size), "sync-conflict")
    conflict.close()
