"""RangeFollower: keeps a live plot's range around its data, changing it rarely.

pyqtgraph's auto-range refits the view to the data on every update; while training, curves
grow every frame, so every frame the axes regenerate their ticks and labels and repaint (the
largest part of a frame with several plots open, drawn in software). The follower instead
leaves headroom when it refits: the x range grows by a quarter past the newest point, the y
range refits only when the data leaves it or fills less than a quarter of it. A refit is then
an occasional event and most frames repaint only the curves.

The learner keeps control: zooming or panning by hand stops the following, and the plot's
"A" (auto-range) button starts it again.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg

HEADROOM = 0.25  # room left past the data when the range grows
SIDE_ROOM = 0.1  # room on each side for data that is not a time series
MIN_FILL = 0.25  # refit when the data spans less than this share of the range
Y_PAD = 0.08  # margin above and below the data, as a share of its span


class RangeFollower:
    """Call :meth:`update` after setting a plot's data."""

    def __init__(self, plot: pg.PlotItem, grow_right: bool = True, x: bool = True) -> None:
        self.plot, self.vb = plot, plot.getViewBox()
        self.grow_right = grow_right  # x is time: new data arrives on the right (else: a
        # histogram, say, whose data may spread either way)
        self.follow_x = x  # False for a plot whose x range is linked to another's
        self.following = True
        self.refits = 0  # how many times the range changed (for tests and benchmarks)
        self.force_next = False  # refit at the next update (the "A" button, a new network)
        self.vb.disableAutoRange()
        self.vb.sigRangeChangedManually.connect(self._on_manual_range)
        if plot.autoBtn is not None:
            plot.autoBtn.clicked.connect(self._on_auto_button_clicked)

    def _on_manual_range(self, *_: object) -> None:
        self.following = False

    def _on_auto_button_clicked(self) -> None:
        self.vb.disableAutoRange()  # pyqtgraph turned its own auto-range on: ours instead
        self.following = True
        self.force_next = True

    def update(
        self, xs: Sequence[np.ndarray], ys: Sequence[np.ndarray], force: bool = False
    ) -> bool:
        """Refit to the data ``xs``/``ys`` (the arrays just drawn, in data units) if it left
        the range or shrank within it; True if the range changed. (The plot's own bounds
        cannot be used: a curve clipped to the view reports only what is inside it.)"""
        if not self.following:
            return False
        force, self.force_next = force or self.force_next, False
        bx = _bounds(xs, self.plot.getAxis("bottom").logMode)
        by = _bounds(ys, self.plot.getAxis("left").logMode)
        if bx is None or by is None:
            return False
        (bx0, bx1), (by0, by1) = bx, by
        (x0, x1), (y0, y1) = self.vb.viewRange()
        x_range = y_range = None
        xspan = bx1 - bx0
        if self.follow_x and (force or bx0 < x0 or bx1 > x1 or xspan < MIN_FILL * (x1 - x0)):
            width = xspan if xspan > 0 else 1.0
            if self.grow_right:
                x_range = (bx0, bx1 + HEADROOM * width)
            else:  # data that may spread both ways (a histogram): room on both sides
                x_range = (bx0 - SIDE_ROOM * width, bx1 + SIDE_ROOM * width)
        yspan = by1 - by0
        if force or by0 < y0 or by1 > y1 or yspan < MIN_FILL * (y1 - y0):
            pad = Y_PAD * yspan if yspan > 0 else max(abs(by1) * 0.1, 0.5)
            y_range = (by0 - pad, by1 + pad)
        if x_range is None and y_range is None:
            return False
        self.vb.setRange(xRange=x_range, yRange=y_range, padding=0, update=True)
        self.refits += 1
        return True


def _bounds(arrays: Sequence[np.ndarray], log: bool) -> tuple[float, float] | None:
    """(min, max) of the finite values (positive ones in log10 on a log axis), or None."""
    lo, hi = math.inf, -math.inf
    for a in arrays:
        a = np.asarray(a, np.float64)
        a = a[np.isfinite(a)]
        if log:
            a = np.log10(a[a > 0])
        if a.size:
            lo, hi = min(lo, float(a.min())), max(hi, float(a.max()))
    return (lo, hi) if lo <= hi else None
