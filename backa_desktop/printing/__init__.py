"""Printed documents (DESIGN.md §9): reportlab, bundled fonts, plain view-models in.

Each `render_*` takes a view-model from `printing.models` and returns the PDF as bytes;
`write_pdf` stores bytes atomically. Nothing here reads the database: the service layer
fills the view-models, which is also what keeps identity numbers and reports of concern out
of documents that have no field for them.
"""

from __future__ import annotations

from pathlib import Path

from reportlab import rl_config

from backa_desktop.printing.consent_sheet import render_consent_sheet
from backa_desktop.printing.extract import render_register_extract
from backa_desktop.printing.fonts import register_fonts
from backa_desktop.printing.languages import REFERENCE, load_catalogue
from backa_desktop.printing.layout import redact_identity_numbers, write_pdf
from backa_desktop.printing.leaflet import render_leaflet
from backa_desktop.printing.models import (
    ConsentSheetDocument,
    FormSummaryDocument,
    LeafletDocument,
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
    | LeafletDocument
)

# Streams (the pages' contents, the embedded font subsets) are compressed but not also
# ASCII85-encoded: without reportlab's C accelerator that encoding runs in Python and was
# about a sixth of rendering a family plan (CPU, paired: 49 -> 41 ms); every PDF reader reads
# binary streams, and the files come out a little smaller.
rl_config.useA85 = 0

# The documents a family takes home: printed in the family's language, optionally bilingual.
FAMILY_DOCUMENTS = (PlanDocument, ConsentSheetDocument, LeafletDocument)
# Staff documents take their words from a print-language catalogue too, but only a
# catalogue that lists their kind has them (a catalogue's `documents` says which it prints).
_SUMMARY_KINDS = {"upptackarkort": "card", "samtal": "talk", "skattning": "rating"}


class LanguageNotAvailableError(ValueError):
    """A document asked for in a language it is not printed in."""


def render(document: Document, *, child_version: bool = False, lang: str = REFERENCE,
           bilingual: bool = False) -> bytes:
    """Any document to PDF bytes; `child_version` picks the child's plan for a PlanDocument.
    `lang` is a print-language code for the family documents; `bilingual` adds the Swedish
    version after the family's."""
    kind = _staff_kind(document)
    if lang != REFERENCE and kind and not load_catalogue(lang).prints(kind):
        raise LanguageNotAvailableError(
            f"Dokumentet ({kind}) skrivs inte ut på språket '{lang}'. Familjens dokument "
            "(Barnets plan, Min plan, samtyckesblanketten, broschyren) finns på fler språk.")
    if isinstance(document, PlanDocument):
        make = render_child_plan if child_version else render_family_plan
        return make(document, lang, bilingual)
    if isinstance(document, ConsentSheetDocument):
        return render_consent_sheet(document, lang, bilingual)
    if isinstance(document, LeafletDocument):
        return render_leaflet(document, lang, bilingual)
    if isinstance(document, FormSummaryDocument):
        return render_form_summary(document, lang)
    if isinstance(document, OrosanmalanDocument):
        return render_orosanmalan(document, lang)
    return render_register_extract(document, lang)


def _staff_kind(document: Document) -> str:
    if isinstance(document, FormSummaryDocument):
        return _SUMMARY_KINDS.get(document.kind, "card")
    if isinstance(document, OrosanmalanDocument):
        return "concern"
    if isinstance(document, RegisterExtractDocument):
        return "extract"
    return ""


def save(document: Document, path: Path | str, *, child_version: bool = False,
         lang: str = REFERENCE, bilingual: bool = False) -> Path:
    return write_pdf(render(document, child_version=child_version, lang=lang,
                            bilingual=bilingual), path)


__all__ = [
    "FAMILY_DOCUMENTS",
    "Document",
    "LanguageNotAvailableError",
    "redact_identity_numbers",
    "register_fonts",
    "render",
    "render_child_plan",
    "render_consent_sheet",
    "render_family_plan",
    "render_form_summary",
    "render_leaflet",
    "render_orosanmalan",
    "render_register_extract",
    "save",
    "write_pdf",
]
