"""BuilderView: the canvas widget; palette drops, port-drag connections, keys, zoom and pan."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import (
    QColor,
    QCursor,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPen,
    QWheelEvent,
)
from PySide6.QtWidgets import QGraphicsPathItem, QGraphicsView, QWidget

from layerlab.app.builder.items import BoxItem, EdgeItem, NodeItem
from layerlab.app.builder.palette import LAYER_MIME, parse_layer_mime
from layerlab.app.builder.quick_add import QuickAddPopup
from layerlab.app.builder.scene import BuilderScene

MIN_ZOOM, MAX_ZOOM = 0.2, 4.0


class BuilderView(QGraphicsView):
    """Shows a BuilderScene. Every edit it makes goes through the scene's commands."""

    def __init__(self, scene: BuilderScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self._scene = scene
        self.setAcceptDrops(True)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.BoundingRectViewportUpdate)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._wire: QGraphicsPathItem | None = None  # the rubber line while connecting
        self._wire_src = ""
        self._pan_from: QPointF | None = None
        self._space_down = self._space_panned = False
        self._hot_edge: EdgeItem | None = None
        self.quick_add = QuickAddPopup(scene, self)

    # ---- zoom and pan -----------------------------------------------------------------------
    def zoom(self) -> float:
        return self.transform().m11()

    def zoom_by(self, factor: float) -> None:
        factor = min(max(self.zoom() * factor, MIN_ZOOM), MAX_ZOOM) / self.zoom()
        self.scale(factor, factor)

    def fit_all(self) -> None:
        """Show every item, at most at 1:1."""
        rect = self._scene.itemsBoundingRect().adjusted(-40, -40, 40, 40)
        if rect.isEmpty():
            return
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom() > 1.0:
            self.zoom_by(1.0 / self.zoom())
        self.centerOn(rect.center())

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom_by(1.15 ** (event.angleDelta().y() / 120))
            event.accept()
        else:
            super().wheelEvent(event)

    def _pan(self, pos: QPointF) -> None:
        assert self._pan_from is not None
        d = pos - self._pan_from
        self._pan_from = pos
        h, v = self.horizontalScrollBar(), self.verticalScrollBar()
        h.setValue(h.value() - round(d.x()))
        v.setValue(v.value() - round(d.y()))

    # ---- mouse: ports, panning --------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        middle = event.button() == Qt.MouseButton.MiddleButton
        if middle or (event.button() == Qt.MouseButton.LeftButton and self._space_down):
            self._pan_from, self._space_panned = pos, True
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        if event.button() == Qt.MouseButton.LeftButton:
            at = self.mapToScene(pos.toPoint())
            box = self._scene.box_at(at)
            if box is not None and box.port_at(at) == "out":
                self._start_wire(box)
                event.accept()
                return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._pan_from is not None:
            self._pan(event.position())
        elif self._wire is not None:
            self._drag_wire(self.mapToScene(event.position().toPoint()))
        else:
            super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._pan_from is not None:
            self._pan_from = None
            self.viewport().unsetCursor()
        elif self._wire is not None:
            self._end_wire(self.mapToScene(event.position().toPoint()))
        else:
            super().mouseReleaseEvent(event)

    def _start_wire(self, box: BoxItem) -> None:
        self._wire_src = box.node_id
        self._wire = QGraphicsPathItem()
        self._wire.setPen(QPen(QColor("#1f5fbf"), 2, Qt.PenStyle.DashLine))
        self._wire.setZValue(10)
        self._scene.addItem(self._wire)
        self._drag_wire(box.output_port())

    def _drag_wire(self, to: QPointF) -> None:
        assert self._wire is not None
        box = self._scene.node_item(self._wire_src)
        a = box.output_port() if box is not None else to
        dy = max(abs(to.y() - a.y()) / 2, 30.0)
        path = QPainterPath(a)
        path.cubicTo(a + QPointF(0, dy), to - QPointF(0, dy), to)
        self._wire.setPath(path)

    def _end_wire(self, at: QPointF) -> None:
        assert self._wire is not None
        self._scene.removeItem(self._wire)
        self._wire = None
        target = self._scene.box_at(at)
        if isinstance(target, NodeItem):
            self._scene.connect_nodes(self._wire_src, target.node_id)
        self._wire_src = ""

    # ---- drops from the palette -------------------------------------------------------------
    def _highlight(self, edge: EdgeItem | None) -> None:
        if self._hot_edge is not None and self._hot_edge is not edge:
            self._hot_edge.set_highlighted(False)
        self._hot_edge = edge
        if edge is not None:
            edge.set_highlighted(True)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(LAYER_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if not event.mimeData().hasFormat(LAYER_MIME):
            event.ignore()
            return
        self._highlight(self._scene.edge_at(self.mapToScene(event.position().toPoint())))
        event.acceptProposedAction()

    def dragLeaveEvent(self, event: QEvent) -> None:
        self._highlight(None)
        event.accept()

    def dropEvent(self, event: QDropEvent) -> None:
        self._highlight(None)
        payload = parse_layer_mime(event.mimeData())
        if payload is None:
            event.ignore()
            return
        kind, params = payload
        self._scene.drop_layer(kind, params, self.mapToScene(event.position().toPoint()))
        event.acceptProposedAction()
        self.setFocus()

    # ---- keys ---------------------------------------------------------------------------------
    def event(self, event: QEvent) -> bool:
        # Tab would move the focus before keyPressEvent sees it.
        is_key = event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
        if is_key and event.key() == Qt.Key.Key_Tab and not event.modifiers():
            self.open_quick_add()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        alt = mods & Qt.KeyboardModifier.AltModifier
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self._scene.delete_selection()
        elif alt and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self._scene.move_selected_in_chain(-1 if key == Qt.Key.Key_Up else 1)
        elif key == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_down, self._space_panned = True, False
        elif key == Qt.Key.Key_Space:
            pass  # held for panning
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_down = False
            if not self._space_panned:  # a tap, not a space-drag
                self.open_quick_add()
            event.accept()
            return
        super().keyReleaseEvent(event)

    def open_quick_add(self, global_pos: QPoint | None = None) -> None:
        """Show the quick-add popup at ``global_pos`` (default: the cursor, or the centre)."""
        if global_pos is None:
            cursor = QCursor.pos()
            inside = self.viewport().rect().contains(self.viewport().mapFromGlobal(cursor))
            global_pos = (
                cursor if inside else self.viewport().mapToGlobal(self.viewport().rect().center())
            )
        self.quick_add.popup_at(global_pos)
