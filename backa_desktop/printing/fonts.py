"""The bundled fonts, registered once per process.

PDFs embed DejaVu Sans from `resources/fonts` instead of relying on the standard Type 1
fonts or the system: names with letters outside Latin-1 (ł, ş, –) must print, and the document
must look the same on every laptop. Registration parses the TTF files (tens of milliseconds), so
it happens once and later calls are free.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

REGULAR = "BackaSans"
BOLD = "BackaSans-Bold"
OBLIQUE = "BackaSans-Oblique"

_FILES = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    OBLIQUE: "DejaVuSans-Oblique.ttf",
}

_lock = threading.Lock()
_registered = False


class FontsMissingError(RuntimeError):
    """The bundled fonts are not where the installation should have put them."""


def font_dir() -> Path:
    """`BACKA_FONT_DIR` if set (packaged installs), else `resources/fonts` of the source tree."""
    override = os.environ.get("BACKA_FONT_DIR")
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[2] / "resources" / "fonts"


def register_fonts() -> None:
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        folder = font_dir()
        for name, filename in _FILES.items():
            path = folder / filename
            if not path.is_file():
                raise FontsMissingError(
                    f"Typsnittet {filename} saknas i {folder}. Installationen är ofullständig."
                )
            pdfmetrics.registerFont(TTFont(name, str(path)))
        addMapping(REGULAR, 0, 0, REGULAR)
        addMapping(REGULAR, 1, 0, BOLD)
        addMapping(REGULAR, 0, 1, OBLIQUE)
        addMapping(REGULAR, 1, 1, BOLD)
        _registered = True


_extra: dict[str, str] = {}


def register_font_file(filename: str) -> str:
    """A script font named by a print-language catalogue (Noto Sans Arabic, Noto Sans Ethiopic
    …), registered on first use under a name derived from the file; returns that name."""
    with _lock:
        name = _extra.get(filename)
        if name is not None:
            return name
        path = font_dir() / filename
        if not path.is_file() or "/" in filename or "\\" in filename:
            raise FontsMissingError(
                f"Typsnittet {filename} saknas i {font_dir()}. Installationen är ofullständig."
            )
        name = "Backa-" + Path(filename).stem
        pdfmetrics.registerFont(TTFont(name, str(path)))
        _extra[filename] = name
        return name


def covers(font_name: str, char: str) -> bool:
    """Whether the registered font has a glyph for the character (no .notdef box)."""
    face = pdfmetrics.getFont(font_name).face
    return ord(char) in face.charToGlyph
