"""LossSurfaceView: exact 2-parameter surfaces with live optimizer paths, and real networks' loss
around their current weights (random or PCA plane, 1-D slice, training trajectory).

Everything that touches the engine's numba kernels runs in a SurfaceWorker thread; the GUI
thread only steps optimizer paths (microseconds each, once the worker has loaded the kernel).
The engine modules load on first show, never at start-up.
"""

from __future__ import annotations

import time
from dataclasses import replace
from functools import partial
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from layerlab.app.session import Snapshot
from layerlab.app.surface_worker import GridRequest, Plane, SurfaceWorker
from layerlab.app.views import style
from layerlab.app.views.docks import DockSpec
from layerlab.app.views.surface_plots import SurfacePlots, arrow_segments

OPTIMIZERS = (("sgd", "SGD"), ("momentum", "Momentum"), ("nesterov", "Nesterov"),
              ("adagrad", "AdaGrad"), ("rmsprop", "RMSProp"), ("adam", "Adam"))  # fmt: skip
# Bright and dark colours that stand out on the sequential LUT (no path palette in style yet).
PATH_COLOURS = [style.CURVE_COLOURS["val_accuracy"], style.PLOT_BACKGROUND,
                style.CURVE_COLOURS["smoothed"], style.CURVE_COLOURS["val_loss"], style.TEXT,
                style.MEMORY_COLOURS["activation_grads"]]  # fmt: skip
LR_PRESETS = (("too_small", "too small"), ("right", "right"), ("zigzag", "zig-zag"),
              ("too_large", "too large"))  # fmt: skip
GRID_SIZES = (11, 21, 51, 101)
CONFIRM_ABOVE = 21  # bigger grids show their estimated cost first
EXACT_N, FIELD_N, MAX_STEPS, N_CONTOURS = 101, 15, 5000, 12


def tr(text: str) -> str:
    return QCoreApplication.translate("LossSurfaceView", text)


def optimizer_defaults(s: Any) -> dict[str, dict[str, Any]]:
    """Settings per optimizer kind on surface s: its presets, the rest derived from them."""
    p = s.presets
    sgd = dict(p.get("SGD") or p.get("right") or {"kind": "sgd", "lr": 0.01})
    mom = dict(p.get("Momentum") or {"kind": "momentum", "lr": 0.2 * sgd["lr"], "momentum": 0.9})
    adam = dict(p.get("Adam") or {"kind": "adam", "lr": 0.1})
    return {"sgd": sgd, "momentum": mom, "nesterov": {**mom, "kind": "nesterov"},
            "adagrad": dict(p.get("AdaGrad") or {"kind": "adagrad", "lr": 5.0 * adam["lr"]}),
            "rmsprop": {"kind": "rmsprop", "lr": adam["lr"]}, "adam": adam}  # fmt: skip


def bilinear(grid: np.ndarray, xs: np.ndarray, ys: np.ndarray, pts: np.ndarray) -> np.ndarray:
    """grid[i, j] at (xs[j], ys[i]) interpolated at points (k, 2), clamped to the grid."""
    fx = np.interp(pts[:, 0], xs, np.arange(len(xs)))
    fy = np.interp(pts[:, 1], ys, np.arange(len(ys)))
    j, i = np.minimum(fx.astype(int), len(xs) - 2), np.minimum(fy.astype(int), len(ys) - 2)
    u, v = fx - j, fy - i
    g = grid.astype(np.float64)
    return ((1 - v) * ((1 - u) * g[i, j] + u * g[i, j + 1])
            + v * ((1 - u) * g[i + 1, j] + u * g[i + 1, j + 1]))  # fmt: skip


