"""Small building blocks every screen uses, so labels, errors and buttons look the same and
always carry an accessible name."""

from __future__ import annotations

from typing import TypeVar

from backa_desktop.ui.qt import (
    QCheckBox,
    QDialogButtonBox,
    QEvent,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMouseEvent,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
    translate,
)


def label(text: str, role: str = "", *, wrap: bool = True, buddy: QWidget | None = None) -> QLabel:
    lab = QLabel(text)
    if role:
        lab.setObjectName(role)
    lab.setWordWrap(wrap)
    if buddy is not None:
        lab.setBuddy(buddy)
    lab.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return lab


def button(
    text: str, *, primary: bool = False, danger: bool = False, name: str = ""
) -> QPushButton:
    btn = QPushButton(text)
    if primary:
        btn.setObjectName("primary")
    if danger:
        btn.setObjectName("danger")
    btn.setAccessibleName(name or text.replace("&", ""))
    btn.setAutoDefault(primary)
    return btn


class _Box(QCheckBox):
    """The box of a `check_row`: its text is the label beside it, which follows its
    enabled state."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text_label: QLabel | None = None
        named(self, text)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if (event.type() == QEvent.Type.EnabledChange
                and self.text_label is not None):
            self.text_label.setEnabled(self.isEnabled())


class _BoxText(QLabel):
    """A checkbox's text that wraps; a click on it toggles the box, as on a checkbox's own
    text."""

    def __init__(self, text: str, box: QCheckBox) -> None:
        super().__init__(text)
        self.box = box
        self.setWordWrap(True)
        self.setBuddy(box)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            event.accept()  # the release that follows is this label's
        else:
            super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mouseReleaseEvent(event)
            return
        event.accept()
        if self.box.isEnabled() and self.rect().contains(event.position().toPoint()):
            self.box.toggle()
            self.box.setFocus(Qt.FocusReason.MouseFocusReason)


def check_row(text: str) -> tuple[QCheckBox, QWidget]:
    """A checkbox whose text wraps (a QCheckBox's own text never does, so a long one is cut
    at 200 % text or widens its page past the window). Returns the box, for its state and
    signals, and the row to lay out."""
    box = _Box(text)
    words = _BoxText(text, box)
    box.text_label = words
    row_widget = QWidget()
    lay = QHBoxLayout(row_widget)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.addWidget(box, 0, Qt.AlignmentFlag.AlignTop)
    lay.addWidget(words, 1)
    return box, row_widget


W_ = TypeVar("W_", bound=QWidget)


def named(widget: W_, name: str, description: str = "") -> W_:
    """Give an input its accessible name (the field's label) and return it."""
    widget.setAccessibleName(name.replace("&", "").rstrip(":"))
    if description:
        widget.setAccessibleDescription(description)
    return widget


def card(*children: QWidget, margins: int = 12) -> QFrame:
    frame = QFrame()
    frame.setObjectName("card")
    lay = QVBoxLayout(frame)
    lay.setContentsMargins(margins, margins, margins, margins)
    for child in children:
        lay.addWidget(child)
    return frame


def error_label() -> QLabel:
    lab = QLabel("")
    lab.setObjectName("error")
    lab.setWordWrap(True)
    lab.setVisible(False)
    lab.setAccessibleName(translate("Widgets", "Felmeddelande"))
    return lab


def show_error(lab: QLabel, text: str) -> None:
    lab.setText(text)
    lab.setVisible(bool(text))
    if text:
        lab.setAccessibleDescription(text)


def row(*widgets: QWidget, stretch_first: bool = False, stretch_end: bool = False) -> QWidget:
    w = QWidget()
    lay = QHBoxLayout(w)
    lay.setContentsMargins(0, 0, 0, 0)
    if stretch_first:
        lay.addStretch(1)
    for x in widgets:
        lay.addWidget(x)
    if stretch_end:
        lay.addStretch(1)
    return w


def ok_cancel_buttons(ok_text: str) -> QDialogButtonBox:
    """OK/Cancel with OK named for what it does: the one button row every dialog uses."""
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    ok = box.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(ok_text)
    ok.setAccessibleName(ok_text)
    ok.setObjectName("primary")
    cancel = box.button(QDialogButtonBox.StandardButton.Cancel)
    cancel.setText(translate("Dialog", "Avbryt"))
    cancel.setAccessibleName(translate("Dialog", "Avbryt"))
    return box


def fit_dialog(dialog: QWidget, width: int, height: int) -> None:
    """Open a dialog at least `width` × `height`, and never smaller than its contents need at
    that width: wrapped texts grow taller with large text, and a dialog resized below its
    layout's height draws labels and fields on top of each other."""
    w = max(width, dialog.minimumSizeHint().width())
    lay = dialog.layout()
    need = dialog.sizeHint().height()
    if lay is not None and lay.hasHeightForWidth():
        need = max(need, lay.totalHeightForWidth(w))
    dialog.resize(w, max(height, need))


def ask_pdf_path(parent: QWidget, title: str, suggested: str) -> str:
    """Where to save a PDF ("" when the user cancels): one file dialog for every document
    the app saves, so they all offer PDF alone."""
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, "PDF (*.pdf)")
    return path


def tab_chain(window: QWidget) -> list[QWidget]:
    """The widgets Tab can reach in `window`, in its focus chain's order (`setTabOrder`
    ignores the others), for screens that place widgets built late into that order."""
    chain: list[QWidget] = []
    widget = window.nextInFocusChain()
    while widget is not None and widget is not window and len(chain) < 100_000:
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            chain.append(widget)
        widget = widget.nextInFocusChain()
    return chain
