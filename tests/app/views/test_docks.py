"""LazyView: forwards snapshots only while on screen and no faster than its view's rate."""

from __future__ import annotations

import time

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow

from layerlab.app.views.docks import LazyView


class CountingView(QLabel):
    def __init__(self) -> None:
        super().__init__("view")
        self.steps: list[int] = []

    def refresh(self, snap) -> None:
        self.steps.append(snap.step)


class Snap:
    def __init__(self, step: int) -> None:
        self.step = step


def _docked(qtbot, max_hz=1000.0, build=CountingView):
    window = QMainWindow()
    qtbot.addWidget(window)
    lazies = []
    docks = []
    for name in ("a", "b"):
        lazy = LazyView(build, polled=True, max_hz=max_hz)
        lazy.release()
        dock = QDockWidget(name, window)
        dock.setWidget(lazy)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        lazies.append(lazy)
        docks.append(dock)
    window.tabifyDockWidget(docks[0], docks[1])
    window.resize(600, 400)
    window.show()
    qtbot.waitExposed(window)
    for lazy in lazies:
        lazy.ensure_built()
    return window, docks, lazies


def test_a_tab_behind_another_stays_stale_until_raised(qtbot) -> None:
    window, docks, (a, b) = _docked(qtbot)
    docks[0].raise_()
    qtbot.waitUntil(lambda: not a.visibleRegion().isEmpty())
    assert a.refresh(Snap(5)) is True
    assert b.refresh(Snap(5)) is False
    assert a.view.steps == [5] and a.drawn_step == 5
    assert b.view.steps == [] and b.drawn_step == -1  # hidden: the clock will offer it again
    docks[1].raise_()
    qtbot.waitUntil(lambda: not b.visibleRegion().isEmpty())
    b.refresh(Snap(6))
    assert b.view.steps == [6] and b.drawn_step == 6


def test_max_hz_limits_how_often_the_view_redraws(qtbot) -> None:
    window, docks, (a, _) = _docked(qtbot, max_hz=10)
    docks[0].raise_()
    qtbot.waitUntil(lambda: not a.visibleRegion().isEmpty())
    a.refresh(Snap(1))
    assert a.refresh(Snap(2)) is False  # within 0.1 s: skipped, the view stays stale

    assert a.view.steps == [1] and a.drawn_step == 1
    time.sleep(0.11)
    a.refresh(Snap(2))
    assert a.view.steps == [1, 2] and a.drawn_step == 2


class PlotView(pg.PlotWidget):
    """A pyqtgraph view that counts its paints."""

    def __init__(self) -> None:
        super().__init__()
        self.curve = self.plot([0, 1], [0, 1])
        self.paints = 0

    def refresh(self, snap) -> None:
        self.curve.setData([0, 1, 2], [0, snap.step, 0])
        self.setXRange(0, 2 + snap.step, padding=0)  # the axis changes too

    def paintEvent(self, event) -> None:
        self.paints += 1
        super().paintEvent(event)


def test_refresh_paints_the_views_plots_before_it_returns(qtbot) -> None:
    """The frame clock's budget must see painting: it happens inside refresh, not after."""
    window, docks, (a, b) = _docked(qtbot, build=PlotView)
    qtbot.wait(50)  # the first layout and paints done
    docks[0].raise_()
    qtbot.waitUntil(a._on_screen)  # (the plot covers the wrapper: its own region is empty)
    qtbot.wait(50)
    before = a.view.paints
    assert a.refresh(Snap(3)) is True
    assert a.view.paints == before + 1
    assert b.refresh(Snap(3)) is False  # the tab behind: not on screen
    painted = a.view.paints
    qtbot.wait(50)  # nothing left over for the event loop to repaint
    assert a.view.paints == painted
    assert a.view.getPlotItem().vb.viewRange()[0] == [0, 5]
