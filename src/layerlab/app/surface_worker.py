"""SurfaceWorker: the loss-surface views' side of the engine, and the thread that runs it.

Real networks: the weights are copied under ``session.lock`` (one memcpy); everything else, from
building the private network to the last grid point, runs in the thread without the lock. The
GUI polls ``fraction`` and ``plane`` while a grid fills; signals are events only.
Exact surfaces: ``paths`` steps optimizers on the GUI thread (microseconds a step) once the
thread has loaded the update kernel, so numba never loads or compiles on the GUI thread.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np
import numpy.typing as npt
import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal

EVAL_SAMPLES = 1000  # the fixed evaluation subset: the first samples of validation (or train)
RING_CAPACITY = 200
RING_BYTES = 64 << 20  # most memory the checkpoints of one run may take
OPTIMIZERS = (("sgd", "SGD"), ("momentum", "Momentum"), ("nesterov", "Nesterov"),
              ("adagrad", "AdaGrad"), ("rmsprop", "RMSProp"), ("adam", "Adam"))  # fmt: skip
MAX_STEPS = 5000  # per exact path
_blas_limited = False
WORKER_NICE = 10  # on a busy machine the GUI and training threads come first
_LIVE_WORKERS: set[SurfaceWorker] = set()  # until stopped (see attach)


def tr(text: str) -> str:
    return QCoreApplication.translate("LossSurfaceView", text)


def surfaces() -> dict[str, Any]:
    """The engine's exact surfaces by name (imported on first use: no numba)."""
    from layerlab.engine.surfaces import SURFACES

    return SURFACES


def optimizer_defaults(s: Any) -> dict[str, dict[str, Any]]:
    """Settings per optimizer kind on surface s: its presets, the rest derived from them."""
    p = s.presets
    sgd = dict(p.get("SGD") or p.get("right") or {"kind": "sgd", "lr": 0.01})
    mom = dict(p.get("Momentum") or {"kind": "momentum", "lr": 0.2 * sgd["lr"], "momentum": 0.9})
    adam = dict(p.get("Adam") or {"kind": "adam", "lr": 0.1})
    return {"sgd": sgd, "momentum": mom, "nesterov": {**mom, "kind": "nesterov"},
            "adagrad": dict(p.get("AdaGrad") or {"kind": "adagrad", "lr": 5.0 * adam["lr"]}),
            "rmsprop": {"kind": "rmsprop", "lr": adam["lr"]}, "adam": adam}  # fmt: skip


def display(s: Any, values: npt.ArrayLike) -> np.ndarray:
    """What maps and meshes show of surface s: log(1 + f) where values span decades."""
    values = np.asarray(values, np.float64)
    if s.log_scale:
        with np.errstate(all="ignore"):
            return np.log1p(np.maximum(values, 0.0))
    return values


def surface_arrays(s: Any, n: int, field_n: int) -> tuple[np.ndarray, ...]:
    """xs, ys, the displayed n x n grid, and field_n^2 points (fx, fy) with gradients (gx, gy)."""
    from layerlab.engine.surfaces import gradient_field, grid

    xs, ys = np.linspace(*s.x_range, n), np.linspace(*s.y_range, n)
    fx = np.linspace(*s.x_range, field_n + 2)[1:-1]
    fy = np.linspace(*s.y_range, field_n + 2)[1:-1]
    return (xs, ys, display(s, grid(s, xs, ys)), fx, fy, *gradient_field(s, fx, fy))


