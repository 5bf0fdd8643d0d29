"""The use case: build the view-model for a kind of document, render it, write the PDF
atomically and audit the printout (DESIGN.md §4)."""

from __future__ import annotations

import json
import weakref
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from backa_desktop.printing import render, write_pdf
from backa_desktop.printing.languages import REFERENCE
from backa_desktop.services.documents.common import (
    FAMILY_KINDS,
    DocumentError,
    DocumentKind,
    resolve_child,
)
from backa_desktop.services.documents.consent_sheet import build_consent_sheet
from backa_desktop.services.documents.extract import build_register_extract
from backa_desktop.services.documents.languages import languages_for_kind, print_languages
from backa_desktop.services.documents.leaflet import build_leaflet
from backa_desktop.services.documents.orosanmalan import build_orosanmalan_document
from backa_desktop.services.documents.plan import build_plan_document
from backa_desktop.services.documents.summaries import FORM_KINDS, build_form_summary
from backa_desktop.services.vault import Session
from backa_desktop.sync.protocol import LogExtract


@dataclass(frozen=True)
class PrintResult:
    path: Path
    kind: DocumentKind
    child_id: str
    size: int



def build_document(
    session: Session,
    kind: DocumentKind,
    child_id: str,
    *,
    today: date | None = None,
    registry: Any | None = None,
    record_id: str | None = None,
    requested_by: str = "",
    include_orosanmalan: bool = False,
    central_log: LogExtract | None = None,
    lang: str = REFERENCE,
) -> Any:
    """The view-model for one kind of document. `central_log`: the child's log from the
    central store (every laptop) for the register extract. `lang`: the print language, for
    the documents whose rows the service words (form summaries and the register extract: the
    forms' translation; the orosanmälan: its status and the signs of concern)."""
    if kind is DocumentKind.LEAFLET:
        return build_leaflet(session, child_id, today=today)
    if kind is DocumentKind.PLAN:
        return build_plan_document(session, child_id, today=today, registry=registry, lang=lang)
    if kind in FORM_KINDS:
        return build_form_summary(session, child_id, kind, record_id=record_id, today=today,
                                  registry=registry, lang=lang)
    if kind is DocumentKind.OROSANMALAN:
        return build_orosanmalan_document(session, child_id, record_id=record_id, today=today,
                                          registry=registry, lang=lang)
    if kind is DocumentKind.EXTRACT:
        return build_register_extract(session, child_id, requested_by=requested_by,
                                      include_orosanmalan=include_orosanmalan, today=today,
                                      central_log=central_log, registry=registry, lang=lang)
    return build_consent_sheet(session, child_id, today=today)


def render_document(
    session: Session,
    kind: DocumentKind,
    child_id: str,
    *,
    child_version: bool = False,
    audit_action: str = "preview",
    lang: str = REFERENCE,
    bilingual: bool = False,
    **options: Any,
) -> bytes:
    """PDF bytes for a preview; the look at the child's data is audited like any other read."""
    _check_language(kind, lang)
    document = build_document(session, kind, child_id, lang=_words_lang(kind, lang, bilingual),
                              **options)
    pdf = _rendered(session, document, child_version, lang, bilingual)
    session.audit.append(audit_action, record_id=child_id, child_id=child_id,
                         detail=json.dumps(_detail(kind, child_version, lang, bilingual)))
    return pdf


PREVIEW_MEMO = 4
"""How many previewed documents a session keeps rendered."""

_previews: weakref.WeakKeyDictionary[Session, OrderedDict[tuple[Any, ...], bytes]] = (
    weakref.WeakKeyDictionary()
)
"""Per session, the PDFs of the last few previews by what they were made from (a lock drops
them with the session)."""


def _rendered(session: Session, document: Any, child_version: bool, lang: str,
              bilingual: bool) -> bytes:
    """The PDF of `document`, rendered again only when it differs from one previewed lately.

    Laying a document out (reportlab, in Python) is most of a preview's time, and a preview is
    opened again and again for the same unchanged document: closed and reopened, or switched
    to another document or language and back. The view-model holds everything the PDF is made
    from (the data, the words, the date printed), so an equal view-model gives an equal
    document; any change to the child's data reaches the view-model and renders anew."""
    key = (type(document).__name__, document.model_dump_json(), child_version, lang,
           bilingual)
    memo = _previews.setdefault(session, OrderedDict())
    pdf = memo.pop(key, None)
    if pdf is None:
        pdf = render(document, child_version=child_version, lang=lang, bilingual=bilingual)
    memo[key] = pdf
    while len(memo) > PREVIEW_MEMO:
        memo.popitem(last=False)
    return pdf


def _words_lang(kind: DocumentKind, lang: str, bilingual: bool) -> str:
    """The language the service words a document's rows in: Swedish for a bilingual family
    printout, whose Swedish half reuses the same rows (other documents are never bilingual)."""
    return REFERENCE if bilingual and kind in FAMILY_KINDS else lang


KEYS_SWEDISH_ONLY = {
    DocumentKind.CARD: "document.swedish_only_card",
    DocumentKind.TALK: "document.swedish_only_talk",
    DocumentKind.RATING: "document.swedish_only_rating",
    DocumentKind.OROSANMALAN: "document.swedish_only_concern",
    DocumentKind.EXTRACT: "document.swedish_only_extract",
}


def _check_language(kind: DocumentKind, lang: str) -> None:
    """Whether `kind` is printed in `lang`: each catalogue lists the documents it prints."""
    if lang not in {c.code for c in print_languages()}:
        known = ", ".join(c.code for c in print_languages())
        raise DocumentError("document.unknown_language", lang=lang, known=known)
    codes = [c.code for c in languages_for_kind(kind)]
    if lang not in codes:
        if codes == [REFERENCE]:
            raise DocumentError(KEYS_SWEDISH_ONLY.get(kind, "document.swedish_only"))
        raise DocumentError("document.not_in_language", lang=lang, known=", ".join(codes))


def _detail(kind: DocumentKind, child_version: bool, lang: str, bilingual: bool
            ) -> dict[str, Any]:
    detail: dict[str, Any] = {"document": kind.value}
    if child_version:
        detail["child_version"] = True
    if lang != REFERENCE:
        detail["lang"] = lang
        detail["bilingual"] = bilingual
    return detail


def print_document(
    session: Session,
    kind: DocumentKind | str,
    child_ref: str,
    out: Path | str,
    *,
    child_version: bool = False,
    lang: str = REFERENCE,
    bilingual: bool = False,
    **options: Any,
) -> PrintResult:
    """Build, render and atomically write one document, then audit the printout."""
    kind = DocumentKind(kind)
    _check_language(kind, lang)
    child_id = resolve_child(session, child_ref)
    document = build_document(session, kind, child_id, lang=_words_lang(kind, lang, bilingual),
                              **options)
    pdf = render(document, child_version=child_version, lang=lang, bilingual=bilingual)
    path = write_pdf(pdf, out)
    session.audit.append("print", record_id=child_id, child_id=child_id,
                         detail=json.dumps(_detail(kind, child_version, lang, bilingual)))
    return PrintResult(path=path, kind=kind, child_id=child_id, size=len(pdf))


def audit_sent_to_printer(session: Session, child_id: str, kind: DocumentKind) -> None:
    """A previewed document sent to a printer is a printout too, and audited as one."""
    session.audit.append("print", record_id=child_id, child_id=child_id,
                         detail=json.dumps({"document": kind.value, "printer": True}))
