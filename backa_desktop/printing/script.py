"""Text in any script on a reportlab page: font fallback, Arabic shaping, right-to-left lines.

reportlab draws glyphs in the order it is given and never shapes Arabic (style.md §6.4), so for a
right-to-left language this module does what a text engine would: it shapes the letters into
their joined forms (arabic-reshaper, Arabic Presentation Forms A and B, which Noto Sans Arabic
has), breaks the *logical* text into lines that fit, and only then reorders each line into
visual order with the Unicode bidi algorithm (python-bidi), so the first words of a sentence
land on the first line and numbers, dates and Latin names inside the line keep reading left to
right. Lines are drawn right-aligned.

Every character is drawn with a font that has it: the language's script font (Noto Sans Arabic,
Noto Sans Ethiopic) for its own letters, DejaVu Sans for Latin, Cyrillic, digits and
punctuation. A character no bundled font has is a test failure, never a silent box.

Limits, chosen knowingly: vowel marks (harakat) are dropped by the shaper, as everyday written
Arabic and Persian leave them out; presentation forms give correct joining and the lam-alef
ligature but no further OpenType ligatures.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

import arabic_reshaper
from bidi.algorithm import get_display
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from backa_desktop.printing.fonts import BOLD, OBLIQUE, REGULAR, register_font_file, register_fonts
from backa_desktop.printing.languages import Catalogue

_RESHAPER = arabic_reshaper.ArabicReshaper(configuration={"delete_harakat": True})
_GLYPHS: dict[str, dict[int, int]] = {}
# A date or phone number inside Arabic text: after an Arabic letter the bidi algorithm turns
# its digits into "Arabic numbers" and 2026-11-23 would read 23-11-2026, so each such token is
# embedded left to right (LRE ... PDF) before reordering.
_NUMBER = re.compile(r"\d[\d \-–/.:+]*\d|\d")
_LRE, _PDF = "\u202a", "\u202c"

Run = tuple[str, str]  # (font name, text)


def _glyphs(font: str) -> dict[int, int]:
    table = _GLYPHS.get(font)
    if table is None:
        table = dict(pdfmetrics.getFont(font).face.charToGlyph)
        _GLYPHS[font] = table
    return table


def _latin_side(char: str) -> bool:
    """Characters DejaVu should draw even when the script font has them: Latin, Greek,
    Cyrillic, ASCII digits and general punctuation, so a Swedish name looks the same in every
    language's printout."""
    code = ord(char)
    return code < 0x0590 or 0x2000 <= code <= 0x206F


