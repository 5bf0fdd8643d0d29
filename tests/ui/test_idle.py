"""The automatic lock's watcher sees every event of the application: key, mouse and wheel
input restarts its timer, and nothing else does (a screen being built sends thousands of
other events, which must neither keep the app unlocked nor cost much)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, QPointF
from PySide6.QtGui import QWheelEvent

from backa_desktop.ui.idle import IdleWatcher
from backa_desktop.ui.qt import QEvent, QKeyEvent, QMouseEvent, Qt, QTimer, QWidget


class CountingTimer(QTimer):
    """The watcher's own timer, counting how often it was (re)started."""

    starts = 0

    def start(self, *args: Any) -> None:
        self.starts += 1
        super().start(*args)


def _mouse(kind: QEvent.Type) -> QMouseEvent:
    return QMouseEvent(kind, QPointF(5, 5), QPointF(5, 5), Qt.MouseButton.LeftButton,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)


def test_input_restarts_the_idle_timer_and_other_events_do_not(qapp: Any) -> None:
    watcher = IdleWatcher(5)
    timer = CountingTimer(watcher)
    timer.setSingleShot(True)
    timer.setInterval(60_000)
    watcher._timer = timer
    watcher.start()
    widget = QWidget()
    qapp.installEventFilter(watcher)
    try:
        started = timer.starts
        for kind in (QEvent.Type.User, QEvent.Type.LayoutRequest, QEvent.Type.Polish):
            qapp.sendEvent(widget, QEvent(kind))
        release = QKeyEvent(QEvent.Type.KeyRelease, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier)
        qapp.sendEvent(widget, release)  # input, but not what counts as activity
        assert timer.starts == started

        activity = [
            QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier),
            _mouse(QEvent.Type.MouseButtonPress),
            _mouse(QEvent.Type.MouseMove),
            QWheelEvent(QPointF(5, 5), QPointF(5, 5), QPoint(0, 0), QPoint(0, 120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False),
        ]
        for event in activity:
            before = timer.starts
            qapp.sendEvent(widget, event)
            assert timer.starts == before + 1, event.type()

        watcher.stop()  # locked: input no longer starts the countdown
        qapp.sendEvent(widget, activity[0])
        assert not watcher.active
    finally:
        qapp.removeEventFilter(watcher)
        widget.deleteLater()


def test_a_screen_is_built_unwatched_and_input_counts_again_after(qapp: Any) -> None:
    """While a screen is built (`unwatched`, where the event loop does not run) the watcher
    is off the application; afterwards, also after a nested build, input restarts it."""
    from backa_desktop.ui.idle import unwatched

    watcher = IdleWatcher(5)
    timer = CountingTimer(watcher)
    timer.setSingleShot(True)
    timer.setInterval(60_000)
    watcher._timer = timer
    watcher.start()
    widget = QWidget()
    press = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier)
    watcher.install(qapp)
    try:
        with unwatched():
            with unwatched():
                pass
            before = timer.starts
            qapp.sendEvent(widget, press)
            assert timer.starts == before  # not watched while building
        before = timer.starts
        qapp.sendEvent(widget, press)
        assert timer.starts == before + 1
    finally:
        watcher.uninstall(qapp)
        widget.deleteLater()
