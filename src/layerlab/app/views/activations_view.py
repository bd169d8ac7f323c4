"""ActivationsView: every layer's output for one probe sample, as heatmaps, live while training.

One ImageItem per layer, built when the network is (re)built. Vectors are shown as a near-square
grid, feature maps as a mosaic of their channels. Levels are set per layer on every frame (the
layer's current range; symmetric around 0 for signed outputs), so the pattern stays visible
while the scale of the activations drifts during training; the range is printed in the title.
"""

from __future__ import annotations

import math
import weakref

import numpy as np
import numpy.typing as npt
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSignalBlocker, Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from layerlab.app.recorders import LayerInfo, LiveRecorders, scores_of
from layerlab.app.session import Snapshot
from layerlab.app.views import style
from layerlab.app.views.cell_text import CellText, bright_cells
from layerlab.app.views.docks import DockSpec

F32 = npt.NDArray[np.float32]
COLUMNS = 4
NONNEGATIVE = ("relu", "sigmoid", "softmax", "step", "softplus")
MAX_LABELLED = 20  # output layers up to this many classes show the class names in their cells
SPLITS = (("val", "validation"), ("test", "test"), ("train", "training"))


def tr(text: str) -> str:
    return QCoreApplication.translate("ActivationsView", text)


def mosaic(tiles: np.ndarray, cols: int | None = None, gap: int = 1) -> F32:
    """(n, h, w) tiles in a grid of ``cols`` columns, 1-pixel NaN gaps (transparent)."""
    n, h, w = tiles.shape
    cols = cols or max(1, math.ceil(math.sqrt(n)))
    rows = max(1, math.ceil(n / cols))
    out = np.full((rows * (h + gap) - gap, cols * (w + gap) - gap), np.nan, np.float32)
    for k in range(n):
        r, c = divmod(k, cols)
        out[r * (h + gap) : r * (h + gap) + h, c * (w + gap) : c * (w + gap) + w] = tiles[k]
    return out


def as_image(a: np.ndarray) -> F32:
    """A layer's per-sample output as a 2-D image: a near-square grid or a channel mosaic."""
    a = np.asarray(a, np.float32)
    if a.ndim == 3:  # (h, w, c) feature maps
        return mosaic(np.moveaxis(a, -1, 0)) if a.shape[-1] > 1 else a[:, :, 0].copy()
    if a.ndim == 2:
        return a.copy()
    v = a.ravel()
    cols = max(1, math.ceil(math.sqrt(v.size)))
    rows = math.ceil(v.size / cols)
    out = np.full(rows * cols, np.nan, np.float32)
    out[: v.size] = v
    return out.reshape(rows, cols)


def levels_for(img: F32, activation: str) -> tuple[float, float]:
    """This frame's levels: [0, max] for non-negative outputs, else symmetric around 0."""
    finite = img[np.isfinite(img)]
    if not finite.size:
        return (0.0, 1.0)
    hi = float(np.abs(finite).max()) or 1.0
    if activation in NONNEGATIVE and finite.min() >= 0.0:
        return (0.0, hi)
    return (-hi, hi)


