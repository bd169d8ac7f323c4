"""BackpropDiagram: neurons in columns with links, labelled with one stage of a backprop trace.

Items are built once per trace; a stage only changes texts, visibility and highlight. Neuron
labels (z, a, delta) show for columns of up to MAX_LABELLED units; links carry their weight, then
their gradient, then the updated weight, for every link of a small layer and for the
MAX_LINK_LABELS largest |dW| of a bigger one (the side table lists them all).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication, QPointF, QRectF
from PySide6.QtGui import QPainter, QResizeEvent
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsLineItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QWidget,
)

from layerlab.app.views import style
from layerlab.engine.backprop_steps import BackpropTrace, Stage

RADIUS = 22.0
ROW_DY = 180.0  # room below each neuron for up to six lines of numbers
COL_DX = 480.0  # room on each link for two staggered labels clear of the neuron labels
MAX_LABELLED = 6  # units per column that still get z/a/delta labels
ALL_LINKS = 8  # a layer with at most this many links labels them all ...
MAX_LINK_LABELS = 4  # ... a bigger one only its largest |dW|
DIGITS = 6


def tr(text: str) -> str:
    return QCoreApplication.translate("BackpropDiagram", text)


def num(value: float, digits: int = DIGITS) -> str:
    return f"{value + 0.0:.{digits}g}"  # + 0.0: no "-0"


class LabelItem(QGraphicsSimpleTextItem):
    """Text on a pale box, so that it stays readable over links."""

    def boundingRect(self) -> QRectF:
        return super().boundingRect().adjusted(-3, -1, 3, 1)

    def paint(self, painter: QPainter, option, widget: QWidget | None = None) -> None:
        painter.fillRect(self.boundingRect(), style.with_alpha(style.PLOT_BACKGROUND, 225))
        super().paint(painter, option, widget)

    def set_centred_text(self, text: str, centre: QPointF, above: bool = False) -> None:
        """Set the text and place it centred on ``centre`` (its bottom there when ``above``)."""
        self.setText(text)
        r = super().boundingRect()
        y = centre.y() - r.height() if above else centre.y() - r.height() / 2
        self.setPos(centre.x() - r.width() / 2, y)


class BackpropDiagram(QGraphicsView):
    """The network of a BackpropTrace, labelled for one stage."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setFont(style.mono_font())
        self.trace: BackpropTrace | None = None
        self.positions: list[list[QPointF]] = []
        self.neurons: dict[tuple[int, int], QGraphicsEllipseItem] = {}
        self.neuron_labels: dict[tuple[int, int], LabelItem] = {}
        self.links: dict[tuple[int, int, int], QGraphicsLineItem] = {}
        self.link_labels: dict[tuple[int, int, int], LabelItem] = {}
        self.loss_label: LabelItem | None = None

    # ---- building -----------------------------------------------------------------------------
    def set_trace(self, trace: BackpropTrace | None) -> None:
        """Rebuild the items for ``trace`` (None: an empty diagram)."""
        self.scene().clear()
        self.neurons.clear()
        self.neuron_labels.clear()
        self.links.clear()
        self.link_labels.clear()
        self.loss_label = None
        self.trace = trace
        if trace is None:
            return
        sizes = [trace.x.size, *(layer.a.size for layer in trace.layers)]
        self.positions = _positions(sizes)
        for c, layer in enumerate(trace.layers):
            self._add_links(c, layer.d_weight)
        for c, column in enumerate(self.positions):
            names = trace.names.inputs if c == 0 else trace.names.units[c - 1]
            for j, p in enumerate(column):
                self._add_neuron(c, j, p, names[j], len(column) <= MAX_LABELLED)
            title = (
                tr("input")
                if c == 0
                else f"{trace.layers[c - 1].layer_id}: {trace.layers[c - 1].activation}"
            )
            head = self.scene().addSimpleText(title, style.heading_font())
            head.setBrush(style.MUTED)
            r = head.boundingRect()
            head.setPos(column[0].x() - r.width() / 2, column[0].y() - RADIUS - 20 - r.height())
        self.loss_label = self._label()
        self.loss_label.setPos(self.positions[-1][0].x() + 110, -20)
        self.setSceneRect(self.scene().itemsBoundingRect().adjusted(-20, -20, 200, 60))
        self._fit()

    def _label(self) -> LabelItem:
        item = LabelItem()
        item.setFont(style.mono_font())
        item.setBrush(style.TEXT)
        item.setZValue(3)
        self.scene().addItem(item)
        return item

    def _add_neuron(self, c: int, j: int, p: QPointF, name: str, labelled: bool) -> None:
        r = RADIUS if labelled else RADIUS / 2
        circle = self.scene().addEllipse(
            QRectF(p.x() - r, p.y() - r, 2 * r, 2 * r),
            style.pen(style.EDGE, 1.5),
            style.brush(style.category_colour("Input" if c == 0 else "Core").lighter(185)),
        )
        circle.setZValue(2)
        self.neurons[(c, j)] = circle
        if labelled:
            text = self.scene().addSimpleText(name, style.mono_font())
            text.setZValue(3)
            br = text.boundingRect()
            text.setPos(p.x() - br.width() / 2, p.y() - br.height() / 2)
            self.neuron_labels[(c, j)] = self._label()

    def _add_links(self, layer: int, d_weight: np.ndarray) -> None:
        src, dst = self.positions[layer], self.positions[layer + 1]
        if d_weight.size <= ALL_LINKS:
            labelled = set(np.ndindex(d_weight.shape))
        else:
            top = np.argsort(-np.abs(d_weight), axis=None)[:MAX_LINK_LABELS]
            labelled = {tuple(int(v) for v in np.unravel_index(k, d_weight.shape)) for k in top}
        for i, a in enumerate(src):
            for j, b in enumerate(dst):
                line = self.scene().addLine(a.x(), a.y(), b.x(), b.y(), style.pen(style.EDGE, 1.0))
                line.setZValue(1)
                self.links[(layer, i, j)] = line
                if (i, j) in labelled:
                    self.link_labels[(layer, i, j)] = self._label()

    # ---- one stage ----------------------------------------------------------------------------
    def show_stage(self, stage: Stage) -> None:
        """Reveal what is known at ``stage``: forward values, the loss, gradients, the update."""
        t = self.trace
        if t is None:
            return
        n = len(t.layers)
        forward = n if stage.kind in ("loss", "backward", "update") else stage.layer + 1
        backward_from = {"backward": stage.layer, "update": 0}.get(stage.kind, n)
        loss_known = stage.kind in ("loss", "backward", "update")
        current = {"input": 0, "loss": n, "update": -1}.get(stage.kind, stage.layer + 1)
        for (c, _), circle in self.neurons.items():
            on = c == current
            circle.setPen(style.pen(style.SELECTED if on else style.EDGE, 3.0 if on else 1.5))
        for (c, j), label in self.neuron_labels.items():
            lines = self._neuron_lines(c, j, forward, backward_from, loss_known, stage)
            p = self.positions[c][j]
            label.set_centred_text("\n".join(lines), QPointF(p.x(), p.y() + RADIUS + 4))
            label.moveBy(0, label.boundingRect().height() / 2)
            label.setVisible(bool(lines))
        for key, label in self.link_labels.items():
            self._show_link(key, label, backward_from, stage.kind == "update")
        for (layer, _, _), line in self.links.items():
            hot = stage.kind in ("forward", "backward") and layer == stage.layer
            line.setPen(style.pen(style.SELECTED if hot else style.EDGE, 1.8 if hot else 1.0))
        if self.loss_label is not None:
            self.loss_label.setText(f"{t.loss_name}\nL = {num(t.loss, 9)}" if loss_known else "")
            self.loss_label.setVisible(loss_known)

    def _neuron_lines(
        self, c: int, j: int, forward: int, backward_from: int, loss_known: bool, stage: Stage
    ) -> list[str]:
        t = self.trace
        if c == 0:
            return [f"x = {num(t.x[j])}"]
        layer, lines = t.layers[c - 1], []
        if c - 1 < forward:
            lines += [f"z = {num(layer.z[j])}", f"a = {num(layer.a[j])}"]
        if loss_known and c == len(t.layers):
            lines += [f"t = {num(t.target[j])}", f"∂L/∂a = {num(t.d_output[j])}"]
        if c - 1 >= backward_from:
            lines.append(f"δ = {num(layer.delta[j])}")  # = db: the table says so
        if stage.kind == "update" and layer.has_bias:
            lines.append(f"b: {num(layer.bias[j])} → {num(layer.new_bias[j])}")
        return lines

    def _show_link(self, key: tuple[int, int, int], label: LabelItem, backward_from: int,
                   update: bool) -> None:  # fmt: skip
        layer, i, j = key
        lt = self.trace.layers[layer]
        name = str(self.trace.names.weights[layer][i, j])
        short = name if len(name) <= 4 else ""  # long generic names: the value only
        if update:
            text = f"{short}: {num(lt.weight[i, j])} → {num(lt.new_weight[i, j])}"
        elif layer >= backward_from:
            text = f"∂L/∂{short or 'w'} = {num(lt.d_weight[i, j])}"
        else:
            text = f"{short} = {num(lt.weight[i, j])}" if short else num(lt.weight[i, j])
        a, b = self.positions[layer][i], self.positions[layer + 1][j]
        n_in = len(self.positions[layer])
        # stagger by source, away from both neurons and their labels
        f = 0.5 if n_in == 1 else 0.32 + 0.36 * i / (n_in - 1)
        label.set_centred_text(text.lstrip(": "), a + (b - a) * f)

    # ---- size ---------------------------------------------------------------------------------
    def _fit(self) -> None:
        rect = self.sceneRect()
        if rect.isEmpty():
            return
        view = self.viewport().rect()
        scale = min(1.0, view.width() / rect.width(), view.height() / rect.height())
        self.resetTransform()
        self.scale(max(scale, 0.35), max(scale, 0.35))  # below that text is unreadable: scroll

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()


def _positions(sizes: list[int]) -> list[list[QPointF]]:
    """Neuron centres: columns left to right, each centred vertically on 0."""
    out, x = [], 0.0
    for n in sizes:
        dy = ROW_DY if n <= 4 else max(1.2 * RADIUS, 4 * ROW_DY / n)
        out.append([QPointF(x, (j - (n - 1) / 2) * dy) for j in range(n)])
        x += COL_DX
    return out
