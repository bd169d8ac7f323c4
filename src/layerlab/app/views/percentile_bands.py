"""PercentileBands: TensorBoard-style bands (0-100, 10-90, 25-75 %) around a median line.

Each band is one filled polygon (the upper percentile forwards, the lower one back) built in
a single path per frame. pyqtgraph's FillBetweenItem rebuilds its fill whenever either of
its two curves changes, twice per frame, and each outline is a curve of its own: seven
curves and three fills per plot cost several milliseconds a frame; one line and three
paths cost a fraction of that.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsPathItem

from layerlab.app.views import style

PERCENTILES = (0, 10, 25, 50, 75, 90, 100)  # the columns of a band series
BAND_PAIRS = ((0, 6), (1, 5), (2, 4))  # 0-100, 10-90, 25-75 percent
BAND_ALPHAS = (45, 80, 120)
MEDIAN = 3


class PercentileBands:
    """The bands and median of one quantity in ``plot``; :meth:`set_data` each frame."""

    def __init__(self, plot: pg.PlotItem, colour: QColor, median_width: float = 2.0) -> None:
        self.median = plot.plot(pen=style.pen(colour, median_width))
        self.fills: list[QGraphicsPathItem] = []
        for alpha in BAND_ALPHAS:
            fill = QGraphicsPathItem()
            fill.setPen(QPen(Qt.PenStyle.NoPen))
            fill.setBrush(style.brush(colour, alpha))
            fill.setZValue(-1)  # under the median line
            plot.addItem(fill)
            self.fills.append(fill)
        self.x = np.zeros(0)
        self.bands = np.zeros((0, len(PERCENTILES)))

    def set_data(self, x: np.ndarray, bands: np.ndarray, finite: bool | None = None) -> None:
        """``bands``: (n, 7) percentiles per x. Records with NaN break the bands there."""
        self.x, self.bands = x, bands
        if finite is None:
            finite = bool(np.isfinite(bands).all())
        self.median.setData(x, bands[:, MEDIAN], skipFiniteCheck=finite)
        for fill, (lo, hi) in zip(self.fills, BAND_PAIRS, strict=True):
            fill.setPath(band_path(x, bands[:, lo], bands[:, hi]))

    def clear(self) -> None:
        self.set_data(np.zeros(0), np.zeros((0, len(PERCENTILES))), finite=True)


def band_path(x: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> QPainterPath:
    """The closed polygon between ``lo`` and ``hi`` over ``x`` (runs between NaNs)."""
    path = QPainterPath()
    ok = np.isfinite(x) & np.isfinite(lo) & np.isfinite(hi)
    if not ok.any():
        return path
    if ok.all():
        runs = [np.arange(len(x))]
    else:  # one polygon per run of finite records
        idx = np.flatnonzero(ok)
        runs = np.split(idx, np.flatnonzero(np.diff(idx) > 1) + 1)
    for run in runs:
        xs = np.concatenate([x[run], x[run][::-1]])
        ys = np.concatenate([hi[run], lo[run][::-1]])
        sub = pg.arrayToQPath(xs, ys, connect="all")
        sub.closeSubpath()
        path.addPath(sub)
    return path
