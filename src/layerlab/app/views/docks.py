"""Dock discovery: a view module that defines ``DOCK = DockSpec(...)`` gets a dock in the window.

Views add themselves without editing the main window: every module in ``layerlab.app.views`` is
scanned once per window, right after its first paint (the modules load pyqtgraph, which the
first paint must not wait for).
"""

from __future__ import annotations

import importlib
import logging
import math
import pkgutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPaintEvent
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
    max_hz: float | None = None  # redraw at most this often while training (None: every frame)


class LazyView(QWidget):
    """Builds the real view once it is released and on screen (a tab behind another costs
    nothing); the frame clock polls this wrapper, which forwards to the view once it exists.

    "On screen" means painted: Qt keeps every tab of a dock group visible (``isVisible()``) and
    only paints the current one. Until ``release()`` nothing is built: the window releases its
    views after its own first paint, which therefore never waits for a view.
    """

    def __init__(
        self, build: Callable[[], QWidget], polled: bool, max_hz: float | None = None
    ) -> None:
        super().__init__()
        self._build, self._polled = build, polled
        self._min_interval = 1.0 / max_hz if max_hz else 0.0
        self._refreshed_at = -math.inf
        self.view: QWidget | None = None
        self.released = False
        self._painted_while_held = False
        self.drawn_step = -1
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

    def release(self) -> None:
        """Allow building from now on; builds at once if the wrapper is already on screen."""
        self.released = True
        if self._painted_while_held:
            self._build_if_on_screen()

    def _build_if_on_screen(self) -> None:
        if self.isVisible() and not self.visibleRegion().isEmpty():
            self.ensure_built()

    def ensure_built(self) -> QWidget:
        if self.view is None:
            self.view = self._build()
            self.layout().addWidget(self.view)
            self.drawn_step = -1
        return self.view

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.view is None and not self.released:
            self._painted_while_held = True
        elif self.view is None:  # not while painting: on the next event-loop pass
            QTimer.singleShot(0, self, self._build_if_on_screen)

    def refresh(self, snap) -> None:  # snap: a Session Snapshot
        """Forward to the view when it is on screen and its rate allows; otherwise the view
        stays stale and the frame clock offers the snapshot again on a later tick (a tab
        behind another redraws as soon as it is raised)."""
        if self.view is None or not self._polled or self.visibleRegion().isEmpty():
            return
        now = time.perf_counter()
        if now - self._refreshed_at < self._min_interval:
            return
        self._refreshed_at = now
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
