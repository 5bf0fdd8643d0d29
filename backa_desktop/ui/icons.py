"""Icons drawn for the app (resources/icons): one per need, smileys for child mode."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from backa_desktop.ui.qt import QIcon, QPainter, QPixmap, QSize, QSvgRenderer, Qt

ICONS = Path(__file__).resolve().parents[2] / "resources" / "icons"


def need_icon_path(need_id: str) -> Path:
    return ICONS / "needs" / f"{need_id}.svg"


def smiley_path(value: int) -> Path:
    return ICONS / "smileys" / f"{value}.svg"


def pixmap(path: Path, size: int) -> QPixmap:
    """Render an SVG at the exact pixel size (sharp at any font scale)."""
    pm = QPixmap(QSize(size, size))
    pm.fill(Qt.GlobalColor.transparent)
    renderer = QSvgRenderer(str(path))
    if renderer.isValid():
        painter = QPainter(pm)
        renderer.render(painter)
        painter.end()
    return pm


@cache
def need_icon(need_id: str) -> QIcon:
    return QIcon(str(need_icon_path(need_id)))


@cache
def smiley_icon(value: int) -> QIcon:
    return QIcon(str(smiley_path(value)))