class _OptimizerPaths:
    """One path per OPTIMIZERS row on an exact surface; a path that leaves the plot range by a
    whole range (or stops being finite) has diverged and stops."""

    def __init__(self, ready: threading.Event) -> None:
        self.ready = ready
        self.surface: Any = None
        self.points = np.full((len(OPTIMIZERS), MAX_STEPS + 1, 2), np.nan)
        self.counts = np.zeros(len(OPTIMIZERS), int)
        self.diverged = [False] * len(OPTIMIZERS)
        self._steppers: list[Any] = [None] * len(OPTIMIZERS)

    def reset(self, surface: Any, start: tuple[float, float], configs: dict[int, dict]) -> None:
        """Paths from ``start`` for the rows in configs (row -> optimizer settings)."""
        from layerlab.engine.surfaces import PathStepper

        self.surface = surface
        for k in range(len(OPTIMIZERS)):
            on = k in configs
            self._steppers[k] = PathStepper(surface, start, configs[k]) if on else None
            self.points[k] = np.nan
            self.points[k, 0] = self._steppers[k].point if on else start  # float32, as stepped
            self.counts[k], self.diverged[k] = int(on), False

    def step(self, n: int = 1) -> list[int]:
        """n updates of every running path; returns the rows that diverged now."""
        if not self.ready.is_set():
            return []
        (x0, x1), (y0, y1) = self.surface.x_range, self.surface.y_range
        w, h, out = x1 - x0, y1 - y0, []
        for k, stepper in enumerate(self._steppers):
            for _ in range(n):
                if stepper is None or self.diverged[k] or self.counts[k] > MAX_STEPS:
                    break
                p = stepper.step()
                self.points[k, self.counts[k]] = p
                self.counts[k] += 1
                if stepper.diverged or not (x0 - w <= p[0] <= x1 + w and y0 - h <= p[1] <= y1 + h):
                    self.diverged[k] = True
                    out.append(k)
        return out

    def path(self, k: int) -> np.ndarray:
        """The points of path k so far, (m, 2): the start, then one per step."""
        return self.points[k, : self.counts[k]]

    def heights(self, k: int) -> np.ndarray:
        """The displayed surface value at each point of path k."""
        pts = self.path(k)
        with np.errstate(all="ignore"):
            return display(self.surface, self.surface.value(pts[:, 0], pts[:, 1]))


@dataclass(frozen=True)
class GridRequest:
    """One grid to compute: size, range (random directions) and how to pick the plane."""

    n: int
    span: float = 1.0
    directions: str = "random"  # or "pca": the principal directions of the checkpoints
    seed: int = 0
    estimate_only: bool = False  # build the plane, time a few points, emit ``estimated``

    @property
    def key(self) -> tuple:
        return (self.n, self.span, self.directions, self.seed)


@dataclass
class Plane:
    """What a finished (or filling) job shows: the grid, the 1-D slice, the training path."""

    grid: Any  # engine LossGrid
    path: np.ndarray | None = None  # (k, 2) checkpoints projected on the plane
    explained: np.ndarray | None = None  # PCA explained-variance ratios (pca only)
    line: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None  # alphas, loss, accuracy

    def loss_at(self, pts: np.ndarray, z: np.ndarray) -> np.ndarray:
        """z (the grid's values) bilinearly interpolated at points (k, 2), clamped to the grid."""
        xs, ys = self.grid.alphas, self.grid.betas
        fx, fy = (
            np.interp(pts[:, 0], xs, np.arange(len(xs))),
            np.interp(pts[:, 1], ys, np.arange(len(ys))),
        )
        j, i = np.minimum(fx.astype(int), len(xs) - 2), np.minimum(fy.astype(int), len(ys) - 2)
        u, v, g = fx - j, fy - i, np.nan_to_num(z.astype(np.float64))
        return ((1 - v) * ((1 - u) * g[i, j] + u * g[i, j + 1])
                + v * ((1 - u) * g[i + 1, j] + u * g[i + 1, j + 1]))  # fmt: skip

    def summary(self) -> str:
        """The loss at the current weights and over the grid, and the PCA variance if any."""
        g = self.grid
        centre = g.loss[np.argmin(np.abs(g.betas)), np.argmin(np.abs(g.alphas))]
        text = tr("Loss %.4g at the current weights, %.4g to %.4g on the grid.") % (
            centre, np.nanmin(g.loss), np.nanmax(g.loss))  # fmt: skip
        if self.explained is not None:
            text += " " + tr("The PCA directions explain %.1f%% and %.1f%% of the path.") % (
                100 * self.explained[0], 100 * self.explained[1])  # fmt: skip
        return text


