"""The Behovskompass wheel as a vector picture (reportlab graphics).

Eight sectors in `WHEEL_ORDER`, clockwise from the top, filled by status (met / not met /
unknown). Colour alone fails on a black-and-white printer and for colour-blind readers, so each
sector also carries a mark (✓, !, ?). With 1–5 scores the wheel gets rings and one radar
polygon per rater, each with its own colour and line style, and a legend.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, Rect, String, Wedge
from reportlab.lib import colors

from backa_desktop.domain.needs import WHEEL_ORDER, Need, NeedStatus
from backa_desktop.printing.fonts import BOLD, REGULAR, register_fonts
from backa_desktop.printing.models import CompassView

if TYPE_CHECKING:
    from backa_desktop.printing.script import Writer

STATUS_FILL: dict[NeedStatus | None, colors.Color] = {
    NeedStatus.UPPFYLLT: colors.HexColor("#9fd4a3"),
    NeedStatus.INTE_UPPFYLLT: colors.HexColor("#f4b183"),
    NeedStatus.VET_INTE: colors.HexColor("#dfe3e8"),
    None: colors.HexColor("#f4f6f8"),
}
STATUS_MARK: dict[NeedStatus | None, str] = {
    NeedStatus.UPPFYLLT: "✓",
    NeedStatus.INTE_UPPFYLLT: "!",
    NeedStatus.VET_INTE: "?",
    None: "",
}
STATUS_WORDS: dict[NeedStatus, str] = {
    NeedStatus.UPPFYLLT: "Behovet är uppfyllt",
    NeedStatus.INTE_UPPFYLLT: "Behöver mer stöd",
    NeedStatus.VET_INTE: "Vet inte ännu",
}
CHILD_STATUS_WORDS: dict[NeedStatus, str] = {
    NeedStatus.UPPFYLLT: "Det här är bra",
    NeedStatus.INTE_UPPFYLLT: "Här behöver du hjälp",
    NeedStatus.VET_INTE: "Det vet vi inte än",
}
RATER_COLOURS: tuple[colors.Color, ...] = (
    colors.HexColor("#1d5c8f"),
    colors.HexColor("#b3261e"),
    colors.HexColor("#2e7d32"),
    colors.HexColor("#6a3d9a"),
    colors.HexColor("#8c6d1f"),
)
RATER_DASHES: tuple[tuple[float, ...] | None, ...] = (None, (4, 2), (1.5, 1.5), (6, 2, 1.5, 2))
INK = colors.HexColor("#1f2a37")


@dataclass(frozen=True)
class CompassTexts:
    """The legend's words and the writer that draws them, for a family printout in another
    language; a right-to-left writer also mirrors the legend (swatch at the right)."""

    writer: Writer
    not_answered: str
    scale: str  # with {rater}


def _angle(index: int) -> float:
    """Mid-angle (degrees, counter-clockwise from east) of sector `index`, clockwise from top."""
    return 90.0 - 45.0 * index - 22.5


def _point(cx: float, cy: float, r: float, degrees: float) -> tuple[float, float]:
    rad = math.radians(degrees)
    return cx + r * math.cos(rad), cy + r * math.sin(rad)


def compass_drawing(
    view: CompassView,
    *,
    radius: float = 72,
    font_size: float = 9.5,
    status_words: dict[NeedStatus, str] | None = None,
    show_legend: bool = True,
    texts: CompassTexts | None = None,
) -> Drawing:
    """The wheel with its labels; width fits the longest label on both sides."""
    register_fonts()
    words = status_words or STATUS_WORDS
    label_gap = 8
    label_width = max(
        _measure(texts, view.label(n).upper(), REGULAR, font_size) for n in WHEEL_ORDER
    )
    wheel_width = 2 * (radius + label_gap + label_width) + 8
    legend_lines = _legend_lines(view, words, texts) if show_legend else []
    legend_height = len(legend_lines) * (font_size + 5) + (6 if legend_lines else 0)
    height = 2 * radius + 2 * (font_size + label_gap) + 8 + legend_height
    width = wheel_width
    drawing = Drawing(width, height)
    cx, cy = width / 2, legend_height + radius + font_size + label_gap + 4
    with_radar = bool(view.raters)

    for i, need in enumerate(WHEEL_ORDER):
        status = view.statuses.get(need)
        start = 90.0 - 45.0 * (i + 1)
        wedge = Wedge(cx, cy, radius, start, start + 45.0)
        wedge.fillColor = STATUS_FILL[status]
        wedge.fillOpacity = 0.55 if with_radar else 1
        wedge.strokeColor = colors.white
        wedge.strokeWidth = 1.5
        drawing.add(wedge)
        mark = STATUS_MARK[status]
        if mark:
            mx, my = _point(cx, cy, radius * 0.8, _angle(i))
            drawing.add(String(mx, my - font_size * 0.35, mark, fontName=BOLD,
                               fontSize=font_size * 1.1, fillColor=INK, textAnchor="middle"))
        _add_label(drawing, cx, cy, radius + label_gap, _angle(i), view.label(need).upper(),
                   font_size, texts)

    if with_radar:
        _add_radar(drawing, view, cx, cy, radius * 0.66, font_size)
    else:
        hub = Circle(cx, cy, radius * 0.18)
        hub.fillColor = colors.white
        hub.strokeColor = colors.HexColor("#b8c2cc")
        drawing.add(hub)

    y = legend_height - font_size - 2
    rtl = texts is not None and texts.writer.rtl
    for swatch, dash, caption in legend_lines:
        x = width - 18.0 if rtl else 4.0
        if isinstance(swatch, str):
            drawing.add(String(x + 5, y, swatch, fontName=BOLD, fontSize=font_size,
                               fillColor=INK, textAnchor="middle"))
        elif dash == "box":
            box = Rect(x, y - 1, 10, font_size * 0.9)
            box.fillColor = swatch
            box.strokeColor = colors.HexColor("#8a96a3")
            box.strokeWidth = 0.5
            drawing.add(box)
        else:
            line = Line(x, y + font_size * 0.35, x + 14, y + font_size * 0.35)
            line.strokeColor = swatch
            line.strokeWidth = 1.8
            line.strokeDashArray = list(dash) if isinstance(dash, tuple) else None
            drawing.add(line)
        if rtl:
            _add_text(drawing, texts, x - 6, y, caption, REGULAR, font_size, "end")
        else:
            _add_text(drawing, texts, x + 20, y, caption, REGULAR, font_size, "start")
        y -= font_size + 5
    return drawing


def _string_width(value: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return float(stringWidth(value, REGULAR, size))


def _measure(texts: CompassTexts | None, value: str, font: str, size: float) -> float:
    if texts is None:
        return _string_width(value, size)
    return texts.writer.width(texts.writer.shape(value), font, size)


def _add_text(drawing: Drawing, texts: CompassTexts | None, x: float, y: float, value: str,
              font: str, size: float, anchor: str) -> None:
    """A string at (x, y) anchored like reportlab's String; through the writer (shaping,
    visual order, font per script) when there is one."""
    if texts is None:
        drawing.add(String(x, y, value, fontName=font, fontSize=size, fillColor=INK,
                           textAnchor=anchor))
        return
    from reportlab.pdfbase.pdfmetrics import stringWidth

    writer = texts.writer
    runs = writer.runs(writer.visual(writer.shape(value)), font)
    total = sum(stringWidth(t, f, size) for f, t in runs)
    left = x - total if anchor == "end" else x - total / 2 if anchor == "middle" else x
    for run_font, piece in runs:
        drawing.add(String(left, y, piece, fontName=run_font, fontSize=size, fillColor=INK))
        left += stringWidth(piece, run_font, size)


def _add_label(
    drawing: Drawing, cx: float, cy: float, r: float, degrees: float, label: str, size: float,
    texts: CompassTexts | None = None,
) -> None:
    x, y = _point(cx, cy, r, degrees)
    cos = math.cos(math.radians(degrees))
    anchor = "middle" if abs(cos) < 0.3 else ("start" if cos > 0 else "end")
    sin = math.sin(math.radians(degrees))
    y_adjust = -size * 0.35 + (size * 0.3 if sin > 0.5 else -size * 0.3 if sin < -0.5 else 0)
    _add_text(drawing, texts, x, y + y_adjust, label, REGULAR, size, anchor)


def _add_radar(
    drawing: Drawing, view: CompassView, cx: float, cy: float, r: float, size: float
) -> None:
    """Rings 1–5 on the inner part of the wheel; needs a rater said 'vet ej' to are skipped,
    so the polygon shows only what was actually rated."""
    grid = Group()
    for step in range(1, 6):
        ring = Circle(cx, cy, r * step / 5)
        ring.fillColor = colors.white if step == 5 else None
        ring.fillOpacity = 0.85
        ring.strokeColor = colors.HexColor("#9aa5b1")
        ring.strokeWidth = 0.4
        grid.add(ring)
    for i in range(len(WHEEL_ORDER)):
        x, y = _point(cx, cy, r, _angle(i))
        spoke = Line(cx, cy, x, y)
        spoke.strokeColor = colors.HexColor("#9aa5b1")
        spoke.strokeWidth = 0.4
        grid.add(spoke)
    for step in (1, 3, 5):
        grid.add(String(cx + 2, cy + r * step / 5 - size * 0.3 + 1, str(step), fontName=REGULAR,
                        fontSize=size * 0.65, fillColor=colors.HexColor("#5b6675")))
    drawing.add(grid)
    for k, rater in enumerate(view.raters):
        colour = RATER_COLOURS[k % len(RATER_COLOURS)]
        dash = RATER_DASHES[k % len(RATER_DASHES)]
        points: list[float] = []
        for i, need in enumerate(WHEEL_ORDER):
            score = rater.scores.get(need)
            if score is None:
                continue
            clamped = max(0.0, min(5.0, float(score)))
            points.extend(_point(cx, cy, r * clamped / 5, _angle(i)))
        if len(points) >= 6:
            polygon = Polygon(points)
            polygon.fillColor = colour
            polygon.fillOpacity = 0.12
            polygon.strokeColor = colour
            polygon.strokeWidth = 1.6
            polygon.strokeDashArray = list(dash) if dash else None
            drawing.add(polygon)
        for j in range(0, len(points), 2):
            dot = Circle(points[j], points[j + 1], 2.2)
            dot.fillColor = colour
            dot.strokeColor = colour
            drawing.add(dot)


def _legend_lines(
    view: CompassView, words: dict[NeedStatus, str], texts: CompassTexts | None = None
) -> list[tuple[colors.Color | str, str | tuple[float, ...] | None, str]]:
    lines: list[tuple[colors.Color | str, str | tuple[float, ...] | None, str]] = []
    used = [s for s in NeedStatus if s in view.statuses.values()]
    for status in used:
        lines.append((STATUS_FILL[status], "box", f"{STATUS_MARK[status]}  {words[status]}"))
    if used and any(n not in view.statuses for n in WHEEL_ORDER):
        not_answered = texts.not_answered if texts else "Inte besvarat"
        lines.append((STATUS_FILL[None], "box", "    " + not_answered))
    for k, rater in enumerate(view.raters):
        caption = texts.scale.format(rater=rater.rater) if texts else f"{rater.rater} (skala 1–5)"
        lines.append((RATER_COLOURS[k % len(RATER_COLOURS)], RATER_DASHES[k % len(RATER_DASHES)],
                      caption))
    return lines


def needs_in_wheel_order(needs: Sequence[Need]) -> list[Need]:
    wanted = set(needs)
    return [n for n in WHEEL_ORDER if n in wanted]
