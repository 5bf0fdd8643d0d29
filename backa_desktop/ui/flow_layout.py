"""A row of buttons that wraps onto a second line instead of widening the screen.

The overview's action rows hold five to seven buttons. At 200 % text, or with a longer
language, a box layout would make the whole overview wider than the window and add a sideways
scroll bar; this layout puts the buttons that do not fit on the next line. A widget added with
`add_right` keeps its place at the right end of its line (the Orosanmälan and Besluta buttons
stand apart from the others there).
"""

from __future__ import annotations

from backa_desktop.ui.qt import QLayout, QLayoutItem, QRect, QSize, Qt, QWidget


class FlowLayout(QLayout):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._right: set[int] = set()  # ids of the widgets kept at the right end

    def add_right(self, widget: QWidget) -> None:
        self.addWidget(widget)
        self._right.add(id(widget))

    # -- QLayout ----------------------------------------------------------------------------
    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), place=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, place=True)

    def sizeHint(self) -> QSize:
        """One line when there is room for it."""
        shown = self._shown()
        gap = self._gap()
        width = sum(i.sizeHint().width() for i in shown) + gap * max(0, len(shown) - 1)
        height = max((i.sizeHint().height() for i in shown), default=0)
        m = self.contentsMargins()
        return QSize(width + m.left() + m.right(), height + m.top() + m.bottom())

    def minimumSize(self) -> QSize:
        """The widest single button: everything else may wrap."""
        size = QSize()
        for item in self._shown():
            size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    # -- layout -----------------------------------------------------------------------------
    def _gap(self) -> int:
        gap = self.spacing()
        return gap if gap >= 0 else 6

    def _shown(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    def _arrange(self, rect: QRect, *, place: bool) -> int:
        """Break the shown items into lines that fit `rect`'s width; place them when asked.
        Returns the height the lines need."""
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        gap = self._gap()
        lines: list[list[QLayoutItem]] = [[]]
        used = 0
        for item in self._shown():
            width = item.sizeHint().width()
            if lines[-1] and used + gap + width > area.width():
                lines.append([])
                used = 0
            used += (gap if lines[-1] else 0) + width
            lines[-1].append(item)
        y = area.y()
        for line in lines:
            if not line:
                continue
            height = max(item.sizeHint().height() for item in line)
            x = area.x()
            for index, item in enumerate(line):
                hint = item.sizeHint()
                widget = item.widget()
                last = index == len(line) - 1
                left = x
                if last and widget is not None and id(widget) in self._right:
                    left = max(x, area.x() + area.width() - hint.width())
                if place:
                    item.setGeometry(QRect(left, y, hint.width(), height))
                x = left + hint.width() + gap
            y += height + gap
        return y - gap - area.y() + m.top() + m.bottom() if y > area.y() else m.top() + m.bottom()
