"""Translators: the UI language from the system locale or the user's choice."""

from __future__ import annotations

from importlib import resources

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

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
        self._translators: list[QTranslator] = []
        self.language = "en"

    def apply(self, language: str) -> bool:
        """Switch to ``language`` ('' = system); False when its translation is missing."""
        app = QCoreApplication.instance()
        lang = resolve(language)
        for t in self._translators:
            app.removeTranslator(t)
        self._translators = []
        self.language = lang
        if lang == "en":
            return True
        ours = QTranslator(app)
        if not ours.load(qm_path(lang)):
            self.language = "en"
            return False
        qt = QTranslator(app)  # Qt's own buttons and menus (Cancel, Yes, ...)
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        for t in ([qt] if qt.load(f"qtbase_{lang}", qt_dir) else []) + [ours]:
            app.installTranslator(t)
            self._translators.append(t)
        return True
