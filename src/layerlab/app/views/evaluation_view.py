"""EvaluationView: confusion matrix, per-class accuracy and misclassified examples.

It evaluates at the end of each epoch (when visible, at most once a second) and on its
button. While training runs the evaluation is done by the recorders' chunk hook in the
training thread (``request_evaluation``; training waits for it once, the GUI never does) and
the frame clock's ``refresh`` shows the result when it is there, within the clock's frame
budget; while training is paused the GUI thread evaluates under the session lock and shows
the result at once.
"""

from __future__ import annotations

import math
import time

import numpy as np
import numpy.typing as npt
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSize, Qt, QTimer
from PySide6.QtGui import QIcon, QImage, QPixmap, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from layerlab.app.recorders import Evaluation, LiveRecorders
from layerlab.app.views import style
from layerlab.app.views.cell_text import CellText, bright_cells
from layerlab.app.views.docks import DockSpec
from layerlab.app.views.layer_stats_view import image_side

MAX_GALLERY = 48
MAX_NUMBERS = 20  # classes up to which the matrix shows its counts
ICON = 56
MAX_ICONS = 500  # gallery icons kept for samples shown again (about 12 KB each)
EVALUATE_EVERY_S = 1.0  # while training: at most one evaluation per second


def tr(text: str) -> str:
    return QCoreApplication.translate("EvaluationView", text)


def confusion_matrix(y: np.ndarray, pred: np.ndarray, k: int) -> npt.NDArray[np.int64]:
    """(k, k) counts: rows are true classes, columns predicted ones."""
    m = np.zeros((k, k), np.int64)
    np.add.at(m, (y, pred), 1)
    return m


