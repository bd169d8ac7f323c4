"""Session: the only object holding both the engine and Qt. Builds, trains, serves snapshots."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QObject, Signal

from layerlab.app.worker import TrainingWorker
from layerlab.data import Splits, load_dataset
from layerlab.engine.callbacks import EarlyStopping
from layerlab.engine.errors import SpecError, TrainingError
from layerlab.engine.memory import available_bytes, human_bytes
from layerlab.engine.spec import NetworkSpec
from layerlab.engine.summary import summarize

if TYPE_CHECKING:  # the engine's kernels (numba) load on the first training, not at start-up
    from layerlab.engine.network import Network
    from layerlab.engine.trainer import Trainer


@dataclass
class RunSettings:
    """What to train on and when to stop (the network spec holds the rest)."""

    dataset: str = "mnist5k"
    options: dict[str, Any] = field(default_factory=dict)
    epochs: int = 10
    target_loss: float | None = None
    target_accuracy: float | None = None
    patience: int = 0  # early stopping after this many epochs without progress; 0: off
    restore_best: bool = True  # early stopping puts back the best epoch's weights


@dataclass(frozen=True)
class Snapshot:
    """What views read each frame: copies or views that the worker does not resize."""

    step: int
    epoch: int
    steps_per_epoch: int
    trace: np.ndarray  # (k, 2): loss, accuracy per step, most recent last
    history: list[dict[str, float]]
    running: bool


class Session(QObject):
    """Owns the Network, the Trainer and the worker thread."""

    state_changed = Signal(str)  # idle, running, paused, finished
    stopped = Signal(str)  # the reason, '' for a user pause
    epoch_finished = Signal(dict)
    failed = Signal(str)
    rebuilt = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lock = threading.Lock()
        self.run = RunSettings()
        self.net: Network | None = None
        self.trainer: Trainer | None = None
        self.splits: Splits | None = None
        self._spec: NetworkSpec | None = None
        self._data_key: tuple | None = None
        self.state = "idle"
        self._resume: tuple | None = None  # (state, training, history) of an opened project
        self._early: EarlyStopping | None = None  # this run's early stopping, if on
        self.chunk_hooks: list = []  # fn(session, ChunkResult), run in the worker under the lock
        self._worker = TrainingWorker(self)
        self._worker.epoch_finished.connect(self.epoch_finished)
        self._worker.stopped.connect(self._on_worker_stopped)
        self._worker.failed.connect(self._on_worker_failed)

    # ---- building ---------------------------------------------------------------------------
    @property
    def spec(self) -> NetworkSpec | None:
        """The spec the current network was built from."""
        return self._spec

    @property
    def running(self) -> bool:
        return self._worker.isRunning()

    def memory_warning(self, spec: NetworkSpec) -> str | None:
        """A message when training ``spec`` would need more memory than is free."""
        need = summarize(spec).memory["training_total"]
        free = available_bytes()
        if free is not None and need > 0.8 * free:
            return (
                f"Training this network needs about {human_bytes(need)}, but only "
                f"{human_bytes(free)} of memory is free."
            )
        return None

    def _load_data(self) -> Splits:
        key = (self.run.dataset, tuple(sorted(self.run.options.items())))
        if self.splits is None or key != self._data_key:
            self.splits = load_dataset(self.run.dataset, **self.run.options)
            self._data_key = key
            self.trainer = None
        return self.splits

    def prepare(self, spec: NetworkSpec) -> None:
        """Build (or keep) the network for ``spec`` and a trainer on the chosen data.

        Raises SpecError, TrainingError or DataError with a message for the user.
        """
        self.stop()
        splits = self._load_data()
        same_net = (
            self.net is not None and self._spec is not None and _same_network(self._spec, spec)
        )
        from layerlab.engine.network import Network
        from layerlab.engine.trainer import Trainer

        if not same_net:
            self._resume = None
            self._early = None
            net = Network(spec)
            with self.lock:
                self.net, self.trainer, self._spec = net, None, spec
            self.rebuilt.emit()
        elif spec.optimizer != self._spec.optimizer and self.trainer is not None:
            with self.lock:
                self.trainer.set_optimizer(spec.optimizer)
            self._spec = spec
        if self.trainer is None:
            self._check_data(splits)
            with self.lock:
                self.trainer = Trainer(
                    self.net, splits.train, splits.val, spec.optimizer, batch_size=spec.batch_size
                )
                if self._resume is not None:
                    state, training, history = self._resume
                    self.trainer.resume(
                        training.get("step", 0), training.get("epoch", 0), state, history
                    )

    def restore(
        self,
        spec: NetworkSpec,
        weights: dict,
        optimizer_state: np.ndarray | None,
        training: dict[str, Any],
        history: list[dict],
    ) -> None:
        """Adopt a saved project's weights; its optimizer state and history apply when
        training next starts on the same network."""
        from layerlab.engine.network import Network

        self.stop()
        net = Network(spec)
        net.load_state_dict(weights)
        with self.lock:
            self.net, self.trainer, self._spec = net, None, spec
        self._resume = (optimizer_state, dict(training), list(history))
        self.rebuilt.emit()

    def _check_data(self, splits: Splits) -> None:
        need = int(np.prod(self.net.input_shape))
        have = int(np.prod(splits.train.feature_shape))
        if need != have:
            raise TrainingError(
                "data_shape",
                f"the network takes inputs of shape {self.net.input_shape} ({need} values) but "
                f"{self.run.dataset} has samples of shape {splits.train.feature_shape}: "
                "change the input shape or the data set",
            )

    # ---- running ----------------------------------------------------------------------------
    def start(self) -> None:
        self._go(None)

    def step_batch(self) -> None:
        self._go(1)

    def step_epoch(self) -> None:
        self._go(None, epoch_only=True)

    def _go(self, budget: int | None, epoch_only: bool = False) -> None:
        if self.trainer is None or self.running:
            return
        self._arm_early_stopping()
        self._set_state("running")
        self._worker.run_steps(budget, epoch_only)

    def _arm_early_stopping(self) -> None:
        """Early stopping as the run settings say; it keeps its best epoch across pauses."""
        r, early = self.run, self._early
        if r.patience <= 0:
            self._early = None
        elif early is None or (early.patience, early.restore_best) != (r.patience, r.restore_best):
            self._early = EarlyStopping("val_loss", r.patience, restore_best=r.restore_best)

    def pause(self) -> None:
        self._worker.halt()

    def stop(self) -> None:
        """Stop the worker and wait for it (an edit during training rebuilds)."""
        self._worker.halt()
        self._worker.wait()

    def reset(self) -> None:
        """Back to the same initial weights and step 0."""
        self._restart(None)

    def reinitialize(self, seed: int) -> None:
        """Fresh weights from a new seed."""
        self._restart(seed)

    def _restart(self, seed: int | None) -> None:
        self.stop()
        if self.net is None:
            return
        with self.lock:
            self.net.reinitialize(seed)
            if self.trainer is not None:
                self.trainer.reset_progress()
        self._early = None
        self._set_state("idle")

    def set_optimizer(self, optimizer: dict[str, Any]) -> None:
        """Change hyper-parameters live, without a reset."""
        if self.trainer is not None:
            with self.lock:
                self.trainer.set_optimizer(optimizer)

    def add_chunk_hook(self, fn) -> None:
        """Run ``fn(session, result)`` after every chunk, in the worker thread, under the lock.

        Hooks record what views show (statistics, probe activations) into their own buffers;
        they must be cheap (the training loop waits for them).
        """
        self.chunk_hooks.append(fn)

    def stop_condition(self, metrics: dict[str, float]) -> str:
        """Called by the worker after each epoch: a reason to stop, or ''."""
        r = self.run
        if r.target_loss is not None and metrics.get("loss", np.inf) <= r.target_loss:
            return f"target reached: loss {metrics['loss']:.4g} <= {r.target_loss:g}"
        acc = metrics.get("val_accuracy", metrics.get("accuracy", 0.0))
        if r.target_accuracy is not None and acc >= r.target_accuracy:
            return f"target reached: accuracy {acc:.4f} >= {r.target_accuracy:g}"
        early = self._early
        if early is not None and self.trainer is not None:
            with self.lock:  # restoring the best weights writes the network
                if early.on_epoch_end(self.trainer, metrics):
                    return self.trainer.stop_reason or "early stopping"
        if metrics.get("epoch", 0) >= r.epochs:
            return f"finished {r.epochs} epochs"
        return ""

    @property
    def best_epoch(self) -> int | None:
        """The epoch early stopping considers best so far (None when it is off)."""
        e = self._early
        return int(e.best_epoch) if e is not None and e.best_epoch >= 0 else None

    def _set_state(self, state: str) -> None:
        self.state = state
        self.state_changed.emit(state)

    def _on_worker_stopped(self, reason: str) -> None:
        self._set_state("finished" if reason else "paused")
        self.stopped.emit(reason)

    def _on_worker_failed(self, message: str) -> None:
        self._set_state("paused")
        self.failed.emit(message)

    # ---- reading ----------------------------------------------------------------------------
    def state_key(self) -> tuple | None:
        """(step, history rows, running) without copying anything: what the frame clock
        compares each tick before it asks for a snapshot."""
        t = self.trainer
        return None if t is None else (t.step, len(t.history.rows), self.running)

    def snapshot(self) -> Snapshot | None:
        t = self.trainer
        if t is None:
            return None
        return Snapshot(
            t.step,
            t.epoch,
            t.steps_per_epoch,
            t.trace.latest(20_000),
            list(t.history.rows),
            self.running,
        )

    def weight_stats(self, layer_id: str) -> dict[str, dict[str, float]] | None:
        """Mean, std, min, max and fraction of zeros of each weight of a layer."""
        if self.net is None:
            return None
        out = {}
        with self.lock:
            for name, w in self.net.params.items():
                if name.startswith(layer_id + "."):
                    out[name.split(".", 1)[1]] = {
                        "mean": float(w.mean()),
                        "std": float(w.std()),
                        "min": float(w.min()),
                        "max": float(w.max()),
                        "zeros": float(np.mean(w == 0)),
                    }
        return out or None

    def training_state(self) -> dict[str, Any]:
        """Weights, optimizer state and history for a project file."""
        if self.net is None or self.trainer is None:
            return {}
        with self.lock:
            t = self.trainer
            return {
                "weights": self.net.state_dict(),
                "optimizer_state": t.state.copy(),
                "training": {
                    "step": t.step,
                    "epoch": t.epoch,
                    "optimizer": dict(self._spec.optimizer),
                },
                "history": list(t.history.rows),
            }

    def shutdown(self) -> None:
        self.stop()


def _same_network(a: NetworkSpec, b: NetworkSpec) -> bool:
    """Same layers, input, loss, init, seed and batch: the weights can be kept."""
    return (a.input_shape, a.layers, a.loss, a.init, a.seed, a.batch_size) == (
        b.input_shape,
        b.layers,
        b.loss,
        b.init,
        b.seed,
        b.batch_size,
    )


__all__ = ["RunSettings", "Session", "Snapshot", "SpecError"]
