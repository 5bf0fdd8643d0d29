"""Reading family documents in any script back out of a PDF, independently of how we wrote them.

- Glyph coverage: pypdf decodes every text-showing operation with its font; each character must
  be in that embedded font's character map (the bundled TTF it was subset from), or the reader
  would see a .notdef box.
- Logical order: poppler's `pdftotext` is a second bidi implementation. It turns right-to-left
  lines back into logical order (wrapping them in RLE/LRE/PDF marks, and leaving mirrored
  parentheses as drawn) and returns Arabic letters as the presentation forms we drew. After
  NFKC (presentation forms -> letters) the words of every right-to-left run and every
  left-to-right run of a catalogue string must appear in the same order in the text.
- Shaping: on the raw presentation forms, a letter that follows a letter joining to the left
  must be drawn in a final or medial form, and one after a right-joining letter in an initial
  or isolated form: unshaped or wrongly shaped Arabic fails this.
- Position: `pdftotext -bbox-layout` gives each line's box, for "headings start at the right
  margin" on a right-to-left page.
"""

from __future__ import annotations

import io
import itertools
import re
import subprocess
import tempfile
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from reportlab.pdfbase.ttfonts import TTFontFile

FONT_DIR = Path(__file__).resolve().parents[2] / "resources" / "fonts"


@cache
def _cmaps() -> dict[str, set[int]]:
    out: dict[str, set[int]] = {}
    for path in FONT_DIR.glob("*.ttf"):
        face = TTFontFile(str(path))
        out[face.name.decode()] = set(face.charToGlyph)
    return out


def glyph_problems(pdf: bytes, cmaps: dict[str, set[int]] | None = None) -> list[str]:
    """Characters drawn with a font that has no glyph for them (or with an unknown font)."""
    problems: list[str] = []
    cmaps = cmaps if cmaps is not None else _cmaps()

    def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if not text.strip() or font is None:
            return
        base = str(font.get("/BaseFont", "")).lstrip("/").split("+")[-1]
        cmap = cmaps.get(base)
        if cmap is None:
            problems.append(f"unknown font {base} for {text!r}")
            return
        problems.extend(f"U+{ord(c):04X} {c!r} not in {base}" for c in text
                        if not c.isspace() and ord(c) not in cmap)

    for page in PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=visit)
    return problems


def poppler_text(pdf: bytes, *args: str) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        done = subprocess.run(["pdftotext", "-enc", "UTF-8", *args, str(path), "-"],
                              capture_output=True, check=True, timeout=60)
    return done.stdout.decode("utf-8")


def _normal(text: str) -> str:
    text = unicodedata.normalize("NFKC", _BIDI_MARKS.sub(" ", text))
    # ZWNJ and vowel marks (the shaper drops harakat) are not letters of the word
    return "".join(c for c in text if unicodedata.category(c) not in ("Cf", "Mn")).casefold()


_BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def words(text: str) -> list[str]:
    return re.findall(r"\w+", _normal(text))


def _rtl(word: str) -> bool:
    return any(unicodedata.bidirectional(c) in ("AL", "R") for c in word)


def runs(text: str) -> list[list[str]]:
    """The text's words in runs of one direction, clause by clause: poppler's reordering of
    a right-to-left line may put the clauses on either side of a full stop in either order,
    but never the words inside one."""
    out: list[list[str]] = []
    for clause in re.split(r"[.!?؟።:;،,፣]\s", text + " "):
        start = len(out)
        for word in words(clause):
            if len(out) > start and _rtl(out[-1][-1]) == _rtl(word):
                out[-1].append(word)
            else:
                out.append([word])
    return out


def _in_order(run: list[str], document_words: list[str], gap: int) -> bool:
    """The run's words in order in the document, at most `gap` other words between two of
    them: a table cell's lines are interleaved with its neighbour columns' lines."""
    starts = [i for i, w in enumerate(document_words) if w == run[0]]
    for start in starts:
        at, ok = start, True
        for word in run[1:]:
            window = document_words[at + 1: at + 2 + gap]
            if word not in window:
                ok = False
                break
            at = at + 1 + window.index(word)
        if ok:
            return True
    return False


def missing_runs(expected: str, document_words: list[str], gap: int = 0) -> list[str]:
    """Runs of `expected` that do not appear, word for word and in order, in the document
    (`gap` > 0 for text in table cells)."""
    return [" ".join(run) for run in runs(expected) if not _in_order(run, document_words, gap)]


# Letters that join only to the preceding letter (or to none); every other Arabic letter
# joins on both sides.
_RIGHT_JOINING = set("اأإآٱدذرزوؤةژءۀ")


def shaping_problems(raw: str, exempt: set[str] = frozenset()) -> list[str]:  # type: ignore[assignment]
    """Wrong joining forms in logical-order text made of Arabic presentation forms; words in
    `exempt` (normalised) are skipped."""
    problems: list[str] = []
    for word in re.findall("[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff\u200c]+", raw):
        if "".join(words(word)) in exempt:
            continue
        forms: list[tuple[str, str]] = []
        for char in word:
            if char == "\u200c":  # ZWNJ: a deliberate break in the join (Persian می‌)
                forms.append(("", ""))
                continue
            name = unicodedata.name(char, "")
            if not name.startswith("ARABIC") or "FORM" not in name:
                forms.append(("", ""))  # not a shaped letter: a join cannot cross it
                continue
            if "LIGATURE" in name:
                forms.append(("ligature", name))
                continue
            kind = name.rsplit(" ", 2)[-2]  # ISOLATED / INITIAL / MEDIAL / FINAL
            forms.append((kind, unicodedata.normalize("NFKC", char)))
        for (prev_kind, prev), (kind, cur) in itertools.pairwise(forms):
            if not prev_kind or not kind or "ligature" in (prev_kind, kind):
                continue
            joined_on = prev_kind in ("INITIAL", "MEDIAL")
            joined_back = kind in ("FINAL", "MEDIAL")
            should_join = prev not in _RIGHT_JOINING and "ء" not in (prev, cur)
            if joined_on != joined_back or joined_on != should_join:
                problems.append(f"{word}: {prev} {prev_kind} then {cur} {kind}")
    return problems


@dataclass(frozen=True)
class Line:
    page: int
    x_min: float
    x_max: float
    y_min: float
    words: list[str]


def lines(pdf: bytes) -> list[Line]:
    """Every text line poppler finds, with its box, page by page."""
    xml = poppler_text(pdf, "-bbox-layout")
    xml = re.sub(r"<!DOCTYPE[^>]*>", "", xml)
    root = ET.fromstring(xml)  # noqa: S314  # poppler output for our own PDF
    out: list[Line] = []
    for number, page in enumerate(root.iter("{http://www.w3.org/1999/xhtml}page"), start=1):
        for line in page.iter("{http://www.w3.org/1999/xhtml}line"):
            # words come in visual order, a right-to-left word's letters reversed
            texts = [(w.text or "")[::-1] if _rtl(w.text or "") else (w.text or "")
                     for w in line.iter("{http://www.w3.org/1999/xhtml}word")]
            out.append(Line(number, float(line.get("xMin", 0)), float(line.get("xMax", 0)),
                            float(line.get("yMin", 0)), words(" ".join(texts))))
    return out


def find_line(pdf: bytes, text: str) -> Line:
    wanted = words(text)
    for line in lines(pdf):
        if line.words and sorted(line.words) == sorted(wanted):
            return line
    raise AssertionError(f"no line reads {text!r}")
