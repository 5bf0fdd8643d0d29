"""The dialogs about one child: add/edit the child, a new identity number, a decision on a
card, an orosanmälan.

Dialogs collect and check input (the identity number with the domain's own Swedish reason,
next to the field); saving is the caller's op."""

from __future__ import annotations

import contextlib
from datetime import date
from typing import Any

from backa_desktop.domain.errors import message_of
from backa_desktop.domain.identity import IdentityError, IdentityKind, parse_identity
from backa_desktop.domain.limits import NAME_MAX
from backa_desktop.domain.people import ChildProfile, replace_identity
from backa_desktop.domain.process import Beslut
from backa_desktop.ui import labels
from backa_desktop.ui import widgets as W
from backa_desktop.ui.date_edit import date_edit, parse_date
from backa_desktop.ui.errors import error_text
from backa_desktop.ui.qt import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTimer,
    QVBoxLayout,
    QWidget,
    connect,
    translate,
)
from backa_desktop.ui.widgets import ok_cancel_buttons


class ChildDialog(QDialog):
    """Add or edit a child and up to two guardians."""

    def __init__(
        self,
        units: dict[str, str],
        profile: dict[str, Any] | None = None,
        parent: QWidget | None = None,
        print_languages: list[tuple[str, str]] | None = None,
    ) -> None:
        """`print_languages`: (code, name) of the languages family documents can be printed
        in, offered as each guardian's preferred language."""
        super().__init__(parent)
        if print_languages is None:
            from backa_desktop.services.documents import language_choices

            print_languages = language_choices()
        self.setWindowTitle(
            translate("ChildDialog", "Redigera barn")
            if profile
            else translate("ChildDialog", "Nytt barn")
        )
        self.result_profile: ChildProfile | None = None
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.given = W.named(QLineEdit(), translate("ChildDialog", "Förnamn"))
        self.family = W.named(QLineEdit(), translate("ChildDialog", "Efternamn"))
        for edit in (self.given, self.family):
            edit.setMaxLength(NAME_MAX)  # the domain's limit: the field stops, nothing is lost
        self.identity = W.named(
            QLineEdit(),
            translate("ChildDialog", "Personnummer"),
            translate("ChildDialog", "ÅÅÅÅMMDD-NNNN"),
        )
        self.identity.setPlaceholderText(translate("ChildDialog", "ÅÅÅÅMMDD-NNNN"))
        self.identity_error = W.error_label()
        self.unit = W.named(QComboBox(), translate("ChildDialog", "Enhet"))
        self.unit.addItem(translate("ChildDialog", "— Ingen enhet —"), None)
        for uid, name in sorted(units.items(), key=lambda kv: kv[1]):
            self.unit.addItem(name, uid)
        form.addRow(W.label(translate("ChildDialog", "&Förnamn"), buddy=self.given), self.given)
        form.addRow(W.label(translate("ChildDialog", "&Efternamn"), buddy=self.family), self.family)
        form.addRow(
            W.label(translate("ChildDialog", "&Personnummer"), buddy=self.identity), self.identity
        )
        form.addRow("", self.identity_error)
        form.addRow(W.label(translate("ChildDialog", "E&nhet"), buddy=self.unit), self.unit)
        # Skyddad folkbokföring: printouts, titles and notices then say less (ui/protected.py)
        protected_help = translate(
            "ChildDialog",
            "Barnet har skyddade personuppgifter. Enhet och mötesplats skrivs inte ut till "
            "familjen, och namnet visas inte i fönsternamn eller meddelanden.",
        )
        self.protected = W.named(
            QCheckBox(translate("ChildDialog", "&Skyddad identitet (skyddad folkbokföring)")),
            translate("ChildDialog", "Skyddad identitet"),
            protected_help,
        )
        self.protected.setToolTip(protected_help)
        form.addRow("", self.protected)
        lay.addLayout(form)
        self.guardians: list[tuple[QLineEdit, QLineEdit, QLineEdit, QLabel]] = []
        # the family's language and tolkbehov: printouts and meetings depend on them
        self.languages: list[tuple[QComboBox, QCheckBox]] = []
        self._guardian_extra: list[dict[str, Any]] = [{}, {}]
        for n in (1, 2):
            box = QGroupBox(translate("ChildDialog", "Vårdnadshavare %1").replace("%1", str(n)))
            gl = QFormLayout(box)
            name_edit = W.named(
                QLineEdit(),
                translate("ChildDialog", "Namn, vårdnadshavare %1").replace("%1", str(n)),
            )
            ident = W.named(
                QLineEdit(),
                translate("ChildDialog", "Personnummer, vårdnadshavare %1").replace("%1", str(n)),
            )
            phone = W.named(
                QLineEdit(),
                translate("ChildDialog", "Telefon, vårdnadshavare %1").replace("%1", str(n)),
            )
            name_edit.setMaxLength(NAME_MAX)
            phone.setMaxLength(NAME_MAX)
            err = W.error_label()
            gl.addRow(W.label(translate("ChildDialog", "Namn"), buddy=name_edit), name_edit)
            gl.addRow(W.label(translate("ChildDialog", "Personnummer"), buddy=ident), ident)
            gl.addRow("", err)
            gl.addRow(W.label(translate("ChildDialog", "Telefon"), buddy=phone), phone)
            language = W.named(
                QComboBox(),
                translate("ChildDialog", "Språk, vårdnadshavare %1").replace("%1", str(n)),
            )
            language.addItem(translate("ChildDialog", "— Inte angivet —"), None)
            for code, name in print_languages:
                language.addItem(name, code)
            interpreter = W.named(
                QCheckBox(translate("ChildDialog", "Behöver tolk")),
                translate("ChildDialog", "Behöver tolk, vårdnadshavare %1").replace("%1", str(n)),
            )
            gl.addRow(W.label(translate("ChildDialog", "Språk"), buddy=language), language)
            gl.addRow("", interpreter)
            self.guardians.append((name_edit, ident, phone, err))
            self.languages.append((language, interpreter))
            lay.addWidget(box)
        self.error = W.error_label()
        lay.addWidget(self.error)
        self.buttons = ok_cancel_buttons(translate("ChildDialog", "Spara"))
        lay.addWidget(self.buttons)
        connect(self.buttons.accepted, self._accept)
        connect(self.buttons.rejected, self.reject)
        connect(self.identity.editingFinished, self._check_identity)
        self._extra: dict[str, Any] = {}
        if profile:
            self._load(profile)

    def _load(self, p: dict[str, Any]) -> None:
        self._extra = dict(p)
        self.given.setText(p.get("given_names", ""))
        self.family.setText(p.get("family_name", ""))
        ident = str(p.get("identity", ""))
        self.identity.setText(f"{ident[:8]}-{ident[8:]}" if len(ident) == 12 else ident)
        i = self.unit.findData(p.get("unit_id"))
        self.unit.setCurrentIndex(max(i, 0))
        self.protected.setChecked(p.get("protected_identity") is True)
        for i, ((name, idn, phone, _err), (language, interpreter), g) in enumerate(zip(
            self.guardians, self.languages, p.get("guardians") or [], strict=False
        )):
            self._guardian_extra[i] = dict(g)
            code = g.get("preferred_language")
            if code and language.findData(code) < 0:
                language.addItem(str(code), code)  # a language without a print catalogue
            language.setCurrentIndex(max(language.findData(code), 0))
            interpreter.setChecked(bool(g.get("interpreter_needed")))
            name.setText(g.get("name", ""))
            gi = str(g.get("identity") or "")
            idn.setText(f"{gi[:8]}-{gi[8:]}" if len(gi) == 12 else gi)
            phone.setText(g.get("phone") or "")

    def _check_identity(self) -> bool:
        try:
            parse_identity(self.identity.text())
        except IdentityError as exc:
            W.show_error(self.identity_error, error_text(exc))
            self.identity.setProperty("invalid", True)
            self.identity.style().polish(self.identity)
            return False
        W.show_error(self.identity_error, "")
        self.identity.setProperty("invalid", False)
        self.identity.style().polish(self.identity)
        return True

    def _accept(self) -> None:
        W.show_error(self.error, "")
        if not self.given.text().strip() or not self.family.text().strip():
            W.show_error(self.error, translate("ChildDialog", "Skriv barnets för- och efternamn."))
            return
        if not self._check_identity():
            self.identity.setFocus()
            return
        number = parse_identity(self.identity.text())
        guardians = []
        for (name, ident, phone, err), (language, interpreter), extra in zip(
            self.guardians, self.languages, self._guardian_extra, strict=True
        ):
            W.show_error(err, "")
            if not name.text().strip():
                continue
            gid = None
            if ident.text().strip():
                try:
                    gid = parse_identity(ident.text()).value
                except IdentityError as exc:
                    W.show_error(err, error_text(exc))
                    ident.setFocus()
                    return
            guardians.append(
                {
                    **extra,  # fields this dialog does not show (relation, e-mail) are kept
                    "name": name.text().strip(),
                    "identity": gid,
                    "phone": phone.text().strip() or None,
                    "preferred_language": language.currentData(),
                    "interpreter_needed": interpreter.isChecked(),
                }
            )
        body = {
            **{k: v for k, v in self._extra.items() if k not in ("guardians",)},
            "given_names": self.given.text().strip(),
            "family_name": self.family.text().strip(),
            "identity": number.value,
            "identity_kind": number.kind.value,
            "birth_date": number.birth_date.isoformat() if number.birth_date else None,
            "unit_id": self.unit.currentData(),
            "protected_identity": self.protected.isChecked(),
            "guardians": guardians,
        }
        try:
            self.result_profile = ChildProfile.model_validate(body)
        except ValueError as exc:  # IdentityError and pydantic's ValidationError included
            reason = error_text(exc) if message_of(exc) is not None else translate(
                "ChildDialog", "Uppgifterna kunde inte sparas. Kontrollera fälten."
            )
            W.show_error(self.error, reason)
            return
        self.accept()


