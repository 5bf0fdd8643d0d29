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
punctuation. A character no bundled font has (reportlab would silently drop it) is printed as
the replacement character U+FFFD, so the reader sees that something is missing.

Limits, chosen knowingly: vowel marks (harakat) are dropped by the shaper, as everyday written
Arabic and Persian leave them out; presentation forms give correct joining and the lam-alef
ligature but no further OpenType ligatures.
"""

from __future__ import annotations

import re
import unicodedata
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
# Left-to-right islands inside Arabic text are embedded (LRE ... PDF) before reordering:
# - a date or phone number: after an Arabic letter the bidi algorithm turns its digits into
#   "Arabic numbers", and 2026-11-23 would read 23-11-2026;
# - a Latin name with its parentheses, "Lena Ängström (Rektor, Backaskolan)": the closing
#   parenthesis next to Arabic would otherwise take the Arabic direction and flip over.
_LATIN = "0-9A-Za-z\u00c0-\u024f"
_NUMBER = re.compile(
    rf"[{_LATIN}“\"(][^\u0590-\u08ff\ufb50-\ufdff\ufe70-\ufeff]*[{_LATIN})”\"]"
    rf"|[{_LATIN}]"
)
_LRE, _PDF = "\u202a", "\u202c"

Run = tuple[str, str]  # (font name, text)
# A run longer than this without a space (a pasted link, a key held down) gets a break
# opportunity every LONG_WORD characters: otherwise every split point of it is tried.
LONG_WORD = 60
_LONG_RUN = re.compile(rf"\S{{{LONG_WORD + 1},}}")
_JOINERS = "\u200c\u200d"
_SHARED = ".,:!"
MISSING = "\ufffd"  # what a character no bundled font can draw is printed as


def _glyphs(font: str) -> dict[int, int]:
    table = _GLYPHS.get(font)
    if table is None:
        table = dict(pdfmetrics.getFont(font).face.charToGlyph)
        _GLYPHS[font] = table
    return table


_GLYPH_SETS: dict[str, frozenset[int]] = {}


def breakable(value: str) -> str:
    return _LONG_RUN.sub(
        lambda m: " ".join(m.group(0)[i:i + LONG_WORD]
                           for i in range(0, len(m.group(0)), LONG_WORD)), value)


def _glyph_set(font: str) -> frozenset[int]:
    found = _GLYPH_SETS.get(font)
    if found is None:
        found = _GLYPH_SETS[font] = frozenset(_glyphs(font))
    return found


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
        self._font_cache: dict[tuple[str, str], str] = {}
        # A document's strings are shaped and wrapped again and again (a table asks each cell
        # for its height several times); both are remembered for one document.
        self._shaped: dict[str, str] = {}
        self._wrapped: dict[tuple[str, str, float, float, str], list[list[Run]]] = {}

    # -- fonts -------------------------------------------------------------------------
    def script_font(self, base: str) -> str | None:
        return self._script_bold if base == BOLD else self._script_regular

    def fonts(self) -> list[str]:
        """Every font this writer may draw with (for coverage checks)."""
        out = [REGULAR, BOLD, OBLIQUE]
        out += [f for f in (self._script_regular, self._script_bold) if f and f not in out]
        return out

    def font_for(self, char: str, base: str) -> str:
        key = (char, base)
        found = self._font_cache.get(key)
        if found is None:
            found = self._font_cache[key] = self._font_for(char, base)
        return found

    def _font_for(self, char: str, base: str) -> str:
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
        if value and max(value) < "\u0590":
            # Latin, Greek, Cyrillic, digits: one run in the base font when it has them all
            # (most of what staff write), without looking at each character
            glyphs = _glyph_set(base)
            if glyphs.issuperset(map(ord, value.replace("\n", ""))):
                return [(base, value)]
        runs: list[list[str]] = []
        for char in value:
            if char in _JOINERS:
                # ZWNJ keeps the Persian "می‌" apart; zero-width, drawn with the letters
                if runs and ord(char) in _glyphs(runs[-1][0]):
                    runs[-1][1] += char
                continue
            if unicodedata.category(char) == "Cf":  # bidi controls are never drawn
                continue
            if runs and (char == " " or (char in _SHARED and ord(char) in _glyphs(runs[-1][0]))):
                # a space or a full stop stays in the run it is in: one piece of text per
                # word group, which keeps PDF text extraction from splitting a line there
                font = runs[-1][0]
            else:
                font = self.font_for(char, base)
            if not char.isspace() and ord(char) not in _glyphs(font):
                # No bundled font has it (an emoji, a script we carry no font for): reportlab
                # would drop it without a trace, so print the replacement character instead.
                char, font = MISSING, base
            if runs and runs[-1][0] == font:
                runs[-1][1] += char
            else:
                runs.append([font, char])
        return [(f, t) for f, t in runs]

    def width(self, value: str, base: str, size: float) -> float:
        return float(sum(stringWidth(t, f, size) for f, t in self.runs(value, base)))

    # -- right to left -------------------------------------------------------------------
    def reset(self) -> None:
        """Forget the per-document caches (called when a document starts, so each print is
        measured and made from scratch)."""
        self._shaped.clear()
        self._wrapped.clear()

    def shape(self, value: str) -> str:
        if not self.rtl:
            return value
        shaped = self._shaped.get(value)
        if shaped is None:
            protected = _NUMBER.sub(_embed, value)
            shaped = self._shaped[value] = str(_RESHAPER.reshape(protected))
        return shaped

    def visual(self, logical_line: str, base: str = "R") -> str:
        """One already shaped and wrapped line in the order it is drawn, left to right.
        `base` is the paragraph direction: "R", or "L" for a left-to-right quote (a Swedish
        goal) inside a right-to-left page."""
        if not self.rtl:
            return logical_line
        shown = str(get_display(logical_line, base_dir=base))
        return "".join(c for c in shown if c in _JOINERS or unicodedata.category(c) != "Cf")

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
        for font, piece in self.runs(breakable(value.strip()), base):
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
        """Logical text -> visual lines (each a list of font runs, left to right). Words are
        measured once each; a line is filled greedily in logical order, then reordered."""
        key = (value, base, size, width, direction)
        found = self._wrapped.get(key)
        if found is None:
            found = self._wrapped[key] = self._wrap_lines(value, base, size, width, direction)
        return found

    def _wrap_lines(self, value: str, base: str, size: float, width: float,
                    direction: str) -> list[list[Run]]:
        lines: list[str] = []
        space = stringWidth(" ", base, size)
        for hard in breakable(value.strip()).split("\n"):
            line: list[str] = []
            used = 0.0
            for word in self.shape(hard.strip()).split(" "):
                wide = self.width(word, base, size)
                while wide > width > size and not line:  # a word longer than the line
                    head, word = _split_word(self, word, base, size, width)
                    lines.append(head)
                    wide = self.width(word, base, size)
                if line and used + space + wide > width:
                    lines.append(" ".join(line))
                    line, used = [], 0.0
                    while wide > width > size:
                        head, word = _split_word(self, word, base, size, width)
                        lines.append(head)
                        wide = self.width(word, base, size)
                used = wide if not line else used + space + wide
                line.append(word)
            if line or not lines:
                lines.append(" ".join(line))
        out: list[list[Run]] = []
        carry = 0  # a left-to-right island wrapped onto the next line stays an island there
        for text in lines:
            text = _LRE * carry + text
            carry = max(0, text.count(_LRE) - text.count(_PDF))
            out.append(self.runs(self.visual(text + _PDF * carry, direction), base))
        return out


def _embed(match: re.Match[str]) -> str:
    """One left-to-right island in LRE ... PDF; a bracket or quote whose partner is outside
    the island stays outside, with the right-to-left text it belongs to."""
    text, head, tail = match.group(0), "", ""
    for opening, closing in (("(", ")"), ("“", "”")):
        while text.endswith(closing) and text.count(closing) > text.count(opening):
            text, tail = text[:-1], closing + tail
        while text.startswith(opening) and text.count(opening) > text.count(closing):
            text, head = text[1:], head + opening
    stripped = text.rstrip()
    tail = text[len(stripped):] + tail
    if not stripped:
        return match.group(0)
    return head + _LRE + stripped + _PDF + tail


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
        self._by_width: dict[float, _Lines] = {}

    def __repr__(self) -> str:
        return f"RtlParagraph({len(self.value)} chars)"

    def _room(self, avail: float) -> float:
        return max(1.0, float(avail - self.style.leftIndent - self.style.rightIndent))

    def _wrap(self, avail: float) -> _Lines:
        if self._lines is not None and self._wrapped_for in (None, avail):
            return self._lines
        cached = self._by_width.get(avail)
        if cached is None:  # a table asks for the same widths again and again
            size = self.style.fontSize
            runs = self.writer.wrap_lines(self.value, self.style.fontName, size,
                                          self._room(avail), self.direction)
            widths = [sum(stringWidth(t, f, size) for f, t in line) for line in runs]
            cached = self._by_width[avail] = _Lines(runs, widths)
        self._lines = cached
        self._wrapped_for = avail
        return self._lines

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        lines = self._wrap(availWidth)
        self.width = availWidth
        self.height = len(lines.runs) * self.style.leading
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """The lines of the last `wrap` in two, as reportlab's Paragraph splits its last
        wrap. A table cell is wrapped at the column width less its padding but split at the
        whole column width: wrapped again there it had fewer lines, all of them fitting, and
        `[self]` where the table takes two parts was an IndexError in reportlab."""
        lines = self._wrap(availWidth if self._wrapped_for is None else self._wrapped_for)
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

