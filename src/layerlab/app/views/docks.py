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

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QGraphicsScene, QGraphicsView, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from layerlab.app.main_window import MainWindow


SCENES_RESCAN_S = 2.0
TICK_SLACK_S = 0.008  # half a 60 Hz frame clock tick


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
    max_hz: float = 30.0  # redraw at most this often while training


class LazyView(QWidget):
    """Builds the real view once it is released and on screen (a tab behind another costs
    nothing); the frame clock polls this wrapper, which forwards to the view once it exists.

    "On screen" means painted: Qt keeps every tab of a dock group visible (``isVisible()``) and
    only paints the current one. Until ``release()`` nothing is built: the window releases its
    views after its own first paint, which therefore never waits for a view.
    """

    def __init__(
        self,
        build: Callable[[], QWidget],
        polled: bool,
        max_hz: float = 30.0,
        now: Callable[[], float] = time.perf_counter,
    ) -> None:
        super().__init__()
        self._build, self._polled, self._now = build, polled, now
        # the frame clock ticks every 16 ms: half a tick of slack lets a 30 Hz view redraw
        # every second tick (32 ms) rather than every third (48 ms)
        self._min_interval = 1.0 / max_hz - TICK_SLACK_S
        self._refreshed_at = -math.inf
        self.view: QWidget | None = None
        self._scenes: list[QGraphicsScene] = []
        self._scenes_found_at = -math.inf
        self._probe: QWidget | None = None  # a plot's viewport: on screen when it is
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

    def refresh(self, snap) -> bool:  # snap: a Session Snapshot
        """Forward to the view when it is on screen and its rate allows, and paint what it
        changed before returning (so the frame clock's budget sees the whole cost); otherwise
        return False: the view stays stale and the frame clock offers the snapshot again on a
        later tick (a tab behind another redraws as soon as it is raised)."""
        if self.view is None or not self._polled or not self._on_screen():
            return False
        now = self._now()
        if now - self._refreshed_at < self._min_interval:
            return False
        self._refreshed_at = now
        self.view.refresh(snap)
        self.drawn_step = snap.step
        self._paint_scenes(now)
        return True

    def _on_screen(self) -> bool:
        """Painted somewhere: the wrapper's region, or (when the view covers it with opaque
        widgets, which a region leaves out) the view's or its first plot's."""
        if not self.isVisible():
            return False
        if not self.visibleRegion().isEmpty():
            return True
        if self.view is None or not self.view.visibleRegion().isEmpty():
            return self.view is not None
        if self._scenes_found_at == -math.inf:
            self._find_scenes(time.perf_counter())
        return self._probe is not None and not self._probe.visibleRegion().isEmpty()

    def _find_scenes(self, now: float) -> None:
        self._scenes_found_at = now
        views = self.view.findChildren(QGraphicsView) if self.view is not None else []
        if isinstance(self.view, QGraphicsView):
            views.insert(0, self.view)
        self._scenes = [s for v in views if (s := v.scene()) is not None]
        self._probe = views[0].viewport() if views else None

    def _paint_scenes(self, now: float) -> None:
        """Process the view's graphics scenes now: a scene handles its changed items (and
        paints them) in posted events, which would otherwise run after the frame clock's
        tick, outside its budget. The scenes are looked up again every few seconds (views
        add plots when the network changes)."""
        if now - self._scenes_found_at > SCENES_RESCAN_S:
            self._find_scenes(now)
        if self._scenes:  # text or size changes lay plots out again, then repaint them
            QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        for scene in self._scenes:
            try:
                prepare = getattr(scene, "prepareForPaint", None)  # pyqtgraph: ranges, axes
                if prepare is not None:
                    prepare()  # changes made here would otherwise repaint after the tick
                QCoreApplication.sendPostedEvents(scene, QEvent.Type.MetaCall)
            except RuntimeError:  # a plot the view removed since the last look
                self._scenes_found_at = -math.inf


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
