"""Page layout for the documents a family takes home, in the family's language.

The same A4 page as `layout.py` (header with title and date, "page X of Y", footer), but every
fixed word comes from the language's catalogue and a right-to-left language gets the page
mirrored: the title and headings at the right margin, the date stamp and page number at the
left, tables with their first column on the right. A bilingual print is one PDF with the
family's version first and the Swedish one after it, each part numbered on its own, so staff
can see what the family receives.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from backa_desktop.printing.fonts import BOLD, REGULAR, register_fonts
from backa_desktop.printing.languages import Catalogue, load_catalogue
from backa_desktop.printing.layout import (
    ACCENT,
    CONTENT_WIDTH,
    INK,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MUTED,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    ROW_SPLIT_ROOM,
    RULE,
    SHADE,
    FlowingTable,
    Styles,
    make_styles,
)
from backa_desktop.printing.script import Writer

HEADER_MAX_CHARS = 200
_writers: dict[str, Writer] = {}


def writer_for(catalogue: Catalogue) -> Writer:
    """One writer per language (its font choices are remembered); a new one when the
    catalogue file was reloaded."""
    writer = _writers.get(catalogue.code)
    if writer is None or writer.catalogue is not catalogue:
        writer = _writers[catalogue.code] = Writer(catalogue)
    return writer


def writer_for_code(code: str) -> Writer:
    return writer_for(load_catalogue(code))


@dataclass(frozen=True)
class Part:
    """One language's version of a document: its story and its page frame."""

    writer: Writer
    story: list[Flowable]
    title: str
    footer: str = ""
    subtitle: str = ""
    # The PDF's own title (a viewer shows it in its window title and file list) when it must
    # say less than the page header: a child with protected identity.
    metadata_title: str = ""


class _PartMark(Flowable):  # type: ignore[misc]  # reportlab ships no types
    """Invisible; tells the canvas which part (and so which language's frame) a page has."""

    def __init__(self, index: int) -> None:
        super().__init__()
        self.index = index

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv._backa_part = self.index


MIN_PICTURE_SCALE = 0.8
"""How far a picture (the compass) may shrink to stay on the page its heading starts: at the
family's size its labels stay above 8 pt."""


PAGE_ROOM = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM - 12
"""The height of a page's frame inside its padding: what a page holds."""

FOLLOWERS_START = 2 * ROW_SPLIT_ROOM
"""The room a page must have left for the text after a picture that does not fit there to
start before it (a heading and a few lines), continuing on the next page."""


def _flow_height(flowables: Sequence[Flowable], canv: Any, availWidth: float) -> float:
    """The height the flowables take one after the other. A KeepTogether reports an endless
    height from its wrap (to be asked to split), so its contents are measured instead."""
    total = 0.0
    for flowable in flowables:
        if isinstance(flowable, KeepTogether):
            total += _flow_height(flowable._content, canv, availWidth)
            continue
        total += (flowable.wrapOn(canv, availWidth, PAGE_HEIGHT)[1]
                  + flowable.getSpaceBefore() + flowable.getSpaceAfter())
    return total


def _opened(flowables: Sequence[Flowable]) -> list[Flowable]:
    """The flowables with every KeepTogether opened, so they can run over a page break."""
    out: list[Flowable] = []
    for flowable in flowables:
        out += _opened(flowable._content) if isinstance(flowable, KeepTogether) else [flowable]
    return out


