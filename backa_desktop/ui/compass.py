"""The Behovskompass picture: eight sectors coloured by status, rings 1–5, a radar per rater.

Drawn with QPainter (QtCharts is not in pyside6-essentials). The widget only paints what it is
given: a `CompassState`-like mapping of need → status and a list of rater series for one
occasion; choosing the occasion is the overview's job.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from backa_desktop.domain.needs import WHEEL_ORDER, Need, NeedStatus
from backa_desktop.ui import theme
from backa_desktop.ui.qt import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPixmap,
    QPointF,
    QPolygonF,
    QRectF,
    QSize,
    QSizePolicy,
    Qt,
    QWidget,
    translate,
)

RINGS = 5


@dataclass(frozen=True)
class RadarSeries:
    """One rater's per-need means (1–5, None for no score) drawn as one polygon."""

    label: str
    means: Mapping[str, float | None]


class CompassWidget(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._labels: dict[str, str] = {n.value: n.value.upper() for n in WHEEL_ORDER}
        self._status: dict[str, str | None] = {}
        self._series: list[RadarSeries] = []
        self.setMinimumSize(QSize(320, 320))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(translate("Compass", "Behovskompassen"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._picture: tuple[object, QPixmap] | None = None  # (what it shows, the drawing)

    # -- data -----------------------------------------------------------------------------
    def set_labels(self, labels: Mapping[str, str]) -> None:
        self._labels.update(labels)
        self.update()

    def label_of(self, need_id: str) -> str:
        return self._labels.get(need_id, need_id)

    def set_status(self, status: Mapping[str, str | None]) -> None:
        self._status = dict(status)
        self._describe()
        self.update()

    def set_series(self, series: Sequence[RadarSeries]) -> None:
        self._series = list(series)
        self._describe()
        self.update()

    def series(self) -> list[RadarSeries]:
        return list(self._series)

    def status(self) -> dict[str, str | None]:
        return dict(self._status)

    def _legend_items(self, fm: QFontMetrics) -> list[tuple[float, tuple[str, str | None, str]]]:
        items: list[tuple[float, tuple[str, str | None, str]]] = []
        for key, text in _status_legend():
            items.append((fm.ascent() + 16 + fm.horizontalAdvance(text), ("status", key, text)))
        for k, series in enumerate(self._series):
            items.append(
                (
                    fm.ascent() + 16 + fm.horizontalAdvance(series.label),
                    ("series", str(k), series.label),
                )
            )
        return items

    def minimumSizeHint(self) -> QSize:
        side = max(320, self.fontMetrics().height() * 16)
        return QSize(side, side)

    def _describe(self) -> None:
        """A text equivalent of the picture for screen readers."""
        parts = []
        for need in WHEEL_ORDER:
            st = self._status.get(need.value)
            parts.append(f"{self._labels.get(need.value, need.value)}: {status_text(st)}")
        for s in self._series:
            scores = ", ".join(
                f"{self._labels.get(n.value, n.value)} {_fmt(s.means.get(n.value))}"
                for n in WHEEL_ORDER
            )
            parts.append(f"{s.label}: {scores}")
        self.setAccessibleDescription("; ".join(parts))

    # -- painting -------------------------------------------------------------------------
    def sizeHint(self) -> QSize:
        return QSize(460, 460)

    def heightForWidth(self, w: int) -> int:
        return w

    def _radius_for(self, bfm: QFontMetrics, half_w: float, half_h: float, step: float) -> float:
        radius = min(half_w, half_h) - 8
        for i, need in enumerate(WHEEL_ORDER):
            angle = math.radians(90 - i * step)
            c, s_ = abs(math.cos(angle)), abs(math.sin(angle))
            tw = bfm.horizontalAdvance(self._labels.get(need.value, need.value).upper())
            if c > 0.2:
                radius = min(radius, (half_w - 6 - tw) / c - 10)
            else:
                radius = min(radius, half_w - 6 - tw / 2)
            if s_ > 0.2:
                radius = min(radius, (half_h - 6 - bfm.height()) / s_ - 10)
        return radius

    def paintEvent(self, event: QPaintEvent) -> None:
        """The picture is drawn once per content and size, then copied: the window paints the
        overview several times while a child opens (the screen coming to the front, its new
        data, the timeline filling), and drawing the wheel in Python each time was the
        largest part of those paints."""
        dpr = self.devicePixelRatioF()
        shows = (
            self.width(), self.height(), dpr, self.font().key(), self.palette().cacheKey(),
            tuple(sorted(self._labels.items())),
            tuple(sorted(self._status.items(), key=lambda kv: kv[0])),
            tuple((s.label, tuple(sorted(s.means.items()))) for s in self._series),
        )
        if self._picture is None or self._picture[0] != shows:
            pixmap = QPixmap(max(1, round(self.width() * dpr)), max(1, round(self.height() * dpr)))
            pixmap.setDevicePixelRatio(dpr)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setFont(self.font())  # a painter on a pixmap starts with the app's font
            self._draw(painter)
            painter.end()
            self._picture = (shows, pixmap)
        p = QPainter(self)
        p.drawPixmap(0, 0, self._picture[1])
        p.end()

    def _draw(self, p: QPainter) -> None:
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h = self.width(), self.height()
        fm = p.fontMetrics()
        legend = self._legend_items(fm)
        rows = _flow(legend, w - 16)
        line_px = fm.height() + 4
        legend_h = len(rows) * line_px + 8
        n = len(WHEEL_ORDER)
        step = 360 / n
        half_w, half_h = w / 2, (h - legend_h) / 2
        # labels shrink (down to 60 %) before the wheel gets small: at 200 % text the names
        # would otherwise leave almost no room for the picture
        for factor in (1.0, 0.85, 0.7, 0.6):
            bold_font = QFont(self.font())
            bold_font.setBold(True)
            bold_font.setPointSizeF(self.font().pointSizeF() * factor)
            radius = self._radius_for(QFontMetrics(bold_font), half_w, half_h, step)
            if radius >= 0.3 * min(w, h - legend_h):
                break
        radius = max(radius, 40)
        cx, cy = half_w, half_h
        centre = QPointF(cx, cy)

        # sectors: Qt angles are counter-clockwise from 3 o'clock, in 1/16 degree
        for i, need in enumerate(WHEEL_ORDER):
            start = 90 - i * step  # first sector centred around 12 o'clock
            path = QPainterPath(centre)
            path.arcTo(
                QRectF(cx - radius, cy - radius, 2 * radius, 2 * radius),
                start + step / 2,
                -step,
            )
            path.closeSubpath()
            p.setPen(QPen(QColor(theme.WHEEL_LINE), 1.5))
            p.setBrush(QColor(theme.status_colour(self._status.get(need.value))))
            p.drawPath(path)

        # rings 1..5
        p.setBrush(Qt.BrushStyle.NoBrush)
        ring_pen = QPen(QColor(theme.WHEEL_RING), 1, Qt.PenStyle.DashLine)
        p.setPen(ring_pen)
        small = QFont(p.font())
        small.setPointSizeF(max(small.pointSizeF() * 0.8, 6))
        for r in range(1, RINGS + 1):
            rr = radius * r / RINGS
            p.drawEllipse(centre, rr, rr)
        p.setFont(small)
        p.setPen(QColor(theme.MUTED_TEXT))
        for r in range(1, RINGS + 1):
            rr = radius * r / RINGS
            p.drawText(QPointF(cx + 3, cy - rr + fm.ascent() * 0.8), str(r))
        p.setFont(self.font())

        # need labels around the wheel
        p.setFont(bold_font)
        p.setPen(QColor(theme.TEXT))
        bfm = p.fontMetrics()
        for i, need in enumerate(WHEEL_ORDER):
            angle = math.radians(90 - i * step)
            lx = cx + (radius + 10) * math.cos(angle)
            ly = cy - (radius + 10) * math.sin(angle)
            text = self._labels.get(need.value, need.value).upper()
            tw = bfm.horizontalAdvance(text)
            c = math.cos(angle)
            if abs(c) < 0.2:
                x = lx - tw / 2
            elif c > 0:
                x = lx
            else:
                x = lx - tw
            s = math.sin(angle)
            y = (
                ly - bfm.descent()
                if s > 0.2
                else (ly + bfm.ascent() if s < -0.2 else ly + bfm.ascent() / 2)
            )
            p.drawText(QPointF(x, y), text)

        # radar polygons
        for k, series in enumerate(self._series):
            colour = QColor(theme.rater_colour(k))
            fill = QColor(colour)
            fill.setAlpha(50)
            points: list[QPointF] = []
            for i, need in enumerate(WHEEL_ORDER):
                value = series.means.get(need.value)
                if value is None:
                    continue
                angle = math.radians(90 - i * step)
                rr = radius * max(0.0, min(float(value), RINGS)) / RINGS
                points.append(QPointF(cx + rr * math.cos(angle), cy - rr * math.sin(angle)))
            if not points:
                continue
            p.setPen(QPen(colour, 2.5))
            p.setBrush(fill)
            if len(points) > 2:
                p.drawPolygon(QPolygonF(points))
            for pt in points:
                p.drawEllipse(pt, 3.5, 3.5)

        # legend, wrapped to the widget's width
        p.setFont(self.font())
        top = h - legend_h + 4
        for line in rows:
            for (x, dy, _width), (kind, key, text) in line:
                y = top + dy * line_px + fm.ascent()
                if kind == "status":
                    p.setPen(QPen(QColor(theme.WHEEL_LINE), 1))
                    p.setBrush(QColor(theme.status_colour(key)))
                    p.drawRect(QRectF(8 + x, y - fm.ascent() + 2, fm.ascent() - 2, fm.ascent() - 2))
                else:
                    p.setPen(QPen(QColor(theme.rater_colour(int(key or 0))), 3))
                    mid = y - fm.ascent() / 2
                    p.drawLine(QPointF(8 + x, mid), QPointF(8 + x + fm.ascent() - 2, mid))
                p.setPen(QColor(theme.TEXT))
                p.drawText(QPointF(8 + x + fm.ascent() + 4, y), text)


def status_text(status: str | None) -> str:
    if status == NeedStatus.UPPFYLLT:
        return translate("Compass", "Uppfyllt")
    if status == NeedStatus.INTE_UPPFYLLT:
        return translate("Compass", "Inte uppfyllt")
    if status == NeedStatus.VET_INTE:
        return translate("Compass", "Vet inte")
    return translate("Compass", "Ingen uppgift")


def _status_legend() -> list[tuple[str | None, str]]:
    return [(s.value, status_text(s.value)) for s in NeedStatus] + [(None, status_text(None))]


def _flow(
    items: list[tuple[float, Any]], width: float
) -> list[list[tuple[tuple[float, float, float], Any]]]:
    """Place legend items left to right, starting a new line when the next does not fit;
    each placed item is ((x, line number, width), item)."""
    lines: list[list[tuple[tuple[float, float, float], Any]]] = [[]]
    x = 0.0
    line_h = 0.0
    for item_w, item in items:
        if lines[-1] and x + item_w > width:
            lines.append([])
            x = 0.0
            line_h += 1
        lines[-1].append(((x, line_h, item_w), item))
        x += item_w
    return lines


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}".replace(".", ",")


def need_order() -> tuple[Need, ...]:
    return WHEEL_ORDER