class Writer:
    """Everything a document needs to put one language's text on paper."""

    def __init__(self, catalogue: Catalogue) -> None:
        register_fonts()
        self.catalogue = catalogue
        self.rtl = catalogue.rtl
        regular = catalogue.fonts.get("regular")
        bold = catalogue.fonts.get("bold")
        self._script_regular = register_font_file(regular) if regular else None
        self._script_bold = register_font_file(bold) if bold else self._script_regular

    # -- fonts -------------------------------------------------------------------------
    def script_font(self, base: str) -> str | None:
        return self._script_bold if base == BOLD else self._script_regular

    def fonts(self) -> list[str]:
        """Every font this writer may draw with (for coverage checks)."""
        out = [REGULAR, BOLD, OBLIQUE]
        out += [f for f in (self._script_regular, self._script_bold) if f and f not in out]
        return out

    def font_for(self, char: str, base: str) -> str:
        script = self.script_font(base)
        if script and not _latin_side(char) and ord(char) in _glyphs(script):
            return script
        if ord(char) in _glyphs(base):
            return base
        if base == OBLIQUE and ord(char) in _glyphs(REGULAR):
            return REGULAR
        return script or base

    def runs(self, value: str, base: str) -> list[Run]:
        """The text cut into pieces of one font each; a space stays with the run it is in."""
        runs: list[list[str]] = []
        for char in value:
            if unicodedata.category(char) == "Cf":  # bidi controls are never drawn
                continue
            font = runs[-1][0] if (char == " " and runs) else self.font_for(char, base)
            if runs and runs[-1][0] == font:
                runs[-1][1] += char
            else:
                runs.append([font, char])
        return [(f, t) for f, t in runs]

    def width(self, value: str, base: str, size: float) -> float:
        return float(sum(stringWidth(t, f, size) for f, t in self.runs(value, base)))

    # -- right to left -------------------------------------------------------------------
    def shape(self, value: str) -> str:
        if not self.rtl:
            return value
        protected = _NUMBER.sub(lambda m: _LRE + m.group(0) + _PDF, value)
        return str(_RESHAPER.reshape(protected))

    def visual(self, logical_line: str, base: str = "R") -> str:
        """One already shaped and wrapped line in the order it is drawn, left to right.
        `base` is the paragraph direction: "R", or "L" for a left-to-right quote (a Swedish
        goal) inside a right-to-left page."""
        if not self.rtl:
            return logical_line
        shown = str(get_display(logical_line, base_dir=base))
        return "".join(c for c in shown if unicodedata.category(c) != "Cf")

    # -- paragraphs ----------------------------------------------------------------------
    def style(self, style: ParagraphStyle) -> ParagraphStyle:
        """The style mirrored for right to left: right-aligned, indents swapped."""
        if not self.rtl:
            return style
        alignment = TA_CENTER if style.alignment == TA_CENTER else TA_RIGHT
        return ParagraphStyle(style.name + "-rtl", parent=style, alignment=alignment,
                              leftIndent=style.rightIndent, rightIndent=style.leftIndent)

    def markup(self, value: str, base: str) -> str:
        """Paragraph markup for left-to-right text, with font changes where the script needs
        them."""
        parts: list[str] = []
        for font, piece in self.runs(value.strip(), base):
            body = escape(piece).replace("\n", "<br/>")
            parts.append(body if font == base else f'<font name="{font}">{body}</font>')
        return "".join(parts)

    def para(self, value: str, style: ParagraphStyle, *, quoted: bool = False) -> Flowable:
        """A paragraph of the catalogue's text, or (`quoted`) of what someone wrote: that
        keeps its own direction (from its first letter), so a Swedish goal on an Arabic page
        reads left to right, as written."""
        if self.rtl:
            direction = first_strong(value) if quoted else "R"
            if quoted and direction == "L":
                return Paragraph(self.markup(value, style.fontName), style)
            return RtlParagraph(self, value, self.style(style), direction=direction)
        return Paragraph(self.markup(value, style.fontName), style)

    def cell(self, value: str, style: ParagraphStyle) -> Flowable:
        """A table cell: aligned with the page's direction, each line in the text's own."""
        if self.rtl:
            return RtlParagraph(self, value, self.style(style), direction=first_strong(value))
        return Paragraph(self.markup(value, style.fontName), style)

    def draw(self, canvas: Canvas, x: float, y: float, value: str, base: str, size: float,
             anchor: str = "start") -> float:
        """One line at (x, y); `anchor` "start" means the reading start (the right end for
        right to left). Returns the drawn width."""
        visual = self.visual(self.shape(value))
        runs = self.runs(visual, base)
        total = sum(stringWidth(t, f, size) for f, t in runs)
        if anchor == "middle":
            left = x - total / 2
        elif (anchor == "start") == (not self.rtl):
            left = x
        else:
            left = x - total
        for font, piece in runs:
            canvas.setFont(font, size)
            canvas.drawString(left, y, piece)
            left += stringWidth(piece, font, size)
        return float(total)

    def wrap_lines(self, value: str, base: str, size: float, width: float,
                   direction: str = "R") -> list[list[Run]]:
        """Logical text -> visual lines (each a list of font runs, left to right)."""
        out: list[list[Run]] = []
        for hard in value.strip().split("\n"):
            words = self.shape(hard.strip()).split(" ")
            line: list[str] = []
            for word in words:
                candidate = " ".join([*line, word])
                if line and self.width(candidate, base, size) > width:
                    out.append(self.runs(self.visual(" ".join(line), direction), base))
                    line = [word]
                else:
                    line.append(word)
                while len(line) == 1 and self.width(line[0], base, size) > width > size:
                    head, rest = _split_word(self, line[0], base, size, width)
                    out.append(self.runs(self.visual(head, direction), base))
                    line = [rest] if rest else []
            if line or not out:
                out.append(self.runs(self.visual(" ".join(line), direction), base))
        return out


