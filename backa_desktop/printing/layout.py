"""Shared page layout: A4, header with title and ISO date, "Sida X av Y", a footer line.

Every document goes through `build_pdf`, so they all look alike and every one carries its
date and page count (a loose page of a plan must say which plan and which page it is).
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from backa_desktop.printing.fonts import BOLD, OBLIQUE, REGULAR, register_fonts

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 20 * mm
MARGIN_TOP = 26 * mm
MARGIN_BOTTOM = 22 * mm
# reportlab's page frame pads its content 6 pt inside the margins on each side; tables sized
# to the margins were 12 pt too wide for it, ran past the right rule, and the part of a table
# split onto the next page was drawn shifted left of the rest.
FRAME_PADDING = 6
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X - 2 * FRAME_PADDING

INK = colors.HexColor("#1f2a37")
MUTED = colors.HexColor("#5b6675")
RULE = colors.HexColor("#b8c2cc")
ACCENT = colors.HexColor("#1d5c8f")
SHADE = colors.HexColor("#eef3f8")


ROW_SPLIT_ROOM = 60.0
"""Points left at a page foot below which a table row is not split across the page: a row
started there would show a line or two, and a table continued in so little room would repeat
its header in the middle of the page for them."""


class FlowingTable(Table):  # type: ignore[misc]  # reportlab ships no types
    """A table whose long row starts where the previous row ends and continues on the next page
    (every grid table, the staff documents' and the family documents').

    reportlab splits between rows first; the rest of the table, header repeated, is then tried
    again in the room left on the same page, and a row too tall for it is split there: the
    header showed up in the middle of a page. Here a row that does not fit is split at once
    (when there is room for a few lines), so a repeated header only ever opens a page."""

    _left_behind: float = -1.0
    """The room left on the page where the rows before this rest of a table went: the rest is
    not split again there (its header would repeat mid-page), only on a later page."""

    def _in_row(self, availHeight: float) -> list[Flowable]:
        """The row split in two, or nothing."""
        return list(self._splitRows(availHeight, doInRowSplit=1))

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self._calc(availWidth, availHeight)
        if availHeight <= self._left_behind + 0.5:
            return []
        n = self._getFirstPossibleSplitRowPosition(availHeight)
        left = availHeight - sum(self._rowHeights[:n])
        if (n < len(self._rowHeights) and left >= ROW_SPLIT_ROOM
                and self._rowHeights[n] >= 2 * ROW_SPLIT_ROOM):
            in_row = self._in_row(availHeight)
            if in_row:
                return in_row
        by_row = list(self._splitRows(availHeight, doInRowSplit=0))
        if len(by_row) == 2:
            by_row[1]._left_behind = left
            return by_row
        if by_row or availHeight < ROW_SPLIT_ROOM:
            return by_row
        return self._in_row(availHeight)


@dataclass(frozen=True)
class Styles:
    """Paragraph styles at one reading size: staff documents, family (large), child (larger)."""

    body: ParagraphStyle
    small: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    quote: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    label: ParagraphStyle


def make_styles(size: float) -> Styles:
    register_fonts()  # the bold/oblique mapping must exist before a Paragraph is parsed
    lead = size * 1.35
    body = ParagraphStyle(
        "body", fontName=REGULAR, bulletFontName=REGULAR, fontSize=size, leading=lead,
        textColor=INK,
        alignment=TA_LEFT, spaceAfter=size * 0.45,
    )
    return Styles(
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=size * 0.8,
                             leading=size * 0.8 * 1.3, textColor=MUTED, spaceAfter=2),
        h1=ParagraphStyle("h1", parent=body, fontName=BOLD, fontSize=size * 1.75,
                          leading=size * 1.75 * 1.2, textColor=ACCENT, spaceAfter=size * 0.5),
        h2=ParagraphStyle("h2", parent=body, fontName=BOLD, fontSize=size * 1.2,
                          leading=size * 1.2 * 1.25, textColor=ACCENT, spaceBefore=size * 0.9,
                          spaceAfter=size * 0.35),
        quote=ParagraphStyle("quote", parent=body, fontName=OBLIQUE, leftIndent=size * 0.9,
                             borderPadding=0),
        cell=ParagraphStyle("cell", parent=body, fontSize=size * 0.9,
                            leading=size * 0.9 * 1.3, spaceAfter=0),
        cell_bold=ParagraphStyle("cell_bold", parent=body, fontName=BOLD,
                                 fontSize=size * 0.9, leading=size * 0.9 * 1.3, spaceAfter=0),
        label=ParagraphStyle("label", parent=body, fontName=BOLD, fontSize=size * 0.9,
                             leading=size * 0.9 * 1.3, textColor=MUTED, spaceAfter=0),
    )


LONG_WORD = 60
_LONG_RUN = re.compile(rf"\S{{{LONG_WORD + 1},}}")
HEADER_MAX_CHARS = 200


def _break_long_words(value: str) -> str:
    """A run of more than LONG_WORD characters without a space (a pasted link, a key held
    down) gets a break opportunity every LONG_WORD characters: reportlab otherwise tries
    every split point of such a word, which took minutes for a few hundred kilobytes."""
    return _LONG_RUN.sub(
        lambda m: " ".join(
            m.group(0)[i : i + LONG_WORD] for i in range(0, len(m.group(0)), LONG_WORD)
        ),
        value,
    )


def text(value: str) -> str:
    """User text as Paragraph markup: escaped, with line breaks kept, long words breakable."""
    return escape(_break_long_words(value.strip())).replace("\n", "<br/>")


def iso(value: date | None, empty: str = "–") -> str:
    return value.isoformat() if value is not None else empty


_ID_NUMBER = re.compile(r"(?<![\d])(\d{6}|\d{8})([-+]?)(\d{4})(?![\d])")


def _luhn_ok(ten: str) -> bool:
    total = 0
    for i, ch in enumerate(ten[:9]):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d // 10 + d % 10
    return (10 - total % 10) % 10 == int(ten[9])


def _looks_like_identity_number(date_part: str, sep: str, last4: str) -> bool:
    """Written with a separator or with the century, a plausible date is enough (a mistyped
    check digit still identifies a person); a bare ten-digit number must pass the Luhn check,
    and one starting 07 is taken for a mobile number."""
    six = date_part[-6:]
    month, day = int(six[2:4]), int(six[4:6])
    if not (1 <= month <= 12 and (1 <= day <= 31 or 61 <= day <= 91)):
        return False
    if sep or len(date_part) == 8:
        return True
    return not date_part.startswith("07") and _luhn_ok(six + last4)


def redact_identity_numbers(value: str, keep: str | None = None) -> str:
    """Masks personnummer/samordningsnummer in free text, except `keep` (the child's own).

    Family documents must carry no one's identity number but the child's; staff sometimes
    type a guardian's into a comment field, so free text is scrubbed before printing.
    """
    keep_digits = re.sub(r"\D", "", keep or "")

    def replace(match: re.Match[str]) -> str:
        date_part, sep, last4 = match.groups()
        if not _looks_like_identity_number(date_part, sep, last4):
            return match.group(0)
        digits = date_part + last4
        if keep_digits and (keep_digits == digits or keep_digits.endswith(digits)):
            return match.group(0)
        return "[personnummer borttaget]"

    return _ID_NUMBER.sub(replace, value)


@dataclass(frozen=True)
class PageFrame:
    title: str
    printed_on: date
    footer: str = ""
    subtitle: str = ""
    printed_template: str = "Utskriven {date}"
    page_template: str = "Sida {page} av {pages}"
    """The stamp and page number in the document's language (print-language catalogue)."""


def _fit(value: str, font: str, size: float, room: float) -> tuple[float, str]:
    """A header line that never runs into the date: smaller type first, then shortened."""
    if len(value) > HEADER_MAX_CHARS:  # more never fits a line; shortening is char by char
        value = value[:HEADER_MAX_CHARS]
    while size > 7.5 and stringWidth(value, font, size) > room:
        size -= 0.5
    if stringWidth(value, font, size) <= room:
        return size, value
    while value and stringWidth(value + "…", font, size) > room:
        value = value[:-1]
    return size, value.rstrip() + "…"


def _decorate(canvas: Canvas, frame: PageFrame, page: int, pages: int) -> None:
    canvas.saveState()
    top = PAGE_HEIGHT - 14 * mm
    canvas.setFillColor(INK)
    stamp = frame.printed_template.format(date=frame.printed_on.isoformat())
    room = CONTENT_WIDTH - stringWidth(stamp, REGULAR, 10) - 12
    size, title = _fit(frame.title, BOLD, 10, room)
    canvas.setFont(BOLD, size)
    canvas.drawString(MARGIN_X, top, title)
    canvas.setFont(REGULAR, 10)
    canvas.drawRightString(PAGE_WIDTH - MARGIN_X, top, stamp)
    if frame.subtitle:
        canvas.setFillColor(MUTED)
        canvas.setFont(REGULAR, 8.5)
        canvas.drawString(MARGIN_X, top - 11, frame.subtitle)
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.6)
    line_y = top - (16 if frame.subtitle else 6)
    canvas.line(MARGIN_X, line_y, PAGE_WIDTH - MARGIN_X, line_y)
    bottom = 12 * mm
    canvas.line(MARGIN_X, bottom + 9, PAGE_WIDTH - MARGIN_X, bottom + 9)
    canvas.setFillColor(MUTED)
    page_number = frame.page_template.format(page=page, pages=pages)
    if frame.footer:
        # a footer in a wordier language never runs into the page number
        size, footer = _fit(frame.footer, REGULAR, 8.5,
                            CONTENT_WIDTH - stringWidth(page_number, BOLD, 9) - 12)
        canvas.setFont(REGULAR, size)
        canvas.drawString(MARGIN_X, bottom, footer)
    canvas.setFont(BOLD, 9)
    canvas.setFillColor(INK)
    canvas.drawRightString(PAGE_WIDTH - MARGIN_X, bottom, page_number)
    canvas.restoreState()