class _CheckpointRing:
    """Trainable weights every ``stride`` steps; when full, every other one goes and the stride
    doubles, so a capped ring always spans the whole run."""

    def __init__(self, capacity: int = RING_CAPACITY, budget: int = RING_BYTES) -> None:
        self.capacity, self.budget = capacity, budget
        self.items: list[np.ndarray] = []
        self.steps: list[int] = []
        self.net: object | None = None  # the network the checkpoints belong to
        self._cap, self._stride, self._last = capacity, 1, -1

    def record(self, session: Any, result: Any) -> None:
        """Chunk hook: runs in the training thread with ``session.lock`` held; one copy at most."""
        net, trainer = session.net, session.trainer
        if net is None or trainer is None:
            return
        if net is not self.net or trainer.step < self._last:  # rebuilt or reset
            self.net, self.items, self.steps = net, [], []
            self._cap = int(np.clip(self.budget // (4 * max(net.n_trainable, 1)), 3, self.capacity))
            self._stride, self._last = 1, -1
        if self._last >= 0 and trainer.step - self._last < self._stride:
            return
        self.items.append(net.P[: net.n_trainable].copy())
        self.steps.append(int(trainer.step))
        self._last = int(trainer.step)
        if len(self.items) >= self._cap:
            self.items, self.steps = self.items[::2], self.steps[::2]
            self._stride *= 2


def eval_subset(splits: Any) -> tuple[np.ndarray, np.ndarray]:
    """The first EVAL_SAMPLES validation samples, or training samples when there is no val."""
    ds = splits.val if splits.val is not None and len(splits.val.x) else splits.train
    return ds.x[:EVAL_SAMPLES], ds.y[:EVAL_SAMPLES]


class SurfaceWorker(QThread):
    """Runs jobs one after another: a kernel preload, then grid requests (the newest wins)."""

    path_kernel_loaded = Signal()
    estimated = Signal(int, float)  # n, seconds: the plane is kept for the confirmed compute
    grid_finished = Signal(bool, int)  # complete (False: cancelled or failed), request id
    failed = Signal(str)

    def __init__(self, session: Any) -> None:
        super().__init__()
        self._session = session
        self.checkpoints = _CheckpointRing()
        self.fraction = 0.0
        self.plane: Plane | None = None  # the job in progress or the last one
        self._jobs: list[tuple[str, GridRequest | None, int]] = []
        self._jobs_lock = threading.Lock()
        self._active = False
        self._generation = 0  # bumped by cancel() and by each request: older jobs stop
        self._pending: tuple[tuple, Plane] | None = None  # estimated, awaiting the click
        self.path_kernel_ready = threading.Event()
        self.paths = _OptimizerPaths(self.path_kernel_ready)
        self._grid_kernel_loaded = False

    # ---- GUI thread -------------------------------------------------------------------------
    def attach(self, owner: QObject) -> None:
        """Record checkpoints from now on; stop and unhook when ``owner`` (the view) goes."""
        self._session.add_chunk_hook(self.record_chunk)
        _LIVE_WORKERS.add(self)  # a running QThread must not be collected
        owner.destroyed.connect(partial(_release, self, self._session))
        if (app := QCoreApplication.instance()) is not None:
            app.aboutToQuit.connect(self.shutdown)

    def record_chunk(self, session: Any, result: Any) -> None:
        self.checkpoints.record(session, result)

    def preload_path_kernel(self) -> None:
        """Load the optimizer-update kernel here so that stepping paths never compiles."""
        if not self.path_kernel_ready.is_set():
            self._submit(("preload", None, 0))

    def preload_grid_kernel(self) -> None:
        """Import the landscape engine and load its kernel now (a 2 x 2 grid of a tiny net), so
        that the first real grid holds the GIL no longer than the next ones."""
        if not self._grid_kernel_loaded:
            self._grid_kernel_loaded = True
            self._submit(("preload_grid", None, 0))

    def request(self, req: GridRequest) -> int:
        """Compute a grid; the newest request wins (older ones stop or never start).

        Returns the request's id, which ``grid_finished`` carries.
        """
        self._generation += 1
        self._submit(("grid", req, self._generation))
        return self._generation

    def cancel(self) -> None:
        """Stop the grid being computed (within about 30 ms) and drop queued ones."""
        with self._jobs_lock:
            self._jobs = [j for j in self._jobs if j[0] != "grid"]
            self._generation += 1

    @property
    def busy(self) -> bool:
        return self._active

    def shutdown(self) -> None:
        self.cancel()
        self.wait()

    def _submit(self, job: tuple[str, GridRequest | None, int]) -> None:
        with self._jobs_lock:
            if job[0] == "grid":
                self._jobs = [j for j in self._jobs if j[0] != "grid"]
            self._jobs.append(job)
            if self._active:
                return
            self._active = True
        self.wait()  # a loop that just found no job may still be returning
        self.start()

    # ---- worker thread ----------------------------------------------------------------------
    def run(self) -> None:
        global _blas_limited
        with contextlib.suppress(AttributeError, OSError):  # Linux: nice applies per thread
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), WORKER_NICE)
        if not _blas_limited:  # process-wide, and ~10 ms with the GIL held: once
            from layerlab.engine.threads import limit_blas_threads

            limit_blas_threads(1)
            _blas_limited = True
        while True:
            with self._jobs_lock:
                if not self._jobs:
                    self._active = False
                    return
                kind, req, generation = self._jobs.pop(0)
            try:
                if kind == "preload":
                    self._preload()
                elif kind == "preload_grid":
                    _tiny_grid()
                else:
                    self._run_grid(req, generation)
            except Exception as e:  # the message is for the user; the view stays usable
                self.failed.emit(
                    str(e) if isinstance(e, ValueError) else f"{type(e).__name__}: {e}"
                )

    def _preload(self) -> None:
        from layerlab.engine.surfaces import PathStepper

        PathStepper("quadratic", None, {"kind": "sgd", "lr": 0.01}).step()
        self.path_kernel_ready.set()
        self.path_kernel_loaded.emit()

    def _run_grid(self, req: GridRequest, generation: int) -> None:
        done = False
        try:
            done = self._compute(req, lambda: self._generation != generation)
        finally:
            if not req.estimate_only:
                self.grid_finished.emit(done, generation)

    def _compute(self, req: GridRequest, cancelled: Callable[[], bool]) -> bool:
        pending, self._pending = self._pending, None
        plane = pending[1] if pending is not None and pending[0] == req.key else self._build(req)
        if req.estimate_only:
            seconds = plane.grid.estimate_seconds()
            self._pending = (req.key, plane)
            self.estimated.emit(req.n, seconds)
            return True
        self.fraction, self.plane = 0.0, plane
        if not plane.grid.compute(True, cancel=cancelled, on_progress=self._on_progress):
            return False
        alphas, loss, acc = plane.grid.line(max(plane.grid.n, 51))
        plane.line = (alphas, loss, acc)
        return not cancelled()

    def _on_progress(self, fraction: float) -> None:
        self.fraction = fraction

    def _build(self, req: GridRequest) -> Plane:
        """Copy the weights (under the lock), then the plane, its directions and the path."""
        from layerlab.engine import landscape as ls

        net, checkpoints = self._copy_network()
        x, y = eval_subset(self._session.splits)
        theta0 = net.P[: net.n_trainable]
        explained = None
        if req.directions == "pca":
            if len(checkpoints) < 3:
                raise ValueError(tr("PCA directions need at least 3 checkpoints: train longer."))
            d1, d2, explained = ls.pca_directions(checkpoints, theta0)
        else:
            d1, d2 = ls.random_directions(net, req.seed)
        path = ls.project(checkpoints, theta0, d1, d2) if checkpoints else None
        a_range = b_range = (-req.span, req.span)
        if req.directions == "pca":
            a_range, b_range = _fit_range(path[:, 0]), _fit_range(path[:, 1])
        grid = ls.LossGrid(net, x, y, d1, d2, n=req.n, alpha_range=a_range, beta_range=b_range)
        return Plane(grid, path, explained)

    def _copy_network(self) -> tuple[Any, list[np.ndarray]]:
        """A private Network with the session's weights, and the recorded checkpoints."""
        from layerlab.engine.network import Network

        s = self._session
        while True:
            net = s.net
            if net is None:
                raise ValueError(tr("Train the network first."))
            copy = Network(net.spec, batch_size=1)  # built outside the lock
            with s.lock:
                if s.net is net:
                    copy.P[:] = net.P
                    checkpoints = list(self.checkpoints.items)
                    if self.checkpoints.net is not net:
                        checkpoints = []
                    return copy, checkpoints


