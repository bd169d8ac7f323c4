"""LayerStatsView: gradient norms, percentile bands, weight histogram and images, health badges.

Reads the LayerStatsRecorder's rings and the recorders' weight copy; never the network.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSignalBlocker, Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from layerlab.app.recorders import LayerInfo, LiveRecorders
from layerlab.app.session import Snapshot
from layerlab.app.views import style
from layerlab.app.views.activations_view import mosaic
from layerlab.app.views.docks import DockSpec
from layerlab.app.views.log_axis import DecadeAxis
from layerlab.app.views.percentile_bands import PercentileBands
from layerlab.app.views.plot_follow import RangeFollower
from layerlab.app.views.series import thin

F32 = npt.NDArray[np.float32]
QUANTITY_TITLES = {
    "weights": "Weights",
    "activations": "Activations",
    "activation_grads": "Gradients dLoss/d(output)",
}
QUANTITY_COLOURS = {
    "weights": style.CATEGORY_COLOURS["Core"],
    "activations": style.CATEGORY_COLOURS["Activations"],
    "activation_grads": style.CURVE_COLOURS["val_accuracy"],
}
MAX_TILES = 64
TINY = 1e-30  # log axes: a zero gradient norm is drawn at the bottom
SHOWN_RECORDS = 400  # records drawn per curve (the ring holds 4,096)
PARTS = ("norm", *QUANTITY_TITLES, "mosaic")  # drawn in turn while training


def tr(text: str) -> str:
    return QCoreApplication.translate("LayerStatsView", text)


def image_side(shape: tuple[int, ...]) -> tuple[int, int] | None:
    """(h, w) when inputs of ``shape`` are grey images (28x28x1, or 784 as a square)."""
    if len(shape) == 3 and shape[2] == 1:
        return shape[0], shape[1]
    if len(shape) == 2:
        return shape
    n = int(np.prod(shape))
    side = math.isqrt(n)
    return (side, side) if len(shape) == 1 and side * side == n and side >= 4 else None


def ceil_2_digits(x: float) -> float:
    """The smallest number with two significant digits that is >= ``x`` (> 0)."""
    scale = 10.0 ** (math.floor(math.log10(x)) - 1)
    return math.ceil(x / scale * (1 - 1e-12)) * scale


def weight_mosaic(info: LayerInfo, w: np.ndarray, first: bool, input_shape: tuple) -> F32 | None:
    """A first Dense layer's neurons as input-shaped images, or a Conv2D's filters; else None."""
    if info.kind == "Conv2D" and w.ndim == 4:  # (kh, kw, c, f): rows of filters
        kh, kw, c, f = w.shape
        tiles = np.transpose(w, (3, 2, 0, 1)).reshape(f * c, kh, kw)[:MAX_TILES]
        return mosaic(tiles, cols=c if 1 < c <= 8 else None)
    side = image_side(tuple(input_shape))
    if info.kind == "Dense" and first and side is not None and w.shape[0] == side[0] * side[1]:
        n = min(w.shape[1], MAX_TILES)
        return mosaic(np.ascontiguousarray(w[:, :n].T).reshape(n, *side))
    return None


class LayerStatsView(QWidget):
    """Per-layer gradient norms over time, percentile bands, weights, and diagnostics."""

    def __init__(self, recorders: LiveRecorders, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.drawn_step = -1
        self.rec = recorders
        self.layer = QComboBox()
        self.badges = {k: QLabel() for k in ("ratio", "dead", "saturated", "finite")}
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("Layer")))
        top.addWidget(self.layer)
        for b in self.badges.values():
            top.addWidget(b)
        top.addStretch(1)
        self.plots = pg.GraphicsLayoutWidget()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.addLayout(top)
        lay.addWidget(self.plots)
        self._build_plots()
        self.norm_curves: dict[str, pg.PlotDataItem] = {}
        self._stats = None
        self._spe = 1
        self._drawn_head = self._drawn_wseq = -1
        self._dirty: set[str] = set()  # parts with data not drawn yet
        self._turn = 0  # the part to draw first next time (round robin while training)
        self._level = 0.0
        self.layer.currentIndexChanged.connect(self._on_layer_changed)

    def _build_plots(self) -> None:
        self.norm_plot = self.plots.addPlot(
            row=0,
            col=0,
            colspan=3,
            title=tr("Gradient norm"),
            axisItems={"left": DecadeAxis("left")},
        )
        self.norm_plot.setLogMode(y=True)
        self.norm_plot.addLegend(offset=(-10, 10))
        self.band_plots: dict[str, pg.PlotItem] = {}
        self.bands: dict[str, PercentileBands] = {}
        for col, (q, title) in enumerate(QUANTITY_TITLES.items()):
            plot = self.plots.addPlot(row=1, col=col, title=tr(title))
            self.band_plots[q], self.bands[q] = plot, PercentileBands(plot, QUANTITY_COLOURS[q])
        for p in (self.norm_plot, *self.band_plots.values()):
            p.showGrid(x=True, y=True, alpha=0.2)
            p.setLabel("bottom", tr("epoch"))
            p.getAxis("bottom").enableAutoSIPrefix(False)  # no "epoch (x0.001)" before training
        # ranges change rarely (each change redraws the axes): see plot_follow
        plots = {"norm": self.norm_plot, **self.band_plots}
        self.follow = {name: RangeFollower(p) for name, p in plots.items()}
        self.hist_plot = self.plots.addPlot(row=2, col=0, rowspan=2, title=tr("Weight histogram"))
        self.hist_curve = self.hist_plot.plot(
            stepMode="center", fillLevel=0, brush=style.brush(QUANTITY_COLOURS["weights"], 150)
        )
        self.follow_hist = RangeFollower(self.hist_plot, grow_right=False)
        self.image_title = self.plots.addLabel(tr("Weights as images"), row=2, col=1, colspan=2)
        # the images beside the histogram, in the larger part of the bottom rows: 64 tiles of
        # 28 x 28 with 1-pixel gaps need about their own size to show every gap
        self.image_box = self.plots.addViewBox(row=3, col=1, colspan=2, lockAspect=True)
        self.plots.ci.layout.setRowStretchFactor(3, 3)
        self.image_box.invertY(True)
        self.weight_image = pg.ImageItem(axisOrder="row-major")
        self.image_box.addItem(self.weight_image)

    # ---- building -----------------------------------------------------------------------------
    def _rebuild(self, stats) -> None:
        """New network: one gradient-norm curve per weighted layer, the layer list."""
        self._stats = stats
        for curve in self.norm_curves.values():
            self.norm_plot.removeItem(curve)
        self.norm_plot.legend.clear()
        self.norm_curves.clear()
        weighted = [lid for lid, w in zip(stats.layer_ids, stats.has_weights, strict=True) if w]
        cmap = style.colormap("sequential")
        for k, lid in enumerate(weighted):
            colour = cmap.map(0.85 * k / max(len(weighted) - 1, 1), mode="qcolor")
            curve = self.norm_plot.plot(pen=style.pen(colour, 1.5), name=lid)
            self.norm_curves[lid] = curve
        with QSignalBlocker(self.layer):
            self.layer.clear()
            self.layer.addItems(list(stats.layer_ids))
            self.layer.setCurrentIndex(stats.layer_ids.index(weighted[0]) if weighted else 0)
        self._drawn_head = self._drawn_wseq = -1
        self._level = 0.0

    # ---- refreshing ---------------------------------------------------------------------------
    def refresh(self, snap: Snapshot) -> None:
        """While training, one part of the view per frame (norms, one band plot, or the
        weights): each frame stays short and each part still redraws several times a second."""
        self.drawn_step = snap.step
        self._spe = max(snap.steps_per_epoch, 1)
        self.rec.sync()  # adopts a new network; captures here only while training is paused
        self._draw(every_part=not snap.running)

    def _draw(self, every_part: bool = True) -> None:
        stats = self.rec.stats
        if stats is None:
            return
        if stats is not self._stats:
            self._rebuild(stats)
        if stats.head != self._drawn_head:
            self._drawn_head = stats.head
            self._dirty.update(PARTS[:-1])
        wb = self.rec.weights_buffer
        if wb is not None and wb.seq and wb.seq != self._drawn_wseq:
            self._drawn_wseq = wb.seq
            self._dirty.add("mosaic")
        order = PARTS[self._turn :] + PARTS[: self._turn]
        todo = [part for part in order if part in self._dirty]
        for part in todo if every_part else todo[:1]:
            self._dirty.discard(part)
            self._turn = (PARTS.index(part) + 1) % len(PARTS)
            if part == "mosaic":  # the weight histogram and images
                self._draw_weights()
            else:
                self._draw_series(stats, part)

    def _draw_series(self, stats, part: str) -> None:
        """The gradient norms (and the badges), or one quantity's percentile bands."""
        head = stats.head  # read once: the x and y series below have the same records
        x = stats.latest("steps", head=head).astype(np.float64) / self._spe
        keep = thin(len(x), SHOWN_RECORDS)
        x = x[keep]
        if part == "norm":
            norms = stats.latest("grad_norm", head=head)[keep]
            ys = []
            for lid, curve in self.norm_curves.items():
                y = np.maximum(norms[:, stats.layer_ids.index(lid)], TINY)
                curve.setData(x, y, skipFiniteCheck=bool(np.isfinite(y).all()))
                ys.append(y)
            self.follow["norm"].update([x], ys)
            self._draw_badges(stats.diagnostics())
            return
        lid = self.layer.currentText()
        bands = (
            stats.band_series(part, lid, head=head)[keep]
            if lid in stats.layer_ids
            else np.empty((0, 7))
        )
        if not len(bands) or np.isnan(bands[-1]).all():
            self.bands[part].clear()
            return
        self.bands[part].set_data(x, bands)
        self.follow[part].update([x], [bands[:, 0], bands[:, -1]])

    def _draw_weights(self) -> None:
        layout, lid = self.rec.layout, self.layer.currentText()
        info = next((i for i in layout.layers if i.id == lid), None) if layout else None
        w = self.rec.weights().get(info.weight) if info is not None and info.weight else None
        if w is None:
            self.hist_curve.setData([], [])
            self.weight_image.clear()
            self._set_title(tr("This layer has no weights"))
            return
        counts, edges = np.histogram(w[np.isfinite(w)], bins=60)
        self.hist_curve.setData(edges, counts.astype(np.float64))
        self.follow_hist.update([edges], [counts, np.zeros(1)])
        first = next(i for i in layout.layers if i.weight) is info
        img = weight_mosaic(info, w, first, layout.input_shape)
        if img is None:
            self.weight_image.clear()
            self._set_title(tr("Images: first Dense layer on images, or Conv2D filters"))
            return
        finite = img[np.isfinite(img)]
        # levels only grow (symmetric), in steps of two significant digits: frames stay
        # comparable while the weights grow, and the title (whose every change lays the
        # plots out again) changes only now and then
        top = float(np.abs(finite).max()) if finite.size else 0.0
        if top > self._level:
            self._level = ceil_2_digits(max(top, 1e-6))
        lv = self._level
        self.weight_image.setImage(img, levels=(-lv, lv), lut=style.lut("diverging"))
        text = tr("%1: weights of each unit (blue negative, red positive, |w| up to %2)")
        self._set_title(text.replace("%1", lid).replace("%2", f"{lv:.2g}"))

    def _set_title(self, text: str) -> None:
        if self.image_title.text != text:
            self.image_title.setText(text)

    def _draw_badges(self, d) -> None:
        r = d.grad_ratio
        bad = d.vanishing or d.exploding
        word = tr(" vanishing") if d.vanishing else tr(" exploding") if d.exploding else ""
        level = "problem" if bad else "warning" if np.isfinite(r) and not 0.1 <= r <= 10 else "ok"
        self._badge("ratio", tr("first/last gradient: %1").replace("%1", f"{r:.2g}") + word, level)
        for key, value, name in (
            ("dead", d.dead_fraction, tr("dead ReLU")),
            ("saturated", d.saturated_fraction, tr("saturated")),
        ):
            if not np.isfinite(value):
                self._badge(key, f"{name}: -", "muted")
            else:
                lvl = "problem" if value > 0.5 else "warning" if value > 0.1 else "ok"
                self._badge(key, f"{name}: {100 * value:.1f}%", lvl)
        if d.non_finite:
            self._badge("finite", tr("NaN/Inf in ") + ", ".join(d.non_finite), "problem")
        else:
            self._badge("finite", tr("no NaN/Inf"), "ok")

    def _badge(self, key: str, text: str, level: str) -> None:
        colour = {"problem": style.PROBLEM, "warning": style.WARNING, "ok": style.EDGE}.get(
            level, style.MUTED
        )
        label = self.badges[key]
        if label.text() != text:
            label.setText(text)
        if label.property("level") == level:
            return  # a style sheet change re-polishes and re-lays out the widget: only on change
        label.setProperty("level", level)
        label.setStyleSheet(
            f"color: {style.PLOT_BACKGROUND.name()}; background: {colour.name()}; "
            "border-radius: 3px; padding: 1px 6px;"
        )

    def _on_layer_changed(self) -> None:
        self._drawn_head = self._drawn_wseq = -1
        self._level = 0.0
        self._draw()


DOCK = DockSpec(
    "layer_stats",
    QT_TRANSLATE_NOOP("Docks", "Gradients and weights"),
    lambda window: LayerStatsView(LiveRecorders.of(window.session)),
    Qt.DockWidgetArea.BottomDockWidgetArea,
    polled=True,
    order=30,
    visible=False,
)