def _canvas_class(frame: PageFrame) -> type[Canvas]:
    """A canvas that holds its pages back until the end, so each page can say "av N"."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab ships no types
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._saved_pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._saved_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved_pages)
            for number, state in enumerate(self._saved_pages, start=1):
                self.__dict__.update(state)
                _decorate(self, frame, number, total)
                Canvas.showPage(self)
            Canvas.save(self)

    return NumberedCanvas


def build_pdf(story: Sequence[Flowable], frame: PageFrame, *, author: str = "") -> bytes:
    register_fonts()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=frame.title,
        author=author or "Backa Desktop",
        creator="Backa Desktop",
        lang="sv-SE",
        initialFontName=REGULAR,
        initialFontSize=10,
    )
    doc.build(list(story), canvasmaker=_canvas_class(frame))
    return buffer.getvalue()


def write_pdf(data: bytes, path: Path | str) -> Path:
    """Writes atomically: a crash leaves the old file or the new one, never half a PDF."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return target


def key_value_table(
    rows: Sequence[tuple[str, str]], styles: Styles, label_width: float = 0.32
) -> Table:
    """Label/value rows; values are user text and are escaped here."""
    data = [
        [Paragraph(text(label), styles.label), Paragraph(text(value) or "–", styles.cell)]
        for label, value in rows
    ]
    table = Table(
        data,
        colWidths=[CONTENT_WIDTH * label_width, CONTENT_WIDTH * (1 - label_width)],
        hAlign="LEFT",
        splitInRow=1,  # a value longer than a page flows on to the next (else LayoutError)
    )
    table.setStyle(
        TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), REGULAR),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ])
    )
    return table