class PictureBlock(Flowable):  # type: ignore[misc]  # reportlab ships no types
    """A heading and its text with a picture below, kept on one page; where the page has a
    little less room than the picture needs, the picture is drawn smaller instead of moving,
    with its heading, to the next page and leaving this one half empty."""

    def __init__(self, text: Sequence[Flowable], picture: Flowable,
                 tail: Sequence[Flowable] = (), followers: Sequence[Flowable] = (),
                 fillers: Sequence[Flowable] = ()) -> None:
        super().__init__()
        self.text = list(text)
        self.picture = picture
        self.tail = list(tail)  # the section's text below the picture; stays with it
        self.followers = list(followers)
        self.fillers = list(fillers)  # after the followers; before the picture only whole
        self.scale = 1.0
        self._heights: list[float] = []

    def getSpaceBefore(self) -> float:
        return float(self.text[0].getSpaceBefore()) if self.text else 0.0

    def _text_height(self, availWidth: float, availHeight: float) -> float:
        self._heights = []
        total = 0.0
        for i, flowable in enumerate(self.text):
            _, h = flowable.wrapOn(self.canv, availWidth, availHeight)
            self._heights.append(h)
            total += h + (flowable.getSpaceBefore() if i else 0) + flowable.getSpaceAfter()
        return total

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        text = self._text_height(availWidth, availHeight)
        _, ph = self.picture.wrapOn(self.canv, availWidth, availHeight)
        room = (availHeight - text) / ph if ph else 1.0
        self.scale = min(1.0, room) if room >= MIN_PICTURE_SCALE else 1.0
        self.width = availWidth
        self.height = text + ph * self.scale
        if self.followers or self.tail or self.fillers:  # ask to be split: `split` decides
            return self.width, availHeight + 1
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """Moves whole to the next page, where it has all the room it needs; the text that
        follows it (`followers`) is printed first when it fits in the room left here, or
        starts here and runs over to the next page, so this page is not left a third empty;
        the `fillers` after them go first too where they fit here, or end on the next page
        with room left there for the whole picture."""
        if not self.followers and not self.tail and not self.fillers:
            return []
        alone = PictureBlock(self.text, self.picture)
        alone.canv = self.canv
        if alone.wrap(availWidth, availHeight)[1] <= availHeight:
            return [alone, *self.tail, *self.followers, *self.fillers]
        followers = _flow_height(self.followers, self.canv, availWidth)
        if self.fillers:
            before = followers + _flow_height(self.fillers, self.canv, availWidth)
            if before <= availHeight:
                return [*self.followers, *self.fillers, alone, *self.tail]
            overleaf = before - availHeight + ROW_SPLIT_ROOM  # a split loses a row's room
            if (availHeight >= FOLLOWERS_START
                    and overleaf + alone.wrap(availWidth, PAGE_ROOM)[1] <= PAGE_ROOM):
                # they start here and end overleaf with the whole picture after them
                return [*_opened(self.followers), *_opened(self.fillers), alone, *self.tail]
        if self.followers and (followers <= availHeight or availHeight >= FOLLOWERS_START):
            # they fit here, or start here (a heading and a few lines) and go on overleaf,
            # where the picture follows them
            return [*_opened(self.followers), alone, *self.tail, *self.fillers]
        return [PageBreak(), alone, *self.tail, *self.followers, *self.fillers]

    def draw(self) -> None:
        y = self.height
        for i, (flowable, h) in enumerate(zip(self.text, self._heights, strict=True)):
            y -= (flowable.getSpaceBefore() if i else 0) + h
            flowable.drawOn(self.canv, 0, y)
            y -= flowable.getSpaceAfter()
        pw, ph = self.picture.width * self.scale, self.picture.height * self.scale
        self.canv.saveState()
        self.canv.translate((self.width - pw) / 2, y - ph)
        self.canv.scale(self.scale, self.scale)
        self.picture.drawOn(self.canv, 0, 0)
        self.canv.restoreState()


