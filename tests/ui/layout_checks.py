"""What a screen looks like to someone reading at 200 % text: labels cut off, widgets drawn over
each other, words split in the middle. Each check returns readable descriptions of the faults,
so a failing test says where to look."""

from __future__ import annotations

import re

from backa_desktop.ui.qt import (
    QAbstractScrollArea,
    QFontMetrics,
    QLabel,
    QLayout,
    QRect,
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
    text = w.text() if isinstance(w, QLabel) else w.accessibleName()
    return f"{type(w).__name__} {text[:40]!r}"


def _plain(label: QLabel) -> str:
    text = _TAG.sub(" ", label.text()).replace("&nbsp;", " ")
    if label.buddy() is not None:  # "&Namn": the & marks the shortcut and is not drawn
        text = re.sub(r"&(.)", r"\1", text)
    return text


def _in_viewport(w: QWidget, root: QWidget) -> bool:
    """Inside a scroll area's viewport the user scrolls to see the rest; a label there is cut
    only by its own size, which the label checks look at."""
    parent = w.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


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
            elif head_metrics.horizontalAdvance(title) + 8 > size:
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
    return clipped_labels(root) + split_words(root) + overlapping(root) + cut_tables(root)
