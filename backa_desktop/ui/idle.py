"""Automatic lock: any key or mouse input restarts a timer; when it runs out, lock."""

from __future__ import annotations

from backa_desktop.ui.qt import QEvent, QInputEvent, QObject, QTimer, Signal, connect

_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class IdleWatcher(QObject):
    idle = Signal()

    def __init__(self, minutes: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        connect(self._timer.timeout, self.idle.emit)
        self.set_minutes(minutes)

    def set_minutes(self, minutes: float) -> None:
        self._timer.setInterval(max(int(minutes * 60_000), 1))

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Every event of every object passes here (thousands when a screen is built); asking
        # an event its type costs more in PySide than the class test, which lets only input
        # events (keys, mouse, wheel, touch: all QInputEvent) on to the type check.
        if isinstance(event, QInputEvent) and event.type() in _ACTIVITY and (
            self._timer.isActive()
        ):
            self._timer.start()
        return False