class IdentityDialog(QDialog):
    """A samordningsnummer or reservnummer replaced by a personnummer: the new number, checked
    here against the child's profile with the domain's own rule, so a number that cannot
    replace it (invalid, the same, another birth month) is refused next to the field and the
    typed text stays. `number` is the accepted new number; saving is the caller's op."""

    def __init__(self, body: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("IdentityDialog", "Nytt identitetsnummer"))
        self._body = dict(body)
        self.number: str | None = None
        kind = {
            IdentityKind.SAMORDNINGSNUMMER.value: translate("IdentityDialog", "samordningsnummer"),
            IdentityKind.RESERVNUMMER.value: translate("IdentityDialog", "reservnummer"),
        }.get(str(body.get("identity_kind")), translate("IdentityDialog", "personnummer"))
        # Wide enough for the explanation to read as a paragraph (in em, so it grows with the
        # font scale); the height then follows the wrapped text.
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 34)
        lay = QVBoxLayout(self)
        lay.addWidget(
            W.label(
                translate(
                    "IdentityDialog",
                    "När ett barn med samordningsnummer eller reservnummer får ett personnummer "
                    "(folkbokföring) skriver du det nya numret här. Barnets nuvarande %1 sparas i "
                    "barnets identitetshistorik: sökningen hittar barnet även på det, och "
                    "utskrifter visar det nya numret. Ändringen skickas vid nästa synkning. Är "
                    "barnet redan registrerat under det nya numret hos någon annan slås de två "
                    "ihop till ett barn.",
                ).replace("%1", kind)
            )
        )
        self.identity = W.named(
            QLineEdit(),
            translate("IdentityDialog", "Nytt personnummer"),
            translate("IdentityDialog", "ÅÅÅÅMMDD-NNNN"),
        )
        self.identity.setPlaceholderText(translate("IdentityDialog", "ÅÅÅÅMMDD-NNNN"))
        form = QFormLayout()
        form.addRow(
            W.label(translate("IdentityDialog", "&Nytt personnummer"), buddy=self.identity),
            self.identity,
        )
        lay.addLayout(form)
        self.error = W.error_label()
        lay.addWidget(self.error)
        self.buttons = ok_cancel_buttons(translate("IdentityDialog", "Spara"))
        lay.addWidget(self.buttons)
        connect(self.buttons.accepted, self._accept)
        connect(self.buttons.rejected, self.reject)
        QTimer.singleShot(0, self._fit)

    def _fit(self) -> None:
        with contextlib.suppress(RuntimeError):  # the dialog may be gone by then
            if self.isVisible():
                self.adjustSize()

    def _accept(self) -> None:
        try:
            new = parse_identity(self.identity.text())
            replace_identity(self._body, new, date.today())
        except IdentityError as exc:
            W.show_error(self.error, error_text(exc))
            self.identity.setProperty("invalid", True)
            self.identity.style().polish(self.identity)
            self.identity.setFocus()
            self._fit()  # room for the message
            return
        self.number = new.value
        self.accept()


