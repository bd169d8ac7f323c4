"""NetworkDiagramView: neurons and weighted links (TF-Playground style), live while training.

Links are red for positive and blue for negative weights, thicker for larger |w|. Layers wider
than MAX_SHOWN units show their first units and an ellipsis. For 2-D inputs every neuron shows
its output over the input plane (the recorders evaluate a grid in the training thread) and a
larger plot shows the decision boundary over the training points; hovering a neuron shows its
map there instead. Other inputs colour the neurons by their activation for the probe sample.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPicture
from PySide6.QtWidgets import QHBoxLayout, QWidget

from layerlab.app.recorders import GRID_SIZE, Layout, LiveRecorders, scores_of
from layerlab.app.session import Snapshot
from layerlab.app.views import style
from layerlab.app.views.docks import DockSpec

F32 = npt.NDArray[np.float32]
MAX_SHOWN = 8
DX, DY, CELL = 3.0, 1.2, 1.0  # column spacing, unit spacing, heatmap size (view units)
TITLE_COLOUR = QColor("#c8ccd2")  # layer names, light on the plot's dark background
PEN_DTYPE = [("red", "u1"), ("green", "u1"), ("blue", "u1"), ("alpha", "u1"), ("width", "f8")]


def tr(text: str) -> str:
    return QCoreApplication.translate("NetworkDiagramView", text)


def units_of(shape: tuple[int, ...]) -> int:
    """Units drawn for a layer output: features, or channels of feature maps."""
    return int(shape[-1]) if len(shape) == 3 else int(np.prod(shape))


def shown(units: int) -> int:
    return units if units <= MAX_SHOWN else MAX_SHOWN - 1


def decision_values(out: np.ndarray, layout: Layout, regression: bool) -> tuple[F32, tuple, str]:
    """(values, levels, LUT name) of the network output over the grid."""
    if regression:
        v = np.asarray(out, np.float32).reshape(len(out), -1)[:, 0]
        hi = float(np.abs(v).max()) or 1.0
        return v, (-hi, hi), "diverging"
    scores, probs = scores_of(out, layout)
    if scores.shape[1] == 2:
        v = scores[:, 1] if probs else scores[:, 1] - scores[:, 0]
        hi = float(np.abs(v).max()) or 1.0
        return v, ((0.0, 1.0) if probs else (-hi, hi)), "diverging"
    return np.argmax(scores, axis=1).astype(np.float32), (0, scores.shape[1] - 1), "sequential"


class BatchedGraphItem(pg.GraphItem):
    """A GraphItem that draws its links one path per pen (colour and half-pixel width)
    instead of one line per link: a hundred links with their own pens cost 10 ms per frame.
    The paths are drawn directly (no QPicture to record and replay) with pens made once."""

    def __init__(self, *args, **kwargs) -> None:
        self._paths: list[tuple[QPen, QPainterPath]] | None = None
        self._pens: dict[tuple[int, int], QPen] = {}  # (rgba, width in half pixels) -> pen
        super().__init__(*args, **kwargs)

    def generatePicture(self) -> None:
        pen = self.pen
        if not isinstance(pen, np.ndarray) or pen.dtype.fields is None or self.pos is None:
            self._paths = None
            super().generatePicture()
            return
        self.picture = QPicture()  # unused: paint() draws self._paths
        self._paths = []
        if self.adjacency is None or not len(self.adjacency):
            return
        pts = self.pos[self.adjacency]  # (E, 2, 2)
        rgba = (
            pen["red"].astype(np.int64) << 24
            | pen["green"].astype(np.int64) << 16
            | pen["blue"].astype(np.int64) << 8
            | pen["alpha"].astype(np.int64)
        )
        key = rgba * 64 + np.clip(np.round(pen["width"] * 2), 0, 63).astype(np.int64)
        order = np.argsort(key, kind="stable")
        keys, starts = np.unique(key[order], return_index=True)
        for k, group in zip(keys, np.split(order, starts[1:]), strict=True):
            seg = pts[group].reshape(-1, 2)
            self._paths.append((self._pen(int(k)), pg.arrayToQPath(seg[:, 0], seg[:, 1], "pairs")))

    def _pen(self, key: int) -> QPen:
        rgba, w2 = divmod(key, 64)
        pen = self._pens.get((rgba, w2))
        if pen is None:
            colour = QColor((rgba >> 24) & 255, (rgba >> 16) & 255, (rgba >> 8) & 255, rgba & 255)
            pen = self._pens[(rgba, w2)] = pg.mkPen(color=colour, width=w2 / 2)
        return pen

    def paint(self, p: QPainter, *args) -> None:
        if self.picture is None:
            self.generatePicture()
        if self._paths is None:
            super().paint(p, *args)
            return
        for pen, path in self._paths:
            p.setPen(pen)
            p.drawPath(path)


class NetworkDiagramView(QWidget):
    """Neurons, links and (2-D data) neuron maps and the decision boundary."""

    def __init__(self, recorders: LiveRecorders, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.drawn_step = -1
        self.rec = recorders
        self.diagram = pg.GraphicsLayoutWidget()
        self.box = self.diagram.addViewBox(lockAspect=True)
        self.box.setMenuEnabled(False)
        self.graph = BatchedGraphItem()
        self.box.addItem(self.graph)
        self.boundary = pg.GraphicsLayoutWidget()
        self.boundary_plot = self.boundary.addPlot(title=tr("Decision boundary"))
        self.boundary_plot.setAspectLocked(True)
        self.boundary_image = pg.ImageItem(axisOrder="row-major")
        outline = style.pen(QColor("white"), 1.0)  # points stay visible on red and on blue
        self.points = pg.ScatterPlotItem(size=7, pen=outline)
        self.boundary_plot.addItem(self.boundary_image)
        self.boundary_plot.addItem(self.points)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.addWidget(self.diagram, 3)
        lay.addWidget(self.boundary, 2)
        self.columns: list[tuple[str, int]] = []  # (layer id or 'input', units)
        self.node_pos = np.zeros((0, 2))
        self.node_index: list[tuple[int, int]] = []  # (column, unit) of each node
        self.maps: dict[tuple[int, int], pg.ImageItem] = {}
        self._extras: list = []
        self._marker = None
        self._drawn = (-1, -1, -1)
        self.hovered: tuple[int, int] | None = None
        self._lut_brushes = [pg.mkBrush(*rgba) for rgba in style.lut("diverging")]
        self._proxy = pg.SignalProxy(
            self.diagram.scene().sigMouseMoved, rateLimit=30, slot=self._on_mouse_moved
        )

    # ---- building -----------------------------------------------------------------------------
    def _rebuild(self) -> None:
        for item in [*self.maps.values(), *self._extras]:
            self.box.removeItem(item)
        self.maps.clear()
        self._extras.clear()
        layout = self.rec.layout
        self._marker = self.rec.weights_buffer
        self.columns = [("input", units_of(layout.input_shape))]
        self.columns += [(i.id, units_of(i.shape)) for i in layout.layers]
        pos, index = [], []
        for c, (name, units) in enumerate(self.columns):
            n = shown(units)
            for k in range(n):
                pos.append((c * DX, -(k - (min(units, MAX_SHOWN) - 1) / 2) * DY))
                index.append((c, k))
            title = pg.TextItem(name, color=TITLE_COLOUR, anchor=(0.5, 1.0))
            title.setPos(c * DX, (min(units, MAX_SHOWN) - 1) / 2 * DY + 0.8)
            self._extras.append(title)
            if units > MAX_SHOWN:
                more = pg.TextItem(f"... {units}", color=style.MUTED, anchor=(0.5, 0.5))
                more.setPos(c * DX, -(MAX_SHOWN - 1 - (MAX_SHOWN - 1) / 2) * DY)
                self._extras.append(more)
        self.node_pos, self.node_index = np.array(pos, np.float64), index
        self.plane = self.rec.grid is not None
        if self.plane:
            for node in index:
                self.maps[node] = pg.ImageItem(axisOrder="row-major")
                self._extras.append(self.maps[node])
        for item in self._extras:
            self.box.addItem(item)
        self.boundary.setVisible(self.plane)
        self._points_key = None
        self._drawn = (-1, -1, -1)

    def _edges(self) -> tuple[np.ndarray, np.ndarray]:
        """Adjacency (E, 2) and per-edge pens from the latest weights."""
        weights, layout = self.rec.weights(), self.rec.layout
        first = {c: i for i, (c, k) in reversed(list(enumerate(self.node_index)))}
        pos_c = style.lut("diverging")[230]
        neg_c = style.lut("diverging")[25]
        edges, pens = [], []
        for c in range(1, len(self.columns)):
            info = layout.layers[c - 1]
            n_in, n_out = shown(self.columns[c - 1][1]), shown(self.columns[c][1])
            w = weights.get(info.weight) if info.weight else None
            if info.kind == "Dense" and w is not None and w.shape[0] == self.columns[c - 1][1]:
                sub = w[:n_in, :n_out]
                top = float(np.abs(sub).max()) or 1.0
                for i in range(n_in):
                    for j in range(n_out):
                        edges.append((first[c - 1] + i, first[c] + j))
                        rgb = pos_c if sub[i, j] >= 0 else neg_c
                        width = 0.5 + 5.0 * abs(float(sub[i, j])) / top
                        pens.append((rgb[0], rgb[1], rgb[2], 255, width))  # opaque: 3x cheaper
            elif not info.weight and n_in == n_out:  # element-wise: one link per unit
                e = style.EDGE
                for i in range(n_in):
                    edges.append((first[c - 1] + i, first[c] + i))
                    pens.append((e.red(), e.green(), e.blue(), 120, 1.0))
        adj = np.array(edges, np.int64).reshape(-1, 2)
        return adj, np.array(pens, dtype=PEN_DTYPE)

    # ---- refreshing ---------------------------------------------------------------------------
    def refresh(self, snap: Snapshot) -> None:
        self.drawn_step = snap.step
        self.rec.sync()  # adopts a new network; captures here only while training is paused
        self._draw()

    def _draw(self) -> None:
        wb = self.rec.weights_buffer
        if wb is None or not wb.seq or self.rec.layout is None:
            return
        if wb is not self._marker:
            self._rebuild()
        grid, probe = self.rec.grid, self.rec.probe
        seqs = (wb.seq, grid.seq if grid is not None else 0, probe.seq)
        if seqs == self._drawn:
            return
        self._drawn = seqs
        adj, pens = self._edges()
        nodes = {"size": 0.0} if self.plane else {"size": 0.7, "symbolBrush": self._probe_brushes()}
        self.graph.setData(
            pos=self.node_pos,
            adj=adj,
            pen=pens,
            pxMode=False,
            symbol="o",
            symbolPen=style.pen(style.EDGE, 1.0),
            **nodes,
        )
        if self.plane and grid is not None and grid.seq:
            self._draw_maps(grid)
            self._draw_boundary(grid)

    def _probe_brushes(self) -> list:
        probe = self.rec.probe
        if not probe.seq:
            return [style.brush(style.MUTED)] * len(self.node_index)
        data, out = probe.front(), []
        for c, (_, units) in enumerate(self.columns):
            key = "input" if c == 0 else self.columns[c][0]
            v = np.asarray(data[key]).reshape(-1)
            if v.size != units:  # feature maps: the mean of each channel
                v = v.reshape(-1, units).mean(axis=0)
            v = v[: shown(units)]
            top = float(np.nanmax(np.abs(v))) if np.isfinite(v).any() else 1.0
            idx = np.clip(np.nan_to_num((v / (top or 1.0) + 1.0) * 127.5), 0, 255)
            out += [self._lut_brushes[int(i)] for i in idx]
        return out

    def _grid_unit(self, grid_data: dict, c: int, k: int) -> F32:
        if c == 0:
            a = self.rec.grid_points()
        else:
            a = grid_data[self.columns[c][0]].reshape(GRID_SIZE * GRID_SIZE, -1)
        return np.ascontiguousarray(a[:, k].reshape(GRID_SIZE, GRID_SIZE))

    def _column_levels(self, grid_data: dict, c: int) -> tuple[float, float]:
        """Probabilities on [0, 1] (0.5 white); other outputs symmetric around 0."""
        if c == 0:
            hi = float(np.abs(self.rec.grid_points()).max()) or 1.0
            return (-hi, hi)
        if self.rec.layout.layers[c - 1].activation in ("sigmoid", "softmax"):
            return (0.0, 1.0)
        a = grid_data[self.columns[c][0]].reshape(GRID_SIZE * GRID_SIZE, -1)
        hi = float(np.abs(a[:, : shown(self.columns[c][1])]).max()) or 1.0
        return (-hi, hi)

    def _draw_maps(self, grid) -> None:
        data, lut = grid.front(), style.lut("diverging")
        levels = {c: self._column_levels(data, c) for c in range(len(self.columns))}
        for n, ((c, k), img) in enumerate(self.maps.items()):
            x, y = self.node_pos[n]
            rect = QRectF(x - CELL / 2, y - CELL / 2, CELL, CELL)  # needs an image first
            img.setImage(self._grid_unit(data, c, k), levels=levels[c], lut=lut, rect=rect)

    def _draw_boundary(self, grid) -> None:
        data, meta = grid.read()
        x0, x1, y0, y1 = meta["extent"]
        hx, hy = (x1 - x0) / (GRID_SIZE - 1) / 2, (y1 - y0) / (GRID_SIZE - 1) / 2
        rect = QRectF(x0 - hx, y0 - hy, x1 - x0 + 2 * hx, y1 - y0 + 2 * hy)
        ds = self.rec.dataset("train")
        regression = ds is None or ds.y.ndim != 1
        if self.hovered is not None:
            c, k = self.hovered
            levels, lut = self._column_levels(data, c), "diverging"
            values = self._grid_unit(data, c, k)
            unit_text = tr("unit")  # outside the f-string, where lupdate can see it
            self.boundary_plot.setTitle(f"{self.columns[c][0]} {unit_text} {k}")
        else:
            out = data[self.rec.layout.layers[-1].id].reshape(GRID_SIZE * GRID_SIZE, -1)
            values, levels, lut = decision_values(out, self.rec.layout, regression)
            values = np.ascontiguousarray(values.reshape(GRID_SIZE, GRID_SIZE))
            self.boundary_plot.setTitle(tr("Decision boundary"))
        self.boundary_image.setImage(values, levels=levels, lut=style.lut(lut), rect=rect)
        if ds is not None and self._points_key is not ds:
            self._points_key = ds
            self._set_points(ds, regression)

    def _set_points(self, ds, regression: bool) -> None:
        if regression:
            self.points.setData(pos=ds.x, brush=style.brush(style.TEXT, 160))
            return
        k = max(len(ds.class_names), 2)
        if k == 2:
            colours = [style.lut("diverging")[8], style.lut("diverging")[247]]
        else:
            colours = [style.lut("sequential")[int(255 * i / (k - 1))] for i in range(k)]
        brushes = [pg.mkBrush(*c) for c in colours]
        self.points.setData(pos=ds.x, brush=[brushes[c] for c in ds.y])

    # ---- hover --------------------------------------------------------------------------------
    def hover(self, node: tuple[int, int] | None) -> None:
        """Show ``(column, unit)``'s map in the large plot (None: the decision boundary)."""
        if node == self.hovered:
            return
        self.hovered = node
        grid = self.rec.grid
        if self.plane and grid is not None and grid.seq:
            self._draw_boundary(grid)

    def _on_mouse_moved(self, event: tuple) -> None:
        if not len(self.node_pos):
            return
        p = self.box.mapSceneToView(QPointF(event[0]))
        d = np.hypot(self.node_pos[:, 0] - p.x(), self.node_pos[:, 1] - p.y())
        i = int(np.argmin(d))
        self.hover(self.node_index[i] if d[i] < 0.6 * CELL else None)


DOCK = DockSpec(
    "network_diagram",
    QT_TRANSLATE_NOOP("Docks", "Network diagram"),
    lambda window: NetworkDiagramView(LiveRecorders.of(window.session)),
    Qt.DockWidgetArea.BottomDockWidgetArea,
    polled=True,
    order=40,
    visible=False,
    max_hz=10,  # its recorder samples at about 10 Hz; more would only repaint
)
