"""LossSurfaceView: exact 2-parameter surfaces with live optimizer paths, and real networks' loss
around their current weights (random or PCA plane, 1-D slice, training trajectory).

No grid is computed on the GUI thread: the SurfaceWorker thread does it, and loads the kernel
that steps the exact paths. The engine modules load on first show, never at start-up.
"""

from __future__ import annotations

import time
from dataclasses import replace
from functools import partial
from typing import Any

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from layerlab.app.session import Snapshot
from layerlab.app.surface_worker import (
    OPTIMIZERS,
    GridRequest,
    Plane,
    SurfaceWorker,
    optimizer_defaults,
    surface_arrays,
    surfaces,
)
from layerlab.app.views import style
from layerlab.app.views.docks import DockSpec
from layerlab.app.views.surface_plots import SurfacePlots

# Bright and dark colours that stand out on the sequential LUT (style has no path palette yet).
PATH_COLOURS = [style.CURVE_COLOURS["val_accuracy"], style.PLOT_BACKGROUND,
                style.CURVE_COLOURS["smoothed"], style.CURVE_COLOURS["val_loss"], style.TEXT,
                style.MEMORY_COLOURS["activation_grads"]]  # fmt: skip
LR_PRESETS = (("too_small", QT_TRANSLATE_NOOP("LossSurfaceView", "too small")),
              ("right", QT_TRANSLATE_NOOP("LossSurfaceView", "right")),
              ("zigzag", QT_TRANSLATE_NOOP("LossSurfaceView", "zig-zag")),
              ("too_large", QT_TRANSLATE_NOOP("LossSurfaceView", "too large")))  # fmt: skip
GRID_SIZES = (11, 21, 51, 101)
CONFIRM_ABOVE = 21  # bigger grids show their estimated cost first
EXACT_N, FIELD_N = 101, 15
SPEEDS = (1, 5, 25)  # steps per tick of the ~30 Hz play timer
REDRAW_S = 0.5  # while a grid fills, after its coarse pass: redraw at most this often


def tr(text: str) -> str:
    return QCoreApplication.translate("LossSurfaceView", text)


def _row(*parts: QWidget, stretch: bool = True) -> QHBoxLayout:
    lay = QHBoxLayout()
    for p in parts:
        lay.addWidget(p)
    if stretch:
        lay.addStretch(1)
    return lay


def _spin(spin, lo: float, hi: float, value: float, suffix: str = "", prefix: str = ""):
    spin.setRange(lo, hi)
    spin.setValue(value)
    spin.setSuffix(suffix)
    spin.setPrefix(prefix)
    return spin


def _button(text: str, slot, enabled: bool = True) -> QPushButton:
    b = QPushButton(text)
    b.clicked.connect(slot)
    b.setEnabled(enabled)
    return b


