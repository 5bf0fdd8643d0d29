"""The preview shows page 1 before the others are made: `first_page` gives page 1 and the
number of pages, `rasterize(first=1)` the rest, and together they are the whole document."""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from backa_desktop.ui.print_preview import first_page, rasterize


def _pdf(pages: int) -> bytes:
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4)
    for n in range(pages):
        c.setFillGray(n / pages)  # each page a different grey, so the order is checkable
        c.rect(0, 0, A4[0], A4[1], fill=1, stroke=0)
        c.showPage()
    c.save()
    return buffer.getvalue()


def test_first_page_then_the_rest_is_the_whole_document(qtbot: Any) -> None:
    pdf = _pdf(3)
    images, total = first_page(pdf)
    rest = rasterize(pdf, first=1)
    assert total == 3
    assert len(images) == 1 and len(rest) == 2
    whole = rasterize(pdf)
    shades = [image.pixelColor(10, 10).red() for image in (*images, *rest)]
    assert shades == [image.pixelColor(10, 10).red() for image in whole]
    assert shades[0] < shades[1] < shades[2]  # page order kept


def test_a_one_page_document_needs_no_second_job(qtbot: Any) -> None:
    pdf = _pdf(1)
    images, total = first_page(pdf)
    assert total == 1 and len(images) == 1
    assert rasterize(pdf, first=1) == []
