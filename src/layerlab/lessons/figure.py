"""What a lesson's experiment draws, as plain data (numpy arrays): the app renders it with
pyqtgraph, tests read the numbers, and nothing here imports Qt."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np


@dataclass
class Line:
    """A curve. ``style``: solid, dashed or dots (scatter); ``colour`` indexes the view's palette
    (or None: the next colour)."""

    x: np.ndarray
    y: np.ndarray
    label: str = ""
    style: Literal["solid", "dashed", "dots"] = "solid"
    colour: int | None = None
    width: float = 2.0


@dataclass
class Points:
    """Labelled points on a plane (a data set): ``classes`` picks each point's colour."""

    x: np.ndarray
    y: np.ndarray
    classes: np.ndarray | None = None
    label: str = ""
    size: float = 7.0


@dataclass
class Bars:
    """A bar chart: one bar per label; ``highlight`` draws that bar in the accent colour."""

    labels: list[str]
    values: np.ndarray
    label: str = ""
    highlight: int | None = None


@dataclass
class Image:
    """A 2-D array shown as an image (row 0 at the top). ``levels`` fixes the colour range;
    ``diverging`` uses a blue-white-red map centred on zero. ``extent`` (x0, x1, y0, y1) places
    it in data coordinates (a heatmap over the input plane)."""

    data: np.ndarray
    levels: tuple[float, float] | None = None
    diverging: bool = False
    extent: tuple[float, float, float, float] | None = None
    label: str = ""


@dataclass
class Histogram:
    """Counts of ``values`` in ``bins`` equal bins (drawn as a step curve)."""

    values: np.ndarray
    bins: int = 50
    label: str = ""
    colour: int | None = None


@dataclass
class Region:
    """A shaded band along x (``orientation='vertical'``) or y: a saturation zone, a held-out
    period."""

    start: float
    end: float
    label: str = ""
    orientation: Literal["vertical", "horizontal"] = "vertical"


@dataclass
class Marker:
    """A line across the panel at ``value`` (a threshold, the best epoch) with a label."""

    value: float
    label: str = ""
    orientation: Literal["vertical", "horizontal"] = "vertical"


@dataclass
class Text:
    """Text anchored at data coordinates (a number under a kernel cell, a formula)."""

    x: float
    y: float
    text: str


Item = Line | Points | Bars | Image | Histogram | Region | Marker | Text


@dataclass
class Panel:
    """One plot: its items, axis labels, optional log axes and fixed ranges."""

    title: str = ""
    items: list[Item] = field(default_factory=list)
    x_label: str = ""
    y_label: str = ""
    log_x: bool = False
    log_y: bool = False
    x_range: tuple[float, float] | None = None
    y_range: tuple[float, float] | None = None
    aspect_locked: bool = False
    legend: bool = True


@dataclass
class Figure:
    """Panels laid out in ``columns`` columns, with a caption under them (the lesson's numbers)."""

    panels: list[Panel] = field(default_factory=list)
    columns: int = 2
    caption: str = ""
