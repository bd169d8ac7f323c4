"""FrameClock: the one QTimer that refreshes visible views from the session's snapshot."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, Qt, QTimer

from layerlab.app.session import Session, Snapshot

HZ = 60
BUDGET_S = 0.006  # view work (refresh and paint) per tick: the rest of the frame stays free
COST_DECAY = 0.9  # a view's cost estimate: its latest cost, or the previous estimate decayed


class PolledView(Protocol):
    drawn_step: int

    def isVisible(self) -> bool: ...

    def refresh(self, snap: Snapshot) -> bool | None:
        """Redraw from ``snap``; False when it chose not to (rate cap, off screen)."""
        ...


def snapshot_key(snap: Snapshot) -> tuple:
    """What makes a view stale: a new step, and also, at the same step, an epoch's row that
    the worker appended after the step counter moved (the end of a run), or a stop. The
    same tuple as ``Session.state_key()``."""
    history = getattr(snap, "history", ())
    return (snap.step, len(history), getattr(snap, "running", None))


class FrameClock(QObject):
    """Polls ``session.snapshot()`` at ``hz`` and refreshes views whose step is stale.

    Each tick spends a time budget: stale views are refreshed least recently refreshed first,
    while the time spent plus the next view's cost estimate fits ``budget_s`` (a tick always
    refreshes at least one). A view's cost is measured around its ``refresh``, which for the
    app's views includes painting (``LazyView`` paints its plots before returning). With
    several heavy views on screen they take turns over consecutive ticks, so no tick blocks
    the event loop for long: input and animation keep their frame rate, and every view still
    updates in turn. With few views each redraws as often as its own rate cap allows (30 Hz
    for most). While nothing changes a tick only compares the session's ``state_key`` with
    what the views drew.
    """

    def __init__(
        self,
        session: Session,
        hz: int = HZ,
        parent: QObject | None = None,
        now: Callable[[], float] = time.perf_counter,
        budget_s: float = BUDGET_S,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._views: list[PolledView] = []
        self._now = now
        self.budget_s = budget_s
        self._ticks = 0
        self._refreshed_at: dict[int, int] = {}  # id(view) -> tick of its last refresh
        self.cost: dict[int, float] = {}  # id(view) -> estimated seconds per refresh
        self._keys: dict[int, tuple] = {}  # id(view) -> snapshot_key of its last refresh
        self._failed: set[int] = set()  # views whose refresh raised (logged once)
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
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

    def _stale(self, view: PolledView, key: tuple) -> bool:
        return view.isVisible() and (view.drawn_step != key[0] or self._keys.get(id(view)) != key)

    def _tick(self, every_view: bool = False) -> None:
        self._ticks += 1
        quick_key = getattr(self._session, "state_key", None)
        if quick_key is not None and not every_view:  # no copy of the trace while idle
            k = quick_key()
            if k is None or not any(self._stale(v, k) for v in self._views):
                return
        snap = self._session.snapshot()
        if snap is None:
            return
        key = snapshot_key(snap)
        stale = [v for v in self._views if self._stale(v, key)]
        stale.sort(key=lambda v: self._refreshed_at.get(id(v), -1))
        start = self._now()
        refreshed = False
        for view in stale:
            vid = id(view)
            t0 = self._now()
            if refreshed and not every_view and t0 - start + self.cost.get(vid, 0) > self.budget_s:
                continue  # its turn comes first on the next tick
            try:
                declined = view.refresh(snap) is False
            except Exception:  # a broken view must not hold the others back
                if vid not in self._failed:
                    self._failed.add(vid)
                    logging.getLogger(__name__).exception("refreshing %r failed", view)
                declined = False
            if declined:
                continue
            spent = self._now() - t0
            self.cost[vid] = max(spent, self.cost.get(vid, spent) * COST_DECAY)
            self._refreshed_at[vid] = self._ticks
            self._keys[vid] = key
            refreshed = True
