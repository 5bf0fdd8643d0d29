"""What a screen offers a user who cannot see it or reads it in English: the interactive
widgets a screen reader could not name, the texts a screen shows, and the translation
catalogue's messages. Shared by the accessibility, language and plan UI tests."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from backa_desktop.ui.form_view import FormView
from backa_desktop.ui.i18n import TRANSLATIONS
from backa_desktop.ui.qt import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    Qt,
    QTextEdit,
    QWidget,
)

TS = TRANSLATIONS / "backa_en.ts"

INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QComboBox,
    QAbstractItemView,
    QAbstractSpinBox,
)


def _inside(w: QWidget, kinds: tuple[type, ...]) -> bool:
    parent = w.parentWidget()
    while parent is not None:
        if isinstance(parent, kinds):
            return True
        parent = parent.parentWidget()
    return False


def unnamed(root: QWidget) -> list[str]:
    """Interactive widgets a screen reader could not name."""
    missing = []
    for w in [root, *root.findChildren(QWidget)]:
        if not isinstance(w, INTERACTIVE) or isinstance(w, QScrollBar):
            continue
        if w.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        if _inside(w, (QComboBox, QAbstractSpinBox)):
            continue  # a combo box's popup list or a spin box's editor: the box carries the name
        if not w.accessibleName().strip():
            missing.append(f"{type(w).__name__} {getattr(w, 'text', lambda: '')()!r}")
    return missing


def messages(ts: Path) -> list[tuple[str, str, ET.Element]]:
    out = []
    for ctx in ET.parse(ts).getroot().iter("context"):  # noqa: S314 - our own file
        for m in ctx.iter("message"):
            out.append((ctx.findtext("name") or "", m.findtext("source") or "", m))
    return out


def _form_content(w: QWidget) -> bool:
    """Inside a rendered form the words come from forms/*.yaml (data, in Swedish)."""
    parent = w.parentWidget()
    while parent is not None:
        if isinstance(parent, FormView):
            return True
        parent = parent.parentWidget()
    return False


def visible_texts(root: QWidget) -> set[str]:
    texts: set[str] = set()
    for w in [root, *root.findChildren(QWidget)]:
        if not w.isVisibleTo(root) or _form_content(w):
            continue
        if isinstance(w, QLabel | QAbstractButton):
            texts.add(w.text())
        elif isinstance(w, QGroupBox):
            texts.add(w.title())
        elif isinstance(w, QLineEdit):
            texts.add(w.placeholderText())
        if w.accessibleName():
            texts.add(w.accessibleName())
    return {t for t in texts if t}