class DecisionDialog(QDialog):
    """The Barnkontakt's decision on a card (after the talk): what, why, follow-up date."""

    def __init__(self, child_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("DecisionDialog", "Beslut för %1").replace("%1", child_name))
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.beslut = W.named(QComboBox(), translate("DecisionDialog", "Beslut"))
        for b in (
            Beslut.BARNKONTAKT,
            Beslut.BARNTEAM,
            Beslut.INDIVIDUELLT_BARNTEAM,
            Beslut.EGEN_VERKSAMHET,
            Beslut.BEHOV_UPPFYLLT,
        ):
            self.beslut.addItem(labels.beslut(b), b.value)
        self.motivation = W.named(QPlainTextEdit(), translate("DecisionDialog", "Motivering"))
        self.motivation.setTabChangesFocus(True)
        # the one date input (typed 2026-12-02, 20261202 or 2/12; the calendar opens at today)
        self.follow_up = date_edit(translate("DecisionDialog", "Uppföljning"), optional=True)
        # What was last typed into it: leaving the field (clicking "Besluta") puts back the
        # previous date when the text is no date, which must not pass unnoticed.
        self._typed = ""
        connect(self.follow_up.lineEdit().textEdited, self._typing)
        connect(self.follow_up.dateChanged, lambda _d: self._typing(""))
        # One-word labels on one line: wrapped, "Follow-up" broke at its hyphen and the form
        # row, which does not grow for a wrapped label, cut off its second line.
        for text, field in ((translate("DecisionDialog", "&Beslut"), self.beslut),
                            (translate("DecisionDialog", "&Motivering"), self.motivation),
                            (translate("DecisionDialog", "&Uppföljning"), self.follow_up)):
            form.addRow(W.label(text, wrap=False, buddy=field), field)
        lay.addLayout(form)
        lay.addWidget(
            W.label(
                translate(
                    "DecisionDialog",
                    "Beslutet skickas till upptäckaren. Kom ihåg att berätta för barnet och "
                    "vårdnadshavarna, och vid barnteam vilken information som delas.",
                ),
                "banner",
            )
        )
        # the unit's standing Barnteam, shown while the decision is Barnteam (set_barnteam)
        self.barnteam = W.label("", "muted")
        self.barnteam.setAccessibleName(translate("DecisionDialog", "Enhetens Barnteam"))
        self.barnteam.setVisible(False)
        lay.addWidget(self.barnteam)
        self.error = W.error_label()
        lay.addWidget(self.error)
        self.buttons = ok_cancel_buttons(translate("DecisionDialog", "Besluta"))
        connect(self.beslut.currentIndexChanged, lambda _i: self._barnteam_shown())
        lay.addWidget(self.buttons)
        connect(self.buttons.accepted, self._accept)
        connect(self.buttons.rejected, self.reject)

    def set_barnteam(self, text: str) -> None:
        """Who the unit's standing Barnteam is, offered with the decision Barnteam."""
        self.barnteam.setText(text)
        self._barnteam_shown()

    def _barnteam_shown(self) -> None:
        self.barnteam.setVisible(
            bool(self.barnteam.text()) and self.beslut.currentData() == Beslut.BARNTEAM.value)
        # texts come and go while the dialog is open (this one, the consent notice): once
        # every slot has run, make room for the wrapped lines rather than cut them
        QTimer.singleShot(0, self._fit)

    def _fit(self) -> None:
        with contextlib.suppress(RuntimeError):  # the dialog may be gone by then
            if self.isVisible():
                self.adjustSize()

    def values(self) -> tuple[str, str, date | None]:
        return (
            str(self.beslut.currentData()),
            self.motivation.toPlainText().strip(),
            self.follow_up.value(),
        )

    def _accept(self) -> None:
        # A typed text that is no date (31/2, 12/) would otherwise quietly keep the date
        # shown before it; the nurse is told instead, and nothing she wrote is lost.
        text = self._typed.strip()
        if text and text != self.follow_up.specialValueText() and parse_date(text) is None:
            W.show_error(self.error, translate(
                "DecisionDialog",
                "Datumet finns inte. Skriv t.ex. 2026-12-02, 20261202 eller 2/12."))
            self.follow_up.setFocus()
            self.follow_up.lineEdit().setText(self._typed)
            return
        W.show_error(self.error, "")
        self.accept()

    def _typing(self, text: str) -> None:
        self._typed = text


