"""What a screen looks like to someone reading at 200 % text: labels cut off, widgets drawn over
each other, words split in the middle. Each check returns readable descriptions of the faults,
so a failing test says where to look."""

from __future__ import annotations

import re

from backa_desktop.ui.qt import (
    QAbstractButton,
    QAbstractScrollArea,
    QCheckBox,
    QFontMetrics,
    QLabel,
    QLayout,
    QRadioButton,
    QRect,
    QScrollArea,
    QStyle,
    Qt,
    QTableView,
    QTextEdit,
    QWidget,
)

_WORD = re.compile(r"\S+")
_TAG = re.compile(r"<[^>]+>")


# The screens `backa screenshots` renders, in its order (its test and the 200 % test).
SCREENS = (
    "first-run",
    "unlock",
    "child-list",
    "child-overview",
    "upptackarkort",
    "fem-fragor",
    "child-mode",
    "skattning",
    "inbox",
    "plan",
    "orosanmalan",
    "samtycken",
    "barnkontakt-och-team",
    "enhetens-barnteam",
    "beslut",
    "handelse",
    "statistik",
    "loggkontroll",
    "sync-enroll",
    "sync-status",
    "sync-conflict",
)


def _shown(w: QWidget, root: QWidget) -> bool:
    return w.isVisibleTo(root) and w.width() > 0 and w.height() > 0


def _name(w: QWidget) -> str:
    text = w.text() if isinstance(w, (QLabel, QAbstractButton)) else w.accessibleName()
    return f"{type(w).__name__} {text[:40]!r}"


def _plain(label: QLabel) -> str:
    text = _TAG.sub(" ", label.text()).replace("&nbsp;", " ")
    if label.buddy() is not None:  # "&Namn": the & marks the shortcut and is not drawn
        text = re.sub(r"&(.)", r"\1", text)
    return text