def _tiny_grid() -> None:
    from layerlab.engine.landscape import LossGrid
    from layerlab.engine.network import Network
    from layerlab.engine.spec import NetworkSpec

    net = Network(NetworkSpec.from_dict({"input": {"shape": [3]}, "layers": [
        {"id": "fc", "kind": "Dense", "units": 2}]}))  # fmt: skip
    x = np.zeros((4, 3), np.float32)
    LossGrid(net, x, np.arange(4) % 2, n=2).compute()


def _release(worker: SurfaceWorker, session: Any, *_: Any) -> None:
    """The view is gone: stop its worker and unhook its recorder (no reference to the view)."""
    if shiboken6.isValid(worker):  # at interpreter exit the worker may have gone first
        worker.shutdown()
    _LIVE_WORKERS.discard(worker)
    hooks = getattr(session, "chunk_hooks", None)
    if hooks is not None:
        with session.lock:
            if worker.record_chunk in hooks:
                hooks.remove(worker.record_chunk)


def _fit_range(v: np.ndarray) -> tuple[float, float]:
    """A range around the trajectory and the origin, with a quarter of its size as margin."""
    lo, hi = min(float(np.min(v)), 0.0), max(float(np.max(v)), 0.0)
    pad = max(0.25 * (hi - lo), 1e-3)
    return lo - pad, hi + pad
