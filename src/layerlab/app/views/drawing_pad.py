"""DrawPad: the 280x280 pad of "Draw a digit", inked with a round pen by mouse or tablet."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QImage, QMouseEvent, QPainter, QPaintEvent, QPen, QTabletEvent
from PySide6.QtWidgets import QWidget

PAD = 280
DEFAULT_PEN = 22  # about a tenth of a digit's height, as MNIST's strokes
PRESSURE_SPAN = 0.4  # tablet pressure p in [0, 1] scales the pen by 0.8 + 0.4 p
INK = Qt.GlobalColor.white


class DrawPad(QWidget):
    """A 280x280 pad, white ink on black, with a round antialiased pen and undo per stroke.

    Mouse and tablet (pressure scales the pen slightly). Strokes are kept as (x, y, width)
    points so that undo redraws the others exactly. ``canvas_changed`` is emitted on every
    change; consumers throttle their work.
    """

    canvas_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image = QImage(PAD, PAD, QImage.Format.Format_Grayscale8)
        self.image.fill(0)
        self._strokes: list[list[tuple[float, float, float]]] = []
        self.drawing = False
        self.pen_width = float(DEFAULT_PEN)
        self.setFixedSize(PAD, PAD)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setCursor(Qt.CursorShape.CrossCursor)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.drawImage(event.rect(), self.image, event.rect())
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.begin_stroke(event.position().x(), event.position().y())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self.drawing:
            self.extend_stroke(event.position().x(), event.position().y())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.drawing:
            self.extend_stroke(event.position().x(), event.position().y())
            self.end_stroke()

    def tabletEvent(self, event: QTabletEvent) -> None:
        pos, kind = event.position(), event.type()
        width = self.pen_width * (1 - PRESSURE_SPAN / 2 + PRESSURE_SPAN * event.pressure())
        if kind == QTabletEvent.Type.TabletPress:
            self.begin_stroke(pos.x(), pos.y(), width)
        elif kind == QTabletEvent.Type.TabletMove and self.drawing:
            self.extend_stroke(pos.x(), pos.y(), width)
        elif kind == QTabletEvent.Type.TabletRelease:
            self.end_stroke()
        event.accept()  # no synthesized mouse events: each point is drawn once

    @property
    def is_empty(self) -> bool:
        return not self._strokes

    @property
    def strokes(self) -> list[npt.NDArray[np.float32]]:
        """Each stroke as a (k, 3) array of x, y and pen width."""
        return [np.array(s, np.float32) for s in self._strokes]

    def begin_stroke(self, x: float, y: float, width: float | None = None) -> None:
        self.end_stroke()
        self._strokes.append([(float(x), float(y), float(width or self.pen_width))])
        self.drawing = True
        self._paint_last()

    def extend_stroke(self, x: float, y: float, width: float | None = None) -> None:
        if not self.drawing:
            self.begin_stroke(x, y, width)
            return
        stroke = self._strokes[-1]
        x0, y0, _ = stroke[-1]
        if (x - x0) ** 2 + (y - y0) ** 2 < 0.25:  # under half a pixel: nothing to draw
            return
        stroke.append((float(x), float(y), float(width or self.pen_width)))
        self._paint_last()

    def end_stroke(self) -> None:
        self.drawing = False

    def add_stroke(self, points: npt.ArrayLike, width: float | None = None) -> None:
        """Draw a whole stroke of (x, y) pad pixels as the pen would (pen up at its end)."""
        pts = np.asarray(points, np.float64).reshape(-1, 2)
        for i, (x, y) in enumerate(pts.tolist()):
            (self.extend_stroke if i else self.begin_stroke)(x, y, width)
        self.end_stroke()

    def undo_stroke(self) -> None:
        self.end_stroke()
        if self._strokes:
            self._strokes.pop()
            self._redraw()

    def clear(self) -> None:
        self.end_stroke()
        self._strokes.clear()
        self._redraw()

    def canvas_array(self, out: npt.NDArray[np.float32] | None = None) -> npt.NDArray[np.float32]:
        """The canvas as float32 (280, 280) in [0, 1], ink 1 (into ``out`` when given)."""
        img = self.image
        raw = np.frombuffer(img.constBits(), np.uint8, count=img.sizeInBytes())
        pixels = raw.reshape(PAD, img.bytesPerLine())[:, :PAD]
        res = np.empty((PAD, PAD), np.float32) if out is None else out
        np.multiply(pixels, np.float32(1 / 255), out=res)
        return res

    # ---- painting -------------------------------------------------------------------------
    @staticmethod
    def _paint_point(painter: QPainter, stroke: list, i: int) -> QRectF:
        """Point i of a stroke: a dot for the first, a round-capped segment from the previous."""
        x, y, w = stroke[i]
        if i == 0:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(INK)
            painter.drawEllipse(QPointF(x, y), w / 2, w / 2)
            return QRectF(x - w, y - w, 2 * w, 2 * w)
        x0, y0, w0 = stroke[i - 1]
        width = (w0 + w) / 2
        cap, join = Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin
        painter.setPen(QPen(INK, width, Qt.PenStyle.SolidLine, cap, join))
        painter.drawLine(QPointF(x0, y0), QPointF(x, y))
        return QRectF(QPointF(x0, y0), QPointF(x, y)).normalized().adjusted(-w, -w, w, w)

    def _painter(self) -> QPainter:
        painter = QPainter(self.image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        return painter

    def _paint_last(self) -> None:
        stroke = self._strokes[-1]
        painter = self._painter()
        rect = self._paint_point(painter, stroke, len(stroke) - 1)
        painter.end()
        self.update(rect.toAlignedRect())
        self.canvas_changed.emit()

    def _redraw(self) -> None:
        self.image.fill(0)
        painter = self._painter()
        for stroke in self._strokes:
            for i in range(len(stroke)):
                self._paint_point(painter, stroke, i)
        painter.end()
        self.update()
        self.canvas_changed.emit()
