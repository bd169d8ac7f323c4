"""Translators: the UI language from the system locale or the user's choice."""

from __future__ import annotations

from importlib import resources

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

LANGUAGES = {"en": "English", "zh_CN": "简体中文"}


def qm_path(language: str) -> str:
    return str(resources.files("layerlab") / "resources" / "i18n" / f"layerlab_{language}.qm")


def resolve(language: str) -> str:
    """'' means the system locale: Chinese for any zh locale, else English."""
    if language in LANGUAGES:
        return language
    return "zh_CN" if QLocale.system().name().startswith("zh") else "en"


class Translation:
    """Installs one translator at a time on the application."""

    def __init__(self) -> None:
        self._translator: QTranslator | None = None
        self.language = "en"

    def apply(self, language: str) -> bool:
        """Switch to ``language`` ('' = system); False when its translation is missing."""
        app = QCoreApplication.instance()
        lang = resolve(language)
        if self._translator is not None:
            app.removeTranslator(self._translator)
            self._translator = None
        self.language = lang
        if lang == "en":
            return True
        t = QTranslator(app)
        if not t.load(qm_path(lang)):
            self.language = "en"
            return False
        app.installTranslator(t)
        self._translator = t
        return True
