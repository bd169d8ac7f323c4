"""Canvas items: a box per layer, the network input, and labelled edges between them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QGraphicsItem, QGraphicsObject, QStyleOptionGraphicsItem, QWidget

from layerlab.app.builder.commands import tr
from layerlab.app.builder.document import GraphDocument
from layerlab.app.engine_messages import translate_message
from layerlab.app.views.style import (
    CATEGORY_COLOURS,
    EDGE,
    PROBLEM,
    PROBLEM_FILL,
    SELECTED,
    TEXT,
)
from layerlab.engine.layers import LAYERS
from layerlab.engine.shapes import INPUT_ID

NODE_W, NODE_H, PORT_R = 170.0, 46.0, 5.0
PORT_HIT = 10.0  # how far from a port's centre a press still grabs it
Problems = dict[str | None, list[Any]]


def _tint(colour: QColor, amount: float) -> QColor:
    """``colour`` mixed with white (amount 1: white)."""
    r, g, b = colour.red(), colour.green(), colour.blue()
    return QColor(*(round(v + (255 - v) * amount) for v in (r, g, b)))


def _pair(value: Any) -> str:
    if isinstance(value, list | tuple) and len(value) == 2:
        return f"{value[0]}x{value[1]}"
    return f"{value}x{value}" if isinstance(value, int) else str(value)


def fmt_shape(shape: tuple[int, ...] | None) -> str:
    """'28x28x6' for a shape, '?' when it is unknown."""
    return "?" if shape is None else "x".join(str(d) for d in shape)


def summary(doc: GraphDocument, node_id: str) -> str:
    """One line such as 'Dense 128 · relu' or 'Conv2D 6@5x5 same' (values as written)."""
    kind = doc.nodes[node_id].kind

    def p(key: str) -> Any:
        return doc.param(node_id, key)

    act = p("activation")
    tail = f" · {act}" if act not in (None, "identity") else ""
    if kind == "Dense":
        return f"Dense {p('units')}{tail}"
    if kind == "Conv2D":
        stride = "" if _pair(p("stride")) == "1x1" else f" s{_pair(p('stride'))}"
        return f"Conv2D {p('filters')}@{_pair(p('kernel_size'))}{stride} {p('padding')}{tail}"
    if kind in ("MaxPool2D", "AvgPool2D"):
        s = _pair(p("stride"))
        stride = "" if s in ("0x0", _pair(p("pool_size"))) else f" s{s}"
        pad = "" if p("padding") == "valid" else f" {p('padding')}"
        return f"{kind} {_pair(p('pool_size'))}{stride}{pad}"
    if kind == "Dropout":
        return f"Dropout {p('rate')}"
    if kind == "Reshape":
        shape = p("shape")
        return f"Reshape {fmt_shape(tuple(shape)) if isinstance(shape, list | tuple) else shape}"
    if kind == "Activation":
        return f"Activation {p('fn')}"
    return kind


def category_of(kind: str) -> str:
    cls = LAYERS.get(kind)
    return cls.category if cls is not None else "Core"


class BoxItem(QGraphicsObject):
    """A rounded box with two text lines and ports; the base of NodeItem and InputItem."""

    moved = Signal(str)  # node id; the scene re-routes the edges

    has_input_port = True

    def __init__(self, doc: GraphDocument, node_id: str) -> None:
        super().__init__()
        self._doc, self.node_id = doc, node_id
        self._title, self._line, self._width = "", "", NODE_W
        self._colour, self._bad = CATEGORY_COLOURS["Core"], False
        self._box = QPainterPath()
        self._title_font = QFont()
        self._title_font.setBold(True)
        self._font = QFont()
        flags = QGraphicsItem.GraphicsItemFlag
        self.setFlags(flags.ItemIsSelectable | flags.ItemIsMovable | flags.ItemSendsGeometryChanges)
        self.setAcceptHoverEvents(True)
        self._relayout()

    # ---- geometry ---------------------------------------------------------------------------
    def _relayout(self) -> None:
        m = QFontMetricsF(self._title_font)
        width = max(NODE_W, m.horizontalAdvance(self._title) + 24)
        width = max(width, QFontMetricsF(self._font).horizontalAdvance(self._line) + 24)
        if width != self._width or self._box.isEmpty():
            self.prepareGeometryChange()
            self._width = width
            self._box = QPainterPath()
            self._box.addRoundedRect(QRectF(-width / 2, -NODE_H / 2, width, NODE_H), 8, 8)

    def boundingRect(self) -> QRectF:
        w = self._width
        return QRectF(-w / 2 - 2, -NODE_H / 2 - PORT_R - 2, w + 4, NODE_H + 2 * PORT_R + 4)

    def input_port(self) -> QPointF:
        """The input port's centre in scene coordinates."""
        return self.mapToScene(QPointF(0.0, -NODE_H / 2))

    def output_port(self) -> QPointF:
        """The output port's centre in scene coordinates."""
        return self.mapToScene(QPointF(0.0, NODE_H / 2))

    def port_at(self, scene_pos: QPointF) -> str | None:
        """'in', 'out' or None for a point in scene coordinates."""
        for name, port in (("out", self.output_port()), ("in", self.input_port())):
            if name == "in" and not self.has_input_port:
                continue
            d = scene_pos - port
            if d.x() * d.x() + d.y() * d.y() <= PORT_HIT * PORT_HIT:
                return name
        return None

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: Any) -> Any:
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged:
            self.moved.emit(self.node_id)
        return super().itemChange(change, value)

    def hoverMoveEvent(self, event: Any) -> None:
        on_port = self.port_at(event.scenePos()) is not None
        self.setCursor(Qt.CursorShape.CrossCursor if on_port else Qt.CursorShape.ArrowCursor)
        super().hoverMoveEvent(event)

    # ---- drawing ----------------------------------------------------------------------------
    def _set_look(self, title: str, line: str, colour: QColor, problems: list[Any]) -> None:
        self._title, self._line, self._colour = title, line, colour
        self._bad = bool(problems)
        self._relayout()
        self.update()

    @property
    def has_problem(self) -> bool:
        return self._bad

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        border = PROBLEM if self._bad else self._colour
        fill = PROBLEM_FILL if self._bad else _tint(self._colour, 0.84)
        width = 2.5 if self.isSelected() else 1.5
        painter.setPen(QPen(SELECTED if self.isSelected() else border, width))
        painter.setBrush(QBrush(fill))
        painter.drawPath(self._box)
        painter.setBrush(QBrush(border))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawRect(QRectF(-self._width / 2 + 1, -NODE_H / 2 + 6, 4, NODE_H - 12))
        painter.setPen(TEXT)
        w = self._width - 20
        painter.setFont(self._title_font)
        painter.drawText(
            QRectF(-w / 2, -NODE_H / 2 + 4, w, 18), Qt.AlignmentFlag.AlignLeft, self._title
        )
        painter.setFont(self._font)
        painter.drawText(QRectF(-w / 2, 1, w, 18), Qt.AlignmentFlag.AlignLeft, self._line)
        painter.setPen(QPen(border.darker(130), 1))
        painter.setBrush(QBrush(QColor("white")))
        if self.has_input_port:
            painter.drawEllipse(QPointF(0, -NODE_H / 2), PORT_R, PORT_R)
        painter.drawEllipse(QPointF(0, NODE_H / 2), PORT_R, PORT_R)