class EvaluationView(QWidget):
    """Evaluates the network on the validation or test set and shows where it goes wrong."""

    def __init__(self, recorders: LiveRecorders, epoch_finished=None, parent=None) -> None:
        super().__init__(parent)
        self.rec = recorders
        self.split = QComboBox()
        self.split.addItem(tr("validation"), "val")
        self.split.addItem(tr("test"), "test")
        self.button = QPushButton(tr("Evaluate"))
        self.summary = QLabel(tr("Press Evaluate (or finish an epoch) to see the errors."))
        top = QHBoxLayout()
        for w in (self.split, self.button, self.summary):
            top.addWidget(w)
        top.addStretch(1)
        self.plots = pg.GraphicsLayoutWidget()
        self.matrix_plot = self.plots.addPlot(row=0, col=0, title=tr("Confusion matrix"))
        self.matrix_plot.invertY(True)
        self.matrix_plot.setAspectLocked(True)
        self.matrix_plot.setLabel("left", tr("true class"))
        self.matrix_plot.setLabel("bottom", tr("predicted class"))
        self.matrix_image = pg.ImageItem(axisOrder="row-major")
        self.matrix_plot.addItem(self.matrix_image)
        self.class_plot = self.plots.addPlot(row=0, col=1, title=tr("Accuracy per class"))
        self.class_plot.setYRange(0, 1)
        self.class_bars = pg.BarGraphItem(
            x=[], height=[], width=0.8, brush=style.brush(style.SELECTED)
        )
        self.class_plot.addItem(self.class_bars)
        self.gallery = QListWidget()
        self.gallery.setViewMode(QListWidget.ViewMode.IconMode)
        self.gallery.setIconSize(QSize(ICON, ICON))
        self.gallery.setResizeMode(QListWidget.ResizeMode.Adjust)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.plots)
        split.addWidget(self.gallery)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.addLayout(top)
        lay.addWidget(split, 1)
        self.numbers = CellText()
        self.matrix_plot.addItem(self.numbers)
        self._tick_names: list[str] | None = None
        self._icons: dict[int, QIcon] = {}  # sample -> gallery icon, for the data set below
        self._icons_of = None
        self.drawn_step = -1
        self.confusion: np.ndarray | None = None
        self.shown: Evaluation | None = None
        self._stale = False
        self._timer = QTimer(self)
        self._timer.setInterval(50)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._evaluated_at = -math.inf  # perf_counter of the last evaluation after an epoch
        self._deferred = QTimer(self)  # the evaluation of the latest epoch, when it comes soon
        self._deferred.setSingleShot(True)
        self._deferred.timeout.connect(lambda: self._on_session_epoch_finished({}))
        self.button.clicked.connect(self.evaluate)
        self.gallery.itemClicked.connect(self._on_gallery_item_clicked)
        if epoch_finished is not None:
            epoch_finished.connect(self._on_session_epoch_finished)

    # ---- evaluating ---------------------------------------------------------------------------
    def evaluate(self) -> None:
        """Ask for an evaluation of the chosen split; shown as soon as it is done."""
        session = self.rec.session
        if session is None or session.net is None:
            self.summary.setText(tr("Train the network first."))
            return
        self.rec.adopt_network()
        self.rec.request_evaluation(self.split.currentData())
        if not session.running:
            self.rec.sync()
            self._show_latest()
        elif not self._timer.isActive():  # restarting it at every short epoch would starve it
            self._timer.start()

    def _on_timer_timeout(self) -> None:
        session = self.rec.session
        running = session is not None and session.running
        if self.rec.evaluation_pending and not running:
            self.rec.sync()  # training stopped before the hook saw the request
        if not self.rec.evaluation_pending:
            self._timer.stop()
            if not running:  # while training, refresh() shows it within the frame budget
                self._show_latest()

    def refresh(self, snap) -> None:
        """Called by the frame clock while training: show a finished evaluation (none yet,
        after a rebuild say, keeps what the view says)."""
        self.drawn_step = snap.step
        ev = self.rec.evaluation
        if not self.rec.evaluation_pending and ev is not None and ev is not self.shown:
            self._show_latest()

    def _on_session_epoch_finished(self, _metrics: dict) -> None:
        """Evaluate after an epoch; short epochs (a few per second) at most once a second."""
        if not self.isVisible():
            self._stale = True
            return
        wait_s = EVALUATE_EVERY_S - (time.perf_counter() - self._evaluated_at)
        if wait_s <= 0:
            self._evaluated_at = time.perf_counter()
            self.evaluate()
        elif not self._deferred.isActive():
            self._deferred.start(int(wait_s * 1000) + 1)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.evaluate()

    # ---- showing ------------------------------------------------------------------------------
    def _show_latest(self) -> None:
        ev = self.rec.evaluation
        if ev is None:
            self.summary.setText(tr("Evaluation needs a classification data set."))
            return
        if ev is self.shown:
            return
        self.shown = ev
        ds = self.rec.dataset(ev.split)
        k = max(ev.scores.shape[1], int(ev.y.max()) + 1 if len(ev.y) else 1)
        pred = np.argmax(ev.scores, axis=1)
        m = confusion_matrix(ev.y, pred, k)
        self.confusion = m
        rows = np.maximum(m.sum(axis=1, keepdims=True), 1)
        self.matrix_image.setImage(
            (m / rows).astype(np.float32), levels=(0.0, 1.0), lut=style.lut("sequential")
        )
        self.class_bars.setOpts(x=np.arange(k), height=np.diag(m) / rows[:, 0])
        counts = [str(int(v)) for v in m.ravel()] if k <= MAX_NUMBERS else []
        self.numbers.set_texts(
            counts, k, bright_cells(m / rows, (0.0, 1.0), style.lut("sequential"))
        )
        names = list(ds.class_names) if ds is not None else [str(i) for i in range(k)]
        if names[:k] != self._tick_names:  # new ticks redraw the axes: only when they change
            self._tick_names = names[:k]
            centred = [[(i + 0.5, n) for i, n in enumerate(names[:k])]]
            self.matrix_plot.getAxis("bottom").setTicks(centred)
            self.matrix_plot.getAxis("left").setTicks(centred)
            self.class_plot.getAxis("bottom").setTicks([list(enumerate(names[:k]))])
        text = tr("%1: accuracy %2, loss %3 on %4 samples (step %5)")
        for key, value in (
            ("%1", self.split.itemText(max(self.split.findData(ev.split), 0))),
            ("%2", f"{ev.accuracy:.4f}"),
            ("%3", f"{ev.loss:.4g}"),
            ("%4", str(len(ev.y))),
            ("%5", str(ev.step)),
        ):
            text = text.replace(key, value)
        self.summary.setText(text)
        self._fill_gallery(ev, pred, names, ds)

    def _fill_gallery(self, ev: Evaluation, pred: np.ndarray, names: list, ds) -> None:
        """The mistakes, most confident first (the instructive ones). The list's items are
        updated in place and each sample's icon is made once: an evaluation a second while
        training mostly shows the same samples again."""
        wrong = np.flatnonzero(pred != ev.y)
        wrong = wrong[np.argsort(-ev.scores[wrong, pred[wrong]], kind="stable")][:MAX_GALLERY]
        side = image_side(tuple(ds.x.shape[1:])) if ds is not None else None
        if ds is not self._icons_of:  # other samples: rows and icons start again
            self._icons_of, self._icons = ds, {}
            self.gallery.clear()
        while self.gallery.count() > len(wrong):
            self.gallery.takeItem(self.gallery.count() - 1)
        true_text = tr("true")  # outside the f-string, where lupdate can see it
        fmt = "{:.0%}" if ev.probabilities else "{:.3g}"
        for row, i in enumerate(wrong):
            item = self.gallery.item(row)
            if item is None:
                item = QListWidgetItem()
                self.gallery.addItem(item)
            top3 = np.argsort(-ev.scores[i])[:3]
            tip = ", ".join(f"{names[c]}: {fmt.format(ev.scores[i, c])}" for c in top3)
            label = f"{names[ev.y[i]]} -> {names[pred[i]]}"
            if side is None:
                label = f"{label}  x={np.array2string(ds.x[i], precision=2)}"
            if item.data(Qt.ItemDataRole.UserRole) != int(i):
                item.setData(Qt.ItemDataRole.UserRole, int(i))
                item.setIcon(self._icon_of(ds, int(i), side) if side is not None else QIcon())
            if item.text() != label:
                item.setText(label)
            item.setToolTip(f"#{i}  {true_text} {names[ev.y[i]]}; {tip}")

    def _icon_of(self, ds, i: int, side: tuple[int, int]) -> QIcon:
        icon = self._icons.get(i)
        if icon is None:
            if len(self._icons) > MAX_ICONS:
                self._icons.clear()
            icon = self._icons[i] = _icon(ds.x[i].reshape(side))
        return icon

    def _on_gallery_item_clicked(self, item: QListWidgetItem) -> None:
        if self.shown is not None:
            self.rec.set_probe(self.shown.split, item.data(Qt.ItemDataRole.UserRole))


def _icon(img: np.ndarray) -> QIcon:
    """A grey icon of one sample, its own range stretched: ink (high) black on white, as
    the "gray" colour map draws digits elsewhere."""
    lo, hi = float(img.min()), float(img.max())
    grey = np.ascontiguousarray((hi - img) * (255.0 / max(hi - lo, 1e-6)), np.float32)
    pixels = np.ascontiguousarray(np.clip(grey, 0, 255).astype(np.uint8))
    h, w = pixels.shape
    qimg = QImage(pixels.data, w, h, w, QImage.Format.Format_Grayscale8).copy()
    return QIcon(QPixmap.fromImage(qimg).scaled(ICON, ICON))


DOCK = DockSpec(
    "evaluation",
    QT_TRANSLATE_NOOP("Docks", "Evaluation"),
    lambda window: EvaluationView(LiveRecorders.of(window.session), window.session.epoch_finished),
    Qt.DockWidgetArea.BottomDockWidgetArea,
    polled=True,  # shows results that arrive while training within the frame budget
    order=50,
    visible=False,
)
