"""Trainer: shuffled mini-batches run in chunks of steps, epoch metrics, stop conditions."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from layerlab.engine.callbacks import Callback
from layerlab.engine.kernels import program as prog
from layerlab.engine.network import Network
from layerlab.engine.optimizers import OptimizerConfig, parse_optimizer
from layerlab.engine.schedules import learning_rates
from layerlab.engine.telemetry import StepTrace


@dataclass
class ChunkResult:
    """What one run_chunk call did."""

    steps: int
    losses: npt.NDArray[np.float32]
    accuracy: npt.NDArray[np.float32]
    epoch_finished: bool = False
    metrics: dict[str, float] | None = None
    stopped: str | None = None


HISTORY_CAPACITY = 20_000  # epochs kept in full; older ones are thinned beyond this


@dataclass
class History:
    """Per-epoch metrics: epoch, loss, accuracy, val_loss, val_accuracy, lr.

    Bounded: past ``capacity`` rows the older half keeps every other row, so a run of any
    length holds at most ``capacity`` rows, the recent epochs all of them and the early ones
    ever more sparsely (each row keeps its "epoch", so curves stay true to scale)."""

    rows: list[dict[str, float]] = field(default_factory=list)
    capacity: int = HISTORY_CAPACITY

    def column(self, key: str) -> list[float]:
        return [r[key] for r in self.rows if key in r]

    def append(self, row: dict[str, float]) -> None:
        self.rows.append(row)
        if len(self.rows) > self.capacity:
            half = len(self.rows) // 2
            self.rows[:half] = self.rows[:half:2]


def _xy(data: Any) -> tuple[np.ndarray, np.ndarray]:
    return (data.x, data.y) if hasattr(data, "x") else (data[0], data[1])


def _order(n: int, batch: int, seed: int, epoch: int, shuffle: bool) -> npt.NDArray[np.int64]:
    steps = n // batch
    perm = np.random.default_rng([seed, epoch]).permutation(n) if shuffle else np.arange(n)
    return np.ascontiguousarray(perm[: steps * batch].reshape(steps, batch), dtype=np.int64)


class Trainer:
    """Trains ``net`` on (x, y) or a Dataset; one numba call per chunk of steps."""

    def __init__(
        self,
        net: Network,
        train: Any,
        val: Any = None,
        optimizer: dict[str, Any] | OptimizerConfig | None = None,
        batch_size: int | None = None,
        seed: int | None = None,
        shuffle: bool = True,
    ) -> None:
        self.net = net
        x, y = _xy(train)
        self.x = np.ascontiguousarray(np.asarray(x, np.float32).reshape(len(x), -1))
        if self.x.shape[1] != int(np.prod(net.input_shape)):
            raise ValueError(
                f"training inputs have {self.x.shape[1]} values; the network expects "
                f"{int(np.prod(net.input_shape))} ({net.input_shape})"
            )
        self.yi, self.yf, self.use_yf = net.labels(y)
        self.val = _xy(val) if val is not None else None
        self.batch = max(1, min(batch_size or net.spec.batch_size, len(self.x)))
        if net.batch_size < self.batch:
            net.set_batch_size(self.batch)
        self.seed = net.spec.seed if seed is None else seed
        self.shuffle = shuffle
        self.set_optimizer(optimizer or net.spec.optimizer)
        self.trace = StepTrace(1 << 16)
        self.reset_progress()

    # ---- settings -----------------------------------------------------------------------------
    def set_optimizer(self, optimizer: dict[str, Any] | OptimizerConfig) -> None:
        """Use a new optimizer; its state resets only when the kind changes."""
        cfg = optimizer if isinstance(optimizer, OptimizerConfig) else parse_optimizer(optimizer)
        if getattr(self, "opt", None) is None or cfg.kind != self.opt.kind:
            self.state = np.zeros((2, self.net.n_trainable), np.float32)
        self.opt = cfg
        self.work = np.zeros(self.net.n_trainable, np.float32)
        self.hyper = cfg.hyper()

    def reset_progress(self) -> None:
        """Back to step 0: optimizer state cleared, dropout RNG re-seeded (weights untouched)."""
        self.state = np.zeros((2, self.net.n_trainable), np.float32)
        self.net.rng[0] = np.uint64(0x9E3779B97F4A7C15 ^ (self.seed + 1))
        self.step = 0
        self.epoch = 0
        self.pos = 0
        self._batches = _order(len(self.x), self.batch, self.seed, 0, self.shuffle)
        self._epoch_sums = np.zeros(2)
        self.history = History()
        self.stop_reason: str | None = None

    def resume(
        self, step: int, epoch: int, state: np.ndarray | None, history: list[dict[str, float]]
    ) -> None:
        """Continue a saved run: at the start of ``epoch`` after ``step`` steps."""
        if state is not None:
            if state.shape != self.state.shape:
                raise ValueError(
                    f"optimizer state has shape {state.shape}, expected {self.state.shape}"
                )
            self.state[...] = state
        self.step, self.epoch, self.pos = int(step), int(epoch), 0
        self._batches = _order(len(self.x), self.batch, self.seed, self.epoch, self.shuffle)
        self.history = History([dict(r) for r in history])

    @property
    def steps_per_epoch(self) -> int:
        return len(self.x) // self.batch

    @property
    def lr(self) -> float:
        return float(
            learning_rates(self.opt.schedule, self.opt.lr, self.step, 1, self.steps_per_epoch)[0]
        )

    # ---- running ------------------------------------------------------------------------------
    def run_chunk(self, k: int = 32) -> ChunkResult:
        """Up to k steps, never past the end of the epoch."""
        net = self.net
        k = max(1, min(k, self.steps_per_epoch - self.pos))
        batches = self._batches[self.pos : self.pos + k]
        lrs = learning_rates(self.opt.schedule, self.opt.lr, self.step, k, self.steps_per_epoch)
        losses = np.zeros(k, np.float64)
        correct = np.zeros(k, np.int64)
        done = prog.train_steps(
            net.ops,
            net.fops,
            net.loss_row,
            net.P,
            net.G,
            self.state,
            net.decay_mask,
            self.work,
            net.A,
            net.dA,
            self.hyper,
            self.opt.code,
            lrs,
            self.step,
            self.x,
            self.yi,
            self.yf,
            self.use_yf,
            batches,
            net.input_tensor.offset,
            net.rng,
            losses,
            correct,
            True,
        )
        net._last_n = self.batch
        acc = (correct[:done] / self.batch).astype(np.float32)
        result = ChunkResult(done, losses[:done].astype(np.float32), acc)
        self.trace.push(np.stack([result.losses, acc], axis=1))
        self.step += done
        self.pos += done
        self._epoch_sums += (losses[:done].sum(), acc.sum())
        if done < k:
            self.stop_reason = result.stopped = self._nan_reason(losses[done], lrs[done])
            return result
        if self.pos == self.steps_per_epoch:
            result.epoch_finished = True
            result.metrics = self._finish_epoch()
        return result

    def _nan_reason(self, loss: float, lr: float) -> str:
        kind = "NaN" if math.isnan(loss) else "infinite"
        return (
            f"the loss became {kind} at step {self.step + 1} (epoch {self.epoch + 1}): the "
            f"weights diverged. Lower the learning rate (now {lr:g}), add gradient clipping, "
            "or normalise the inputs; then reset the weights"
        )

    def _finish_epoch(self) -> dict[str, float]:
        spe = self.steps_per_epoch
        m = {
            "epoch": float(self.epoch + 1),
            "loss": float(self._epoch_sums[0] / spe),
            "accuracy": float(self._epoch_sums[1] / spe),
            "lr": self.lr,
        }
        if self.val is not None and len(self.val[0]):
            m["val_loss"], m["val_accuracy"], _ = self.net.evaluate(*self.val)
        self.history.append(m)
        self.epoch += 1
        self.pos = 0
        self._epoch_sums[:] = 0
        self._batches = _order(len(self.x), self.batch, self.seed, self.epoch, self.shuffle)
        return m

    def run_epoch(self, chunk: int = 64) -> ChunkResult:
        """Finish the current epoch (or stop at a non-finite loss)."""
        while True:
            r = self.run_chunk(chunk)
            if r.stopped or r.epoch_finished:
                return r

    def fit(
        self,
        epochs: int,
        callbacks: Sequence[Callback] = (),
        on_epoch: Callable[[dict[str, float]], None] | None = None,
    ) -> History:
        """Train for ``epochs`` more epochs or until a callback or a NaN stops it."""
        self.stop_reason = None
        for _ in range(epochs):
            r = self.run_epoch()
            if r.stopped:
                break
            assert r.metrics is not None
            if on_epoch:
                on_epoch(r.metrics)
            if any([cb.on_epoch_end(self, r.metrics) for cb in callbacks]):
                break
        return self.history