class LossSurfaceView(QWidget):
    """Mode combo, the controls of the mode, and SurfacePlots shared by both modes."""

    grid_finished = Signal(bool)  # a network grid is drawn: True complete, False cancelled

    def __init__(self, session: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.drawn_step = -1
        self._session = session
        self.worker = SurfaceWorker(session)
        session.add_chunk_hook(self.worker.record_chunk)
        self.destroyed.connect(partial(_release, self.worker, session))
        if (app := QCoreApplication.instance()) is not None:
            app.aboutToQuit.connect(self.worker.shutdown)
        self.plots = SurfacePlots(PATH_COLOURS)
        self.plots.map_clicked.connect(self.set_start)
        self.mode = QComboBox()
        self.mode.addItems([tr("Exact surfaces"), tr("Real network")])
        self.status = QLabel(" ")
        self.status.setStyleSheet(style.MUTED_STYLESHEET)
        self.export_button = self._export_button()
        self.stack = QStackedWidget()
        self.stack.addWidget(self._exact_controls())
        self.stack.addWidget(self._network_controls())
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("Mode")))
        top.addWidget(self.mode)
        top.addWidget(self.status, 1)
        top.addWidget(self.export_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.addLayout(top)
        lay.addWidget(self.stack)
        lay.addWidget(self.plots, 1)
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
        self.mode.currentIndexChanged.connect(self._on_mode_changed)
        self.surface: Any = None  # engine Surface: set on first show
        self.start = (0.0, 0.0)
        self._steppers: list[Any] = [None] * len(OPTIMIZERS)
        self._points = np.full((len(OPTIMIZERS), MAX_STEPS + 1, 2), np.nan)
        self._counts = np.zeros(len(OPTIMIZERS), int)
        self._diverged = [False] * len(OPTIMIZERS)
        self._plane: Plane | None = None  # the network grid shown
        self._shown_done = -1
        self._estimated_key: tuple | None = None
        self._confirmed_key: tuple | None = None
        self._last_follow = 0.0
        self._request_id = -1

    # ---- controls ----------------------------------------------------------------------------
    def _exact_controls(self) -> QWidget:
        w = QWidget()
        self.surface_combo = QComboBox()
        self.formula = QLabel()
        self.formula.setFont(style.mono_font())
        self.table = QTableWidget(len(OPTIMIZERS), 3)
        self.table.setHorizontalHeaderLabels([tr("Optimizer"), tr("Learning rate"), tr("Path")])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.lr_spins = []
        for k, (_, name) in enumerate(OPTIMIZERS):
            item = QTableWidgetItem(name)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setForeground(style.brush(PATH_COLOURS[k]) if k != 1 else style.brush(style.TEXT))
            self.table.setItem(k, 0, item)
            spin = QDoubleSpinBox()
            spin.setDecimals(6)
            spin.setRange(1e-6, 100.0)
            spin.setStepType(QDoubleSpinBox.StepType.AdaptiveDecimalStepType)
            spin.valueChanged.connect(self.reset_paths)
            self.table.setCellWidget(k, 1, spin)
            self.table.setItem(k, 2, QTableWidgetItem(""))
            self.lr_spins.append(spin)
        self.table.itemChanged.connect(self._on_table_item_changed)
        self.table.setMaximumHeight(self.table.sizeHint().height())
        self.preset_buttons = {}
        presets = QHBoxLayout()
        presets.addWidget(QLabel(tr("Learning rate on w1² + 20 w2²:")))
        for key, text in LR_PRESETS:
            b = QPushButton(tr(text))
            b.clicked.connect(partial(self.apply_lr_preset, key))
            presets.addWidget(b)
            self.preset_buttons[key] = b
        presets.addStretch(1)
        self.play_button = QPushButton(tr("Play"))
        self.play_button.setCheckable(True)
        self.play_button.toggled.connect(self._on_play_button_toggled)
        self.step_button = QPushButton(tr("Step"))
        self.step_button.clicked.connect(lambda: self.step())
        self.reset_button = QPushButton(tr("Reset"))
        self.reset_button.clicked.connect(self.reset_paths)
        for b in (self.play_button, self.step_button):
            b.setEnabled(False)  # until the worker has loaded the update kernel
        self.steps_spin = QSpinBox()
        self.steps_spin.setRange(1, MAX_STEPS)
        self.speed = QComboBox()
        self.speed.addItems(["×1", "×5", "×25"])
        self.start_label = QLabel()
        row = QHBoxLayout()
        for part in (QLabel(tr("Surface")), self.surface_combo, self.formula):
            row.addWidget(part)
        row.addStretch(1)
        play = QHBoxLayout()
        for part in (self.play_button, self.step_button, self.reset_button, QLabel(tr("steps")),
                     self.steps_spin, QLabel(tr("speed")), self.speed, self.start_label):  # fmt: skip
            play.addWidget(part)
        play.addStretch(1)
        lay = QVBoxLayout(w)
        lay.setContentsMargins(0, 0, 0, 0)
        for part in (row, presets, play):
            lay.addLayout(part)
        lay.addWidget(self.table)
        self.surface_combo.currentTextChanged.connect(self._on_surface_combo_changed)
        return w

    def _network_controls(self) -> QWidget:
        w = QWidget()
        self.grid_combo = QComboBox()
        self.grid_combo.addItems([f"{n} × {n}" for n in GRID_SIZES])
        self.grid_combo.setCurrentIndex(1)
        self.span_spin = QDoubleSpinBox()
        self.span_spin.setRange(0.01, 10.0)
        self.span_spin.setValue(1.0)
        self.span_spin.setPrefix("± ")
        self.directions = QComboBox()
        self.directions.addItems([tr("random (filter-normalized)"), tr("PCA of the training path")])
        self.compute_button = QPushButton(tr("Compute"))
        self.compute_button.clicked.connect(self._on_compute_button_clicked)
        self.cancel_button = QPushButton(tr("Cancel"))
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.follow_box = QCheckBox(tr("Follow training, every"))
        self.follow_spin = QSpinBox()
        self.follow_spin.setRange(1, 600)
        self.follow_spin.setValue(5)
        self.follow_spin.setSuffix(tr(" s"))
        self.network_info = QLabel(" ")
        row = QHBoxLayout()
        for part in (QLabel(tr("Grid")), self.grid_combo, QLabel(tr("range")), self.span_spin,
                     QLabel(tr("directions")), self.directions, self.compute_button,
                     self.cancel_button):  # fmt: skip
            row.addWidget(part)
        row.addStretch(1)
        row2 = QHBoxLayout()
        for part in (self.progress, self.follow_box, self.follow_spin):
            row2.addWidget(part)
        row2.addWidget(self.network_info, 1)
        lay = QVBoxLayout(w)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(row)
        lay.addLayout(row2)
        return w

    def _export_button(self) -> QToolButton:
        b = QToolButton()
        b.setText(tr("Export"))
        b.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(b)
        self.act_csv = menu.addAction(tr("Grid as CSV…"), lambda: self.export_grid("csv"))
        self.act_npz = menu.addAction(tr("Grid as NPZ…"), lambda: self.export_grid("npz"))
        menu.addAction(tr("Contour map as PNG…"), lambda: self.export_png(False))
        self.act_png3d = menu.addAction(tr("3-D view as PNG…"), lambda: self.export_png(True))
        b.setMenu(menu)
        return b

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.surface is None:  # first show: load the surfaces, warm the kernel in the worker
            from layerlab.engine.surfaces import SURFACES

            self.surface_combo.addItems(list(SURFACES))
            self.worker.preload_path_kernel()
            self._on_mode_changed(self.mode.currentIndex())
        self.act_png3d.setEnabled(self.plots.gl_view is not None)

    def _on_mode_changed(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        self.plots.set_mode(index == 0)
        self.play_button.setChecked(False)
        if index == 0:
            self._show_surface()
        else:
            self._show_plane(self._plane)
            if getattr(self._session, "net", None) is None:
                self.network_info.setText(tr("Train the network first."))
        self._update_export_actions()

    # ---- exact surfaces ------------------------------------------------------------------------
    def set_surface(self, name: str) -> None:
        self.surface_combo.setCurrentText(name)

    def _on_surface_combo_changed(self, name: str) -> None:
        from layerlab.engine.surfaces import SURFACES

        s = SURFACES[name]
        self.surface, self.start = s, (float(s.start[0]), float(s.start[1]))
        self.formula.setText(s.formula)
        self.steps_spin.setValue(s.steps)
        defaults = optimizer_defaults(s)
        chosen = {v["kind"] for v in s.presets.values()} & {"sgd", "momentum", "adagrad", "adam"}
        self.table.blockSignals(True)
        for k, (kind, _) in enumerate(OPTIMIZERS):
            self.lr_spins[k].blockSignals(True)
            self.lr_spins[k].setValue(defaults[kind]["lr"])
            self.lr_spins[k].blockSignals(False)
            on = kind in chosen
            self.table.item(k, 0).setCheckState(
                Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
            )
        self.table.blockSignals(False)
        self._show_surface()

    def _show_surface(self) -> None:
        """Grid, contours, gradient field and minima of the surface (once per surface)."""
        s = self.surface
        if s is None or self.mode.currentIndex() != 0:
            return
        from layerlab.engine.surfaces import gradient_field, grid

        xs, ys = np.linspace(*s.x_range, EXACT_N), np.linspace(*s.y_range, EXACT_N)
        z = self._display(grid(s, xs, ys))
        levels = np.quantile(z, np.linspace(0.03, 0.97, N_CONTOURS))
        self.plots.set_grid(xs, ys, z, (float(z.min()), float(z.max())), levels)
        fx, fy = (
            np.linspace(*s.x_range, FIELD_N + 2)[1:-1],
            np.linspace(*s.y_range, FIELD_N + 2)[1:-1],
        )
        length = 0.7 * min(fx[1] - fx[0], fy[1] - fy[0])
        self.plots.set_field(arrow_segments(fx, fy, *gradient_field(s, fx, fy), length))
        self.plots.set_minima(np.array(s.minima, np.float64).reshape(-1, 2))
        self.reset_paths()

    def _display(self, values: np.ndarray) -> np.ndarray:
        """What the map and mesh show: log(1 + f) on surfaces spanning decades."""
        if self.surface.log_scale:
            with np.errstate(all="ignore"):
                return np.log1p(np.maximum(values, 0.0))
        return values

    def optimizer_config(self, k: int) -> dict[str, Any]:
        """The settings path k runs with: the surface's defaults and the table's rate."""
        return {
            **optimizer_defaults(self.surface)[OPTIMIZERS[k][0]],
            "lr": self.lr_spins[k].value(),
        }

    def checked(self) -> list[int]:
        return [k for k in range(len(OPTIMIZERS))
                if self.table.item(k, 0).checkState() == Qt.CheckState.Checked]  # fmt: skip

    def set_checked(self, rows: list[int]) -> None:
        self.table.blockSignals(True)
        for k in range(len(OPTIMIZERS)):
            state = Qt.CheckState.Checked if k in rows else Qt.CheckState.Unchecked
            self.table.item(k, 0).setCheckState(state)
        self.table.blockSignals(False)
        self.reset_paths()

    def _on_table_item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() == 0:
            self.reset_paths()

    def set_start(self, x: float, y: float) -> None:
        """A new start point (a click on the map): every path starts again from there."""
        if self.mode.currentIndex() != 0:
            return
        self.start = (float(x), float(y))
        self.reset_paths()

    def reset_paths(self) -> None:
        """Fresh optimizer state at the start point for every chosen optimizer."""
        if self.surface is None:
            return
        from layerlab.engine.surfaces import PathStepper

        on = set(self.checked())
        for k in range(len(OPTIMIZERS)):
            self._steppers[k] = (
                PathStepper(self.surface, self.start, self.optimizer_config(k)) if k in on else None
            )
            self._points[k] = np.nan
            self._points[k, 0] = self.start
            self._counts[k] = 1 if k in on else 0
            self._diverged[k] = False
        self.plots.set_start(*self.start)
        self.start_label.setText(tr("start (%.3g, %.3g): click the map to move it") % self.start)
        self.plots.set_legend([(self.plots.paths[k], self._legend(k)) for k in sorted(on)])
        self._draw_paths()

    def _legend(self, k: int) -> str:
        text = f"{OPTIMIZERS[k][1]} (lr {self.lr_spins[k].value():g})"
        return text + ": " + tr("diverged") if self._diverged[k] else text

    def step(self, n: int = 1) -> bool:
        """n updates of every running path; False when the kernel is not loaded yet."""
        if not self.worker.path_kernel_ready.is_set() or self.surface is None:
            return False
        (x0, x1), (y0, y1) = self.surface.x_range, self.surface.y_range
        w, h = x1 - x0, y1 - y0
        for k, stepper in enumerate(self._steppers):
            for _ in range(n):
                if stepper is None or self._diverged[k] or self._counts[k] > MAX_STEPS:
                    break
                p = stepper.step()
                self._points[k, self._counts[k]] = p
                self._counts[k] += 1
                if stepper.diverged or not (x0 - w <= p[0] <= x1 + w and y0 - h <= p[1] <= y1 + h):
                    self._diverged[k] = True  # out of the range (by a whole range): no way back
                    self.plots.set_legend_text(self.plots.paths[k], self._legend(k))
        self._draw_paths()
        return True

    def _draw_paths(self) -> None:
        f = self.surface
        for k in range(len(OPTIMIZERS)):
            pts = self._points[k, : self._counts[k]]
            with np.errstate(all="ignore"):
                heights = self._display(np.asarray(f.value(pts[:, 0], pts[:, 1]), np.float64))
            self.plots.set_path(k, pts, heights)
            text = ""
            if self._counts[k]:
                text = tr("step %d: f = %.4g") % (self._counts[k] - 1, f.value(*pts[-1]))
                if self._diverged[k]:
                    text = tr("diverged at step %d") % (self._counts[k] - 1)
            self.table.item(k, 2).setText(text)

    def path(self, k: int) -> np.ndarray:
        """The points of path k drawn so far, (m, 2)."""
        return self._points[k, : self._counts[k]].copy()

    def diverged(self, k: int) -> bool:
        return self._diverged[k]

    def apply_lr_preset(self, key: str) -> None:
        """SGD alone on w1² + 20 w2² with a rate from the preset, playing from the start."""
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

    def _on_play_button_toggled(self, on: bool) -> None:
        if on:
            if all(self._counts[k] > self.steps_spin.value() or self._diverged[k]
                   for k in self.checked()):  # fmt: skip
                self.reset_paths()  # play again from the start
            self.timer.start()
        else:
            self.timer.stop()
        self.play_button.setText(tr("Pause") if on else tr("Play"))

    def _on_timer_timeout(self) -> None:
        running = [k for k in self.checked() if not self._diverged[k]]
        left = self.steps_spin.value() + 1 - min((self._counts[k] for k in running), default=0)
        if left > 0:
            self.step(min((1, 5, 25)[self.speed.currentIndex()], left))
        if left <= 1 or all(self._diverged[k] for k in running):
            self.play_button.setChecked(False)

    def _on_worker_path_kernel_loaded(self) -> None:
        for b in (self.play_button, self.step_button):
            b.setEnabled(True)

    # ---- real network ------------------------------------------------------------------------
    def request(self, n: int | None = None) -> GridRequest:
        """The grid the controls describe (n: override the size)."""
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
        self._confirmed_key = req.key if req.n > CONFIRM_ABOVE else self._confirmed_key
        self._estimated_key = None
        self.compute_button.setText(tr("Compute"))
        self.network_info.setText(tr("Computing %d × %d…") % (req.n, req.n))
        self._shown_done = -1
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
        self.network_info.setText(tr("%d × %d = %s points: about %.1f s. Click Compute to go on.")
                                  % (n, n, f"{n * n:,}", seconds))  # fmt: skip
        self.compute_button.setText(tr("Compute (%.1f s)") % seconds)

    def _on_poll_timeout(self) -> None:
        plane = self.worker.plane
        if plane is None:
            return
        self.progress.setValue(int(1000 * self.worker.fraction))
        g = plane.grid
        done = int(g.done.sum())
        if done != self._shown_done and g.done[np.ix_(g.coarse, g.coarse)].all():
            self._shown_done = done  # the coarse pass is in: a whole picture to refine
            self._show_plane(plane)

    def _on_worker_grid_finished(self, complete: bool, request_id: int) -> None:
        if request_id != self._request_id:
            return  # superseded by a newer request, which is running now
        self.poll.stop()
        self.cancel_button.setEnabled(False)
        plane = self.worker.plane
        if plane is not None and complete:
            self.progress.setValue(1000)
            self._show_plane(plane)
        self.network_info.setText(self._plane_info() if complete else tr("Cancelled."))
        self.grid_finished.emit(complete)

    def _on_worker_failed(self, message: str) -> None:
        self.poll.stop()
        self.cancel_button.setEnabled(False)
        self.network_info.setText(message)

    def _show_plane(self, plane: Plane | None) -> None:
        """The grid so far (coarse pass interpolated), its 1-D slice and the projected path."""
        self._plane = plane
        self._update_export_actions()
        if self.mode.currentIndex() != 1:
            return
        if plane is None:
            self.plots.clear()
            self.plots.set_legend([])
            return
        g = plane.grid
        z = g.preview()
        finite = z[np.isfinite(z)]
        if finite.size == 0:
            return
        levels = np.unique(np.quantile(finite, np.linspace(0.03, 0.97, N_CONTOURS)))
        self.plots.set_grid(
            g.alphas, g.betas, z, (float(finite.min()), float(finite.max())), levels
        )
        if plane.line is not None:
            self.plots.slice_curve.setData(plane.line[0], plane.line[1])
        if plane.path is not None:
            self.plots.set_trajectory(
                plane.path, bilinear(np.nan_to_num(z), g.alphas, g.betas, plane.path)
            )
        label = tr("training path")
        if plane.explained is not None:
            label += tr(" (PCA: %.0f%% + %.0f%%)") % tuple(100 * plane.explained[:2])
        self.plots.set_legend([(self.plots.trajectory, label)] if plane.path is not None else [])

    def _plane_info(self) -> str:
        p = self._plane
        if p is None:
            return " "
        g = p.grid
        text = tr("Loss %.4g at the current weights, %.4g to %.4g on the grid.") % (
            float(g.loss[np.argmin(np.abs(g.betas)), np.argmin(np.abs(g.alphas))]),
            float(np.nanmin(g.loss)), float(np.nanmax(g.loss)))  # fmt: skip
        if p.explained is not None:
            text += " " + tr("PCA directions explain %.1f%% and %.1f%% of the path's variance.") % (
                100 * p.explained[0], 100 * p.explained[1])  # fmt: skip
        return text

    def refresh(self, snap: Snapshot) -> None:
        """Frame clock: with 'Follow training', a new slice every few seconds while training."""
        self.drawn_step = snap.step
        follow = self.follow_box.isChecked() and self.mode.currentIndex() == 1
        if follow and snap.running and not self.worker.busy:
            now = time.monotonic()
            if now - self._last_follow >= self.follow_spin.value():
                self._last_follow = now
                self.compute()

    # ---- export ------------------------------------------------------------------------------
    def _update_export_actions(self) -> None:
        has_grid = self._plane is not None and self.mode.currentIndex() == 1
        self.act_csv.setEnabled(has_grid)
        self.act_npz.setEnabled(has_grid)

    def export_grid(self, fmt: str) -> str | None:
        """Save the network grid as CSV or NPZ (a file dialog asks where); returns the path."""
        if self._plane is None:
            return None
        filters = {"csv": tr("CSV table (*.csv)"), "npz": tr("NumPy arrays (*.npz)")}
        path, _ = QFileDialog.getSaveFileName(self, tr("Export loss grid"), f"loss_grid.{fmt}",
                                              filters[fmt])  # fmt: skip
        if path:
            (self._plane.grid.to_csv if fmt == "csv" else self._plane.grid.to_npz)(path)
        return path or None

    def export_png(self, three_d: bool) -> str | None:
        """Save the contour map (ImageExporter) or the 3-D view (its framebuffer) as PNG."""
        name = "loss_surface_3d.png" if three_d else "loss_surface.png"
        path, _ = QFileDialog.getSaveFileName(
            self, tr("Export image"), name, tr("PNG image (*.png)")
        )
        if not path:
            return None
        if three_d:
            self.plots.export_3d_png(path)
        else:
            self.plots.export_map_png(path)
        return path

    def shutdown(self) -> None:
        """Stop the timers and the worker (the window is closing)."""
        self.timer.stop()
        self.poll.stop()
        self.worker.shutdown()


def _release(worker: SurfaceWorker, session: Any, *_: Any) -> None:
    """The view is gone: stop its worker and unhook its recorder (no reference to the view)."""
    worker.shutdown()
    hooks = getattr(session, "chunk_hooks", None)
    if hooks is not None:
        with session.lock:
            if worker.record_chunk in hooks:
                hooks.remove(worker.record_chunk)


def _factory(window: Any) -> LossSurfaceView:
    return LossSurfaceView(window.session)


DOCK = DockSpec(
    "loss_surface",
    "Loss surface",
    _factory,
    Qt.DockWidgetArea.RightDockWidgetArea,
    polled=True,
    order=60,
    visible=False,
)
