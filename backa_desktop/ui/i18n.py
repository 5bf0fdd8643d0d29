"""Language: Swedish is the source language of every string; English comes from a .qm file.

The strings in the code are Swedish (the product's default), marked with `translate(context,
text)`. `resources/translations/backa_en.ts` holds the English translation; the .qm next to it
is what Qt loads. Choosing Swedish installs no translator at all.
"""

from __future__ import annotations

from pathlib import Path

from backa_desktop.ui.qt import QCoreApplication, QLocale, QTranslator

TRANSLATIONS = Path(__file__).resolve().parents[2] / "resources" / "translations"
LANGUAGES = ("sv", "en")
LANGUAGE_PROPERTY = "backaLanguage"
"""The application property that holds the language in force, for text that does not go
through Qt's translator (error messages: domain/errors.py)."""


def current_language() -> str:
    app = QCoreApplication.instance()
    value = app.property(LANGUAGE_PROPERTY) if app is not None else None
    return value if isinstance(value, str) and value in LANGUAGES else "sv"


def qm_path(language: str) -> Path:
    return TRANSLATIONS / f"backa_{language}.qm"


class Language:
    """Installs and swaps the app's translator; owned by the composition root."""

    def __init__(self, app: QCoreApplication) -> None:
        self._app = app
        self._translator: QTranslator | None = None
        self.current = "sv"

    def set(self, language: str) -> bool:
        """Switch language; returns False when the translation file is missing."""
        if self._translator is not None:
            self._app.removeTranslator(self._translator)
            self._translator = None
        self.current = "sv"
        self._app.setProperty(LANGUAGE_PROPERTY, "sv")
        if language == "sv":
            QLocale.setDefault(QLocale(QLocale.Language.Swedish, QLocale.Country.Sweden))
            return True
        translator = QTranslator(self._app)
        if not translator.load(str(qm_path(language))):
            return False
        self._app.installTranslator(translator)
        self._translator = translator
        self.current = language
        self._app.setProperty(LANGUAGE_PROPERTY, language)
        return True
