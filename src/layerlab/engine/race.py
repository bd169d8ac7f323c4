"""OptimizerRace: one network per optimizer, the same initial weights and batches, in lockstep.

Each racer is a Network built from the same spec (so the same seed gives the same weights,
checked) and a Trainer with the same seed (so the same mini-batch order: it depends only on
(seed, epoch)). ``step(n)`` runs n steps of every racer in turn and only then publishes their
losses, so a snapshot always shows the racers at the same step. A racer whose loss becomes
non-finite, or rises far above where it started, is marked diverged and stops; the others go on.

The trainer (and numba with it) is imported on first use: the GUI reads the default racers
without loading the kernels.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from layerlab.engine.optimizers import parse_optimizer
from layerlab.engine.spec import NetworkSpec

if TYPE_CHECKING:
    from layerlab.engine.trainer import ChunkResult, Trainer

F32 = npt.NDArray[np.float32]

# Saito, Deep Learning from Scratch, section 6.1 (the MNIST comparison of Fig. 6-9)
DEFAULT_RACERS: tuple[dict[str, Any], ...] = (
    {"kind": "sgd", "lr": 0.01},
    {"kind": "momentum", "lr": 0.01, "momentum": 0.9},
    {"kind": "adagrad", "lr": 0.01},
    {"kind": "rmsprop", "lr": 0.001},
    {"kind": "adam", "lr": 0.001},
)
TITLES = {
    "sgd": "SGD",
    "momentum": "Momentum",
    "nesterov": "Nesterov",
    "adagrad": "AdaGrad",
    "adadelta": "AdaDelta",
    "rmsprop": "RMSProp",
    "adam": "Adam",
    "adamw": "AdamW",
}
DIVERGE_FACTOR = 10.0  # a chunk's mean loss this many times the first step's loss: diverged


def racer_name(optimizer: dict[str, Any]) -> str:
    """'Adam (0.001)': the kind's usual spelling and the learning rate."""
    cfg = parse_optimizer(optimizer)
    return f"{TITLES.get(cfg.kind, cfg.kind)} ({cfg.lr:g})"


@dataclass(frozen=True)
class RacerSnapshot:
    """One racer's curves: training loss per step; validation per epoch (index 0: untrained)."""

    name: str
    optimizer: dict[str, Any]
    losses: F32
    val_loss: F32
    val_accuracy: F32
    diverged: str | None


@dataclass(frozen=True)
class RaceSnapshot:
    """Every racer's curves at one moment; all running racers at ``step``."""

    step: int
    steps_per_epoch: int
    racers: tuple[RacerSnapshot, ...]
    finished: bool


class _Racer:
    """A trainer and its published curves (grown by doubling; read under the race's lock)."""

    def __init__(self, name: str, optimizer: dict[str, Any], trainer: Trainer) -> None:
        self.name, self.optimizer, self.trainer = name, optimizer, trainer
        self.losses = np.empty(1024, np.float32)
        self.count = 0
        self.val: list[tuple[float, float]] = []
        self.diverged: str | None = None

    def publish(self, losses: F32, val: tuple[float, float] | None) -> None:
        need = self.count + len(losses)
        if need > len(self.losses):
            grown = np.empty(max(need, 2 * len(self.losses)), np.float32)
            grown[: self.count] = self.losses[: self.count]
            self.losses = grown
        self.losses[self.count : need] = losses
        self.count = need
        if val is not None:
            self.val.append(val)

    def snapshot(self) -> RacerSnapshot:
        """Read-only views of the published curves: publishing only appends, and a grown buffer
        is a new array, so what a view shows never changes under its reader."""
        val = np.array(self.val, np.float32).reshape(-1, 2)
        losses = self.losses[: self.count]
        losses.flags.writeable = False
        return RacerSnapshot(
            self.name, dict(self.optimizer), losses, val[:, 0], val[:, 1], self.diverged
        )