class NodeItem(BoxItem):
    """One layer: its id, a parameter summary, coloured by category; red when it has problems."""

    def refresh(self, problems: Problems) -> None:
        """Re-read the node from the document; ``problems`` is ``doc.problems_by_node()``."""
        node = self._doc.nodes[self.node_id]
        mine = problems.get(self.node_id, [])
        colour = CATEGORY_COLOURS.get(category_of(node.kind), CATEGORY_COLOURS["Core"])
        self._set_look(self.node_id, summary(self._doc, self.node_id), colour, mine)
        cls = LAYERS.get(node.kind)
        formula = getattr(cls, "formula", "") if cls is not None else ""
        tip = (
            "\n".join(translate_message(p.message) for p in mine)
            if mine
            else (formula if isinstance(formula, str) else "")
        )
        self.setToolTip(tip)


class InputItem(BoxItem):
    """The network input, e.g. 'Input 28x28x1'; it only has an output port."""

    has_input_port = False

    def __init__(self, doc: GraphDocument) -> None:
        super().__init__(doc, INPUT_ID)

    def refresh(self, problems: Problems) -> None:
        mine = problems.get(INPUT_ID, [])
        shape = fmt_shape(tuple(self._doc.settings["input_shape"]))
        self._set_look(tr("Input %s") % shape, tr("network input"), CATEGORY_COLOURS["Input"], mine)
        self.setToolTip("\n".join(translate_message(p.message) for p in mine))