def _in_viewport(w: QWidget, root: QWidget) -> bool:
    """Inside a list's or a table's viewport (a cell's widget): the view lays those out, not
    a layout, and scrolls them. A plain scroll area (QScrollArea) holds a laid-out page and is
    looked inside like any other widget: scrolling shows what is below, but it cannot show
    text its widget cut."""
    parent = w.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, QAbstractScrollArea) and not isinstance(parent, QScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def _scroll_viewport(w: QWidget) -> QScrollArea | None:
    """The scroll area whose viewport `w` is, if it is one."""
    area = w.parentWidget()
    if isinstance(area, QScrollArea) and area.viewport() is w:
        return area
    return None


def _has_text(w: QWidget) -> bool:
    if isinstance(w, QLabel):
        return bool(w.text()) and w.pixmap().isNull()
    return isinstance(w, QAbstractButton) and bool(w.text())


def _text_rect(w: QWidget) -> QRect:
    """Where the widget draws its text: a checkbox's or a one-line left-aligned label's text
    starts at the left and ends where its size hint says, however wide the widget is made;
    wrapped and centred text spreads over the whole widget."""
    rect = w.rect()
    left_aligned = isinstance(w, (QCheckBox, QRadioButton)) or (
        isinstance(w, QLabel) and not w.wordWrap()
        and not w.alignment() & (Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignHCenter))
    if left_aligned and w.layoutDirection() == Qt.LayoutDirection.LeftToRight:
        rect.setWidth(min(rect.width(), w.sizeHint().width()))
    return rect


def cut_by_parents(root: QWidget) -> list[str]:
    """Labels and buttons that stick out of a widget they sit in, so that part of their text
    is not drawn: a window or group narrower than its layout needs, or a scroll area's page
    wider than the area (a page scrolls down, not sideways, and nothing scrolls a checkbox's
    text into view when the scroll bar is off). Below the bottom of a scroll area is fine:
    scrolling shows it."""
    faults = []
    for w in root.findChildren(QWidget):
        if not _has_text(w) or not _shown(w, root) or _in_viewport(w, root):
            continue
        if isinstance(w.parentWidget(), QAbstractScrollArea):
            continue  # a scroll area's corner
        rect, child, parent = _text_rect(w), w, w.parentWidget()
        while parent is not None:
            rect = rect.translated(child.pos())
            inner = parent.rect()
            area = _scroll_viewport(parent)
            if area is not None:
                # measured from the page's left edge: what shows when not scrolled sideways
                if rect.right() - child.x() > inner.right() + 1:
                    faults.append(f"{_name(w)} runs past the right edge of {_name(area)}")
                    break
                # only the part in the viewport is drawn further up; none when scrolled away
                rect = rect.intersected(inner)
                if rect.isEmpty():
                    break
            elif (rect.right() > inner.right() + 1 or rect.left() < inner.left() - 1
                  or rect.bottom() > inner.bottom() + 1 or rect.top() < inner.top() - 1):
                faults.append(f"{_name(w)} sticks out of {_name(parent)}")
                break
            if parent is root:
                break
            child, parent = parent, parent.parentWidget()
    return faults


def clipped_buttons(root: QWidget) -> list[str]:
    """Checkboxes, radio buttons and push buttons narrower than their text (Qt cuts it)."""
    faults = []
    for button in root.findChildren(QAbstractButton):
        if not _has_text(button) or not _shown(button, root) or _in_viewport(button, root):
            continue
        hint = button.sizeHint()
        if hint.width() > button.width() + 1:
            faults.append(f"{_name(button)} is cut off ({button.width()} < {hint.width()} px)")
    return faults


def clipped_labels(root: QWidget) -> list[str]:
    """Labels narrower or lower than their text, and wrapped labels that must split a word."""
    faults = []
    for label in root.findChildren(QLabel):
        if not _shown(label, root) or not label.text() or not label.pixmap().isNull():
            continue
        if isinstance(label.parentWidget(), QAbstractScrollArea):
            continue  # a scroll area's corner
        inner = label.contentsRect()
        if label.wordWrap():
            metrics = QFontMetrics(label.font())
            longest = max((metrics.horizontalAdvance(m) for m in _WORD.findall(_plain(label))),
                          default=0)
            if longest > inner.width() + 1:
                faults.append(f"{_name(label)} splits a word ({longest} > {inner.width()} px)")
            elif label.heightForWidth(label.width()) > label.height() + 1:
                faults.append(f"{_name(label)} is cut off at the bottom")
        else:
            hint = label.sizeHint()
            if hint.width() > label.width() + 1:
                faults.append(f"{_name(label)} is cut off ({label.width()} < {hint.width()} px)")
            elif hint.height() > label.height() + 1 and label.minimumSizeHint().height() > (
                label.height() + 1
            ):
                faults.append(f"{_name(label)} is cut off at the bottom")
    return faults


def split_words(root: QWidget) -> list[str]:
    """Read-only text boxes (help panes) that break a word over two lines."""
    faults = []
    for box in root.findChildren(QTextEdit):
        if not _shown(box, root) or not box.isReadOnly():
            continue
        bold = box.font()
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        width = box.viewport().width() - 2 * int(box.document().documentMargin())
        for word in _WORD.findall(box.toPlainText()):
            if metrics.horizontalAdvance(word) > width:
                faults.append(f"{_name(box)} breaks {word!r} ({width} px wide)")
                break
    return faults


def cut_tables(root: QWidget) -> list[str]:
    """Tables whose columns run out of view (a sideways scroll hides them), whose header
    texts are cut, or whose first column (the name) is cut in the rows shown."""
    faults = []
    for table in root.findChildren(QTableView):
        if not _shown(table, root) or _in_viewport(table, root):
            continue
        header = table.horizontalHeader()
        model = table.model()
        view_width = table.viewport().width()
        bold = header.font()
        bold.setBold(True)
        head_metrics, cell_metrics = QFontMetrics(bold), QFontMetrics(table.font())
        # a table may name the columns that must stay in view; the others may scroll sideways
        keep = table.property("keep_in_view")
        for column in range(model.columnCount()):
            if header.isSectionHidden(column):
                continue
            size = header.sectionSize(column)
            title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
            must_show = keep is None or column in keep
            if header.sectionViewportPosition(column) + size > view_width + 1:
                if not must_show:
                    continue
                faults.append(f"{_name(table)}: column {title!r} is out of view")
            elif max(head_metrics.horizontalAdvance(line)  # a header may have two lines
                     for line in title.split("\n")) + 8 > size:
                faults.append(f"{_name(table)}: header {title!r} is cut ({size} px)")
        # A cell elides its text when it is wider than the cell less the style's text margin
        # on each side (QCommonStyle: the focus frame's margin plus one pixel).
        margin = 2 * (table.style().pixelMetric(
            QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1)
        rows = min(model.rowCount(), 30)
        for row in range(rows):
            text = str(model.index(row, 0).data() or "")
            if cell_metrics.horizontalAdvance(text) + margin > header.sectionSize(0):
                faults.append(f"{_name(table)}: {text[:1]}… is cut in the first column")
                break
    return faults


def _layout_widgets(layout: QLayout) -> list[QWidget]:
    found: list[QWidget] = []
    for i in range(layout.count()):
        item = layout.itemAt(i)
        if item is None:
            continue
        if item.widget() is not None:
            found.append(item.widget())
        elif item.layout() is not None:
            found.extend(_layout_widgets(item.layout()))
    return found


def overlapping(root: QWidget) -> list[str]:
    """Widgets that one layout placed on top of each other (it ran out of room)."""
    faults = []
    for parent in [root, *root.findChildren(QWidget)]:
        layout = parent.layout()
        if layout is None or not _shown(parent, root) or _in_viewport(parent, root):
            continue
        kids = [w for w in _layout_widgets(layout) if _shown(w, root)]
        for i, a in enumerate(kids):
            ra = a.geometry().adjusted(1, 1, -1, -1)
            for b in kids[i + 1:]:
                rb: QRect = b.geometry().adjusted(1, 1, -1, -1)
                if ra.intersects(rb):
                    faults.append(f"{_name(a)} overlaps {_name(b)}")
    return faults


def layout_faults(root: QWidget) -> list[str]:
    return (clipped_labels(root) + clipped_buttons(root) + cut_by_parents(root)
            + split_words(root) + overlapping(root) + cut_tables(root))
