"""PercentileBands: filled polygons between percentiles, and the median line."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor

from layerlab.app.views.percentile_bands import PercentileBands, band_path


def test_the_band_covers_exactly_the_area_between_its_percentiles() -> None:
    x = np.arange(5.0)
    lo, hi = np.array([0, 1, 0, 1, 0.0]), np.array([2, 3, 2, 3, 2.0])
    path = band_path(x, lo, hi)
    for i in range(1, 4):  # (the ends are on the outline)
        assert path.contains(QPointF(x[i], (lo[i] + hi[i]) / 2))
        assert not path.contains(QPointF(x[i], hi[i] + 0.2))
        assert not path.contains(QPointF(x[i], lo[i] - 0.2))
    assert abs(path.boundingRect().height() - 3.0) < 1e-9


def test_records_with_nan_break_the_band_into_runs() -> None:
    x = np.arange(7.0)
    lo = np.array([0, 0, 0, np.nan, 0, 0, 0])
    hi = np.full(7, 1.0)
    path = band_path(x, lo, hi)
    assert path.contains(QPointF(1.0, 0.5)) and path.contains(QPointF(5.0, 0.5))
    assert not path.contains(QPointF(3.0, 0.5))  # no band over the NaN record
    assert band_path(x, np.full(7, np.nan), hi).isEmpty()


def test_set_data_draws_the_median_and_three_nested_bands(qtbot) -> None:
    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    bands = PercentileBands(widget.getPlotItem(), QColor("red"))
    x = np.arange(4.0)
    data = np.tile(np.array([-3, -2, -1, 0, 1, 2, 3.0]), (4, 1))
    bands.set_data(x, data)
    np.testing.assert_array_equal(bands.median.getData()[1], np.zeros(4))
    heights = [f.path().boundingRect().height() for f in bands.fills]
    assert np.allclose(heights, [6.0, 4.0, 2.0])  # 0-100, 10-90, 25-75 percent
    alphas = [f.brush().color().alpha() for f in bands.fills]
    assert alphas == sorted(alphas)  # inner bands darker
    bands.clear()
    assert all(f.path().isEmpty() for f in bands.fills)
    assert bands.median.getData()[0] is None or len(bands.median.getData()[0]) == 0


def test_the_median_line_is_drawn_over_the_bands(qtbot) -> None:
    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    bands = PercentileBands(widget.getPlotItem(), QColor("red"))
    assert all(f.zValue() < bands.median.zValue() for f in bands.fills)
