"""Layout building blocks: identity-number scrubbing, the compass picture, atomic writes,
and that poppler (what a user's viewer would use) renders our PDFs."""

from __future__ import annotations

import math
import shutil
import subprocess
from pathlib import Path

import pytest
from reportlab.graphics.shapes import Drawing, String, Wedge

from backa_desktop.domain.needs import WHEEL_ORDER, Need, NeedStatus
from backa_desktop.printing import render_family_plan, save, write_pdf
from backa_desktop.printing.compass import STATUS_FILL, compass_drawing
from backa_desktop.printing.fonts import FontsMissingError, font_dir
from backa_desktop.printing.layout import redact_identity_numbers
from backa_desktop.printing.models import DEFAULT_NEED_LABELS, CompassView
from tests.printing import samples
from tests.printing.pdfs import pages_text

CHILD = "201701012385"


@pytest.mark.parametrize(
    "written",
    ["198501012382", "19850101-2382", "850101-2382", "8501012382", "19800101-2395",
     "800101+2395", "19850161-2385"],  # the last: a samordningsnummer (day + 60)
)
def test_other_identity_numbers_are_masked(written: str) -> None:
    out = redact_identity_numbers(f"Pappa har {written}, ring honom.", keep=CHILD)
    assert written not in out
    assert out == "Pappa har [personnummer borttaget], ring honom."


@pytest.mark.parametrize("written", ["201701012385", "20170101-2385", "170101-2385"])
def test_the_childs_own_number_is_kept(written: str) -> None:
    assert redact_identity_numbers(f"Barnet: {written}", keep=CHILD) == f"Barnet: {written}"


@pytest.mark.parametrize(
    "text",
    ["Ring 0701234567 eller 0411-57 70 00", "Möte 2026-11-23 kl 10", "Ärende 123456789012345",
     "Postnummer 271 00", "Kod 1234-5678"],
)
def test_phone_numbers_dates_and_long_numbers_are_left_alone(text: str) -> None:
    assert redact_identity_numbers(text, keep=CHILD) == text


def _labels(drawing: Drawing) -> dict[str, tuple[float, float]]:
    return {s.text: (s.x, s.y) for s in drawing.contents if isinstance(s, String)}


def test_compass_draws_eight_sectors_clockwise_in_wheel_order() -> None:
    view = CompassView(statuses=samples.STATUSES)
    drawing = compass_drawing(view, show_legend=False)
    wedges = [w for w in drawing.contents if isinstance(w, Wedge)]
    assert len(wedges) == 8
    for need, wedge in zip(WHEEL_ORDER, wedges, strict=True):
        assert wedge.fillColor == STATUS_FILL[samples.STATUSES[need]]
    centre_x = wedges[0].centerx
    centre_y = wedges[0].centery
    labels = _labels(drawing)
    bearings = []
    for need in WHEEL_ORDER:
        x, y = labels[DEFAULT_NEED_LABELS[need].upper()]
        # compass bearing: 0 at the top, growing clockwise
        bearings.append(math.degrees(math.atan2(x - centre_x, y - centre_y)) % 360)
    assert bearings == sorted(bearings)
    assert bearings[0] < 90 and bearings[-1] > 270  # UTVECKLAS top right, RESPEKTERAS top left


def test_compass_radar_has_one_polygon_per_rater_and_a_legend() -> None:
    drawing = compass_drawing(samples.compass(with_radar=True))
    texts = [s.text for s in drawing.contents if isinstance(s, String)]
    assert "Åsa (skala 1–5)" in texts and "Vårdnadshavare 1 (skala 1–5)" in texts
    assert any("Behovet är uppfyllt" in t for t in texts)
    unknown_only = CompassView(statuses={Need.HALSA: NeedStatus.VET_INTE})
    legend = [s.text for s in compass_drawing(unknown_only).contents if isinstance(s, String)]
    assert any("Vet inte ännu" in t for t in legend)
    assert not any("Behovet är uppfyllt" in t for t in legend)


def test_write_pdf_replaces_atomically_and_leaves_no_temp_files(tmp_path: Path) -> None:
    target = tmp_path / "ut" / "plan.pdf"
    write_pdf(b"%PDF-old", target)
    save(samples.plan(), target)
    assert target.read_bytes().startswith(b"%PDF-1.")
    assert [p.name for p in target.parent.iterdir()] == ["plan.pdf"]


def test_poppler_renders_every_page(tmp_path: Path) -> None:
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "poppler-utils is part of the test set-up (dev.sh)"
    pdf = render_family_plan(samples.plan(n_actions=20))
    (tmp_path / "plan.pdf").write_bytes(pdf)
    subprocess.run([pdftoppm, "-png", "-r", "30", str(tmp_path / "plan.pdf"),
                    str(tmp_path / "page")], check=True, capture_output=True)
    pngs = sorted(tmp_path.glob("page*.png"))
    assert len(pngs) == len(pages_text(pdf))
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in pngs)


def test_missing_fonts_are_reported_clearly(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import backa_desktop.printing.fonts as fonts

    monkeypatch.setenv("BACKA_FONT_DIR", str(tmp_path))
    monkeypatch.setattr(fonts, "_registered", False)
    assert font_dir() == tmp_path
    with pytest.raises(FontsMissingError, match=r"DejaVuSans\.ttf saknas"):
        fonts.register_fonts()


def test_a_right_to_left_paragraph_splits_the_lines_it_was_wrapped_to() -> None:
    """A table wraps a cell at its column width less the padding and then asks for a split at
    the whole column width; like reportlab's Paragraph, the split is of the lines last wrapped,
    so it gives two parts where they did not fit (a lone `[self]` was an IndexError inside
    reportlab's row split)."""
    from backa_desktop.printing.family_layout import writer_for_code
    from backa_desktop.printing.layout import make_styles

    writer = writer_for_code("ar")
    style = make_styles(12).cell
    words = "مرحبا بالعالم هذا نص طويل جدا في الجدول".split()
    tested = 0
    for n in range(5, 60):
        value = " ".join(words[i % len(words)] for i in range(n))
        para = writer.cell(value, style)
        _, narrow = para.wrap(226, 10_000)
        if para.wrap(235, 10_000)[1] == narrow:
            continue  # the same lines at both widths: nothing to tell apart
        _, narrow = para.wrap(226, 10_000)
        parts = para.split(235, narrow - 1)
        assert len(parts) == 2, n
        assert sum(p.wrap(226, 10_000)[1] for p in parts) == pytest.approx(narrow)
        tested += 1
    assert tested


def test_a_table_row_with_right_to_left_text_splits_at_any_height() -> None:
    import io

    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Table

    from backa_desktop.printing.family_layout import Page, writer_for_code
    from backa_desktop.printing.layout import CONTENT_WIDTH

    page = Page(writer_for_code("ar"), 12)
    words = "مرحبا بالعالم هذا نص طويل جدا في الجدول".split()
    for n in (19, 27, 41):
        value = " ".join(words[i % len(words)] for i in range(n))
        table = page.grid_table(["أ", "ب"], [[value, "ب"]], [0.5, 0.5])
        table.canv = Canvas(io.BytesIO())
        table.wrapOn(table.canv, CONTENT_WIDTH, 2000)
        for height in range(30, int(sum(table._rowHeights)) + 1):
            Table._splitRows(table, float(height), doInRowSplit=1)  # raises no IndexError
