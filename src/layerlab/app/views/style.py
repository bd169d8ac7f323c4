"""Colours, pens, brushes, fonts and lookup tables: the one place the app's look is defined."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
from PySide6.QtGui import QBrush, QColor, QFont, QFontDatabase, QPen

if TYPE_CHECKING:  # pyqtgraph loads only with the first plot, after the window's first paint
    import pyqtgraph as pg

# ---- layer categories (engine Layer.category) and canvas --------------------------------------
CATEGORY_COLOURS: dict[str, QColor] = {
    "Input": QColor("#5f6b7a"),
    "Core": QColor("#3d7cc9"),
    "Convolution": QColor("#8a56c2"),
    "Activations": QColor("#d9822b"),
    "Normalization": QColor("#2f9e6e"),
    "Regularization": QColor("#7a8a99"),
}
PROBLEM = QColor("#d33c3c")  # error red: invalid layers, edges and problem text
PROBLEM_FILL = QColor("#fbe3e3")
WARNING = QColor("#e69f00")
SELECTED = QColor("#1f5fbf")
TEXT = QColor("#202428")
MUTED = QColor("#808890")
EDGE = QColor("#6b7785")

# ---- memory categories (engine Summary.memory keys) ---------------------------------------------
MEMORY_COLOURS: dict[str, QColor] = {
    "input": QColor("#9aa5b1"),
    "params": QColor("#3d7cc9"),
    "grads": QColor("#6fb1e6"),
    "optimizer_state": QColor("#8a56c2"),
    "activations": QColor("#d9822b"),
    "activation_grads": QColor("#e8b04a"),
    "inference_total": QColor("#2f9e6e"),
    "training_total": QColor("#1f6b4a"),
}

# ---- curves -------------------------------------------------------------------------------------
CURVE_COLOURS: dict[str, QColor] = {
    "train_loss": QColor("#1f77b4"),
    "val_loss": QColor("#ff7f0e"),
    "train_accuracy": QColor("#2ca02c"),
    "val_accuracy": QColor("#d62728"),
    "lr": QColor("#7f7f7f"),
    "smoothed": QColor("#17becf"),
}
PLOT_BACKGROUND = QColor("#ffffff")
PLOT_FOREGROUND = QColor("#333333")


def category_colour(category: str) -> QColor:
    """The colour of a layer category (Core's for one this table does not know)."""
    return QColor(CATEGORY_COLOURS.get(category, CATEGORY_COLOURS["Core"]))


def with_alpha(colour: QColor, alpha: int) -> QColor:
    c = QColor(colour)
    c.setAlpha(alpha)
    return c


def pen(colour: QColor, width: float = 1.5, cosmetic: bool = True) -> QPen:
    """A pen for plots and canvases (cosmetic: the width is in pixels whatever the zoom)."""
    p = QPen(QBrush(colour), width)
    p.setCosmetic(cosmetic)
    return p


def curve_pen(name: str, width: float = 1.5) -> QPen:
    """The pen of a named curve in CURVE_COLOURS (train_loss, val_loss, ...)."""
    return pen(CURVE_COLOURS.get(name, PLOT_FOREGROUND), width)


def brush(colour: QColor, alpha: int = 255) -> QBrush:
    return QBrush(with_alpha(colour, alpha))


def memory_brushes(keys: list[str] | tuple[str, ...]) -> list[QBrush]:
    """One brush per memory category, in the order given (for a BarGraphItem)."""
    return [brush(MEMORY_COLOURS.get(k, MUTED)) for k in keys]


def label_stylesheet(colour: QColor) -> str:
    """Stylesheet for a QLabel in ``colour`` (e.g. PROBLEM for problem text)."""
    return f"color: {colour.name()};"


ERROR_STYLESHEET = label_stylesheet(PROBLEM)
MUTED_STYLESHEET = label_stylesheet(MUTED)


def mono_font(point_size: int | None = None) -> QFont:
    """The system's fixed-width font (tables of numbers, formulas, summaries)."""
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    if point_size is not None:
        font.setPointSize(point_size)
    return font


def heading_font(bold: bool = True, scale: float = 1.15) -> QFont:
    font = QFont()
    font.setBold(bold)
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * scale)
    return font


# ---- lookup tables for images (256 x 4, uint8, read-only) ---------------------------------------
_LUT_STOPS: dict[str, list[tuple[float, str]]] = {
    # activations, loss surfaces: perceptually ordered, dark to bright
    "sequential": [
        (0.0, "#440154"),
        (0.25, "#3b528b"),
        (0.5, "#21918c"),
        (0.75, "#5ec962"),
        (1.0, "#fde725"),
    ],
    # weights and gradients: negative blue, zero white, positive red
    "diverging": [(0.0, "#2166ac"), (0.5, "#f7f7f7"), (1.0, "#b2182b")],
    # draw pad and input images: black ink on white
    "gray": [(0.0, "#ffffff"), (1.0, "#000000")],
}


@cache
def lut(name: str = "sequential") -> npt.NDArray[np.uint8]:
    """A (256, 4) RGBA lookup table: 'sequential', 'diverging' or 'gray'."""
    table = np.ascontiguousarray(
        colormap(name).getLookupTable(0.0, 1.0, 256, alpha=True), dtype=np.uint8
    )
    table.flags.writeable = False
    return table


def colormap(name: str = "sequential") -> pg.ColorMap:
    """The same colours as ``lut(name)`` as a ColorMap (for colour bars)."""
    import pyqtgraph as pg

    stops = _LUT_STOPS[name]
    return pg.ColorMap([s for s, _ in stops], [QColor(c) for _, c in stops])


LUT_NAMES = tuple(_LUT_STOPS)
