"""Where a lesson figure's legend covers the least data: one of the plot's four corners.

Pure numpy, from the panel's own data (the plot has no size or range yet when it is drawn).
Lines are sampled densely along their length in the axes' units (a log axis in decades, where
the drawn segments are straight), so a line crossing a corner counts even where it has no
vertex; bars count as columns from zero.
"""

from __future__ import annotations

import numpy as np

from layerlab.lessons.figure import Bars, Histogram, Line, Panel, Points

# pyqtgraph LegendItem offsets: x > 0 from the left, < 0 from the right; y likewise from the top
CORNERS = {  # in order of preference when several are equally empty
    "top right": (-10, 10),
    "top left": (10, 10),
    "bottom right": (-10, -10),
    "bottom left": (10, -10),
}
SAMPLES_PER_LINE = 400


def legend_corner(panel: Panel, labels: list[str]) -> str:
    """The corner (a key of CORNERS) whose legend-sized box holds the fewest data points."""
    xs, ys = _points(panel)
    if not len(xs):
        return "top right"
    x0, x1 = _axis_range(panel.x_range, panel.log_x, xs)
    y0, y1 = _axis_range(panel.y_range, panel.log_y, ys)
    u = (xs - x0) / ((x1 - x0) or 1.0)
    v = (ys - y0) / ((y1 - y0) or 1.0)
    longest = max((len(t) for t in labels), default=0)
    w = min(0.6, 0.08 + 0.012 * longest)  # the legend's share of the plot's width and height
    h = min(0.7, 0.04 + 0.09 * len(labels))
    boxes = {
        "top right": (u > 1 - w) & (v > 1 - h),
        "top left": (u < w) & (v > 1 - h),
        "bottom right": (u > 1 - w) & (v < h),
        "bottom left": (u < w) & (v < h),
    }
    shown = (u >= 0) & (u <= 1) & (v >= 0) & (v <= 1)  # data outside the range is not drawn
    counts = {corner: int((inside & shown).sum()) for corner, inside in boxes.items()}
    return min(CORNERS, key=lambda c: (counts[c], list(CORNERS).index(c)))


def _axis_range(given: tuple[float, float] | None, log: bool, data: np.ndarray) -> tuple:
    """The panel's range (in data units, so in log10 on a log axis), else the data's."""
    if given is None:
        return float(data.min()), float(data.max())
    return tuple(float(np.log10(v)) if v > 0 else -300.0 for v in given) if log else given


def _points(panel: Panel) -> tuple[np.ndarray, np.ndarray]:
    xs: list[np.ndarray] = []
    ys: list[np.ndarray] = []
    for item in panel.items:
        if isinstance(item, Line | Points):
            x, y = np.asarray(item.x, float), np.asarray(item.y, float)
        elif isinstance(item, Bars | Histogram):
            x, y = _columns(item)
        else:
            continue
        x, y = _axis_units(x, panel.log_x), _axis_units(y, panel.log_y)
        if isinstance(item, Line):  # straight segments on the axes as drawn (log or not)
            x, y = _densify(x, y)
        ok = np.isfinite(x) & np.isfinite(y)
        xs.append(x[ok])
        ys.append(y[ok])
    if not xs:
        return np.zeros(0), np.zeros(0)
    return np.concatenate(xs), np.concatenate(ys)


def _axis_units(v: np.ndarray, log: bool) -> np.ndarray:
    if not log:
        return v
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(v > 0, np.log10(np.where(v > 0, v, 1.0)), np.nan)


def _densify(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Points spread evenly over the polyline's vertex sequence."""
    if len(x) < 2:
        return x, y
    t = np.linspace(0, len(x) - 1, SAMPLES_PER_LINE)
    return np.interp(t, np.arange(len(x)), x), np.interp(t, np.arange(len(y)), y)


def _columns(item: Bars | Histogram) -> tuple[np.ndarray, np.ndarray]:
    if isinstance(item, Bars):
        centres, heights = np.arange(len(item.values), dtype=float), np.asarray(item.values, float)
    else:
        values = np.asarray(item.values, float)
        values = values[np.isfinite(values)]
        if not len(values):
            return np.zeros(0), np.zeros(0)
        counts, edges = np.histogram(values, bins=item.bins)
        centres, heights = (edges[:-1] + edges[1:]) / 2, counts.astype(float)
    frac = np.linspace(0, 1, 20)
    x = np.repeat(centres, len(frac))
    y = (heights[:, None] * frac[None, :]).ravel()
    return x, y
