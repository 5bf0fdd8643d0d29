"""Long free text flows across pages in every document, and nothing long makes printing slow.

Before, any text longer than a page inside a table cell (a note in the register extract, a
comment in a summary) stopped the printout with reportlab's LayoutError, and a very long word
or name made line breaking take minutes.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest

from backa_desktop.printing import (
    render_child_plan,
    render_consent_sheet,
    render_family_plan,
    render_form_summary,
    render_orosanmalan,
    render_register_extract,
)
from backa_desktop.printing.layout import PageFrame, build_pdf, make_styles, paragraphs
from backa_desktop.printing.models import (
    ActionRow,
    ExtractRecord,
    MeetingRow,
    ObservationRow,
    ShareRow,
    SummaryRow,
    SummarySection,
)
from tests.printing import samples
from tests.printing.pdfs import pages_text

# ≈ 12,000 characters in sentences: more than a page, far less than any field's limit.
LONG = "Barnet berättade om sin vecka och om det som hände på rasten. " * 200
# A pasted run without spaces (a link, a key held down).
UNBROKEN = "x" * 50_000


def _docs() -> dict[str, tuple[Callable[[Any], bytes], Any]]:
    plan = samples.plan().model_copy(update={
        "reason": LONG, "child_view": LONG, "guardians_view": UNBROKEN,
        "goals": [LONG[:900]],
        "actions": [ActionRow.model_validate({**samples.actions(1)[0].model_dump(),
                                              "what": LONG[:900]})],
        "follow_ups": [MeetingRow(held_on=samples.TODAY, notes=LONG)],
    })
    summary = samples.summary().model_copy(update={
        "sections": [SummarySection(heading="Kommentarer", rows=[
            SummaryRow(label="Kommentar", value=LONG),
            SummaryRow(label="Klistrat", value=UNBROKEN),
        ])],
    })
    oros = samples.orosanmalan().model_copy(update={
        "concern": LONG,
        "observations": [ObservationRow(observed_on=samples.TODAY, text=LONG)],
    })
    extract = samples.extract(5).model_copy(update={
        "records": [ExtractRecord(type_label="Anteckning", record_id="rec-note",
                                  rows=[SummaryRow(label="Text", value=LONG),
                                        SummaryRow(label="Klistrat", value=UNBROKEN)])],
    })
    sheet = samples.consent_sheet().model_copy(update={
        "shares": [ShareRow(recipient="Barnteamet", what=LONG, why=LONG)],
    })
    return {
        "family_plan": (render_family_plan, plan),
        "child_plan": (render_child_plan, plan),
        "summary": (render_form_summary, summary),
        "orosanmalan": (render_orosanmalan, oros),
        "extract": (render_register_extract, extract),
        "consent_sheet": (render_consent_sheet, sheet),
    }


@pytest.mark.parametrize("name", sorted(_docs()))
def test_long_text_flows_across_pages(name: str) -> None:
    render, doc = _docs()[name]
    started = time.perf_counter()
    pdf = render(doc)
    assert time.perf_counter() - started < 60
    pages = pages_text(pdf)
    assert len(pages) >= 2, name
    # the end of the long text is printed, not cut off
    assert "rasten." in "".join(pages[1:])


def test_a_one_line_field_is_clipped_for_print_even_from_an_old_record() -> None:
    """A name stored before the domain's limit existed is clipped in the view model, so a
    1 MB name repeated in headings and sentences prints in seconds, not minutes."""
    doc = samples.plan()
    huge = type(doc).model_validate({**doc.model_dump(), "child_name": "Å" * 1_000_000})
    assert len(huge.child_name) == 200 and huge.child_name.endswith("…")
    started = time.perf_counter()
    render_family_plan(huge)
    assert time.perf_counter() - started < 20


def test_a_long_header_title_is_shortened_at_once() -> None:
    """A name as long as a header can never show is cut before it is measured (measuring it
    a character at a time took over 300 s for a 1 MB name)."""
    styles = make_styles(10)
    started = time.perf_counter()
    pdf = build_pdf(paragraphs("Kort text.", styles.body),
                    PageFrame(title="Å" * 1_000_000, printed_on=samples.TODAY))
    assert time.perf_counter() - started < 5
    assert "…" in pages_text(pdf)[0]
