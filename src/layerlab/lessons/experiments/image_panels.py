"""Figure pieces for lessons about images: arrays placed in data coordinates, the numbers on
their cells, a box around a window, and a grid of feature maps in one panel.

Convention: an image of H rows and W columns drawn at (x0, y0) with cell size ``cell`` covers
x in [x0, x0 + W cell] and y in [y0, y0 + H cell] with the y axis pointing up, so row 0 is at
the top (``Image`` draws row 0 at the top of its extent). Row r, column c has its centre at
(x0 + (c + 0.5) cell, y0 + (H - r - 0.5) cell).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from layerlab.lessons.figure import Image, Line, Text


def image_at(
    data: npt.ArrayLike,
    x0: float = 0.0,
    y0: float = 0.0,
    cell: float = 1.0,
    levels: tuple[float, float] | None = None,
    diverging: bool = False,
    label: str = "",
) -> Image:
    """A 2-D array as an Image whose lower-left corner is (x0, y0)."""
    a = np.ascontiguousarray(data, dtype=np.float32)
    h, w = a.shape
    extent = (float(x0), float(x0 + w * cell), float(y0), float(y0 + h * cell))
    return Image(a, levels, diverging, extent, label)


def cell_centre(
    row: int, col: int, rows: int, x0: float = 0.0, y0: float = 0.0, cell: float = 1.0
) -> tuple[float, float]:
    """Data coordinates of the centre of (row, col) in an image of ``rows`` rows at (x0, y0)."""
    return x0 + (col + 0.5) * cell, y0 + (rows - row - 0.5) * cell


def numbers_on(
    values: npt.ArrayLike, fmt: str = "{:.2f}", x0: float = 0.0, y0: float = 0.0, cell: float = 1.0
) -> list[Text]:
    """One Text per cell, centred on it (the numbers under a kernel or a patch)."""
    a = np.asarray(values)
    rows = a.shape[0]
    out = []
    for r in range(rows):
        for c in range(a.shape[1]):
            x, y = cell_centre(r, c, rows, x0, y0, cell)
            out.append(Text(x, y, _number(fmt, float(a[r, c]))))
    return out


def _number(fmt: str, value: float) -> str:
    """``value`` formatted, without the minus sign of a number that rounds to zero."""
    text = fmt.format(value)
    try:
        return text[1:] if text.startswith("-") and float(text) == 0 else text
    except ValueError:  # a format with units or words
        return text


def box(x0: float, y0: float, width: float, height: float, label: str = "") -> Line:
    """A rectangle's outline (a closed dashed line) with its lower-left corner at (x0, y0)."""
    xs = np.array([x0, x0 + width, x0 + width, x0, x0], dtype=np.float64)
    ys = np.array([y0, y0, y0 + height, y0 + height, y0], dtype=np.float64)
    return Line(xs, ys, label, "solid", colour=1, width=2.0)


def window_box(row: int, col: int, size: int, rows: int, label: str = "") -> Line:
    """The outline of the size x size window whose top-left cell is (row, col)."""
    return box(col, rows - row - size, size, size, label)


def map_grid(
    maps: npt.ArrayLike,
    columns: int,
    gap: float = 1.0,
    levels: tuple[float, float] | None = None,
    names: Sequence[str] | None = None,
) -> tuple[list[Image | Text], tuple[float, float], tuple[float, float]]:
    """Feature maps (H, W, C) tiled ``columns`` to a row in one panel, each with its name
    (default: its number from 1).

    Returns the items and the x and y ranges that frame them. Each map gets its own levels
    (its min..max) unless ``levels`` is given.
    """
    a = np.asarray(maps, np.float32)
    h, w, n = a.shape
    rows = -(-n // columns)
    items: list[Image | Text] = []
    for k in range(n):
        r, c = divmod(k, columns)
        x0, y0 = c * (w + gap), (rows - 1 - r) * (h + gap)
        m = a[:, :, k]
        lv = levels or (float(m.min()), float(max(m.max(), m.min() + 1e-6)))
        items.append(image_at(m, x0, y0, levels=lv))
        items.append(Text(x0 + w / 2, y0 + h + gap * 0.5, names[k] if names else str(k + 1)))
    x_range = (-gap, columns * (w + gap))
    y_range = (-gap, rows * (h + gap) + gap)
    return items, x_range, y_range
