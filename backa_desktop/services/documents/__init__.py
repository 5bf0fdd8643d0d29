"""Printing a child's documents: read the records, fill a view-model, write the PDF, audit it.

The printing layer only lays out what it is given, so the choices about *what* a document may
contain are made here, one module per document as in `printing/`: the family plan gets names and
contact details but no guardian identity numbers (`plan`), an orosanmälan is printed only for
someone who may see it (`orosanmalan`), and the register extract leaves reports of concern out
unless asked (`extract`; they are secret towards the guardians until a secrecy review says
otherwise). `printout` is the use case: every printout appends a "print" audit event
(DESIGN.md §4), and the file is written atomically so a crash never leaves half a PDF behind.
"""

from __future__ import annotations

from backa_desktop.services.documents.common import (
    FAMILY_KINDS,
    KIND_LABELS,
    DocumentError,
    DocumentKind,
    resolve_child,
)
from backa_desktop.services.documents.compass import compass_for_child
from backa_desktop.services.documents.consent_sheet import build_consent_sheet
from backa_desktop.services.documents.extract import build_register_extract
from backa_desktop.services.documents.languages import (
    family_language,
    language_choices,
    languages_for_kind,
    print_languages,
)
from backa_desktop.services.documents.leaflet import build_leaflet
from backa_desktop.services.documents.orosanmalan import build_orosanmalan_document
from backa_desktop.services.documents.plan import build_plan_document
from backa_desktop.services.documents.printout import (
    PrintResult,
    audit_sent_to_printer,
    build_document,
    print_document,
    render_document,
)
from backa_desktop.services.documents.summaries import FORM_KINDS, build_form_summary

__all__ = [
    "FAMILY_KINDS",
    "FORM_KINDS",
    "KIND_LABELS",
    "DocumentError",
    "DocumentKind",
    "PrintResult",
    "audit_sent_to_printer",
    "build_consent_sheet",
    "build_document",
    "build_form_summary",
    "build_leaflet",
    "build_orosanmalan_document",
    "build_plan_document",
    "build_register_extract",
    "compass_for_child",
    "family_language",
    "language_choices",
    "languages_for_kind",
    "print_document",
    "print_languages",
    "render_document",
    "resolve_child",
]
