"""OptimizerRaceView: the builder's network trained by several optimizers at once, curves overlaid.

Every racer starts from the same initial weights and sees the same mini-batches (the engine's
OptimizerRace). The race runs in its own thread (RaceRunner, chunks of about 15 ms); this view
polls it at 30 Hz and only sets curve data. The racers are edited in the table before Start;
while a race exists the table is locked until Reset.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from layerlab.app.engine_messages import translate_message
from layerlab.app.views import style
from layerlab.app.views.docks import DockSpec
from layerlab.engine.optimizers import KINDS, defaults
from layerlab.engine.race import DEFAULT_RACERS, TITLES, RaceRunner

if TYPE_CHECKING:
    from layerlab.engine.race import OptimizerRace, RaceSnapshot
    from layerlab.engine.spec import NetworkSpec

POLL_MS = 33
MAX_POINTS = 4000  # per loss curve: longer traces are drawn as means over blocks of steps
# Distinct named colours from style (it has no categorical palette of its own yet).
RACER_COLOURS = [style.CURVE_COLOURS["train_loss"], style.CURVE_COLOURS["val_loss"],
                 style.CURVE_COLOURS["train_accuracy"], style.CURVE_COLOURS["val_accuracy"],
                 style.CATEGORY_COLOURS["Convolution"], style.CURVE_COLOURS["smoothed"],
                 style.MEMORY_COLOURS["activation_grads"], style.CURVE_COLOURS["lr"]]  # fmt: skip


def tr(text: str) -> str:
    return QCoreApplication.translate("OptimizerRaceView", text)


def moving_average(values: npt.NDArray[np.float32], window: int) -> npt.NDArray[np.float32]:
    """Trailing mean over ``window`` steps (the first steps average the ones there are)."""
    n = len(values)
    if window <= 1 or n == 0:
        return values
    c = np.concatenate(([0.0], np.cumsum(values, dtype=np.float64)))
    i = np.arange(1, n + 1)
    lo = np.maximum(0, i - window)
    return ((c[i] - c[lo]) / (i - lo)).astype(np.float32)


def loss_curve_points(
    losses: npt.NDArray[np.float32], window: int, max_points: int = MAX_POINTS
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float32]]:
    """(step, smoothed loss) to draw: every step, or with more than ``max_points`` steps every
    k-th one, smoothed over at least k steps (so each point stands for all the steps it skips)."""
    n = len(losses)
    x = np.arange(1, n + 1, dtype=np.float64)
    if n <= max_points:
        return x, moving_average(losses, window)
    stride = -(-n // max_points)
    keep = np.arange(n - 1, -1, -stride)[::-1]  # the last step is always drawn
    return x[keep], moving_average(losses, max(window, stride))[keep]


@dataclass(frozen=True)
class RaceSetup:
    """What a race trains: the network, the data set (name and options) and the epochs."""

    spec: NetworkSpec
    dataset: str
    options: dict[str, Any] = field(default_factory=dict)
    epochs: int | None = None


def build_race(setup: RaceSetup, optimizers: list[dict[str, Any]]) -> OptimizerRace:
    """Load the data and build the race (runs in the race's thread)."""
    from layerlab.data import load_dataset
    from layerlab.engine.race import OptimizerRace

    splits = load_dataset(setup.dataset, **setup.options)
    spec = setup.spec
    return OptimizerRace(
        spec, splits.train, splits.val, optimizers, spec.batch_size, spec.seed, setup.epochs
    )


class OptimizerRaceView(QWidget):
    """Racer table, Start/Pause/Reset, training loss per step and validation accuracy per epoch."""

    def __init__(self, setup: Callable[[], RaceSetup], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._setup = setup
        self.drawn_step = -1
        self.runner = RaceRunner()
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([tr("racer"), tr("optimizer"), tr("learning rate")])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().hide()
        self._rows: list[tuple[QTableWidgetItem, QComboBox, QDoubleSpinBox]] = []
        for opt in DEFAULT_RACERS:
            self.add_racer(opt["kind"], opt["lr"])
        self.add_button = QPushButton(tr("Add"))
        self.remove_button = QPushButton(tr("Remove"))
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.start_button = QPushButton(tr("Start"))
        self.pause_button = QPushButton(tr("Pause"))
        self.reset_button = QPushButton(tr("Reset"))
        self.start_button.clicked.connect(self.start)
        self.pause_button.clicked.connect(self.pause)
        self.reset_button.clicked.connect(self.reset)
        self.smoothing = QSpinBox(minimum=1, maximum=1000, value=20)
        self.smoothing.setSuffix(tr(" steps"))
        self.smoothing.setToolTip(tr("Mean over this many steps (1: every step as it is)"))
        self.smoothing.valueChanged.connect(lambda _: self._draw(force=True))
        self.status = QLabel(tr("Press Start to race the optimizers on the builder's network."))
        self.status.setWordWrap(True)
        self.plots = pg.GraphicsLayoutWidget()
        self.loss_plot = self.plots.addPlot(row=0, col=0, title=tr("Training loss"))
        self.loss_plot.setLabel("bottom", tr("step"))
        self.acc_plot = self.plots.addPlot(row=1, col=0, title=tr("Validation accuracy"))
        self.acc_plot.setLabel("bottom", tr("epoch"))
        for p in (self.loss_plot, self.acc_plot):
            p.showGrid(x=True, y=True, alpha=0.2)
        self.legend = self.loss_plot.addLegend(offset=(-10, 10))  # one legend: same colours below
        self.log_box = QCheckBox(tr("log scale"))
        self.log_box.toggled.connect(lambda on: self.loss_plot.setLogMode(y=on))
        self.loss_curves: list[pg.PlotDataItem] = []
        self.acc_curves: list[pg.PlotDataItem] = []
        self._layout()
        self._race: OptimizerRace | None = None  # the race the curves belong to
        self._colours: list[QColor] = []
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self._on_timer_timeout)
        self.destroyed.connect(partial(_stop, self.runner))  # no reference to the view
        if (app := QCoreApplication.instance()) is not None:
            app.aboutToQuit.connect(self.runner.pause)
        self._update_buttons()

    def _layout(self) -> None:
        rows = QHBoxLayout()
        rows.addWidget(self.add_button)
        rows.addWidget(self.remove_button)
        rows.addStretch(1)
        left = QWidget()
        lay = QVBoxLayout(left)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.table, 1)
        lay.addLayout(rows)
        lay.addWidget(self.status)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.plots)
        split.setStretchFactor(1, 3)
        top = QHBoxLayout()
        for w in (self.start_button, self.pause_button, self.reset_button):
            top.addWidget(w)
        top.addStretch(1)
        top.addWidget(QLabel(tr("smoothing")))
        top.addWidget(self.smoothing)
        top.addWidget(self.log_box)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(2, 2, 2, 2)
        outer.addLayout(top)
        outer.addWidget(split, 1)

    # ---- the racer table ----------------------------------------------------------------------
    def add_racer(self, kind: str, lr: float, checked: bool = True) -> None:
        """A row: tick box with the curve's colour, optimizer kind, learning rate."""
        row = self.table.rowCount()
        self.table.insertRow(row)
        item = QTableWidgetItem(f"#{row + 1}")
        item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        item.setForeground(style.brush(RACER_COLOURS[row % len(RACER_COLOURS)]))
        self.table.setItem(row, 0, item)
        box = QComboBox()
        for k in KINDS:
            box.addItem(TITLES.get(k, k), k)
        box.setCurrentIndex(box.findData(kind))
        spin = QDoubleSpinBox(decimals=5, minimum=0.00001, maximum=100.0, value=lr)
        spin.setSingleStep(0.001)
        box.currentIndexChanged.connect(lambda _: spin.setValue(_default_lr(box.currentData())))
        self.table.setCellWidget(row, 1, box)
        self.table.setCellWidget(row, 2, spin)
        self._rows.append((item, box, spin))

    def racers(self) -> list[tuple[int, dict[str, Any]]]:
        """(row, optimizer) of every ticked row."""
        return [
            (row, {"kind": box.currentData(), "lr": spin.value()})
            for row, (item, box, spin) in enumerate(self._rows)
            if item.checkState() == Qt.CheckState.Checked
        ]

    def _on_add_button_clicked(self) -> None:
        used = {box.currentData() for _, box, _ in self._rows}
        fresh = [o for o in DEFAULT_RACERS if o["kind"] not in used]
        opt = fresh[0] if fresh else DEFAULT_RACERS[-1]
        self.add_racer(opt["kind"], opt["lr"])

    def _on_remove_button_clicked(self) -> None:
        if not self._rows:
            return
        row = self.table.currentRow()
        row = row if 0 <= row < len(self._rows) else len(self._rows) - 1
        self.table.removeRow(row)
        del self._rows[row]
        for r, (item, _, _) in enumerate(self._rows):  # colours and numbers follow the rows
            item.setText(f"#{r + 1}")
            item.setForeground(style.brush(RACER_COLOURS[r % len(RACER_COLOURS)]))

    # ---- running ------------------------------------------------------------------------------
    def start(self) -> None:
        """Start a race on the builder's current network, or resume the paused one."""
        if self.runner.race is None and not self.runner.running:
            racers = self.racers()
            if not racers:
                self.status.setText(tr("Tick at least one optimizer."))
                return
            try:
                setup = self._setup()
            except ValueError as e:
                self.status.setText(str(e))
                return
            optimizers = [opt for _, opt in racers]
            self._colours = [RACER_COLOURS[r % len(RACER_COLOURS)] for r, _ in racers]
            self.runner.reset(partial(build_race, setup, optimizers))
            self.status.setText(tr("Building %s networks...") % len(optimizers))
        elif self.runner.race is not None and self.runner.race.finished:
            self.status.setText(tr("The race is over; press Reset to race again."))
            return
        self.runner.start()
        self.timer.start()
        self._update_buttons()

    def pause(self) -> None:
        """Stop stepping after the current chunk (the curves stay; Start goes on from here).

        Does not wait: the poll notices the thread's end (building a race may take a second).
        """
        self.runner.halt()
        self.pause_button.setEnabled(False)

    def reset(self) -> None:
        """Forget the race: empty plots, the table editable again."""
        self.runner.reset()
        self.timer.stop()
        self._race = None
        self._set_curves(0)
        self.drawn_step = -1
        self.status.setText(tr("Press Start to race the optimizers on the builder's network."))
        self._update_buttons()

    def shutdown(self) -> None:
        """Stop the race thread and the timer (the window is closing)."""
        self.timer.stop()
        self.runner.pause()

    def _update_buttons(self) -> None:
        exists = self.runner.race is not None or self.runner.running
        running = self.runner.running
        for w in (self.table, self.add_button, self.remove_button):
            w.setEnabled(not exists)
        self.start_button.setEnabled(not running)
        self.pause_button.setEnabled(running)

    # ---- drawing ------------------------------------------------------------------------------
    def _on_timer_timeout(self) -> None:
        self._draw()
        if not self.runner.running:
            self.timer.stop()
            self._draw(force=True)
            self._update_buttons()

    def _set_curves(self, n: int) -> None:
        """n curves in each plot, in the racers' colours (made when a race starts)."""
        for plot, curves in ((self.loss_plot, self.loss_curves), (self.acc_plot, self.acc_curves)):
            for c in curves:
                plot.removeItem(c)
            curves.clear()
        self.legend.clear()
        for i in range(n):
            colour = self._colours[i]
            loss = self.loss_plot.plot(pen=style.pen(colour, 1.5))
            loss.setDownsampling(auto=True, method="mean")
            loss.setClipToView(True)
            acc = self.acc_plot.plot(pen=style.pen(colour, 2), symbol="o", symbolSize=5,
                                     symbolBrush=colour, symbolPen=None)  # fmt: skip
            self.loss_curves.append(loss)
            self.acc_curves.append(acc)

    def _draw(self, force: bool = False) -> None:
        race = self.runner.race
        if race is None:
            if self.runner.error is not None:
                self.status.setText(translate_message(self.runner.error))
            return
        if race is not self._race:
            self._race = race
            self._set_curves(len(race.names))
            for curve, name in zip(self.loss_curves, race.names, strict=True):
                self.legend.addItem(curve, name)
            force = True
        snap = race.snapshot()
        if snap.step == self.drawn_step and not force:
            return
        self.drawn_step = snap.step
        window = self.smoothing.value()
        for r, loss, acc in zip(snap.racers, self.loss_curves, self.acc_curves, strict=True):
            loss.setData(*loss_curve_points(r.losses, window), skipFiniteCheck=True)
            acc.setData(np.arange(len(r.val_accuracy), dtype=np.float64), r.val_accuracy,
                        skipFiniteCheck=True)  # fmt: skip
        self.status.setText(self._status_text(snap))

    def _status_text(self, snap: RaceSnapshot) -> str:
        spe = max(snap.steps_per_epoch, 1)
        epoch = max(1, -(-snap.step // spe))  # the epoch the last step belongs to
        text = tr("step %s (epoch %s)") % (snap.step, epoch)
        if snap.finished:
            text += " - " + tr("finished")
        for r in snap.racers:
            if len(r.losses):
                text += f"\n{r.name}: {r.losses[-1]:.4f}"
            if r.diverged:
                text += " - " + tr("diverged: %s") % r.diverged
        if self.runner.error:
            text += "\n" + translate_message(self.runner.error)
        return text


def _default_lr(kind: str) -> float:
    for opt in DEFAULT_RACERS:
        if opt["kind"] == kind:
            return float(opt["lr"])
    return defaults(kind)["lr"]


def _stop(runner: RaceRunner, *_: Any) -> None:
    runner.pause()


def setup_from_window(window: Any) -> RaceSetup:
    """The builder's network, the training panel's data set and epochs; ValueError if invalid."""
    if not window.warmup.ready:
        raise ValueError(tr("The engine is still being prepared; press Start again when ready."))
    inf = window.doc.inference()
    if not inf.ok:
        problems = "\n".join(translate_message(p.message) for p in inf.problems[:5])
        raise ValueError(tr("Fix the problems first:\n") + problems)
    run = window.training.run_settings()
    current = window.session.run
    options = dict(current.options) if current.dataset == run.dataset else {}
    return RaceSetup(window.doc.chain_spec(), run.dataset, options, run.epochs)


DOCK = DockSpec(
    "optimizer_race",
    QT_TRANSLATE_NOOP("Docks", "Optimizer race"),
    lambda window: OptimizerRaceView(partial(setup_from_window, window)),
    Qt.DockWidgetArea.BottomDockWidgetArea,
    polled=False,
    order=55,
    visible=False,
)
