"""BackpropStepsView: one sample forward and backward, a layer at a time, with every number.

The sample is a row of the training data (through the network in the builder, with the session's
current weights when it has built that network, else its initial weights) or a textbook worked
example with its own weights. The diagram shows the numbers known at the current stage; the table
lists that stage's numbers to 9 significant digits, as textbooks print them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSlider,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from layerlab.app.engine_messages import translate_message
from layerlab.app.views import style
from layerlab.app.views.backprop_diagram import BackpropDiagram
from layerlab.app.views.backprop_table import Row, num, stage_rows, stage_title
from layerlab.app.views.docks import DockSpec
from layerlab.data import load_dataset
from layerlab.data.dataset import DataError
from layerlab.engine.backprop_steps import (
    BackpropTrace,
    StepThroughError,
    plan_steps,
    target_vector,
    trace_backprop,
)
from layerlab.engine.errors import SpecError
from layerlab.engine.worked_examples import mazur_2_2_2

if TYPE_CHECKING:
    from layerlab.app.builder.document import GraphDocument
    from layerlab.app.session import RunSettings, Session
    from layerlab.data import Splits
    from layerlab.engine.spec import NetworkSpec

DATA, TEXTBOOK = "data", "mazur"


def tr(text: str) -> str:
    return QCoreApplication.translate("BackpropStepsView", text)


class BackpropStepsView(QWidget):
    """A sample's forward pass, loss, backward pass and update, one stage at a time."""

    def __init__(
        self,
        session: Session,
        doc: GraphDocument,
        run_settings: Callable[[], RunSettings] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``run_settings`` gives the data set to draw samples from (default: the session's)."""
        super().__init__(parent)
        self.session, self.doc = session, doc
        self._run_settings = run_settings or (lambda: session.run)
        self.trace: BackpropTrace | None = None
        self.stage = 0
        self._spec_used: NetworkSpec | None = None
        self._data: tuple[tuple, Splits] | None = None
        self._build_ui()
        session.rebuilt.connect(self._on_session_rebuilt)
        doc.validated.connect(self._on_doc_validated)
        self.reload()

    def _build_ui(self) -> None:
        self.source = QComboBox()
        self.source.addItem(tr("Sample from the training data"), DATA)
        self.source.addItem(tr("Textbook example: Mazur 2-2-2"), TEXTBOOK)
        self.sample = QSpinBox()
        self.sample.setPrefix(tr("sample #"))
        self.back_button = QPushButton(tr("◀ Back"))
        self.next_button = QPushButton(tr("Next layer"))
        self.forward_button = QPushButton(tr("Forward ▶"))
        self.backward_button = QPushButton(tr("Backward ◀"))
        self.reset_button = QPushButton(tr("Reset"))
        self.back_button.setToolTip(tr("One stage back"))
        self.next_button.setToolTip(tr("One stage on: the next layer forward, or back"))
        self.forward_button.setToolTip(tr("The whole forward pass, up to the loss"))
        self.backward_button.setToolTip(tr("The whole backward pass and the update"))
        self.reset_button.setToolTip(tr("Read the weights and the sample again; back to the start"))
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.stage_label = QLabel()
        self.message = QLabel()
        self.message.setStyleSheet(style.ERROR_STYLESHEET)
        self.message.setWordWrap(True)
        self.note = QLabel()
        self.note.setStyleSheet(style.MUTED_STYLESHEET)
        self.note.setWordWrap(True)
        self.diagram = BackpropDiagram()
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([tr("Quantity"), tr("Value"), tr("How")])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setFont(style.mono_font())
        self.table.verticalHeader().hide()

        bar = QHBoxLayout()
        for w in (self.source, self.sample, self.back_button, self.next_button,
                  self.forward_button, self.backward_button, self.reset_button):  # fmt: skip
            bar.addWidget(w)
        bar.addStretch(1)
        stage_bar = QHBoxLayout()
        stage_bar.addWidget(self.slider, 1)
        stage_bar.addWidget(self.stage_label, 2)
        split = QSplitter()
        split.addWidget(self.diagram)
        split.addWidget(self.table)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.addLayout(bar)
        lay.addLayout(stage_bar)
        lay.addWidget(self.message)
        lay.addWidget(self.note)
        lay.addWidget(split, 1)

        self.source.currentIndexChanged.connect(lambda _: self.reload())
        self.sample.valueChanged.connect(lambda _: self.reload(keep_stage=True))
        self.back_button.clicked.connect(lambda: self.go(self.stage - 1))
        self.next_button.clicked.connect(lambda: self.go(self.stage + 1))
        self.forward_button.clicked.connect(self._on_forward_clicked)
        self.backward_button.clicked.connect(lambda: self.go(self.slider.maximum()))
        self.reset_button.clicked.connect(lambda: self.reload())
        self.slider.valueChanged.connect(self.go)

    # ---- the trace ----------------------------------------------------------------------------
    def reload(self, keep_stage: bool = False) -> None:
        """Read the weights and the sample again and recompute (stage 0 unless ``keep_stage``)."""
        try:
            trace, note = self._compute()
        except (StepThroughError, SpecError, DataError, ValueError) as e:
            self._show_problem(translate_message(str(e)))
            return
        self.trace = trace
        self.message.hide()
        self.note.setText(note + (f"\n{trace.update_note}" if trace.update_note else ""))
        self.note.setVisible(bool(self.note.text()))
        self.diagram.set_trace(trace)
        for w in self._steppers():
            w.setEnabled(True)
        self.slider.blockSignals(True)
        self.slider.setRange(0, len(trace.stages) - 1)
        self.slider.blockSignals(False)
        self.go(min(self.stage, len(trace.stages) - 1) if keep_stage else 0)

    def _compute(self) -> tuple[BackpropTrace, str]:
        if self.source.currentData() == TEXTBOOK:
            self.sample.setEnabled(False)
            example = mazur_2_2_2()
            note = tr(
                "%s. His biases are shared per layer and not updated; here each unit has its "
                "own. mse over his 2 outputs equals his E_total = Σ ½(t - out)²."
            )
            self._spec_used = None
            return example.trace(), note % example.source
        self.sample.setEnabled(True)
        if not self.doc.inference().ok:
            raise StepThroughError("invalid", tr("The network in the builder has problems."))
        spec = self.doc.chain_spec()
        self._spec_used = spec
        plan_steps(spec)  # refuse big or unsupported networks before loading anything
        params, note = self._params(spec)
        ds = self._splits().train
        self.sample.blockSignals(True)
        self.sample.setRange(0, ds.n - 1)
        self.sample.blockSignals(False)
        i = self.sample.value()
        k = int(params[f"{plan_steps(spec)[-1].layer_id}.weight"].shape[1])
        if ds.x[i].size != int(np.prod(spec.input_shape)):
            raise StepThroughError(
                "data_shape",
                tr(
                    "The data set %s has samples of %d values; the network takes %d. Choose "
                    "another data set in the Training panel, or the textbook example."
                )
                % (ds.name, ds.x[i].size, int(np.prod(spec.input_shape))),
            )
        trace = trace_backprop(spec, params, ds.x[i], target_vector(ds.y[i], k))
        return trace, note + " " + tr("Sample %d of %s.") % (i, ds.name)

    def _params(self, spec: NetworkSpec) -> tuple[dict[str, Any], str]:
        """The session's current weights when it has built this network, else initial ones."""
        net = self.session.net
        if net is not None and _same_layers(net.spec, spec):
            with self.session.lock:
                params = {k: v.copy() for k, v in net.params.items()}
            return params, tr("Weights: the network's current weights.")
        from layerlab.engine.network import Network  # loads the kernels' module, compiles none

        params = {k: v.copy() for k, v in Network(spec, batch_size=1).params.items()}
        return params, tr("Weights: the initial weights (not trained yet).")

    def _splits(self) -> Splits:
        run = self._run_settings()
        key = (run.dataset, tuple(sorted(run.options.items())))
        if self._data is None or self._data[0] != key:
            self._data = (key, load_dataset(run.dataset, **run.options))
        return self._data[1]

    def _show_problem(self, text: str) -> None:
        self.trace = None
        self.message.setText(text)
        self.message.show()
        self.note.hide()
        self.diagram.set_trace(None)
        self.table.setRowCount(0)
        self.stage_label.setText("")
        for w in self._steppers():
            w.setEnabled(False)

    def _steppers(self) -> tuple[QWidget, ...]:
        return (self.back_button, self.next_button, self.forward_button, self.backward_button,
                self.slider)  # fmt: skip

    # ---- stepping -----------------------------------------------------------------------------
    def go(self, index: int) -> None:
        """Show stage ``index`` (clamped to the trace's stages)."""
        if self.trace is None:
            return
        stages = self.trace.stages
        self.stage = max(0, min(index, len(stages) - 1))
        stage = stages[self.stage]
        self.slider.blockSignals(True)
        self.slider.setValue(self.stage)
        self.slider.blockSignals(False)
        self.stage_label.setText(
            tr("Stage %d of %d: %s") % (self.stage + 1, len(stages), stage_title(self.trace, stage))
        )
        self.diagram.show_stage(stage)
        self._fill_table(stage_rows(self.trace, stage))
        self.back_button.setEnabled(self.stage > 0)
        self.next_button.setEnabled(self.stage < len(stages) - 1)

    def _on_forward_clicked(self) -> None:
        loss = next(i for i, s in enumerate(self.trace.stages) if s.kind == "loss")
        self.go(loss)

    def _fill_table(self, rows: list[Row]) -> None:
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate((row.quantity, num(row.value), row.how)):
                item = QTableWidgetItem(text)
                if c == 1:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(r, c, item)

    def table_values(self) -> dict[str, str]:
        """Quantity -> value text of the rows shown."""
        return {
            self.table.item(r, 0).text(): self.table.item(r, 1).text()
            for r in range(self.table.rowCount())
        }

    # ---- events -------------------------------------------------------------------------------
    def _on_session_rebuilt(self) -> None:
        if self.source.currentData() == DATA:
            self.reload()

    def on_run_settings_changed(self) -> None:
        if self.source.currentData() == DATA:
            self.reload(keep_stage=True)

    def _on_doc_validated(self) -> None:
        if self.source.currentData() == DATA and self.doc.chain_spec() != self._spec_used:
            self.reload()


def _same_layers(a: NetworkSpec, b: NetworkSpec) -> bool:
    """The same weights fit both: input, layers and their parameters."""
    return a.input_shape == b.input_shape and [(s.id, s.kind, s.params) for s in a.layers] == [
        (s.id, s.kind, s.params) for s in b.layers
    ]


def _for_window(window: Any) -> BackpropStepsView:
    """The view on the window's session and builder, sampling the training panel's data set."""
    panel = getattr(window, "training", None)
    view = BackpropStepsView(
        window.session, window.doc, panel.run_settings if panel is not None else None
    )
    if panel is not None:
        panel.run_settings_changed.connect(view.on_run_settings_changed)
    return view


DOCK = DockSpec(
    "backprop_steps",
    QT_TRANSLATE_NOOP("Docks", "Backprop step by step"),
    _for_window,
    Qt.DockWidgetArea.BottomDockWidgetArea,
    polled=False,
    order=45,
    visible=False,
)