class Page:
    """The helpers one document needs, bound to a language and a reading size."""

    def __init__(self, writer: Writer, size: float) -> None:
        self.w = writer
        self.s: Styles = make_styles(size)
        self.rtl = writer.rtl

    def t(self, key: str, **values: Any) -> str:
        return self.w.catalogue.t(key, **values)

    def p(self, value: str, style: Any = None, *, quoted: bool = False) -> Flowable:
        """The catalogue's text; `quoted` for what staff or the family wrote (kept in its own
        direction)."""
        return self.w.para(value, style or self.s.body, quoted=quoted)

    def paragraphs(self, value: str, style: Any = None) -> list[Flowable]:
        """Free text split on blank lines; printed as written."""
        parts = [x for x in re.split(r"\n\s*\n", value.strip()) if x.strip()]
        return [self.p(x, style, quoted=True) for x in parts]

    def section(self, heading: str, body: Sequence[Flowable]) -> list[Flowable]:
        """A heading kept with the start of its content (no orphan headings)."""
        if not body:
            return []
        first, *rest = body
        title = self.p(heading, self.s.h2)
        if isinstance(first, Table) and len(first._cellvalues) > 6:
            return [CondPageBreak(self.s.h2.fontSize * 8), title, *body]
        head = list(first._content) if isinstance(first, KeepTogether) else [first]
        return [KeepTogether([title, *head]), *rest]

    def picture_section(self, heading: str, text: Sequence[Flowable], picture: Flowable,
                        tail: Sequence[Flowable] = (), followers: Sequence[Flowable] = (),
                        fillers: Sequence[Flowable] = ()) -> list[Flowable]:
        """A section whose heading, text and picture stay on one page, the picture shrunk a
        little where that keeps them on this page, or `followers` printed before it where
        they fit in the room it leaves (`PictureBlock`)."""
        return [PictureBlock([self.p(heading, self.s.h2), *text], picture, tail, followers,
                             fillers)]

    def _mirror(self, row: list[Any]) -> list[Any]:
        return list(reversed(row)) if self.rtl else row

    def key_value_table(self, rows: Sequence[tuple[str, str]], label_width: float = 0.32
                        ) -> Table:
        data = [self._mirror([self.p(label, self.s.label), self.w.cell(value or "–", self.s.cell)])
                for label, value in rows]
        widths = self._mirror([CONTENT_WIDTH * label_width, CONTENT_WIDTH * (1 - label_width)])
        table = Table(data, colWidths=widths, hAlign="RIGHT" if self.rtl else "LEFT",
                      splitInRow=1)  # a value longer than a page flows on to the next
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), REGULAR),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
            ("LEFTPADDING", (0, 0), (-1, -1), 6 if self.rtl else 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3 if self.rtl else 6),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ]))
        return table

    def grid_table(self, header: Sequence[str] | None, rows: Sequence[Sequence[str]],
                   widths: Sequence[float], *, compact: bool = False) -> Table:
        """A table with a shaded header row; the first column is at the reading start.

        A short left-to-right value that fits its column is drawn as a plain string (no line
        breaking: most of a long plan's time in reportlab is spent there)."""
        col_widths = [CONTENT_WIDTH * w for w in widths]
        size = self.s.cell.fontSize
        room = [w - 9.5 for w in col_widths]

        def cell(value: str, style: Any, column: int) -> Flowable | str:
            plain = value.strip()
            if (not self.rtl and style is self.s.cell and "\n" not in plain
                    and all(f == REGULAR for f, _ in self.w.runs(plain, REGULAR))
                    and self.w.width(plain, REGULAR, size) <= room[column]):
                return plain
            if style is self.s.cell_bold:
                return self.p(value, style)
            return self.w.cell(value or "–", style)

        data: list[list[Flowable | str]] = []
        if header is not None:
            data.append(self._mirror([cell(h, self.s.cell_bold, i) for i, h in enumerate(header)]))
        data.extend(self._mirror([cell(v, self.s.cell, i) for i, v in enumerate(row)])
                    for row in rows)
        table = FlowingTable(data, colWidths=self._mirror(col_widths),
                      repeatRows=1 if header is not None else 0, splitInRow=1,
                      hAlign="RIGHT" if self.rtl else "LEFT")
        head_style = [("BACKGROUND", (0, 0), (-1, 0), SHADE),
                      ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT)] if header is not None else [
                      ("LINEABOVE", (0, 0), (-1, 0), 0.8, ACCENT)]
        table.setStyle(TableStyle([
            *head_style,
            ("FONTNAME", (0, 0), (-1, -1), REGULAR),
            ("FONTSIZE", (0, 0), (-1, -1), size),
            ("LEADING", (0, 0), (-1, -1), self.s.cell.leading),
            ("TEXTCOLOR", (0, 0), (-1, -1), INK),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 1 if header is not None else 0), (-1, -1), 0.4, RULE),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 5),
            ("TOPPADDING", (0, 0), (-1, -1), 2 if compact else 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3 if compact else 5),
        ]))
        return table

    def column_widths(self, header: Sequence[str], rows: Sequence[Sequence[str]],
                      weights: Sequence[float]) -> list[float]:
        """`weights` (fractions of the width) moved so each column holds its longest word.

        A word wider than its column is broken mid-word ("omklädningsrumm / et."); which column
        has the long words depends on the language (Somali statuses, Swedish compounds in what
        staff wrote), so the room is measured, not fixed. Room a column needs is taken from the
        others in proportion to what they can spare; when the words cannot all fit, each column
        gets a share in proportion to its longest word."""
        size = self.s.cell.fontSize
        pad = 9.5  # the grid table's padding and a hair for rounding
        need = []
        for column in range(len(weights)):
            widest = max((self.w.width(word, BOLD, size) for word in header[column].split()),
                         default=0.0)
            for row in rows:
                widest = max(widest, max((self.w.width(word, REGULAR, size)
                                          for word in row[column].split()), default=0.0))
            # a pasted link is broken anyway; it must not squeeze every other column
            need.append(min(0.5, (widest + pad) / CONTENT_WIDTH))
        if sum(need) >= 1:
            return [n / sum(need) for n in need]
        widths = list(weights)
        short = sum(max(0.0, n - w) for n, w in zip(need, widths, strict=True))
        spare = sum(max(0.0, w - n) for n, w in zip(need, widths, strict=True))
        if short <= 0:
            return widths
        return [n if w <= n else w - (w - n) * short / spare
                for n, w in zip(need, widths, strict=True)]

    def note(self, value: str) -> Table:
        """A shaded box: the line saying that staff's words are quoted as written."""
        table = Table([[self.p(value, self.s.small)]], colWidths=[CONTENT_WIDTH],
                      hAlign="RIGHT" if self.rtl else "LEFT")
        table.setStyle(TableStyle([
            ("BACKGROUND", (0, 0), (-1, -1), SHADE),
            ("LEFTPADDING", (0, 0), (-1, -1), 6),
            ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ]))
        return table

    def signature_block(self, label: str, lines: Sequence[str]) -> Flowable:
        rows: list[list[Flowable]] = []
        for caption in lines:
            rows.append([Spacer(1, 26)])
            rows.append([self.p(caption, self.s.small)])
        table = Table(rows, colWidths=[CONTENT_WIDTH * 0.9],
                      hAlign="RIGHT" if self.rtl else "LEFT")
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), REGULAR),
            *[("LINEBELOW", (0, i), (0, i), 0.7, INK) for i in range(0, len(rows), 2)],
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ]))
        return KeepTogether([self.p(label, self.s.cell_bold), Spacer(1, 2), table])