class OptimizerRace:
    """Trains one copy of ``spec`` per optimizer from the same weights on the same batches."""

    def __init__(
        self,
        spec: NetworkSpec,
        train: Any,
        val: Any = None,
        optimizers: Sequence[dict[str, Any]] = DEFAULT_RACERS,
        batch_size: int | None = None,
        seed: int | None = None,
        epochs: int | None = None,
    ) -> None:
        from layerlab.engine.network import Network
        from layerlab.engine.trainer import Trainer

        if not optimizers:
            raise ValueError("a race needs at least one optimizer")
        for i, opt in enumerate(optimizers):
            try:
                parse_optimizer(opt)
            except ValueError as e:
                raise ValueError(f"racer {i + 1}: {e}") from None
        if epochs is not None and epochs < 1:
            raise ValueError(f"epochs must be at least 1, got {epochs}")
        nets = [Network(spec) for _ in optimizers]
        if any(not np.array_equal(n.P, nets[0].P) for n in nets[1:]):
            raise RuntimeError("networks built from the same spec got different initial weights")
        seed = spec.seed if seed is None else seed
        names = _unique([racer_name(o) for o in optimizers])
        self._racers = [
            _Racer(name, dict(opt), Trainer(net, train, val, dict(opt), batch_size, seed))
            for name, opt, net in zip(names, optimizers, nets, strict=True)
        ]
        self.spec, self.seed, self.epochs = spec, seed, epochs
        self.batch_size = self._racers[0].trainer.batch
        self.steps_per_epoch = self._racers[0].trainer.steps_per_epoch
        self.step_count = 0
        self._start_loss: float | None = None
        self._lock = threading.Lock()
        first = self._racers[0].trainer
        if first.val is not None and len(first.val[0]):
            loss, acc, _ = first.net.evaluate(*first.val)  # the same weights for every racer
            for r in self._racers:
                r.val.append((loss, acc))

    # ---- reading (any thread) -----------------------------------------------------------------
    @property
    def names(self) -> list[str]:
        return [r.name for r in self._racers]

    @property
    def trainers(self) -> list[Trainer]:
        """The racers' trainers (their networks, optimizer state and histories)."""
        return [r.trainer for r in self._racers]

    @property
    def finished(self) -> bool:
        """Every racer diverged, or the race ran its epochs."""
        done = self.epochs is not None and self.step_count >= self.epochs * self.steps_per_epoch
        return done or all(r.diverged for r in self._racers)

    def snapshot(self) -> RaceSnapshot:
        """The curves, consistent between racers (safe while another thread steps; no copies)."""
        with self._lock:
            racers = tuple(r.snapshot() for r in self._racers)
            return RaceSnapshot(self.step_count, self.steps_per_epoch, racers, self.finished)

    # ---- stepping (one thread) ----------------------------------------------------------------
    def step(self, n: int) -> int:
        """Run up to ``n`` steps of every running racer; returns how many the race advanced."""
        n = max(1, int(n))
        if self.epochs is not None:
            n = min(n, self.epochs * self.steps_per_epoch - self.step_count)
        advanced = 0
        while advanced < n and not self.finished:
            moved = self._round(n - advanced)
            if moved == 0:
                break
            advanced += moved
        return advanced

    def _round(self, k: int) -> int:
        """One chunk of up to k steps (never past an epoch's end) for each running racer."""
        results: list[tuple[_Racer, ChunkResult]] = []
        moved = 0
        for racer in self._racers:
            if racer.diverged is None:
                r = racer.trainer.run_chunk(k)
                results.append((racer, r))
                if not r.stopped:
                    moved = r.steps  # every healthy racer sees the same epoch boundary
        if self._start_loss is None:
            firsts = [r.losses[0] for _, r in results if r.steps]
            self._start_loss = float(firsts[0]) if firsts else None
        with self._lock:
            for racer, r in results:
                val = None
                if r.epoch_finished and r.metrics and "val_loss" in r.metrics:
                    val = (r.metrics["val_loss"], r.metrics["val_accuracy"])
                racer.publish(r.losses, val)
                racer.diverged = r.stopped or self._blown_up(racer, r.losses)
            self.step_count += moved
        return moved

    def _blown_up(self, racer: _Racer, losses: F32) -> str | None:
        start = self._start_loss
        if start is None or start <= 0 or not len(losses):
            return None
        mean = float(losses.mean())
        if mean <= DIVERGE_FACTOR * start:
            return None
        return (
            f"the loss rose to {mean:.4g} by step {racer.trainer.step}, more than "
            f"{DIVERGE_FACTOR:g} times its start ({start:.4g}): the optimizer diverged. "
            f"Lower the learning rate (now {racer.trainer.opt.lr:g})"
        )


def _unique(names: list[str]) -> list[str]:
    """Number repeated names: 'Adam (0.001)', 'Adam (0.001) #2'."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} #{seen[name]}")
    return out


_blas_limited = False


class RaceRunner:
    """Steps a race in a background thread in chunks of about ``target_s`` seconds.

    ``build`` makes the race in that thread (data loading and kernel loading stay off the
    caller's thread). An exception ends the thread and is kept in ``error`` as a message.
    """

    def __init__(
        self, build: Callable[[], OptimizerRace] | None = None, target_s: float = 0.015
    ) -> None:
        self._build = build
        self.target_s = target_s
        self.race: OptimizerRace | None = None
        self.error: str | None = None
        self.chunk = 1  # steps per racer per call of race.step, adapted to target_s
        self._halt = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        """The thread is alive (it may be finishing its last chunk after ``halt``)."""
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """Build the race (first time) and step it until halted or finished."""
        if self.running and not self._halt.is_set():
            return
        self.pause()  # a halted thread may still be finishing its chunk
        self._halt.clear()
        self.error = None
        self._thread = threading.Thread(target=self._run, name="optimizer-race", daemon=True)
        self._thread.start()

    def halt(self) -> None:
        """Ask the thread to stop after its chunk; returns at once."""
        self._halt.set()

    def pause(self) -> None:
        """Stop stepping and wait for the thread (one chunk, or the race being built)."""
        self._halt.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def reset(self, build: Callable[[], OptimizerRace] | None = None) -> None:
        """Stop, forget the race (and error); the next start builds anew (with ``build``)."""
        self.pause()
        self.race, self.error, self.chunk = None, None, 1
        if build is not None:
            self._build = build

    def _run(self) -> None:
        global _blas_limited
        try:
            if not _blas_limited:  # process-wide and ~10 ms with the GIL held: once
                from layerlab.engine.threads import limit_blas_threads

                limit_blas_threads(1)
                _blas_limited = True
            if self.race is None:
                if self._build is None:
                    raise ValueError("there is no race to run: give the runner a build function")
                self.race = self._build()
            self._loop(self.race)
        except Exception as e:  # the message is for the user; the caller stays usable
            self.error = str(e) if isinstance(e, ValueError) else f"{type(e).__name__}: {e}"

    def _loop(self, race: OptimizerRace) -> None:
        while not self._halt.is_set() and not race.finished:
            t0 = time.perf_counter()
            moved = race.step(self.chunk)
            dt = time.perf_counter() - t0
            if moved == 0:
                return
            if moved == self.chunk and dt > 0:  # aim at target_s per call, smoothly
                self.chunk = max(1, min(4096, round(0.5 * self.chunk * (1 + self.target_s / dt))))
