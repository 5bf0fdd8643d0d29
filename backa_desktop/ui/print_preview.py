"""Print preview: the document as it will come out of the printer, then print or save as PDF.

The PDF is made by `services.documents` on the database thread (it reads the child's records
and audits the look as "preview"); its pages are turned into pictures on the background pool
with PDFium (pyside6-essentials has no QtPdf), so the window stays responsive: page 1 alone
first, shown as soon as it is made, then the others. Printing paints the same pages onto the
printer at its own resolution; saving writes the PDF through `print_document`, which audits
"print". A new user sees every document the child has in one
list and never needs to know about the command line.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from backa_desktop.services import documents
from backa_desktop.services import log_review as log_service
from backa_desktop.ui import widgets as W
from backa_desktop.ui.errors import error_text
from backa_desktop.ui.i18n import current_language
from backa_desktop.ui.qt import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QImage,
    QLabel,
    QPainter,
    QPixmap,
    QPrintDialog,
    QPrinter,
    QRect,
    QScrollArea,
    Qt,
    QVBoxLayout,
    QWidget,
    connect,
    translate,
)
from backa_desktop.ui.tasks import BgOp, DbOp
from backa_desktop.ui.window_context import WindowContext

_PDFIUM_LOCK = threading.Lock()  # PDFium is not thread-safe; the pool has two workers
PREVIEW_DPI = 96
PRINT_DPI = 200


@dataclass(frozen=True)
class DocChoice:
    """One entry of the document list."""

    kind: documents.DocumentKind
    label: str
    child_version: bool = False
    record_id: str | None = None


def _page_image(doc: Any, index: int, dpi: int) -> QImage:
    page = doc[index]
    try:
        bitmap = page.render(scale=dpi / 72, rev_byteorder=True)
        data = bytes(bitmap.buffer)
        return QImage(
            data, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGB888
        ).copy()
    finally:
        page.close()


def rasterize(pdf: bytes, dpi: int = PREVIEW_DPI, first: int = 0) -> list[QImage]:
    """PDF pages from `first` to the end as images (background thread). QImage is safe to
    make off the GUI thread."""
    import pypdfium2

    with _PDFIUM_LOCK:
        doc = pypdfium2.PdfDocument(pdf)
        try:
            return [_page_image(doc, index, dpi) for index in range(first, len(doc))]
        finally:
            doc.close()


def first_page(pdf: bytes, dpi: int = PREVIEW_DPI) -> tuple[list[QImage], int]:
    """Page 1 as an image, and the number of pages (background thread): the preview shows
    page 1 while the rest are made."""
    import pypdfium2

    with _PDFIUM_LOCK:
        doc = pypdfium2.PdfDocument(pdf)
        try:
            total = len(doc)
            return [_page_image(doc, 0, dpi)] if total else [], total
        finally:
            doc.close()


def standard_choices(child_age: int | None) -> list[DocChoice]:
    K = documents.DocumentKind
    out = [DocChoice(K.PLAN, translate("Print", "Barnets plan för familjen"))]
    if child_age is None or child_age >= 7:
        out.append(DocChoice(K.PLAN, translate("Print", "Barnets plan – barnets version"), True))
    out += [
        DocChoice(K.CARD, translate("Print", "Upptäckarkort (sammanfattning)")),
        DocChoice(K.TALK, translate("Print", "Samtal (sammanfattning)")),
        DocChoice(K.RATING, translate("Print", "Skattning (sammanfattning)")),
        DocChoice(K.CONSENT_SHEET, translate("Print", "Samtyckesblankett till vårdnadshavare")),
        DocChoice(K.LEAFLET, translate("Print", "Broschyr: Vad är Backa barnet?")),
        DocChoice(K.EXTRACT, translate("Print", "Registerutdrag")),
    ]
    return out


def language_combo() -> QComboBox:
    """The print-language list of every print dialog (the printouts of a child, the
    statistics report), named for screen readers."""
    return W.named(QComboBox(), translate("Print", "Utskriftsspråk"))


def fill_languages(
    combo: QComboBox, codes: list[str], wanted: list[str | None], names: dict[str, str]
) -> None:
    """Offer `codes` (the languages a document is printed in, as the catalogues say) by
    their `names`, the first of `wanted` that is offered chosen, else Swedish; the combo
    stays silent while it is refilled."""
    combo.blockSignals(True)
    combo.clear()
    for code in codes:
        combo.addItem(names.get(code, code), code)
    pick = next((c for c in wanted if c in codes), "sv")
    combo.setCurrentIndex(max(combo.findData(pick), 0))
    combo.blockSignals(False)


class PrintPreviewDialog(QDialog):
    """`choices` is the list offered; `initial` the one shown first."""

    def __init__(
        self,
        ctx: WindowContext,
        child_id: str,
        child_name: str,
        choices: list[DocChoice],
        initial: int = 0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.child_id = child_id
        self.choices = choices
        self.pdf: bytes = b""
        self.images: list[QImage] = []  # the pages shown so far
        self._total = 0  # the document's number of pages
        self._generation = 0
        self.setWindowTitle(translate("Print", "Skriv ut – %1").replace("%1", child_name))
        self.resize(900, 820)

        self.document = W.named(QComboBox(), translate("Print", "Dokument"))
        for choice in choices:
            self.document.addItem(choice.label)
        # The print language: one catalogue file per language, each listing the documents it
        # prints (services.documents); the list is refilled for each kind of document.
        self.catalogues = {c.code: c for c in documents.print_languages()}
        self.choice_names = dict(documents.language_choices())
        self.language = language_combo()
        self._language_kind: Any = None
        self._family_code: str | None = None
        self._chosen: str | None = None  # a language the user picked in the list
        self.bilingual = W.named(QCheckBox(translate("Print", "Tvåspråkig (med svenska)")),
                                 translate("Print", "Tvåspråkig utskrift med svenska"))
        # The register extract's log: this laptop's, or every laptop's from the central store.
        self.central_log: Any = None
        self.with_central_log = W.named(
            QCheckBox(translate("Print", "Logg från alla datorer (hämtas från servern)")),
            translate("Print", "Registerutdragets logg från alla datorer"),
        )
        self.draft_warning = W.label("", "banner")
        self.draft_warning.setAccessibleName(translate("Print", "Varning om översättningen"))
        self.draft_warning.setVisible(False)
        self.status = W.label("", "muted")
        self.status.setAccessibleName(translate("Print", "Förhandsvisningens läge"))
        self.error = W.error_label()
        self.pages = QWidget()
        self.pages_layout = QVBoxLayout(self.pages)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.page_scroll = W.named(QScrollArea(), translate("Print", "Förhandsvisning"))
        self.page_scroll.setWidgetResizable(True)
        self.page_scroll.setWidget(self.pages)
        self.page_scroll.setStyleSheet("QScrollArea { background: #d9dde3; }")

        self.save_button = W.button(translate("Print", "Spara som PDF…"))
        self.print_button = W.button(translate("Print", "Skriv ut…"), primary=True)
        self.close_button = W.button(translate("Print", "Stäng"))
        for b in (self.save_button, self.print_button):
            b.setEnabled(False)

        top = QHBoxLayout()
        top.addWidget(W.label(translate("Print", "&Dokument:"), wrap=False, buddy=self.document))
        top.addWidget(self.document, 1)
        top.addWidget(W.label(translate("Print", "&Språk:"), wrap=False, buddy=self.language))
        top.addWidget(self.language)
        top.addWidget(self.bilingual)
        top.addWidget(self.with_central_log)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.draft_warning)
        lay.addWidget(self.status)
        lay.addWidget(self.error)
        lay.addWidget(self.page_scroll, 1)
        lay.addWidget(
            W.row(self.save_button, self.print_button, self.close_button, stretch_first=True)
        )
        connect(self.document.currentIndexChanged, self._load)
        connect(self.language.currentIndexChanged, self._load)
        connect(self.language.activated, self._language_picked)
        connect(self.bilingual.toggled, self._load)
        connect(self.with_central_log.toggled, self._central_log_toggled)
        connect(self.save_button.clicked, self._ask_save)
        connect(self.print_button.clicked, self._ask_print)
        connect(self.close_button.clicked, self.reject)
        self.document.setCurrentIndex(initial)
        if initial == 0:
            self._load(0)
        DbOp(self.ctx.runner, lambda s: documents.family_language(s, child_id)).on_success(
            self._preselect_language
        ).run()

    def _preselect_language(self, found: tuple[str | None, bool]) -> None:
        """The guardians' preferred language, as recorded on the child (family documents)."""
        code, _interpreter = found
        self._family_code = code
        if self.choice().kind not in documents.FAMILY_KINDS:
            return
        index = self.language.findData(code) if code else -1
        if index >= 0 and index != self.language.currentIndex():
            self.language.setCurrentIndex(index)

    def _language_picked(self, _index: int) -> None:
        self._chosen = str(self.language.currentData() or "") or None

    def _fill_languages(self) -> None:
        """The languages this kind of document is printed in. A language the user picked
        stays when the new kind has it; otherwise the family's language for a family
        document, else the user's own language, else Swedish. The orosanmälan goes to
        Swedish social services: Swedish unless the user picks another for it."""
        kind = self.choice().kind
        if kind == self._language_kind:
            return
        self._language_kind = kind
        codes = [c.code for c in documents.languages_for_kind(kind)]
        wanted = ([] if kind is documents.DocumentKind.OROSANMALAN else
                  [self._chosen, self._family_code if kind in documents.FAMILY_KINDS else None,
                   current_language()])
        fill_languages(self.language, codes, wanted, self.choice_names)

    def lang(self) -> str:
        """The chosen print language (only languages the document is printed in are offered)."""
        return str(self.language.currentData() or "sv")

    def _central_log_toggled(self, on: bool) -> None:
        """Fetch the child's log from the central store (database read, then the request on
        the background pool), then make the extract again with it."""
        if not on or self.central_log is not None:
            self._load(0)
            return
        self.status.setText(translate("Print", "Hämtar loggen från servern…"))
        child_id = self.child_id

        def fetched(link: log_service.CentralLink) -> None:
            BgOp(self.ctx.runner, lambda: log_service.fetch_extract(link, child_id)).on_success(
                self._central_log_fetched
            ).on_failure(self._central_log_failed).run()

        DbOp(self.ctx.runner, log_service.link).on_success(fetched).on_failure(
            self._central_log_failed
        ).run()

    def _central_log_fetched(self, extract: Any) -> None:
        self.central_log = extract
        self._load(0)

    def _central_log_failed(self, exc: BaseException) -> None:
        self.with_central_log.blockSignals(True)
        self.with_central_log.setChecked(False)
        self.with_central_log.blockSignals(False)
        self.status.setText("")
        W.show_error(self.error, translate("Print", "Loggen kunde inte hämtas: %1").replace(
            "%1", error_text(exc)))

    def _update_language_controls(self) -> None:
        self.with_central_log.setVisible(self.choice().kind is documents.DocumentKind.EXTRACT)
        self._fill_languages()
        family = self.choice().kind in documents.FAMILY_KINDS
        self.language.setEnabled(self.language.count() > 1)
        lang = self.lang()
        self.bilingual.setEnabled(family and lang != "sv")
        catalogue = self.catalogues.get(lang)
        if catalogue is not None and not catalogue.reviewed:
            self.draft_warning.setText(
                translate(
                    "Print",
                    "Översättningen till %1 är ett utkast som ingen kvalificerad översättare "
                    "har granskat (%2). Låt en tolk eller översättare läsa den innan "
                    "familjen får den.",
                ).replace("%1", catalogue.swedish_name).replace("%2", catalogue.translator)
            )
            self.draft_warning.setVisible(True)
        else:
            self.draft_warning.setVisible(False)

    # -- loading ----------------------------------------------------------------------------
    def choice(self) -> DocChoice:
        return self.choices[max(0, self.document.currentIndex())]

    def _options(self, choice: DocChoice) -> dict[str, Any]:
        options: dict[str, Any] = {"registry": self.ctx.registry}
        if choice.record_id:
            options["record_id"] = choice.record_id
        if choice.kind is documents.DocumentKind.EXTRACT:
            options["requested_by"] = str(self.ctx.me.get("name", ""))
            if self.with_central_log.isChecked() and self.central_log is not None:
                options["central_log"] = self.central_log
        options["lang"] = self.lang()
        if choice.kind in documents.FAMILY_KINDS:
            options["bilingual"] = self.bilingual.isChecked() and self.lang() != "sv"
        return options

    def _load(self, _index: int) -> None:
        self._generation += 1
        generation = self._generation
        choice = self.choice()
        self._update_language_controls()
        self.pdf, self.images, self._total = b"", [], 0
        self._clear_pages()
        W.show_error(self.error, "")
        self.save_button.setEnabled(False)
        self.print_button.setEnabled(False)
        self.status.setText(translate("Print", "Gör dokumentet…"))
        child_id, options = self.child_id, self._options(choice)
        DbOp(
            self.ctx.runner,
            lambda s: documents.render_document(
                s, choice.kind, child_id, child_version=choice.child_version, **options
            ),
        ).on_success(lambda pdf: self._rendered(generation, pdf)).on_failure(
            lambda exc: self._failed(generation, exc)
        ).run()

    def _rendered(self, generation: int, pdf: bytes) -> None:
        """Page 1 is made and shown first, the rest after it (a long extract has dozens of
        pages, and a user looks at the first while the others are made)."""
        if generation != self._generation:
            return
        self.pdf = pdf
        self.save_button.setEnabled(True)
        BgOp(self.ctx.runner, lambda: first_page(pdf)).on_success(
            lambda got: self._show_first(generation, pdf, *got)
        ).on_failure(lambda exc: self._failed(generation, exc)).run()

    def _show_first(self, generation: int, pdf: bytes, images: list[QImage],
                    total: int) -> None:
        if generation != self._generation:
            return
        self._total = total
        self.status.setText(translate("Print", "%n sidor", "", total))
        self._add_pages(images)
        if len(self.images) >= total:
            self.print_button.setEnabled(total > 0)
            return
        BgOp(self.ctx.runner, lambda: rasterize(pdf, PREVIEW_DPI, len(images))).on_success(
            lambda rest: self._show_rest(generation, rest)
        ).on_failure(lambda exc: self._failed(generation, exc)).run()

    def _show_rest(self, generation: int, images: list[QImage]) -> None:
        if generation != self._generation:
            return
        self._add_pages(images)
        # printing paints every page, so it waits for all of them
        self.print_button.setEnabled(len(self.images) == self._total)

    def _add_pages(self, images: list[QImage]) -> None:
        for image in images:
            self.images.append(image)
            page = QLabel()
            page.setPixmap(QPixmap.fromImage(image))
            page.setStyleSheet("background: white; border: 1px solid #9aa3ad;")
            page.setAccessibleName(
                translate("Print", "Sida %1 av %2").replace("%1", str(len(self.images)))
                .replace("%2", str(self._total))
            )
            self.pages_layout.addWidget(page)

    def _clear_pages(self) -> None:
        while self.pages_layout.count():
            item = self.pages_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self.status.setText("")
        if isinstance(exc, documents.DocumentError):
            W.show_error(self.error, error_text(exc))
        elif isinstance(exc, ImportError):
            W.show_error(
                self.error,
                translate(
                    "Print",
                    "Förhandsvisningen kan inte visas på den här datorn. Spara som PDF och "
                    "öppna filen i ett annat program.",
                ),
            )
        else:
            W.show_error(self.error, translate("Print", "Dokumentet kunde inte göras."))

    # -- saving and printing ----------------------------------------------------------------
    def _ask_save(self) -> None:
        choice = self.choice()
        suggested = f"{choice.kind.value}.pdf"
        path = W.ask_pdf_path(self, translate("Print", "Spara som PDF"), suggested)
        if path:
            self.save_to(Path(path))

    def save_to(self, path: Path) -> None:
        """Write the PDF (atomically) and audit the printout."""
        choice, child_id, options = self.choice(), self.child_id, self._options(self.choice())
        DbOp(
            self.ctx.runner,
            lambda s: documents.print_document(
                s, choice.kind, child_id, path, child_version=choice.child_version, **options
            ),
        ).on_success(
            lambda result: self.status.setText(
                translate("Print", "Sparad: %1").replace("%1", str(result.path))
            )
        ).on_failure(lambda exc: self._failed(self._generation, exc)).run()

    def _ask_print(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(translate("Print", "Skriv ut"))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        """Paint the pages at print resolution (made on the background pool), then audit."""
        pdf = self.pdf
        if not pdf:
            return
        self.status.setText(translate("Print", "Skriver ut…"))
        BgOp(self.ctx.runner, lambda: rasterize(pdf, PRINT_DPI)).on_success(
            lambda images: self._paint(printer, images)
        ).on_failure(lambda exc: self._failed(self._generation, exc)).run()

    def _paint(self, printer: QPrinter, images: list[QImage]) -> None:
        painter = QPainter()
        if not painter.begin(printer):
            W.show_error(self.error, translate("Print", "Skrivaren gick inte att använda."))
            return
        try:
            for n, image in enumerate(images):
                if n:
                    printer.newPage()
                area = painter.viewport()
                size = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(QRect(0, 0, size.width(), size.height()), image)
        finally:
            painter.end()
        choice, child_id = self.choice(), self.child_id
        DbOp(
            self.ctx.runner, lambda s: documents.audit_sent_to_printer(s, child_id, choice.kind)
        ).run()
        self.status.setText(translate("Print", "Utskriften är skickad till skrivaren."))


def open_preview(
    ctx: WindowContext,
    child_id: str,
    child_name: str,
    choices: list[DocChoice],
    initial: int = 0,
    parent: QWidget | None = None,
) -> PrintPreviewDialog:
    dialog = PrintPreviewDialog(ctx, child_id, child_name, choices, initial, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
