"""FrameClock: the one QTimer that refreshes visible views from the session's snapshot."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, QTimer

from layerlab.app.session import Session, Snapshot

LATE = 1.3  # a tick this many intervals after the previous one means the GUI is overloaded
ON_TIME = 1.1
MAX_STRIDE = 8.0  # under the heaviest load each view still redraws every 8th tick


class PolledView(Protocol):
    drawn_step: int

    def isVisible(self) -> bool: ...

    def refresh(self, snap: Snapshot) -> None: ...


class FrameClock(QObject):
    """Polls ``session.snapshot()`` at ``hz`` and refreshes views whose step is stale.

    Refreshing and painting every view can take longer than a frame (many views open, a slow
    display). The clock notices that its own ticks arrive late and then refreshes only some
    of the stale views per tick, the least recently refreshed first: the event loop keeps its
    frame rate, input stays responsive, and every view still updates in turn. When ticks are
    on time again, it goes back to refreshing every view every tick.
    """

    def __init__(
        self,
        session: Session,
        hz: int = 30,
        parent: QObject | None = None,
        now: Callable[[], float] = time.perf_counter,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._views: list[PolledView] = []
        self._interval = 1.0 / hz
        self._now = now
        self._last_tick: float | None = None
        self._ticks = 0
        self._refreshed_at: dict[int, int] = {}  # id(view) -> tick of its last refresh
        self.stride = 1.0  # ticks between two refreshes of one view under load
        self._timer = QTimer(self)
        self._timer.setInterval(int(1000 / hz))
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def add(self, view: PolledView) -> None:
        self._views.append(view)

    def force(self) -> None:
        """Redraw every visible view now (after a reset or rebuild)."""
        for v in self._views:
            v.drawn_step = -1
        self._tick(every_view=True)

    def _adapt(self) -> None:
        t = self._now()
        if self._last_tick is not None:
            lateness = (t - self._last_tick) / self._interval
            if lateness > LATE:
                self.stride = min(self.stride * 1.25, MAX_STRIDE)
            elif lateness < ON_TIME:
                self.stride = max(self.stride - 0.1, 1.0)
        self._last_tick = t

    def _tick(self, every_view: bool = False) -> None:
        self._ticks += 1
        if not every_view:
            self._adapt()
        snap = self._session.snapshot()
        if snap is None:
            return
        stale = [v for v in self._views if v.isVisible() and v.drawn_step != snap.step]
        if not stale:
            return
        count = len(stale) if every_view else max(1, math.ceil(len(stale) / self.stride))
        if count < len(stale):
            stale.sort(key=lambda v: self._refreshed_at.get(id(v), -1))
        for view in stale[:count]:
            view.refresh(snap)
            self._refreshed_at[id(view)] = self._ticks
