"""Dock discovery: a view module that defines ``DOCK = DockSpec(...)`` gets a dock in the window.

Views add themselves without editing the main window: every module in ``layerlab.app.views`` is
scanned once at window construction.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

if TYPE_CHECKING:
    from layerlab.app.main_window import MainWindow


@dataclass(frozen=True)
class DockSpec:
    """name: object name; title: English text (translated in context 'Docks'); factory builds
    the widget for a window; polled: add it to the frame clock (it has drawn_step/refresh)."""

    name: str
    title: str
    factory: Callable[[MainWindow], QWidget]
    area: Qt.DockWidgetArea = Qt.DockWidgetArea.BottomDockWidgetArea
    polled: bool = True
    order: int = 100
    visible: bool = True


class LazyView(QWidget):
    """Builds the real view the first time it is shown (a hidden tab costs nothing at start-up);
    the frame clock polls this wrapper, which forwards to the view once it exists."""

    def __init__(self, build: Callable[[], QWidget], polled: bool) -> None:
        super().__init__()
        self._build, self._polled = build, polled
        self.view: QWidget | None = None
        self.drawn_step = -1
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

    def ensure_built(self) -> QWidget:
        if self.view is None:
            self.view = self._build()
            self.layout().addWidget(self.view)
            self.drawn_step = -1
        return self.view

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.ensure_built()

    def refresh(self, snap) -> None:  # snap: a Session Snapshot
        if self.view is not None and self._polled:
            self.view.refresh(snap)
            self.drawn_step = snap.step


def discover() -> list[DockSpec]:
    """Every DOCK defined by a module of layerlab.app.views, in ``order``."""
    import layerlab.app.views as views

    found = []
    for info in pkgutil.iter_modules(views.__path__):
        try:
            module = importlib.import_module(f"layerlab.app.views.{info.name}")
        except Exception:  # one broken view must not take the window down
            logging.getLogger(__name__).exception("view module %s failed to load", info.name)
            continue
        spec = getattr(module, "DOCK", None)
        if isinstance(spec, DockSpec):
            found.append(spec)
    return sorted(found, key=lambda s: (s.order, s.name))
