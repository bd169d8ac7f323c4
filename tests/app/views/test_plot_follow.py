"""RangeFollower: a live plot's range stays around its data and changes rarely."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest

from layerlab.app.views.plot_follow import HEADROOM, SIDE_ROOM, Y_PAD, RangeFollower


@pytest.fixture
def plot(qtbot):
    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    yield widget.getPlotItem()
    del widget


def test_first_fit_leaves_headroom_to_the_right_and_pads_y(plot) -> None:
    follow = RangeFollower(plot)
    x, y = np.arange(11.0), np.linspace(1.0, 2.0, 11)
    assert follow.update([x], [y]) is True
    (x0, x1), (y0, y1) = plot.getViewBox().viewRange()
    assert (x0, x1) == pytest.approx((0.0, 10.0 + HEADROOM * 10.0))
    assert (y0, y1) == pytest.approx((1.0 - Y_PAD, 2.0 + Y_PAD))


def test_a_growing_series_refits_only_when_it_leaves_the_range(plot) -> None:
    follow = RangeFollower(plot)
    rng = np.random.default_rng(0)
    y = 1.0 + 0.1 * rng.standard_normal(2000)
    for n in range(10, 2000, 10):  # one frame per 10 new points
        follow.update([np.arange(n, dtype=float)], [y[:n]])
    assert follow.refits < 25  # 199 frames; about one refit per 25 % of growth
    (x0, x1), (y0, y1) = plot.getViewBox().viewRange()
    assert x0 == 0.0 and x1 >= 1990 and y0 <= y.min() and y1 >= y.max()


def test_a_histogram_spreading_both_ways_refits_rarely(plot) -> None:
    follow = RangeFollower(plot, grow_right=False)
    for k in range(100):  # the weights' spread grows by 0.5 % a frame
        half = 1.0 + 0.005 * k
        edges = np.linspace(-half, half, 61)
        follow.update([edges], [np.ones(60), np.zeros(1)])
        (x0, x1), _ = plot.getViewBox().viewRange()
        assert x0 <= -half and x1 >= half
    assert follow.refits <= 8
    assert x0 == pytest.approx(-x1)  # room on both sides
    assert x1 - half < 2 * SIDE_ROOM * 2 * half + 1e-9


def test_a_manual_zoom_stops_following_and_the_auto_button_restarts_it(plot) -> None:
    follow = RangeFollower(plot)
    follow.update([np.arange(10.0)], [np.arange(10.0)])
    plot.getViewBox().sigRangeChangedManually.emit([True, True])
    assert follow.update([np.arange(100.0)], [np.arange(100.0)]) is False
    plot.autoBtn.clicked.emit(plot.autoBtn)
    assert follow.following and follow.update([np.arange(100.0)], [np.arange(100.0)]) is True
    assert plot.getViewBox().viewRange()[0][1] >= 99


def test_a_log_axis_fits_the_log_of_the_positive_values(plot) -> None:
    plot.setLogMode(y=True)
    follow = RangeFollower(plot)
    follow.update([np.arange(3.0)], [np.array([0.0, 1e-3, 10.0])])
    _, (y0, y1) = plot.getViewBox().viewRange()
    assert y0 < -3 < 1 < y1 < 2
