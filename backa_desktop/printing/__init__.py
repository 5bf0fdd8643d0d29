"""Printed documents (DESIGN.md §9): reportlab, bundled fonts, plain view-models in.

Each `render_*` takes a view-model from `printing.models` and returns the PDF as bytes;
`write_pdf` stores bytes atomically. Nothing here reads the database: the service layer
fills the view-models, which is also what keeps identity numbers and reports of concern out
of documents that have no field for them.
"""

from __future__ import annotations

from pathlib import Path

from backa_desktop.printing.consent_sheet import render_consent_sheet
from backa_desktop.printing.extract import render_register_extract
from backa_desktop.printing.fonts import register_fonts
from backa_desktop.printing.layout import redact_identity_numbers, write_pdf
from backa_desktop.printing.models import (
    ConsentSheetDocument,
    FormSummaryDocument,
    OrosanmalanDocument,
    PlanDocument,
    RegisterExtractDocument,
)
from backa_desktop.printing.orosanmalan import render_orosanmalan
from backa_desktop.printing.plan import render_child_plan, render_family_plan
from backa_desktop.printing.summaries import render_form_summary

Document = (
    PlanDocument
    | FormSummaryDocument
    | OrosanmalanDocument
    | RegisterExtractDocument
    | ConsentSheetDocument
)


def render(document: Document, *, child_version: bool = False) -> bytes:
    """Any document to PDF bytes; `child_version` picks the child's plan for a PlanDocument."""
    if isinstance(document, PlanDocument):
        return render_child_plan(document) if child_version else render_family_plan(document)
    if isinstance(document, FormSummaryDocument):
        return render_form_summary(document)
    if isinstance(document, OrosanmalanDocument):
        return render_orosanmalan(document)
    if isinstance(document, RegisterExtractDocument):
        return render_register_extract(document)
    return render_consent_sheet(document)


def save(document: Document, path: Path | str, *, child_version: bool = False) -> Path:
    return write_pdf(render(document, child_version=child_version), path)


__all__ = [
    "Document",
    "redact_identity_numbers",
    "register_fonts",
    "render",
    "render_child_plan",
    "render_consent_sheet",
    "render_family_plan",
    "render_form_summary",
    "render_orosanmalan",
    "render_register_extract",
    "save",
    "write_pdf",
]
