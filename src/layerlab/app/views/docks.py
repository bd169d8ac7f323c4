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
from PySide6.QtWidgets import QWidget

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
