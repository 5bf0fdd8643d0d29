"""A layout that puts its widgets in a row and continues on the next line when the row is full.

A row of choices (a rating's five anchors and "Vet ej") or of the overview's buttons is as
wide as all its texts together: at 200 % text, or in a longer language, that is wider than a
laptop's window, and a page laid out wider than its scroll area cuts the text beside it or
needs a sideways scroll bar. Wrapping the row keeps the page as narrow as the widest single
widget. A widget added with `add_right` keeps its place at the right end of its line (the
overview's Orosanmälan and Besluta buttons stand apart from the others there).
"""

from __future__ import annotations

from backa_desktop.ui.qt import (
    QLayout,
    QLayoutItem,
    QRect,
    QSize,
    QSizePolicy,
    Qt,
    QWidget,
)


class FlowLayout(QLayout):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._right: set[int] = set()  # ids of the widgets kept at the right end of a line

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
        """All on one row, as a box layout would be where there is room."""
        width = height = 0
        for item in self._visible():
            hint = item.sizeHint()
            width += hint.width() + (self._gap() if width else 0)
            height = max(height, hint.height())
        m = self.contentsMargins()
        return QSize(width + m.left() + m.right(), height + m.top() + m.bottom())

    def minimumSize(self) -> QSize:
        """As narrow as the widest single widget: the rest go onto more rows."""
        size = QSize()
        for item in self._visible():
            size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    # -- layout -----------------------------------------------------------------------------
    def _gap(self) -> int:
        """The layout's spacing, or where none is set the style's between two radio
        buttons."""
        if self.spacing() >= 0:
            return self.spacing()
        parent = self.parentWidget()
        if parent is None:
            return 6
        radio = QSizePolicy.ControlType.RadioButton
        gap = parent.style().layoutSpacing(radio, radio, Qt.Orientation.Horizontal)
        return gap if gap >= 0 else 6

    def _visible(self) -> list[QLayoutItem]:
        return [i for i in self._items if not i.isEmpty()]

    def _arrange(self, rect: QRect, *, place: bool) -> int:
        """Break the shown items into lines that fit `rect`'s width, and place them when
        asked. Returns the height the lines need."""
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        gap = self._gap()
        lines: list[list[QLayoutItem]] = []
        used = 0
        for item in self._visible():
            width = item.sizeHint().width()
            if not lines or (lines[-1] and used + gap + width > area.width()):
                lines.append([])
                used = 0
            used += (gap if lines[-1] else 0) + width
            lines[-1].append(item)
        y = area.y()
        for number, line in enumerate(lines):
            if number:
                y += gap
            height = max(item.sizeHint().height() for item in line)
            x = area.x()
            for index, item in enumerate(line):
                hint = item.sizeHint()
                widget = item.widget()
                if index == len(line) - 1 and widget is not None and id(widget) in self._right:
                    x = max(x, area.x() + area.width() - hint.width())
                if place:
                    item.setGeometry(QRect(x, y, hint.width(), hint.height()))
                x += hint.width() + gap
            y += height
        return y - area.y() + m.top() + m.bottom()
