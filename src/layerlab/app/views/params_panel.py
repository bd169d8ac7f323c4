"""ParamsPanel: per-layer parameters, mult-adds and memory of the network being built, live."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSignalBlocker, Qt, QTimer
from PySide6.QtGui import QFont, QFontMetrics, QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from layerlab.app.builder.document import GraphDocument
from layerlab.app.engine_messages import translate_message
from layerlab.app.views import style
from layerlab.engine.layers.base import fmt_shape
from layerlab.engine.memory import human_bytes
from layerlab.engine.summary import FLOAT_BYTES, Summary, summarize

MEMORY_KEYS = (
    "input",
    "params",
    "grads",
    "optimizer_state",
    "activations",
    "activation_grads",
    "inference_total",
    "training_total",
)
DTYPE_BYTES = {"float32": 4, "float16": 2, "float64": 8}
_UNITS = (("B", 1), ("KB", 1024), ("MB", 1024**2), ("GB", 1024**3))
_BYTES_ROLE = Qt.ItemDataRole.UserRole


class ParamsPanel(QWidget):
    """Parameters and memory per layer for a batch size and dtype chosen here (view only)."""

    def __init__(self, doc: GraphDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._doc = doc
        self._doc_batch = int(doc.settings["batch_size"])
        self._dirty = True
        self.summary: Summary | None = None  # last valid summary, at this panel's batch size
        self.memory: dict[str, int] = {}  # bytes shown, scaled to the chosen dtype
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)  # a burst of edits in one event-loop pass computes once
        self._timer.timeout.connect(self._on_timer_timeout)
        box = QVBoxLayout(self)
        box.addLayout(self._build_controls())
        self._problems = QLabel()
        self._problems.setStyleSheet(style.ERROR_STYLESHEET)
        self._problems.setWordWrap(True)
        self._problems.hide()
        box.addWidget(self._problems)
        box.addWidget(self._build_table(), 1)
        box.addLayout(self._build_memory())
        doc.validated.connect(self._schedule)
        doc.settings_changed.connect(self._schedule)
        self._schedule()

    # ---- building -------------------------------------------------------------------------------
    def _build_controls(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.batch = QSpinBox()
        self.batch.setRange(1, 1 << 20)
        self.batch.setValue(self._doc_batch)
        self.batch.setToolTip(self.tr("Only this view: the network's batch size is a setting"))
        self.dtype = QComboBox()
        self.dtype.addItem("float32", "float32")
        self.dtype.addItem(self.tr("float16 (what if)"), "float16")
        self.dtype.addItem(self.tr("float64 (what if)"), "float64")
        self.dtype.setToolTip(self.tr("The engine runs float32; the others scale the bytes"))
        self.copy_button = QPushButton(self.tr("Copy as text"))
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        self.batch.valueChanged.connect(self._schedule)
        self.dtype.currentIndexChanged.connect(self._schedule)
        for widget in (QLabel(self.tr("batch size")), self.batch, QLabel(self.tr("dtype"))):
            row.addWidget(widget)
        row.addWidget(self.dtype)
        row.addStretch(1)
        row.addWidget(self.copy_button)
        return row

    def _build_table(self) -> QTableWidget:
        headers = [
            self.tr("layer"),
            self.tr("output shape"),
            self.tr("params (trainable / non-trainable)"),
            self.tr("mult-adds (batch)"),
            self.tr("activations"),
            self.tr("activation grads"),
        ]
        self.table = QTableWidget(0, len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setFont(style.mono_font())
        return self.table

    def _build_memory(self) -> QHBoxLayout:
        row = QHBoxLayout()
        text_box = QVBoxLayout()
        self.memory_text = QLabel()
        self.memory_text.setFont(style.mono_font())
        self.memory_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.measured = QLabel()
        self.measured.hide()
        text_box.addWidget(self.memory_text)
        text_box.addWidget(self.measured)
        text_box.addStretch(1)
        row.addLayout(text_box)
        self.plot = pg.PlotWidget()
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.invertY(True)
        self.plot.setMinimumHeight(120)
        self.plot.setMaximumHeight(200)
        labels = [self._memory_label(k) for k in MEMORY_KEYS]
        axis = self.plot.getAxis("left")
        axis.setTicks([list(enumerate(labels))])
        axis.setWidth(max(QFontMetrics(axis.font()).horizontalAdvance(t) for t in labels) + 16)
        self.bars = pg.BarGraphItem(
            x0=np.zeros(len(MEMORY_KEYS)),
            y=np.arange(len(MEMORY_KEYS), dtype=float),
            height=0.7,
            width=np.zeros(len(MEMORY_KEYS)),
            brushes=style.memory_brushes(MEMORY_KEYS),
            pen=None,
        )
        self.plot.addItem(self.bars)
        self.plot.setYRange(-0.5, len(MEMORY_KEYS) - 0.5, padding=0.02)
        row.addWidget(self.plot, 1)
        return row

    def _memory_label(self, key: str) -> str:
        return {
            "input": self.tr("input"),
            "params": self.tr("params"),
            "grads": self.tr("grads"),
            "optimizer_state": self.tr("optimizer state"),
            "activations": self.tr("activations"),
            "activation_grads": self.tr("activation grads"),
            "inference_total": self.tr("inference total"),
            "training_total": self.tr("training total"),
        }[key]

    # ---- public ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Recompute now for the document, this panel's batch size and dtype."""
        self._dirty = False
        self._follow_doc_batch()
        problems = self._doc.inference().problems
        summary = None
        if not problems:
            try:
                summary = summarize(self._doc.to_spec(), self.batch.value())
            except ValueError as e:  # SpecError, or a setting the summary cannot read
                problems = [e]
        self._problems.setText("\n".join(translate_message(str(p)) for p in problems))
        self._problems.setVisible(bool(problems))
        for widget in (self.table, self.memory_text, self.plot, self.copy_button):
            widget.setEnabled(summary is not None)  # the last valid numbers stay, greyed
        if summary is None:
            return
        self.summary = summary
        scale = DTYPE_BYTES[self.dtype.currentData()]
        self.memory = {k: v * scale // FLOAT_BYTES for k, v in summary.memory.items()}
        self._fill_table(summary, scale)
        self._fill_memory()

    def set_measured_memory(self, nbytes: int | None) -> None:
        """Show this process's measured memory next to the estimate (None hides it)."""
        self.measured.setVisible(nbytes is not None)
        if nbytes is not None:
            self.measured.setText(self.tr("measured process memory: %s") % human_bytes(nbytes))

    # ---- filling --------------------------------------------------------------------------------
    def _fill_table(self, summary: Summary, scale: int) -> None:
        batch = summary.batch_size
        self.table.setRowCount(len(summary.rows) + 1)
        for i, r in enumerate(summary.rows):
            self._set_row(
                i,
                [f"{r.id} ({r.kind})", fmt_shape(r.output_shape)],
                (r.trainable, r.non_trainable),
                r.mult_adds * batch,
                r.activation_bytes * scale // FLOAT_BYTES,
                r.activation_grad_bytes * scale // FLOAT_BYTES,
            )
        m = self.memory
        self._set_row(
            len(summary.rows),
            [self.tr("total"), ""],
            (summary.trainable, summary.non_trainable),
            summary.mult_adds,
            m["activations"],
            m["activation_grads"],
            bold=True,
        )

    def _set_row(
        self,
        row: int,
        names: list[str],
        params: tuple[int, int],
        mult_adds: int,
        act: int,
        act_grad: int,
        bold: bool = False,
    ) -> None:
        cells: list[tuple[str, object]] = [(n, None) for n in names]
        cells += [
            (f"{params[0]:,} / {params[1]:,}", params),
            (f"{mult_adds:,}", mult_adds),
            (human_bytes(act), act),
            (human_bytes(act_grad), act_grad),
        ]
        font = QFont(self.table.font())
        font.setBold(bold)
        for col, (text, value) in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setData(_BYTES_ROLE, value)  # the exact number behind the text
            item.setFont(font)
            if col >= 2:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, col, item)

    def _fill_memory(self) -> None:
        m = self.memory
        width = max(len(self._memory_label(k)) for k in MEMORY_KEYS) + 2
        lines = [f"{self._memory_label(k):<{width}}{human_bytes(m[k]):>10}" for k in MEMORY_KEYS]
        dtype = self.dtype.currentData()
        if dtype != "float32":
            lines.append(self.tr("(%s: what if; the engine runs float32)") % dtype)
        self.memory_text.setText("\n".join(lines))
        peak = max(m["training_total"], 1)
        unit, div = next((u, d) for u, d in reversed(_UNITS) if peak >= d or d == 1)
        self.bars.setOpts(width=np.array([m[k] / div for k in MEMORY_KEYS], dtype=float))
        self.plot.setLabel("bottom", unit)
        self.plot.setXRange(0, peak / div, padding=0.05)

    # ---- events ---------------------------------------------------------------------------------
    def _follow_doc_batch(self) -> None:
        """The panel's batch follows the setting when that changes; otherwise it is the user's."""
        doc_batch = int(self._doc.settings["batch_size"])
        if doc_batch != self._doc_batch:
            self._doc_batch = doc_batch
            with QSignalBlocker(self.batch):
                self.batch.setValue(doc_batch)

    def _schedule(self) -> None:
        self._dirty = True
        if not self._timer.isActive():
            self._timer.start()

    def _on_timer_timeout(self) -> None:
        if self.isVisible():  # hidden (a closed or tabbed-away dock): compute when shown
            self.refresh()

    def _on_copy_button_clicked(self) -> None:
        if self.summary is not None:
            QGuiApplication.clipboard().setText(self.summary.torchinfo_text())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self.refresh()
