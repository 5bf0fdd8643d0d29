"""Inställningar: when to lock, language and text size."""

from __future__ import annotations

from backa_desktop.ui import widgets as W
from backa_desktop.ui.qt import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    connect,
    translate,
)
from backa_desktop.ui.settings import FONT_SCALES, UiSettings


class SettingsDialog(QDialog):
    def __init__(self, settings: UiSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("Settings", "Inställningar"))
        self.idle = W.named(
            QSpinBox(), translate("Settings", "Lås efter antal minuter utan aktivitet")
        )
        self.idle.setRange(1, 120)
        self.idle.setSuffix(translate("Settings", " min"))
        self.idle.setValue(round(settings.idle_minutes))
        self.language = W.named(QComboBox(), translate("Settings", "Språk"))
        self.language.addItem("Svenska", "sv")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(self.language.findData(settings.language), 0))
        self.text_size = W.named(QComboBox(), translate("Settings", "Textstorlek"))
        for scale in FONT_SCALES:
            self.text_size.addItem(f"{int(scale * 100)} %", scale)
        self.text_size.setCurrentIndex(max(self.text_size.findData(settings.font_scale), 0))
        form = QFormLayout()
        form.addRow(W.label(translate("Settings", "&Lås efter:"), buddy=self.idle), self.idle)
        form.addRow(W.label(translate("Settings", "&Språk:"), buddy=self.language), self.language)
        form.addRow(
            W.label(translate("Settings", "&Textstorlek:"), buddy=self.text_size), self.text_size
        )
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(
            W.label(
                translate(
                    "Settings",
                    "Språk och textstorlek gäller från nästa gång du startar programmet.",
                ),
                "muted",
            )
        )
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(translate("Settings", "Spara"))
        ok.setAccessibleName(translate("Settings", "Spara"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(translate("Settings", "Avbryt"))
        cancel.setAccessibleName(translate("Settings", "Avbryt"))
        lay.addWidget(self.buttons)
        connect(self.buttons.accepted, self.accept)
        connect(self.buttons.rejected, self.reject)

    def values(self) -> UiSettings:
        return UiSettings(
            idle_minutes=float(self.idle.value()),
            language=str(self.language.currentData()),
            font_scale=float(self.text_size.currentData()),
        )
