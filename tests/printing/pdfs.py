"""Reading real PDFs back for the printing tests."""

from __future__ import annotations

import io
import re
from typing import Any

from pypdf import PdfReader


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def flat(pdf: bytes) -> str:
    """All text with whitespace collapsed, so words wrapped over lines still match."""
    return re.sub(r"\s+", " ", " ".join(pages_text(pdf)))


def digits(pdf: bytes) -> str:
    """All digits of the document in order: an identity number split by a line break or a
    separator is still found."""
    return re.sub(r"\D", "", " ".join(pages_text(pdf)))


def font_names(pdf: bytes) -> set[str]:
    names: set[str] = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources: Any = page["/Resources"].get_object()
        fonts: Any = resources["/Font"].get_object() if "/Font" in resources else {}
        for ref in fonts.values():
            names.add(str(ref.get_object()["/BaseFont"]))
    return names


def page_fill(pdf: bytes, margin: float = 60.0) -> list[float]:
    """How far down each page the text goes, as a fraction of the page height (the running
    header and footer, within `margin` points of the edges, do not count): a page that ends
    at 0.4 is more than half empty."""
    fills: list[float] = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        height = float(page.mediabox.height)
        lowest = height

        def visit(text: str, cm: Any, tm: Any, font: Any, size: Any,
                  top: float = height - margin) -> None:
            nonlocal lowest
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            if text.strip() and margin < y < top:
                lowest = min(lowest, y)

        page.extract_text(visitor_text=visit)
        fills.append((height - lowest) / height)
    return fills