class EdgeItem(QGraphicsObject):
    """A curve from ``src``'s output port to ``dst``'s input port, labelled with its shape."""

    def __init__(self, doc: GraphDocument, src: BoxItem, dst: BoxItem) -> None:
        super().__init__()
        self._doc, self._src, self._dst = doc, src, dst
        self.key = (src.node_id, dst.node_id)
        self.label, self._bad, self.highlighted = "?", False, False
        self._path, self._hit = QPainterPath(), QPainterPath()
        self._arrow, self._label_rect = QPolygonF(), QRectF()
        self._font = QFont()
        self._font.setPointSizeF(max(self._font.pointSizeF() - 1, 6))
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setZValue(-1)
        self.update_path()

    def refresh(self, problems: Problems) -> None:
        """Re-read the shape label and the destination's problems."""
        self.label = fmt_shape(self._doc.edge_shape(self.key[0]))
        self._bad = bool(problems.get(self.key[1]))
        self.update_path()

    def set_highlighted(self, on: bool) -> None:
        if on != self.highlighted:
            self.highlighted = on
            self.update()

    def update_path(self) -> None:
        """Re-route after an end moved or the label changed."""
        self.prepareGeometryChange()
        a, b = self._src.output_port(), self._dst.input_port()
        dy = max(abs(b.y() - a.y()) / 2, 40.0)
        end = b - QPointF(0, PORT_R + 1)
        self._path = QPainterPath(a)
        self._path.cubicTo(a + QPointF(0, dy), end - QPointF(0, dy), end)
        self._arrow = QPolygonF([end, end + QPointF(-5, -9), end + QPointF(5, -9)])
        m = QFontMetricsF(self._font)
        mid = self._path.pointAtPercent(0.5)
        w, h = m.horizontalAdvance(self.label) + 8, m.height() + 2
        self._label_rect = QRectF(mid.x() + 6, mid.y() - h / 2, w, h)
        stroker = QPainterPathStroker()
        stroker.setWidth(12)
        self._hit = stroker.createStroke(self._path)
        self._hit.addRect(self._label_rect)
        self.update()

    def boundingRect(self) -> QRectF:
        return self._path.boundingRect().united(self._label_rect).adjusted(-8, -10, 8, 10)

    def shape(self) -> QPainterPath:
        return self._hit

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colour = PROBLEM if self._bad else EDGE
        if self.isSelected() or self.highlighted:
            colour = SELECTED
        width = 3.0 if self.isSelected() or self.highlighted else 1.6
        painter.setPen(QPen(colour, width))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._path)
        painter.setBrush(QBrush(colour))
        painter.drawPolygon(self._arrow)
        painter.setPen(QPen(colour.darker(110), 1))
        painter.setBrush(QBrush(QColor(255, 255, 255, 230)))
        painter.drawRoundedRect(self._label_rect, 4, 4)
        painter.setFont(self._font)
        painter.drawText(self._label_rect, Qt.AlignmentFlag.AlignCenter, self.label)