def first_strong(value: str, default: str = "R") -> str:
    """"L" or "R": the direction of the first letter (Unicode bidi rules P2-P3)."""
    for char in value:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "L"
        if kind in ("R", "AL"):
            return "R"
    return default


def _split_word(writer: Writer, word: str, base: str, size: float, width: float
                ) -> tuple[str, str]:
    """A word longer than the line (a URL, a long number) is cut where it stops fitting."""
    for cut in range(len(word) - 1, 0, -1):
        if writer.width(word[:cut], base, size) <= width:
            return word[:cut], word[cut:]
    return word[:1], word[1:]


@dataclass
class _Lines:
    runs: list[list[Run]]
    widths: list[float]


class RtlParagraph(Flowable):  # type: ignore[misc]  # reportlab ships no types
    """A right-to-left paragraph: wrapped in logical order, drawn right-aligned in visual
    order. Splits across pages like a Paragraph."""

    def __init__(self, writer: Writer, value: str, style: ParagraphStyle,
                 lines: _Lines | None = None, direction: str = "R") -> None:
        super().__init__()
        self.direction = direction
        self.writer = writer
        self.value = value
        self.style = style
        self._lines = lines
        self._wrapped_for: float | None = None

    def __repr__(self) -> str:
        return f"RtlParagraph({len(self.value)} chars)"

    def _room(self, avail: float) -> float:
        return max(1.0, float(avail - self.style.leftIndent - self.style.rightIndent))

    def _wrap(self, avail: float) -> _Lines:
        if self._lines is not None and self._wrapped_for in (None, avail):
            return self._lines
        size = self.style.fontSize
        runs = self.writer.wrap_lines(self.value, self.style.fontName, size, self._room(avail),
                                      self.direction)
        widths = [sum(stringWidth(t, f, size) for f, t in line) for line in runs]
        self._lines = _Lines(runs, widths)
        self._wrapped_for = avail
        return self._lines

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        lines = self._wrap(availWidth)
        self.width = availWidth
        self.height = len(lines.runs) * self.style.leading
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        lines = self._wrap(availWidth)
        fit = int((availHeight + 0.01) // self.style.leading)
        if fit < 1 or fit >= len(lines.runs):
            return [] if fit < 1 else [self]
        first = ParagraphStyle(self.style.name + "-a", parent=self.style, spaceAfter=0)
        rest = ParagraphStyle(self.style.name + "-b", parent=self.style, spaceBefore=0)
        return [
            RtlParagraph(self.writer, self.value, first,
                         _Lines(lines.runs[:fit], lines.widths[:fit]), self.direction),
            RtlParagraph(self.writer, self.value, rest,
                         _Lines(lines.runs[fit:], lines.widths[fit:]), self.direction),
        ]

    def getSpaceBefore(self) -> float:  # reportlab's API
        return float(self.style.spaceBefore)

    def getSpaceAfter(self) -> float:
        return float(self.style.spaceAfter)

    def draw(self) -> None:
        lines = self._wrap(self.width)
        style = self.style
        size, leading = style.fontSize, style.leading
        canvas: Any = self.canv
        canvas.setFillColor(style.textColor)
        right = self.width - style.rightIndent
        left = style.leftIndent
        for i, (runs, width) in enumerate(zip(lines.runs, lines.widths, strict=True)):
            y = self.height - i * leading - size
            if style.alignment == TA_CENTER:
                x = left + (right - left - width) / 2
            elif style.alignment == TA_LEFT:
                x = left
            else:
                x = right - width
            for font, piece in runs:
                canvas.setFont(font, size)
                canvas.drawString(x, y, piece)
                x += stringWidth(piece, font, size)


def text_of(flowables: Sequence[Flowable]) -> str:
    """The logical text of RtlParagraphs (for debugging and tests)."""
    return "\n".join(f.value for f in flowables if isinstance(f, RtlParagraph))
