"""CellText: texts in grid cells, dark on bright cells; bright_cells from a lookup table."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor, QImage, QPainter

from layerlab.app.views import style
from layerlab.app.views.cell_text import CellText, bright_cells


def test_bright_cells_follow_the_lookup_tables_luminance() -> None:
    grey = np.array([[v, v, v, 255] for v in range(256)], np.uint8)  # black .. white
    values = np.array([0.0, 0.4, 0.6, 1.0, np.nan])
    assert bright_cells(values, (0.0, 1.0), grey).tolist() == [False, False, True, True, False]
    assert bright_cells(np.array([5.0]), (0.0, 10.0), grey).tolist() == [True]  # 127.5 -> 128
    inverted = grey[::-1]
    assert bright_cells(values[:4], (0.0, 1.0), inverted).tolist() == [True, True, False, False]


def test_texts_are_painted_in_their_cells(qtbot) -> None:
    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    widget.resize(300, 300)
    cells = CellText()
    widget.addItem(cells)
    cells.set_texts(["A", "B", "C"], 2, np.array([True, False, True]))  # 2 rows of 2 cells
    assert (cells.rows, cells.cols) == (2, 2)
    widget.setRange(xRange=(0, 2), yRange=(0, 2), padding=0)
    widget.setBackground(QColor("grey"))
    widget.show()
    qtbot.waitExposed(widget)
    img = QImage(widget.viewport().size(), QImage.Format.Format_RGB32)
    painter = QPainter(img)
    widget.render(painter)
    painter.end()
    px = np.frombuffer(img.constBits(), np.uint8).reshape(img.height(), img.width(), 4)
    h, w = px.shape[:2]
    dark = (px[..., :3] < 80).all(axis=2)  # style.TEXT on bright cells
    light = (px[..., :3] > 235).all(axis=2)  # style.PLOT_BACKGROUND on dark cells
    assert style.TEXT.value() < 80 and style.PLOT_BACKGROUND.value() > 235
    # pyqtgraph's y axis points up: row 0 (A, B) is the lower half of the picture
    assert dark[h // 2 :, : w // 2].sum() > 5  # A: dark text, lower left
    assert light[h // 2 :, w // 2 :].sum() > 5  # B: light text, lower right
    assert dark[: h // 2, : w // 2].sum() > 5  # C: upper left
    assert light[: h // 2, w // 2 :].sum() == 0  # no fourth text
    cells.set_texts([], 1, np.zeros(0, bool))
    assert cells.boundingRect().height() == 1.0  # no rows: half a cell of room each side
