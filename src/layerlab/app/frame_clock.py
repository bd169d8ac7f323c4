"""FrameClock: the one QTimer that refreshes visible views from the session's snapshot."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject, QTimer

from layerlab.app.session import Session, Snapshot


class PolledView(Protocol):
    drawn_step: int

    def isVisible(self) -> bool: ...

    def refresh(self, snap: Snapshot) -> None: ...


class FrameClock(QObject):
    """Polls ``session.snapshot()`` at ``hz`` and refreshes views whose step is stale."""

    def __init__(self, session: Session, hz: int = 30, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._views: list[PolledView] = []
        self._timer = QTimer(self)
        self._timer.setInterval(int(1000 / hz))
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def add(self, view: PolledView) -> None:
        self._views.append(view)

    def force(self) -> None:
        """Redraw every visible view on the next tick (after a reset or rebuild)."""
        for v in self._views:
            v.drawn_step = -1
        self._tick()

    def _tick(self) -> None:
        snap = self._session.snapshot()
        if snap is None:
            return
        for view in self._views:
            if view.isVisible() and view.drawn_step != snap.step:
                view.refresh(snap)
