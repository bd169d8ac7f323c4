"""Draw a digit: the pad, the 28x28 image the network sees, its answer and the user's digits."""

from __future__ import annotations

import time

import numpy as np
import numpy.typing as npt
import pyqtgraph as pg
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QRectF,
    QSignalBlocker,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from layerlab.app.digit_predictor import MAX_MAPS, MC_PASSES, NETWORK_CHANGED, DigitPredictor
from layerlab.app.user_digits import UserDigits
from layerlab.app.views import style
from layerlab.app.views.docks import DockSpec
from layerlab.app.views.drawing_pad import DEFAULT_PEN, PAD, DrawPad
from layerlab.data.digits import FIELD, Preprocessor

PEN_RANGE = (8, 40)
FRAME_MS = 16  # at most one prediction per 60 Hz frame while drawing: the bars keep within
# about one frame of the pen even when the event loop is late
MIN_FINE_TUNE = 5


def _row(*items: QWidget | None) -> QHBoxLayout:
    """A row of widgets; None stands for a stretch."""
    row = QHBoxLayout()
    for item in items:
        row.addStretch(1) if item is None else row.addWidget(item)
    return row


def tr(text: str) -> str:
    return QCoreApplication.translate("DrawPadView", text)


class DrawPadView(QWidget):
    """The "Draw a digit" panel: pad, the network's input, class probabilities, first layer."""

    input_changed = Signal(np.ndarray)  # the 28x28 image the network sees, after each change

    def __init__(self, session=None, warmup=None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.drawn_step = -1
        self._warmup = warmup
        self.predictor = DigitPredictor(session, parent=self)
        self.digits = UserDigits()
        self.pad = DrawPad()
        self._prep = Preprocessor((PAD, PAD))
        self._canvas = np.zeros((PAD, PAD), np.float32)
        self._input = np.zeros((FIELD, FIELD), np.float32)
        self.probs = np.zeros(10, np.float32)
        self._dirty = True
        self._drawn_generation = -1
        self._predicted_at = -1.0  # perf_counter of the last prediction
        self._label_touched = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self.update_prediction)
        self._build_plots()
        self._build_widgets()
        self._build_layout()
        self._wire()
        self.count_label.setText(tr("%s digits in your data set") % len(self.digits))

    def _image_box(self, row: int, col: int, lut: str, colspan: int = 1) -> pg.ImageItem:
        box = self.plots.addViewBox(row=row, col=col, colspan=colspan, lockAspect=True)
        box.invertY(True)
        box.setMouseEnabled(False, False)
        item = pg.ImageItem(axisOrder="row-major")
        item.setLookupTable(style.lut(lut))
        box.addItem(item)
        return item

    def _build_plots(self) -> None:
        self.plots = pg.GraphicsLayoutWidget()
        self.plots.setBackground(style.PLOT_BACKGROUND)
        self.input_image = self._image_box(0, 0, "gray")
        self.input_image.setImage(self._input, levels=(0.0, 1.0))
        self.input_image.getViewBox().setRange(QRectF(0, 0, FIELD, FIELD), padding=0.02)
        self.bar_plot = self.plots.addPlot(row=0, col=1)
        self.bar_plot.setMouseEnabled(False, False)
        self.bar_plot.hideButtons()
        self.bar_plot.setRange(xRange=(-0.6, 9.6), yRange=(0.0, 1.05), padding=0)
        self.bar_plot.getAxis("bottom").setTicks([[(i, str(i)) for i in range(10)]])
        self.bar_plot.setLabel("left", tr("probability"))
        x, zeros = np.arange(10.0), np.zeros(10)
        self._bar_brush = style.brush(style.CATEGORY_COLOURS["Core"])
        self._top_brush = style.brush(style.SELECTED)
        self.bars = pg.BarGraphItem(x=x, height=zeros, width=0.7, brush=self._bar_brush)
        pen = style.pen(style.TEXT)
        self.error_bars = pg.ErrorBarItem(x=x, y=zeros, height=zeros, beam=0.3, pen=pen)
        self.error_bars.setVisible(False)
        self.bar_plot.addItem(self.bars)
        self.bar_plot.addItem(self.error_bars)
        self.feature_image = self._image_box(1, 0, "sequential", colspan=2)
        self.plots.ci.layout.setRowStretchFactor(0, 3)
        self.plots.ci.layout.setRowStretchFactor(1, 2)

    def _build_widgets(self) -> None:
        self.answer = QLabel("-")
        self.answer.setFont(style.heading_font(scale=3.0))
        self.uncertain_label, self.source_label = QLabel(""), QLabel("")
        self.features_label, self.status = QLabel(""), QLabel("")
        self.uncertain_label.setStyleSheet(style.label_stylesheet(style.WARNING))
        self.features_label.setStyleSheet(style.MUTED_STYLESHEET)
        self.status.setStyleSheet(style.MUTED_STYLESHEET)
        self.status.setWordWrap(True)
        self.width_slider = QSlider(Qt.Orientation.Horizontal)
        self.width_slider.setRange(*PEN_RANGE)
        self.width_slider.setValue(DEFAULT_PEN)
        self.width_slider.setToolTip(tr("Pen width in pixels (about a tenth of the digit)"))
        self.clear_button = QPushButton(tr("Clear"))
        self.undo_button = QPushButton(tr("Undo stroke"))
        self.label_spin = QSpinBox()
        self.label_spin.setRange(0, 9)
        self.label_spin.setToolTip(tr("The digit you drew (follows the prediction until changed)"))
        self.add_button = QPushButton(tr("Add to my data set"))
        self.count_label = QLabel("")
        self.tune_button = QPushButton(tr("Fine-tune"))
        self.tune_button.setToolTip(
            tr("Train a copy of the network on your digits mixed with as many MNIST digits")
        )
        self.forget_button = QPushButton(tr("Undo fine-tuning"))
        self.forget_button.setVisible(False)

    def _build_layout(self) -> None:
        right = QVBoxLayout()
        right.addLayout(_row(self.answer, self.uncertain_label, None, self.source_label))
        right.addWidget(self.plots, 1)
        right.addWidget(self.features_label)
        left = QVBoxLayout()
        left.addWidget(self.pad)
        left.addLayout(_row(QLabel(tr("Pen")), self.width_slider))
        left.addLayout(_row(self.undo_button, self.clear_button))
        left.addStretch(1)
        top = QHBoxLayout()
        top.addLayout(left)
        top.addLayout(right, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(top, 1)
        items = (self.label_spin, self.add_button, self.count_label, None, self.forget_button)
        lay.addLayout(_row(QLabel(tr("Label")), *items, self.tune_button))
        lay.addWidget(self.status)

    def _wire(self) -> None:
        self.pad.canvas_changed.connect(self._on_pad_canvas_changed)
        self.width_slider.valueChanged.connect(lambda w: setattr(self.pad, "pen_width", float(w)))
        self.clear_button.clicked.connect(self.pad.clear)
        self.undo_button.clicked.connect(self.pad.undo_stroke)
        self.label_spin.valueChanged.connect(lambda _: setattr(self, "_label_touched", True))
        self.add_button.clicked.connect(self.add_to_data_set)
        self.tune_button.clicked.connect(self.fine_tune)
        self.forget_button.clicked.connect(self._on_forget_button_clicked)
        self.predictor.prepared.connect(self._on_predictor_prepared)
        self.predictor.failed.connect(
            lambda m: self.status.setText(tr("The digit network could not be loaded: %s") % m)
        )
        self.predictor.fine_tune_finished.connect(self._on_predictor_fine_tune_finished)
        if self._warmup is not None:
            self._warmup.finished.connect(self._on_warmup_finished)

    # ---- preparing ----------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._ensure_prepared()

    def _ensure_prepared(self) -> bool:
        """True once the predictor can run; otherwise start it (after the engine warm-up)."""
        if self.predictor.ready:
            return True
        if self._warmup is not None and not self._warmup.ready:
            self.status.setText(tr("Preparing the engine (first start only)..."))
        else:
            self.status.setText(tr("Loading the digit network..."))
            self.predictor.prepare()
        return False

    def _on_warmup_finished(self, ok: bool, message: str) -> None:
        if not ok:
            self.status.setText(tr("The engine could not be prepared: %s") % message)
        elif self.isVisible():
            self._ensure_prepared()

    def _on_predictor_prepared(self) -> None:
        self.status.setText("")
        self._dirty = True
        self.update_prediction()

    # ---- predicting ---------------------------------------------------------------------------
    def _on_pad_canvas_changed(self) -> None:
        """Predict at once when the last prediction is a frame old, else at the next frame."""
        self._dirty = True
        if self.pad.is_empty:
            self._label_touched = False
        if self._timer.isActive():
            return
        since = (time.perf_counter() - self._predicted_at) * 1000
        if since >= FRAME_MS:
            self.update_prediction()
        else:
            self._timer.start(max(1, int(FRAME_MS - since)))

    def refresh(self, snap) -> None:
        """FrameClock: follow the session's network while it trains."""
        if not self.predictor.ready:
            self.drawn_step = snap.step
            return
        self.update_prediction()
        # Until the latest weights have arrived, stay stale so that the clock calls again.
        self.drawn_step = snap.step if self.predictor.in_sync else -1

    def update_prediction(self) -> bool:
        """Preprocess the canvas and predict, if it or the network changed; True if it ran."""
        if not self._ensure_prepared():
            return False
        self.predictor.sync()
        image_changed = self._dirty
        if not image_changed and self.predictor.generation == self._drawn_generation:
            return False
        self._dirty = False
        self._drawn_generation = self.predictor.generation
        self._predicted_at = time.perf_counter()
        if image_changed:
            self._prep(self.pad.canvas_array(out=self._canvas), out=self._input)
            self.input_image.setImage(self._input, levels=(0.0, 1.0))
            self.input_changed.emit(self._input.copy())
        self._show_source()
        if self.pad.is_empty:
            self._show_probs(np.zeros(10, np.float32), None)
            self._show_features(None)
            return True
        probs = self.predictor.predict(self._input)
        self._show_probs(probs, self.predictor.std)
        self._show_features(self.predictor.features())
        return True

    def last_input(self) -> npt.NDArray[np.float32]:
        """The 28x28 image the network saw last (a copy)."""
        return self._input.copy()

    def _show_probs(self, probs: npt.NDArray[np.float32], std) -> None:
        self.probs = probs
        empty = self.pad.is_empty
        top = int(np.argmax(probs))
        brushes = [self._bar_brush] * 10
        if not empty:
            brushes[top] = self._top_brush
        self.bars.setOpts(height=probs, brushes=brushes)
        self.error_bars.setVisible(std is not None and not empty)
        if std is not None:
            self.error_bars.setData(x=np.arange(10.0), y=probs, height=2 * std)
        self.answer.setText("-" if empty else str(top))
        uncertain = not empty and self.predictor.uncertain(probs)
        self.uncertain_label.setText(tr("uncertain") if uncertain else "")
        if not empty and not self._label_touched:
            with QSignalBlocker(self.label_spin):
                self.label_spin.setValue(top)

    def _show_source(self) -> None:
        p = self.predictor
        text = {
            "shipped": tr("shipped network"),
            "user": tr("your network, step %s") % f"{p.user_step:,}",
            "fine_tuned": tr("fine-tuned on your digits"),
        }[p.source]
        if p.has_mc_dropout:
            text += " " + tr("(dropout on: %s passes)") % MC_PASSES
        self.source_label.setText(text)
        self.forget_button.setVisible(p.source == "fine_tuned")

    def _show_features(self, found: tuple | None) -> None:
        if found is None:
            self.feature_image.clear()
            self.features_label.setText("")
            return
        layer_id, count, tiles = found
        lo, hi = float(min(np.nanmin(tiles), 0.0)), float(np.nanmax(tiles))
        self.feature_image.setImage(tiles, levels=(lo, hi if hi > lo else lo + 1.0))
        box = self.feature_image.getViewBox()
        box.setRange(QRectF(0, 0, tiles.shape[1], tiles.shape[0]), padding=0.02)
        if count:
            text = tr("%s: %s of its %s feature maps") % (layer_id, min(count, MAX_MAPS), count)
        else:
            text = tr("%s: activations of its %s units") % (layer_id, np.isfinite(tiles).sum())
        self.features_label.setText(text)

    # ---- the user's data set ------------------------------------------------------------------
    def add_to_data_set(self) -> bool:
        """Append the drawn digit, labelled by the spin box, to the user's data set; clear."""
        if self.pad.is_empty:
            self.status.setText(tr("Draw a digit first."))
            return False
        image = np.empty((FIELD, FIELD), np.float32)
        self._prep(self.pad.canvas_array(out=self._canvas), out=image)
        label = self.label_spin.value()
        try:
            self.digits.add(image, label)
        except OSError as e:
            self.status.setText(tr("Could not save your digits: %s") % e)
            return False
        self.count_label.setText(tr("%s digits in your data set") % len(self.digits))
        self.status.setText(tr("Added a %s to %s.") % (label, str(self.digits.path)))
        self.pad.clear()
        return True

    def fine_tune(self) -> bool:
        """Fine-tune the answering network on the user's digits, in a thread."""
        if len(self.digits) < MIN_FINE_TUNE:
            self.status.setText(tr("Add at least %s digits first.") % MIN_FINE_TUNE)
            return False
        if not self._ensure_prepared():
            return False
        if not self.predictor.fine_tune(self.digits.images, self.digits.labels):
            return False
        self.tune_button.setEnabled(False)
        self.status.setText(tr("Fine-tuning on %s of your digits...") % len(self.digits))
        return True

    def _on_predictor_fine_tune_finished(self, ok: bool, message: str) -> None:
        self.tune_button.setEnabled(True)
        if ok:
            before, after = self.predictor.tune_accuracy
            self.status.setText(
                tr("Fine-tuned: %s%% of your digits right before, %s%% after.")
                % (round(100 * before), round(100 * after))
            )
        elif message == NETWORK_CHANGED:
            self.status.setText(tr("The network changed while fine-tuning; try again."))
        else:
            self.status.setText(tr("Fine-tuning failed: %s") % message)
        self.update_prediction()

    def _on_forget_button_clicked(self) -> None:
        self.predictor.forget_fine_tuning()
        self.update_prediction()


def _make_view(window) -> DrawPadView:
    return DrawPadView(window.session, window.warmup)


_AREA = Qt.DockWidgetArea.RightDockWidgetArea
DOCK = DockSpec(
    "draw_pad",
    QT_TRANSLATE_NOOP("Docks", "Draw a digit"),
    _make_view,
    _AREA,
    True,
    order=70,
    visible=False,
)