def spaced(flowable: Flowable, after: float = 8) -> list[Flowable]:
    return [flowable, Spacer(1, after)]


def grid_table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    styles: Styles,
    *,
    repeat_header: bool = True,
    escape_cells: bool = True,
) -> Table:
    """A table with a shaded header row; `widths` are fractions of the content width.

    A short value that fits its column on one line is drawn as plain text instead of a
    Paragraph: the same look, but no line breaking, which is most of the time a long plan
    spends in reportlab (dates, statuses, names)."""
    col_widths = [CONTENT_WIDTH * w for w in widths]
    size = styles.cell.fontSize
    room = [w - 4 - 5 - 0.5 for w in col_widths]

    def cell(value: str, style: ParagraphStyle, column: int) -> Paragraph | str:
        plain = value.strip()
        if (escape_cells and style is styles.cell and "\n" not in plain
                and stringWidth(plain, REGULAR, size) <= room[column]):
            return plain
        return Paragraph(text(value) if escape_cells else value, style)

    data: list[list[Flowable | str]] = [
        [cell(h, styles.cell_bold, i) for i, h in enumerate(header)]
    ]
    data.extend([cell(v, styles.cell, i) for i, v in enumerate(row)] for row in rows)
    table = FlowingTable(
        data,
        colWidths=col_widths,
        repeatRows=1 if repeat_header else 0,
        hAlign="LEFT",
        splitInRow=1,  # a cell longer than a page flows on to the next (else LayoutError)
    )
    table.setStyle(
        TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), REGULAR),
            ("FONTSIZE", (0, 0), (-1, -1), size),
            ("LEADING", (0, 0), (-1, -1), styles.cell.leading),
            ("TEXTCOLOR", (0, 0), (-1, -1), INK),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), SHADE),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
            ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 5),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ])
    )
    return table


def section(heading: str, body: Sequence[Flowable], styles: Styles) -> list[Flowable]:
    """A heading kept with the start of its content (no orphan headings at a page foot)."""
    if not body:
        return []
    first, *rest = body
    # KeepTogether reports an endless height to force a split, so one nested inside another
    # never fits anywhere: unwrap it instead.
    title = Paragraph(text(heading), styles.h2)
    if isinstance(first, Table) and len(first._cellvalues) > 6:
        # A long table splits across pages (repeating its header); only ask for room for
        # the heading and a few rows instead of moving the whole table to a new page.
        return [CondPageBreak(title.style.fontSize * 8), title, *body]
    head = list(first._content) if isinstance(first, KeepTogether) else [first]
    return [KeepTogether([title, *head]), *rest]


def paragraphs(value: str, style: ParagraphStyle) -> list[Flowable]:
    """Free text split on blank lines into paragraphs."""
    parts = [p for p in re.split(r"\n\s*\n", value.strip()) if p.strip()]
    return [Paragraph(text(p), style) for p in parts]


def signature_block(label: str, styles: Styles, lines: Sequence[str]) -> Flowable:
    """Empty lines to write on by hand, each with its caption below."""
    rows: list[list[Flowable]] = []
    for caption in lines:
        rows.append([Spacer(1, 26)])
        rows.append([Paragraph(text(caption), styles.small)])
    table = Table(rows, colWidths=[CONTENT_WIDTH * 0.9], hAlign="LEFT")
    table.setStyle(
        TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), REGULAR),
            *[("LINEBELOW", (0, i), (0, i), 0.7, INK) for i in range(0, len(rows), 2)],
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ])
    )
    return KeepTogether([Paragraph(text(label), styles.cell_bold), Spacer(1, 2), table])


Renderer = Callable[[Any], bytes]