def _decorate(canvas: Any, part: Part, printed_on: str, page: int, pages: int) -> None:
    w = part.writer
    t = w.catalogue.t
    canvas.saveState()
    top = PAGE_HEIGHT - 14 * 2.834645669
    start, end = (PAGE_WIDTH - MARGIN_X, MARGIN_X) if w.rtl else (MARGIN_X, PAGE_WIDTH - MARGIN_X)
    canvas.setFillColor(INK)
    stamp = t("page.printed_on", date=printed_on)
    stamp_width = w.width(stamp, REGULAR, 10)
    room = CONTENT_WIDTH - stamp_width - 12
    size, title = 10.0, part.title[:HEADER_MAX_CHARS]  # more never fits; measure less
    while size > 7.5 and w.width(title, BOLD, size) > room:
        size -= 0.5
    while len(title) > 1 and w.width(title + "…", BOLD, size) > room:
        title = title[:-1]
    if title != part.title:
        title = title.rstrip() + "…"
    footer = part.footer[:HEADER_MAX_CHARS]
    w.draw(canvas, start, top, title, BOLD, size, "start")
    w.draw(canvas, end, top, stamp, REGULAR, 10, "end")
    if part.subtitle:
        canvas.setFillColor(MUTED)
        w.draw(canvas, start, top - 11, part.subtitle, REGULAR, 8.5, "start")
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.6)
    line_y = top - (16 if part.subtitle else 6)
    canvas.line(MARGIN_X, line_y, PAGE_WIDTH - MARGIN_X, line_y)
    bottom = 12 * 2.834645669
    canvas.line(MARGIN_X, bottom + 9, PAGE_WIDTH - MARGIN_X, bottom + 9)
    canvas.setFillColor(MUTED)
    number = t("page.page_of", page=page, pages=pages)
    if footer:
        footer_room = CONTENT_WIDTH - w.width(number, BOLD, 9) - 12
        footer_size = 8.5
        while footer_size > 6 and w.width(footer, REGULAR, footer_size) > footer_room:
            footer_size -= 0.25
        w.draw(canvas, start, bottom, footer, REGULAR, footer_size, "start")
    canvas.setFillColor(INK)
    w.draw(canvas, end, bottom, number, BOLD, 9, "end")
    canvas.restoreState()