class LossSurfaceView(QWidget):
    """Mode combo, the controls of the mode, and SurfacePlots shared by both modes."""

    grid_finished = Signal(bool)  # a network grid is drawn: True complete, False cancelled

    def __init__(self, session: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.drawn_step = -1
        self._session = session
        self.worker = SurfaceWorker(session)
        self.worker.attach(self)
        self.paths = self.worker.paths
        self.timer = QTimer(self)
        self.timer.setInterval(33)  # ~30 steps per second at speed x1
        self.timer.timeout.connect(self._on_timer_timeout)
        self.poll = QTimer(self)
        self.poll.setInterval(80)
        self.poll.timeout.connect(self._on_poll_timeout)
        self.worker.path_kernel_loaded.connect(self._on_worker_path_kernel_loaded)
        self.worker.estimated.connect(self._on_worker_estimated)
        self.worker.grid_finished.connect(self._on_worker_grid_finished)
        self.worker.failed.connect(self._on_worker_failed)
        self.surface: Any = None  # the engine Surface shown: set on first show
        self.start = (0.0, 0.0)
        self.plane: Plane | None = None  # the network grid shown
        self._shown_done, self._drawn_at = -1, 0.0
        self._estimated_key: tuple | None = None
        self._confirmed_key: tuple | None = None
        self._last_follow = 0.0
        self._request_id = -1
        self.built = False  # the widgets come on first show: a hidden dock costs no start-up

    # ---- controls ----------------------------------------------------------------------------
    def _build(self) -> None:
        self.plots = SurfacePlots(PATH_COLOURS)
        self.plots.map_clicked.connect(self.set_start)
        self.mode = QComboBox()
        self.mode.addItems([tr("Exact surfaces"), tr("Real network")])
        self.stack = QStackedWidget()
        self.stack.addWidget(self._exact_controls())
        self.stack.addWidget(self._network_controls())
        split = QSplitter(Qt.Orientation.Vertical)  # the user trades controls for plots
        split.addWidget(self.stack)
        split.addWidget(self.plots)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.addLayout(_row(QLabel(tr("Mode")), self.mode, self.plots.export_button))
        lay.addWidget(split, 1)
        self.mode.currentIndexChanged.connect(self._on_mode_changed)
        self.built = True

    def _exact_controls(self) -> QWidget:
        self.surface_combo = QComboBox()
        self.surface_combo.currentTextChanged.connect(self._on_surface_combo_changed)
        self.formula = QLabel()
        self.formula.setFont(style.mono_font())
        self.table = QTableWidget(len(OPTIMIZERS), 3)
        self.table.setHorizontalHeaderLabels([tr("Optimizer"), tr("Learning rate"), tr("Path")])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.lr_spins = [self._optimizer_row(k, name) for k, (_, name) in enumerate(OPTIMIZERS)]
        self.table.itemChanged.connect(self._on_table_item_changed)
        self.table.setMaximumHeight(self.table.sizeHint().height())
        self.preset_buttons = {
            key: _button(tr(text), partial(self.apply_lr_preset, key)) for key, text in LR_PRESETS
        }
        self.play_button = _button(tr("Play"), lambda: None, enabled=False)  # enabled once the
        self.play_button.setCheckable(True)  # worker has loaded the update kernel
        self.play_button.toggled.connect(self._on_play_button_toggled)
        self.step_button = _button(tr("Step"), lambda: self.step(), enabled=False)
        self.steps_spin = _spin(QSpinBox(), 1, 5000, 30)
        self.speed = QComboBox()
        self.speed.addItems([f"×{s}" for s in SPEEDS])
        self.start_label = QLabel()
        w = QWidget()
        lay = QVBoxLayout(w)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(_row(QLabel(tr("Surface")), self.surface_combo, self.formula))
        lay.addLayout(_row(QLabel(tr("Learning rate on w1² + 20 w2²:")),
                           *self.preset_buttons.values()))  # fmt: skip
        reset = _button(tr("Reset"), self.reset_paths)
        steps, speed = QLabel(tr("steps")), QLabel(tr("speed"))
        lay.addLayout(_row(self.play_button, self.step_button, reset, steps, self.steps_spin, speed,
                           self.speed, self.start_label))  # fmt: skip
        lay.addWidget(self.table)
        return w

    def _optimizer_row(self, k: int, name: str) -> QDoubleSpinBox:
        item = QTableWidgetItem(name)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        item.setForeground(style.brush(PATH_COLOURS[k] if k != 1 else style.TEXT))  # not white
        self.table.setItem(k, 0, item)
        spin = QDoubleSpinBox()
        spin.setDecimals(6)
        _spin(spin, 1e-6, 100.0, 0.01)
        spin.setStepType(QDoubleSpinBox.StepType.AdaptiveDecimalStepType)
        spin.valueChanged.connect(self.reset_paths)
        self.table.setCellWidget(k, 1, spin)
        self.table.setItem(k, 2, QTableWidgetItem(""))
        return spin

    def _network_controls(self) -> QWidget:
        self.grid_combo = QComboBox()
        self.grid_combo.addItems([f"{n} × {n}" for n in GRID_SIZES])
        self.grid_combo.setCurrentIndex(1)
        self.span_spin = _spin(QDoubleSpinBox(), 0.01, 10.0, 1.0, prefix="± ")
        self.directions = QComboBox()
        self.directions.addItems([tr("random (filter-normalized)"), tr("PCA of the training path")])
        self.compute_button = _button(tr("Compute"), self._on_compute_button_clicked)
        self.cancel_button = _button(tr("Cancel"), self.cancel, enabled=False)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.follow_box = QCheckBox(tr("Follow training, every"))
        self.follow_spin = _spin(QSpinBox(), 1, 600, 5, suffix=tr(" s"))
        self.network_info = QLabel(" ")
        self.network_info.setWordWrap(True)
        w = QWidget()
        lay = QVBoxLayout(w)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(_row(QLabel(tr("Grid")), self.grid_combo, QLabel(tr("range")),
                           self.span_spin, QLabel(tr("directions")), self.directions,
                           self.compute_button, self.cancel_button))  # fmt: skip
        lay.addLayout(_row(self.progress, self.follow_box, self.follow_spin))
        lay.addWidget(self.network_info)
        return w

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.built:  # first show: widgets, surfaces, the kernel warmed in the worker
            self._build()
            self.worker.preload_path_kernel()
            self.surface_combo.addItems(list(surfaces()))  # shows the first one
            self._on_mode_changed(self.mode.currentIndex())

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        if self.built:
            self.play_button.setChecked(False)  # no stepping for nobody

    def _on_mode_changed(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        for k in range(self.stack.count()):  # the stack as tall as the page shown, not the tallest
            ignored = QSizePolicy.Policy.Ignored
            policy = QSizePolicy.Policy.Preferred if k == index else ignored
            self.stack.widget(k).setSizePolicy(policy, policy)
        self.plots.set_mode(index == 0)
        self.play_button.setChecked(False)
        if index == 0:
            self._show_surface()
        else:
            self.worker.preload_grid_kernel()
            self._show_plane(self.plane)
            if getattr(self._session, "net", None) is None:
                self.network_info.setText(tr("Train the network first."))

    # ---- exact surfaces ------------------------------------------------------------------------
    def set_surface(self, name: str) -> None:
        self.surface_combo.setCurrentText(name)

    def _on_surface_combo_changed(self, name: str) -> None:
        s = surfaces()[name]
        self.surface, self.start = s, (float(s.start[0]), float(s.start[1]))
        self.formula.setText(s.formula)
        self.steps_spin.setValue(s.steps)
        defaults = optimizer_defaults(s)
        for spin, (kind, _) in zip(self.lr_spins, OPTIMIZERS, strict=True):
            spin.blockSignals(True)
            spin.setValue(defaults[kind]["lr"])
            spin.blockSignals(False)
        chosen = {v["kind"] for v in s.presets.values()}  # the book's four, or SGD alone
        self.set_checked([k for k, (kind, _) in enumerate(OPTIMIZERS) if kind in chosen], False)
        self._show_surface()

    def _show_surface(self) -> None:
        """Grid, contours, gradient field and minima of the surface, then fresh paths."""
        s = self.surface
        if s is None or self.mode.currentIndex() != 0:
            return
        xs, ys, z, fx, fy, gx, gy = surface_arrays(s, EXACT_N, FIELD_N)
        self.plots.draw_grid(xs, ys, z)
        self.plots.set_field(fx, fy, gx, gy)
        self.plots.set_minima(np.array(s.minima, np.float64).reshape(-1, 2))
        self.reset_paths()

    def optimizer_config(self, k: int) -> dict[str, Any]:
        """The settings path k runs with: the surface's defaults and the table's rate."""
        kind = OPTIMIZERS[k][0]
        return {**optimizer_defaults(self.surface)[kind], "lr": self.lr_spins[k].value()}

    def checked(self) -> list[int]:
        rows = range(len(OPTIMIZERS))
        return [k for k in rows if self.table.item(k, 0).checkState() == Qt.CheckState.Checked]

    def set_checked(self, rows: list[int], reset: bool = True) -> None:
        self.table.blockSignals(True)
        for k in range(len(OPTIMIZERS)):
            on = Qt.CheckState.Checked if k in rows else Qt.CheckState.Unchecked
            self.table.item(k, 0).setCheckState(on)
        self.table.blockSignals(False)
        if reset:
            self.reset_paths()

    def _on_table_item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() == 0:
            self.reset_paths()

    def set_start(self, x: float, y: float) -> None:
        """A new start point (a click on the map): every path starts again from there."""
        if self.mode.currentIndex() == 0:
            self.start = (float(x), float(y))
            self.reset_paths()

    def reset_paths(self) -> None:
        """Fresh optimizer state at the start point for every chosen optimizer."""
        if self.surface is None:
            return
        on = self.checked()
        self.paths.reset(self.surface, self.start, {k: self.optimizer_config(k) for k in on})
        self.plots.set_start(*self.start)
        self.start_label.setText(tr("start (%.3g, %.3g): click the map to move it") % self.start)
        self.plots.set_legend([(self.plots.paths[k], self._legend(k)) for k in on])
        self._draw_paths()

    def _legend(self, k: int) -> str:
        text = f"{OPTIMIZERS[k][1]} (lr {self.lr_spins[k].value():g})"
        return text + ": " + tr("diverged") if self.paths.diverged[k] else text

    def step(self, n: int = 1) -> bool:
        """n updates of every running path; False while the worker still loads the kernel."""
        if self.surface is None or not self.worker.path_kernel_ready.is_set():
            return False
        for k in self.paths.step(n):
            self.plots.set_legend_text(self.plots.paths[k], self._legend(k))
        self._draw_paths()
        return True

    def _draw_paths(self) -> None:
        for k in range(len(OPTIMIZERS)):
            pts, steps = self.paths.path(k), self.paths.counts[k] - 1
            self.plots.set_path(k, pts, self.paths.heights(k))
            text = (
                tr("step %d: f = %.4g") % (steps, self.surface.value(*pts[-1])) if len(pts) else ""
            )
            self.table.item(k, 2).setText(
                tr("diverged at step %d") % steps if self.paths.diverged[k] else text
            )

    def apply_lr_preset(self, key: str) -> None:
        """SGD alone on w1² + 20 w2² with the preset's rate, playing from the start."""
        self.mode.setCurrentIndex(0)
        self.set_surface("quadratic")
        self.lr_spins[0].blockSignals(True)
        self.lr_spins[0].setValue(self.surface.presets[key]["lr"])
        self.lr_spins[0].blockSignals(False)
        self.set_checked([0])
        self.play_button.setChecked(self.play_button.isEnabled())

    @property
    def playing(self) -> bool:
        return self.timer.isActive()

    def _steps_left(self) -> int:
        running = [self.paths.counts[k] for k in self.checked() if not self.paths.diverged[k]]
        return self.steps_spin.value() + 1 - min(running) if running else 0

    def _on_play_button_toggled(self, on: bool) -> None:
        if on and self._steps_left() <= 0:
            self.reset_paths()  # play again from the start
        (self.timer.start if on else self.timer.stop)()
        self.play_button.setText(tr("Pause") if on else tr("Play"))

    def _on_timer_timeout(self) -> None:
        left = self._steps_left()
        if left > 0:
            self.step(min(SPEEDS[self.speed.currentIndex()], left))
        if self._steps_left() <= 0:
            self.play_button.setChecked(False)

    def _on_worker_path_kernel_loaded(self) -> None:
        self.play_button.setEnabled(True)
        self.step_button.setEnabled(True)

    # ---- real network ------------------------------------------------------------------------
    def request(self, n: int | None = None) -> GridRequest:
        """The grid the controls describe (n: another size)."""
        n = GRID_SIZES[self.grid_combo.currentIndex()] if n is None else n
        dirs = "pca" if self.directions.currentIndex() == 1 else "random"
        return GridRequest(n, self.span_spin.value(), dirs)

    def compute(self, n: int | None = None, confirmed: bool = False) -> None:
        """Start a grid in the worker; grids over 21 x 21 first show their estimated cost."""
        if getattr(self._session, "net", None) is None:
            self.network_info.setText(tr("Train the network first."))
            return
        req = self.request(n)
        if req.n > CONFIRM_ABOVE and not confirmed and req.key != self._confirmed_key:
            self.network_info.setText(tr("Estimating the cost…"))
            self.worker.request(replace(req, estimate_only=True))
            return
        if req.n > CONFIRM_ABOVE:
            self._confirmed_key = req.key  # Follow training goes on without asking again
        self._estimated_key, self._shown_done = None, -1
        self.compute_button.setText(tr("Compute"))
        self.network_info.setText(tr("Computing %d × %d…") % (req.n, req.n))
        self.progress.setValue(0)
        self.cancel_button.setEnabled(True)
        self._request_id = self.worker.request(req)
        self.poll.start()

    def cancel(self) -> None:
        self.worker.cancel()

    def _on_compute_button_clicked(self) -> None:
        self.compute(confirmed=self.request().key == self._estimated_key)

    def _on_worker_estimated(self, n: int, seconds: float) -> None:
        self._estimated_key = self.request().key if self.request().n == n else None
        text = tr("%d × %d = %s points: about %.1f s. Click Compute to go on.")
        self.network_info.setText(text % (n, n, f"{n * n:,}", seconds))
        self.compute_button.setText(tr("Compute (%.1f s)") % seconds)

    def _on_poll_timeout(self) -> None:
        plane = self.worker.plane
        if plane is None:
            return
        self.progress.setValue(int(1000 * self.worker.fraction))
        g = plane.grid
        done, now = int(g.done.sum()), time.monotonic()
        first = self._shown_done < 0  # the coarse pass gives a whole picture: show it at once
        due = first or (done != self._shown_done and now - self._drawn_at >= REDRAW_S)
        if due and g.done[np.ix_(g.coarse, g.coarse)].all():
            self._shown_done, self._drawn_at = done, now
            self._show_plane(plane)

    def _on_worker_grid_finished(self, complete: bool, request_id: int, error: str = "") -> None:
        if request_id != self._request_id:
            return  # superseded by a newer request, which runs now
        self.poll.stop()
        self.cancel_button.setEnabled(False)
        if complete and self.worker.plane is not None:
            self.progress.setValue(1000)
            self._show_plane(self.worker.plane)
        info = self.plane.summary() if complete and self.plane else error or tr("Cancelled.")
        self.network_info.setText(info)
        if not error:
            self.grid_finished.emit(complete)

    def _on_worker_failed(self, message: str) -> None:
        self._on_worker_grid_finished(False, self._request_id, message)

    def _show_plane(self, plane: Plane | None) -> None:
        self.plane = plane
        if self.mode.currentIndex() == 1:
            self.plots.show_plane(plane)

    def refresh(self, snap: Snapshot) -> None:
        """Frame clock: with 'Follow training', a new slice every few seconds while training."""
        self.drawn_step = snap.step
        follow = self.built and self.follow_box.isChecked() and self.mode.currentIndex() == 1
        if follow and self.request().key == self._estimated_key:
            follow = False  # the estimate is shown: the click on Compute comes first
        if follow and snap.running and not self.worker.busy:
            now = time.monotonic()
            if now - self._last_follow >= self.follow_spin.value():
                self._last_follow = now
                self.compute()

    def shutdown(self) -> None:
        """Stop the timers and the worker (the window is closing)."""
        self.timer.stop()
        self.poll.stop()
        self.worker.shutdown()


def _factory(window: Any) -> LossSurfaceView:
    return LossSurfaceView(window.session)


DOCK = DockSpec(
    "loss_surface",
    QT_TRANSLATE_NOOP("Docks", "Loss surface"),
    _factory,
    Qt.DockWidgetArea.RightDockWidgetArea,
    polled=True,
    order=60,
    visible=False,
)
