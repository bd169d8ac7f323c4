"""DecadeAxis: a log-scale axis that labels powers of ten, not every minor tick.

pyqtgraph labels each of 2x..9x10^k on a log axis spanning one or two decades, and the labels
overlap. This axis keeps every tick mark but labels only the powers of ten, and when the view
holds fewer than two of those, the 1x, 2x and 5x ticks.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg

LABELLED_MANTISSAS = (1, 2, 5)  # minor ticks labelled when fewer than two decades show


class DecadeAxis(pg.AxisItem):
    """Use as ``axisItems={"left": DecadeAxis("left")}``; behaves as usual in linear mode."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._decades_shown = 0

    def logTickValues(self, minVal, maxVal, size, stdTicks):
        lo, hi = math.ceil(minVal - 1e-9), math.floor(maxVal + 1e-9)
        self._decades_shown = max(0, hi - lo + 1)
        return super().logTickValues(minVal, maxVal, size, stdTicks)

    def logTickStrings(self, values, scale, spacing):
        strings = super().logTickStrings(values, scale, spacing)
        keep = labelled(np.asarray(values, float), self._decades_shown, spacing is not None)
        return [s if k else "" for s, k in zip(strings, keep, strict=True)]


def labelled(log_values: np.ndarray, decades_shown: int, major_level: bool) -> np.ndarray:
    """Which ticks (log10 values) get a label: the major level's always; among the minor
    ones the powers of ten, and 2x and 5x too when fewer than two powers of ten are in view."""
    if major_level:
        return np.ones(len(log_values), bool)
    mantissa = np.round(10 ** (log_values - np.floor(log_values + 1e-9))).astype(int)
    return np.isin(mantissa, LABELLED_MANTISSAS if decades_shown < 2 else (1,))