class OrosanmalanDialog(QDialog):
    """Always open, from any child. No consent needed; the family is not told by the app."""

    def __init__(
        self,
        child_name: str,
        concern_indicators: list[tuple[str, str, bool]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("Oros", "Orosanmälan för %1").replace("%1", child_name))
        lay = QVBoxLayout(self)
        lay.addWidget(
            W.label(
                translate(
                    "Oros",
                    "Misstanke räcker. En orosanmälan kräver inget samtycke och visas aldrig "
                    "för vårdnadshavarna. Är barnet i akut fara: ring 112.",
                ),
                "banner",
            )
        )
        self.concern = W.named(QPlainTextEdit(), translate("Oros", "Beskriv din oro"))
        self.concern.setTabChangesFocus(True)
        lay.addWidget(W.label(translate("Oros", "&Beskriv din oro"), buddy=self.concern))
        lay.addWidget(self.concern)
        self.indicators: list[tuple[str, QCheckBox]] = []
        if concern_indicators:
            box = QGroupBox(translate("Oros", "Tecken på oro"))
            bl = QVBoxLayout(box)
            for iid, text, prompts in concern_indicators:
                cb = W.named(QCheckBox(text), text)
                if prompts:
                    cb.setToolTip(translate("Oros", "Detta ska anmälas till socialnämnden."))
                bl.addWidget(cb)
                self.indicators.append((iid, cb))
            lay.addWidget(box)
        self.acute = W.named(
            QCheckBox(translate("Oros", "Barnet kan vara i akut fara")),
            translate("Oros", "Barnet kan vara i akut fara"),
        )
        lay.addWidget(self.acute)
        self.error = W.error_label()
        lay.addWidget(self.error)
        self.buttons = ok_cancel_buttons(translate("Oros", "Upprätta orosanmälan"))
        lay.addWidget(self.buttons)
        connect(self.buttons.accepted, self._accept)
        connect(self.buttons.rejected, self.reject)

    def values(self) -> tuple[str, list[str], bool]:
        return (
            self.concern.toPlainText().strip(),
            [iid for iid, cb in self.indicators if cb.isChecked()],
            self.acute.isChecked(),
        )

    def _accept(self) -> None:
        if not self.concern.toPlainText().strip():
            W.show_error(self.error, translate("Oros", "Beskriv din oro."))
            self.concern.setFocus()
            return
        self.accept()
