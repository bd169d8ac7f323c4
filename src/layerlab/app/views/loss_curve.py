"""LossCurveView: training loss and accuracy per step, train/validation per epoch."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from layerlab.app.session import Snapshot
from layerlab.app.views import style
from layerlab.app.views.log_axis import DecadeAxis
from layerlab.app.views.plot_follow import RangeFollower
from layerlab.app.views.series import block_means, thin


def tr(text: str) -> str:
    return QCoreApplication.translate("LossCurveView", text)


STEP_POINTS = 2000  # the per-step curves: means of blocks of steps beyond this many
MAX_SYMBOLS = 60  # epoch curves mark each epoch while there are at most this many


class LossCurveView(QWidget):
    """Two plots (loss, accuracy); items built once, refresh() only sets data."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.drawn_step = -1
        self.plots = pg.GraphicsLayoutWidget()
        self.loss_plot = self.plots.addPlot(
            row=0, col=0, title=tr("Loss"), axisItems={"left": DecadeAxis("left")}
        )
        self.acc_plot = self.plots.addPlot(row=1, col=0, title=tr("Accuracy"))
        self.acc_plot.setXLink(self.loss_plot)
        for p in (self.loss_plot, self.acc_plot):
            p.showGrid(x=True, y=True, alpha=0.2)
            p.setLabel("bottom", tr("epoch"))
            p.getAxis("bottom").enableAutoSIPrefix(False)  # no "epoch (x0.001)" for 0..1
            p.addLegend(offset=(-10, 10))
        c = style.CURVE_COLOURS
        faint = style.with_alpha(c["train_loss"], 90)
        self.step_loss = self._curve(self.loss_plot, tr("train (per step)"), faint, 1)
        self.epoch_loss = self._curve(self.loss_plot, tr("train"), c["train_loss"], 2, "o")
        self.val_loss = self._curve(self.loss_plot, tr("validation"), c["val_loss"], 2, "s")
        faint = style.with_alpha(c["train_accuracy"], 90)
        self.step_acc = self._curve(self.acc_plot, tr("train (per step)"), faint, 1)
        self.epoch_acc = self._curve(self.acc_plot, tr("train"), c["train_accuracy"], 2, "o")
        self.val_acc = self._curve(self.acc_plot, tr("validation"), c["val_accuracy"], 2, "s")
        self.follow_loss = RangeFollower(self.loss_plot)
        self.follow_acc = RangeFollower(self.acc_plot, x=False)  # x linked to the loss plot
        self.log_box = QCheckBox(tr("log scale"))
        self.log_box.toggled.connect(self._on_log_box_toggled)
        self.hover = QLabel(" ")
        top = QHBoxLayout()
        top.addWidget(self.log_box)
        top.addStretch(1)
        top.addWidget(self.hover)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.addLayout(top)
        lay.addWidget(self.plots)
        self._proxy = pg.SignalProxy(
            self.plots.scene().sigMouseMoved, rateLimit=30, slot=self._on_mouse_moved
        )
        self._snap: Snapshot | None = None
        self._epoch_count = -1  # history rows drawn, and the last of them (a reset has others)
        self._last_row: dict | None = None
        self._epoch_arrays: tuple[np.ndarray, ...] = (np.zeros(0),) * 6

    @staticmethod
    def _curve(
        plot: pg.PlotItem, name: str, colour: QColor, width: int, symbol: str | None = None
    ) -> pg.PlotDataItem:
        item = plot.plot(
            name=name,
            pen=pg.mkPen(colour, width=width),
            symbol=symbol,
            symbolSize=6,
            symbolBrush=colour,
        )
        # at most STEP_POINTS points (block means) or one per epoch: drawn as they are, which
        # costs less per frame than pyqtgraph re-clipping and re-downsampling them
        return item

    def _on_log_box_toggled(self, on: bool) -> None:
        self.loss_plot.setLogMode(y=on)
        self.follow_loss.force_next = True
        if self._snap is not None:
            self.refresh(self._snap)

    def refresh(self, snap: Snapshot) -> None:
        self._snap = snap
        self.drawn_step = snap.step
        n = len(snap.trace)
        spe = max(snap.steps_per_epoch, 1)
        x = (snap.step - n + np.arange(1, n + 1, dtype=np.float64)) / spe
        x, trace = block_means(x, snap.trace, STEP_POINTS)
        self.step_loss.setData(x, trace[:, 0], skipFiniteCheck=True)
        self.step_acc.setData(x, trace[:, 1], skipFiniteCheck=True)
        h = snap.history
        if len(h) != self._epoch_count or (h and h[-1] is not self._last_row):
            self._draw_epochs(h)  # epochs change rarely: redraw them only then
        ex, loss, acc, vx, val_loss, val_acc = self._epoch_arrays
        # ranges change rarely (each change redraws the axes): see plot_follow
        self.follow_loss.update([x, ex, vx], [trace[:, 0], loss, val_loss])
        self.follow_acc.update([x, ex, vx], [trace[:, 1], acc, val_acc])

    def _draw_epochs(self, h: list[dict[str, float]]) -> None:
        """The epoch curves; rows appended since the last call are added to the arrays (a
        long run has thousands of epochs), anything else (a reset, a thinned history) rebuilds."""
        n = self._epoch_count
        grown = 0 < n <= len(h) and h[n - 1] is self._last_row
        new = h[n:] if grown else h
        vh = [r for r in new if "val_loss" in r]
        parts = (
            np.array([r["epoch"] for r in new], np.float64),
            np.array([r["loss"] for r in new], np.float64),
            np.array([r["accuracy"] for r in new], np.float64),
            np.array([r["epoch"] for r in vh], np.float64),
            np.array([r["val_loss"] for r in vh], np.float64),
            np.array([r["val_accuracy"] for r in vh], np.float64),
        )
        if grown:
            parts = tuple(
                np.concatenate([a, b]) for a, b in zip(self._epoch_arrays, parts, strict=True)
            )
        self._epoch_arrays = parts
        self._epoch_count, self._last_row = len(h), h[-1] if h else None
        ex, loss, acc, vx, val_loss, val_acc = parts
        e_keep, v_keep = thin(len(ex), STEP_POINTS), thin(len(vx), STEP_POINTS)
        symbols = len(h) <= MAX_SYMBOLS  # thousands of markers cost more than they show
        for curve, xs, ys, symbol in (
            (self.epoch_loss, ex[e_keep], loss[e_keep], "o"),
            (self.epoch_acc, ex[e_keep], acc[e_keep], "o"),
            (self.val_loss, vx[v_keep], val_loss[v_keep], "s"),
            (self.val_acc, vx[v_keep], val_acc[v_keep], "s"),
        ):
            if (curve.opts["symbol"] is not None) != symbols:
                curve.setSymbol(symbol if symbols else None)
            curve.setData(xs, ys, skipFiniteCheck=True)

    def _on_mouse_moved(self, event: tuple) -> None:
        """Exact values of the nearest epoch under the cursor."""
        pos = event[0]
        snap = self._snap
        if snap is None or not snap.history:
            return
        for plot in (self.loss_plot, self.acc_plot):
            if plot.sceneBoundingRect().contains(pos):
                epoch = plot.vb.mapSceneToView(pos).x()
                row = min(snap.history, key=lambda r: abs(r["epoch"] - epoch))
                parts = [f"{tr('epoch')} {row['epoch']:.0f}"] + [
                    f"{k} {row[k]:.4f}"
                    for k in ("loss", "accuracy", "val_loss", "val_accuracy")
                    if k in row
                ]
                self.hover.setText("  ".join(parts))