class ActivationsView(QWidget):
    """Heatmaps of each layer's activations for the probe sample, its label and prediction."""

    def __init__(self, recorders: LiveRecorders, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.drawn_step = -1
        self.rec = recorders
        self.split = QComboBox()
        for key, name in SPLITS:
            self.split.addItem(tr(name), key)
        self.index = QSpinBox()
        self.index.setRange(0, 0)
        self.info = QLabel(tr("Train the network to see its activations."))
        top = QHBoxLayout()
        for w in (QLabel(tr("Sample")), self.split, self.index, self.info):
            top.addWidget(w)
        top.addStretch(1)
        self.plots = pg.GraphicsLayoutWidget()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.addLayout(top)
        lay.addWidget(self.plots)
        self.images: dict[str, pg.ImageItem] = {}
        self.titles: dict[str, pg.LabelItem] = {}
        self.output_labels: CellText | None = None  # class names in the output's cells
        self._layers: tuple[LayerInfo, ...] = ()
        self._probe = None
        self._drawn_seq = -1
        self.split.currentIndexChanged.connect(self._on_sample_changed)
        self.index.valueChanged.connect(self._on_sample_changed)
        self.rec.add_probe_listener(weakref.WeakMethod(self._on_probe_changed))

    # ---- building -----------------------------------------------------------------------------
    def _rebuild(self) -> None:
        """One title and one ImageItem per layer (and the input) for the current network."""
        self.plots.clear()
        self.images.clear()
        self.titles.clear()
        self.output_labels = None
        self._probe = self.rec.probe
        layout = self.rec.layout
        self._layers = layout.layers
        names = [("input", tr("input"))] + [(i.id, f"{i.id} ({i.kind})") for i in self._layers]
        for k, (key, name) in enumerate(names):
            row, col = divmod(k, COLUMNS)
            self.titles[key] = self.plots.addLabel(name, row=2 * row, col=col)
            vb = self.plots.addViewBox(row=2 * row + 1, col=col, lockAspect=True, invertY=True)
            vb.setMenuEnabled(False)
            img = pg.ImageItem(axisOrder="row-major")
            vb.addItem(img)
            self.images[key] = img
            if key == names[-1][0] and k > 0:  # the output: which cell is which class
                self.output_labels = CellText()
                vb.addItem(self.output_labels)
        self._drawn_seq = -1
        self._sync_controls()

    def _sync_controls(self) -> None:
        """Show the recorders' probe choice in the controls (it may change elsewhere)."""
        blockers = (QSignalBlocker(self.split), QSignalBlocker(self.index))
        i = self.split.findData(self.rec.probe_split)
        self.split.setCurrentIndex(max(i, 0))
        ds = self.rec.dataset(self.rec.probe_split)
        self.index.setRange(0, max(0, len(ds.x) - 1) if ds is not None else 0)
        self.index.setValue(self.rec.probe_index)
        del blockers

    # ---- refreshing ---------------------------------------------------------------------------
    def refresh(self, snap: Snapshot) -> None:
        self.drawn_step = snap.step
        self.rec.sync()  # adopts a new network; captures here only while training is paused
        self._draw()

    def _draw(self) -> None:
        probe = self.rec.probe
        if probe is None or self.rec.layout is None:
            return
        if probe is not self._probe:
            self._rebuild()
        if probe.seq == self._drawn_seq or not probe.seq:
            return
        self._drawn_seq = probe.seq
        data, meta = probe.read()
        self._set("input", data["input"], "", style.lut("gray"))
        for info in self._layers:
            self._set(info.id, data[info.id], info.activation, None)
        self._label_outputs(data[self._layers[-1].id], meta)
        self._show_prediction(data[self._layers[-1].id], meta)

    def _set(self, key: str, values: np.ndarray, activation: str, lut: np.ndarray | None) -> None:
        img = as_image(values)
        lo, hi = levels_for(img, activation) if lut is None else (0.0, 1.0)
        if lut is None:
            lut = style.lut("sequential" if lo >= 0.0 else "diverging")
        else:
            finite = img[np.isfinite(img)]
            lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
            hi = hi if hi > lo else lo + 1.0
        self.images[key].setImage(img, levels=(lo, hi), lut=lut, autoLevels=False)
        title = key if key == "input" else f"{key}  [{lo:.3g}, {hi:.3g}]"
        self.titles[key].setText(title)

    def _label_outputs(self, output: np.ndarray, meta: dict) -> None:
        """Class names in the output layer's cells (up to MAX_LABELLED classes)."""
        labels = self.output_labels
        if labels is None:
            return
        ds = self.rec.dataset(meta.get("split", "val"))
        n = int(np.asarray(output).size)
        if ds is None or ds.task == "regression" or n > MAX_LABELLED or n < 2:
            labels.set_texts([], 1, np.zeros(0, bool))
            return
        names = list(ds.class_names) if ds.class_names else []
        texts = [names[c] if c < len(names) else str(c) for c in range(n)]
        item = self.images[self._layers[-1].id]
        img = item.image
        levels = tuple(item.levels) if item.levels is not None else (0.0, 1.0)
        bright = bright_cells(img.ravel()[:n], levels, item.lut)
        labels.set_texts(texts, img.shape[1], bright)

    def _show_prediction(self, output: np.ndarray, meta: dict) -> None:
        ds = self.rec.dataset(meta.get("split", "val"))
        index = meta.get("index", 0)
        if ds is not None and ds.task == "regression":
            text = tr("sample %1: target %2, output %3").replace("%1", str(index))
            target = np.array2string(ds.y[index], precision=3)
            out = np.array2string(np.ravel(output), precision=3)
            self.info.setText(text.replace("%2", target).replace("%3", out))
            self.info.setStyleSheet("")
            return
        scores, probs = scores_of(output[None], self.rec.layout)
        names = ds.class_names if ds is not None and ds.class_names else ()
        pred = int(np.argmax(scores[0]))

        def name(c: int | None) -> str:
            return "?" if c is None else (names[c] if c < len(names) else str(c))

        label = meta.get("label")
        text = tr("sample %1: label %2, predicted %3").replace("%1", str(index))
        text = text.replace("%2", name(label)).replace("%3", name(pred))
        if probs:
            text += f" ({100 * scores[0, pred]:.1f}%)"
        self.info.setText(text)
        ok = label is None or label == pred
        self.info.setStyleSheet("" if ok else style.ERROR_STYLESHEET)

    # ---- slots --------------------------------------------------------------------------------
    def _on_sample_changed(self) -> None:
        self.rec.set_probe(self.split.currentData(), self.index.value())

    def _on_probe_changed(self) -> None:
        if self.rec.layout is None:
            return
        self._sync_controls()
        self.rec.sync()  # nothing while training: the hook captures within 0.1 s
        self._draw()


DOCK = DockSpec(
    "activations",
    QT_TRANSLATE_NOOP("Docks", "Activations"),
    lambda window: ActivationsView(LiveRecorders.of(window.session)),
    Qt.DockWidgetArea.BottomDockWidgetArea,
    polled=True,
    order=20,
    visible=False,
    max_hz=10,  # its recorder samples at about 10 Hz; more would only repaint
)
