"""CellText: short texts written in the cells of a grid image (counts, class names).

One graphics item with one paint: a TextItem per cell costs a hundred items to lay out and
paint every time the numbers change. The item spans the image's cells in its own coordinates
(cell (r, c) is the unit square at x = c, y = r, as an ImageItem draws pixels), and writes
upright text of a fixed size whatever the zoom: dark text on bright cells, light on dark ones.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPen

from layerlab.app.views import style

TEXT_BOX = QRectF(-40, -10, 80, 20)  # device pixels around a cell's centre


class CellText(pg.GraphicsObject):
    """Texts in row-major cells of a ``cols``-wide grid; ``set_texts`` each time they change."""

    def __init__(self) -> None:
        super().__init__()
        self.cols = self.rows = 0
        self.texts: list[str] = []
        self.bright: np.ndarray = np.zeros(0, bool)  # cells drawn in dark text

    def set_texts(self, texts: list[str], cols: int, bright: np.ndarray) -> None:
        """``texts`` row by row in a grid ``cols`` wide (empty list: none); ``bright``: one
        flag per text, True where the cell's colour is light."""
        cols = max(int(cols), 1)
        rows = -(-len(texts) // cols) if texts else 0
        if (rows, cols) != (self.rows, self.cols):
            self.prepareGeometryChange()
            self.rows, self.cols = rows, cols
        self.texts = list(texts)
        self.bright = np.asarray(bright, bool).ravel()
        self.update()

    def boundingRect(self) -> QRectF:  # half a cell of room: text wider than a small cell
        return QRectF(-0.5, -0.5, self.cols + 1, self.rows + 1)

    def paint(self, p: QPainter, *args) -> None:
        if not self.texts:
            return
        to_device = p.transform()
        p.resetTransform()  # upright text of a fixed size whatever the zoom
        pens = {True: QPen(style.TEXT), False: QPen(style.PLOT_BACKGROUND)}
        for i, text in enumerate(self.texts):
            r, c = divmod(i, self.cols)
            centre = to_device.map(QPointF(c + 0.5, r + 0.5))
            p.setPen(pens[bool(self.bright[i])] if i < len(self.bright) else pens[False])
            p.drawText(TEXT_BOX.translated(centre), Qt.AlignmentFlag.AlignCenter, text)
        p.setTransform(to_device)


def bright_cells(values: np.ndarray, levels: tuple[float, float], lut: np.ndarray) -> np.ndarray:
    """Which cells a lookup table colours light (luminance over half), at these levels."""
    lo, hi = levels
    v = np.nan_to_num(np.asarray(values, float).ravel(), nan=lo)
    idx = np.clip(((v - lo) / ((hi - lo) or 1.0) * (len(lut) - 1)).round(), 0, len(lut) - 1)
    rgb = np.asarray(lut, float)[idx.astype(int), :3]
    return (0.299 * rgb[:, 0] + 0.587 * rgb[:, 1] + 0.114 * rgb[:, 2]) > 127.5