def _canvas_class(parts: Sequence[Part], printed_on: str) -> Any:
    from reportlab.pdfgen.canvas import Canvas

    class PartCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._saved_pages: list[dict[str, Any]] = []
            self._backa_part = 0

        def showPage(self) -> None:
            self._saved_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            counts: dict[int, int] = {}
            for state in self._saved_pages:
                index = state.get("_backa_part", 0)
                counts[index] = counts.get(index, 0) + 1
            seen: dict[int, int] = {}
            for state in self._saved_pages:
                self.__dict__.update(state)
                index = state.get("_backa_part", 0)
                seen[index] = seen.get(index, 0) + 1
                _decorate(self, parts[index], printed_on, seen[index], counts[index])
                Canvas.showPage(self)
            Canvas.save(self)

    return PartCanvas


def build_family_pdf(parts: Sequence[Part], printed_on: str) -> bytes:
    """One PDF of one or more language parts (the family's language, then Swedish)."""
    return _build(parts, printed_on)[0]


SLIVER = 0.25
"""A last page filled less than this is a sliver: a page spent on a line or two."""


def build_family_pdf_fitted(
    make_parts: Callable[[float], Sequence[Part]], printed_on: str, scales: Sequence[float]
) -> bytes:
    """Like `build_family_pdf`, but a document whose last page would hold only a line or two
    is laid out again at the next smaller reading size (`scales`, factors of the normal
    size), and the first layout without a sliver, or with fewer pages, is kept. Most
    documents are built once; only those that end in a sliver pay for a second layout."""
    pdf, pages, last = _build(make_parts(1.0), printed_on)
    for scale in scales:
        if pages == 1 or last >= SLIVER:
            break
        tighter, tighter_pages, tighter_last = _build(make_parts(scale), printed_on)
        if tighter_pages < pages or tighter_last >= SLIVER:
            pdf, pages, last = tighter, tighter_pages, tighter_last
    return pdf


def _build(parts: Sequence[Part], printed_on: str) -> tuple[bytes, int, float]:
    """The PDF, its number of pages and how much of the last page's frame is used."""
    register_fonts()
    story: list[Flowable] = []
    for part in parts:
        part.writer.reset()
    for index, part in enumerate(parts):
        if index:
            story.append(PageBreak())
        story.append(_PartMark(index))
        story.extend(part.story)
    first = parts[0]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM, title=first.metadata_title or first.title,
        author="Backa Desktop",
        creator="Backa Desktop", lang=_pdf_lang(first.writer.catalogue.code),
        initialFontName=REGULAR, initialFontSize=10,
    )
    doc.build(story, canvasmaker=_canvas_class(parts, printed_on))
    frame = doc.frame
    used = (frame._y1 + frame._height - frame._y) / frame._height
    return buffer.getvalue(), int(doc.page), used


def _pdf_lang(code: str) -> str:
    return "sv-SE" if code == "sv" else code
