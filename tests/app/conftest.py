"""App tests run offscreen; Qt is required here (the engine and data tests need none).

Shared here: a warm-up stand-in that is ready at once, and ``new_window`` that opens a real
main window on a preset with private settings and no questions about unsaved work."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QObject, QSettings, Signal


class FakeWarmup(QObject):
    """The engine warm-up, ready from the start (the JIT cache is warm in tests)."""

    finished = Signal(bool, str)
    running = False
    ready = True

    def start(self):
        self.finished.emit(True, "")

    def stop(self):
        pass


@pytest.fixture
def new_window(qtbot, tmp_path, monkeypatch):
    """``new_window(preset)``: a shown MainWindow on ``preset`` (an examples/ file name)."""
    from layerlab.app.builder.document import GraphDocument
    from layerlab.app.i18n import Translation
    from layerlab.app.main_window import MainWindow
    from layerlab.app.presets import load_preset
    from layerlab.app.session import Session
    from layerlab.app.settings import AppSettings

    monkeypatch.setenv("LAYERLAB_AUTOSAVE_DIR", str(tmp_path / "autosave"))
    # pytest-qt closes widgets before fixture teardown: never ask about unsaved changes
    monkeypatch.setattr("layerlab.app.document_files.DocumentFiles.confirm_discard", lambda s: True)

    def make(preset: str = "reference_bn.json") -> MainWindow:
        settings = AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
        doc = GraphDocument()
        load_preset(doc, preset)
        w = MainWindow(doc, settings, Translation(), FakeWarmup(), Session())
        qtbot.addWidget(w)
        w.show()
        return w

    return make
