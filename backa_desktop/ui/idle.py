"""Automatic lock: any key or mouse input restarts a timer; when it runs out, lock."""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import Iterator

import shiboken6

from backa_desktop.ui.qt import (
    QCoreApplication,
    QEvent,
    QInputEvent,
    QObject,
    QTimer,
    Signal,
    connect,
)

_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


_installed: weakref.WeakSet[IdleWatcher] = weakref.WeakSet()
_paused = 0


class IdleWatcher(QObject):
    idle = Signal()

    def __init__(self, minutes: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        connect(self._timer.timeout, self.idle.emit)
        self.set_minutes(minutes)

    def install(self, app: QCoreApplication) -> None:
        """Watch every event of the application (`unwatched` pauses it while a screen is
        built)."""
        app.installEventFilter(self)
        _installed.add(self)

    def uninstall(self, app: QCoreApplication) -> None:
        app.removeEventFilter(self)
        _installed.discard(self)

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


@contextlib.contextmanager
def unwatched() -> Iterator[None]:
    """Build a screen or a window without the watcher seeing each of its events.

    An application-wide event filter written in Python costs a call into Python for every
    event of every object, and building a window sends thousands (a child added, a polish, a
    layout request...): with the filter, making the plan window took about twice the time
    without. Nothing is lost by leaving it out meanwhile: input is delivered by the event
    loop, which does not run while the GUI thread builds. Nested uses pause once."""
    global _paused
    app = QCoreApplication.instance()
    if _paused or app is None:
        yield
        return
    watchers = [w for w in list(_installed) if shiboken6.isValid(w)]
    for watcher in watchers:
        app.removeEventFilter(watcher)
    _paused += 1
    try:
        yield
    finally:
        _paused -= 1
        for watcher in watchers:
            if shiboken6.isValid(watcher):
                app.installEventFilter(watcher)
