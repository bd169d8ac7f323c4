"""Seeded training runs on the bundled MNIST digits (mnist5k) for the lessons' experiments.

Runs are cached by their settings: a slider that changes one run retrains only that run, and
claims of one lesson that share a baseline train it once. Cached arrays are read-only.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

from layerlab.data import load_dataset
from layerlab.engine.callbacks import EarlyStopping
from layerlab.engine.network import Network
from layerlab.engine.spec import NetworkSpec
from layerlab.engine.threads import limit_blas_threads
from layerlab.engine.trainer import ChunkResult, Trainer
from layerlab.lessons.experiments._networks import preset_spec as preset_spec  # re-exported

F32 = npt.NDArray[np.float32]
F64 = npt.NDArray[np.float64]


def dense_relu_spec(
    hidden: tuple[int, ...],
    dropout: float = 0.0,
    input_dropout: float = 0.0,
    seed: int = 0,
    init: str = "he_normal",
) -> NetworkSpec:
    """784-hidden...-10 with ReLU (He initialisation), optional dropout after the input and
    after every hidden layer."""
    layers: list[dict[str, Any]] = []
    if input_dropout > 0:
        layers.append({"id": "drop0", "kind": "Dropout", "rate": input_dropout})
    for i, units in enumerate(hidden, 1):
        layers.append({"id": f"fc{i}", "kind": "Dense", "units": units, "activation": "relu"})
        if dropout > 0:
            layers.append({"id": f"drop{i}", "kind": "Dropout", "rate": dropout})
    layers.append({"id": f"fc{len(hidden) + 1}", "kind": "Dense", "units": 10})
    name = "-".join(map(str, (784, *hidden, 10)))
    return NetworkSpec.from_dict(
        {"name": name, "input": [784], "layers": layers, "init": init, "seed": seed}
    )


@dataclass(frozen=True)
class Digits:
    """Flattened training digits and the held-out digits they are validated on."""

    x: F32
    y: npt.NDArray[np.int32]
    val_x: F32
    val_y: npt.NDArray[np.int32]


@lru_cache(maxsize=2)  # each holds a copy of the digits (16 MB)
def digits(val_fraction: float = 0.1, seed: int = 0, n_val: int = 0) -> Digits:
    """mnist5k split as ``load_dataset("mnist5k", val_fraction=..., seed=...)`` splits it;
    ``n_val`` > 0 keeps only that many of the held-out digits (a random subset: the split
    shuffles them) to make each epoch's validation cheaper."""
    splits = load_dataset("mnist5k", val_fraction=val_fraction, seed=seed)
    assert splits.val is not None
    keep = n_val if n_val > 0 else splits.val.n
    out = Digits(
        np.ascontiguousarray(splits.train.x.reshape(splits.train.n, -1)),
        splits.train.y,
        np.ascontiguousarray(splits.val.x[:keep].reshape(min(keep, splits.val.n), -1)),
        np.ascontiguousarray(splits.val.y[:keep]),
    )
    for a in (out.x, out.y, out.val_x, out.val_y):
        a.flags.writeable = False
    return out


@dataclass(frozen=True)
class Run:
    """What one training run did, epoch by epoch."""

    step_loss: F32  # training loss of every step
    epoch_loss: F64  # the trainer's mean loss over each epoch (training mode: dropout on)
    train_loss: F64  # evaluation mode on the whole training set after each epoch (or NaN)
    train_accuracy: F64
    val_loss: F64  # on the held-out digits after each epoch
    val_accuracy: F64
    final_val_loss: float  # the network as it ends (restored weights with early stopping)
    final_val_accuracy: float
    stopped: str  # why training ended before its epochs ("" when it ran them all)
    diverged: bool  # the loss became NaN or infinite
    best_epoch: int  # early stopping's best epoch (0 when it was off)
    weights: dict[str, F32]
    seconds: float  # wall time of training

    @property
    def epochs(self) -> F64:
        return np.arange(1, len(self.val_loss) + 1, dtype=np.float64)


@dataclass(frozen=True)
class RunConfig:
    """A run's settings in hashable form (the cache key)."""

    spec_json: str
    optimizer_json: str
    epochs: int
    batch_size: int
    val_fraction: float = 0.1
    n_val: int = 0
    eval_train: bool = False
    patience: int = 0
    weights_from: str = ""  # a spec (JSON) whose same-named initial weights this run starts from


def config(
    spec: NetworkSpec,
    optimizer: dict[str, Any],
    epochs: int,
    batch_size: int,
    **options: Any,
) -> RunConfig:
    """A RunConfig from a spec and an optimizer dict (see RunConfig for the options)."""
    source = options.pop("weights_from", None)
    return RunConfig(
        spec.to_json(),
        json.dumps(optimizer, sort_keys=True),
        int(epochs),
        int(batch_size),
        weights_from=source.to_json() if isinstance(source, NetworkSpec) else "",
        **options,
    )


def train(cfg: RunConfig) -> Run:
    """Train as configured (or return the cached run of the same settings)."""
    return _train_cached(cfg)


def build(cfg: RunConfig) -> Network:
    """The run's network with its initial weights."""
    net = Network(NetworkSpec.from_json(cfg.spec_json))
    if cfg.weights_from:
        source = Network(NetworkSpec.from_json(cfg.weights_from)).params
        for name, view in net.params.items():
            if name in source and source[name].shape == view.shape:
                view[...] = source[name]
    return net


@lru_cache(maxsize=32)  # a run holds its final weights (up to 1.6 MB here)
def _train_cached(cfg: RunConfig) -> Run:
    data = digits(cfg.val_fraction, 0, cfg.n_val)
    net = build(cfg)
    trainer = Trainer(
        net,
        (data.x, data.y),
        (data.val_x, data.val_y),
        json.loads(cfg.optimizer_json),
        batch_size=cfg.batch_size,
    )
    rows: list[tuple[float, float]] = []
    steps: list[F32] = []

    def on_epoch(metrics: dict[str, float]) -> None:
        if cfg.eval_train:
            loss, acc, _ = net.evaluate(data.x, data.y)
            rows.append((loss, acc))
        else:
            rows.append((np.nan, np.nan))

    stopper = EarlyStopping("val_loss", cfg.patience) if cfg.patience > 0 else None
    start = time.perf_counter()
    with limit_blas_threads(1):  # two BLAS threads fight other work on a small machine
        for _ in range(cfg.epochs):
            result = _one_epoch(trainer, steps)
            if result.stopped:
                break
            assert result.metrics is not None
            on_epoch(result.metrics)
            if stopper is not None and stopper.on_epoch_end(trainer, result.metrics):
                break
        seconds = time.perf_counter() - start
        final_loss, final_acc, _ = net.evaluate(data.val_x, data.val_y)
    return _freeze(trainer, rows, steps, stopper, final_loss, final_acc, seconds)


def _one_epoch(trainer: Trainer, steps: list[F32]) -> ChunkResult:
    while True:
        result = trainer.run_chunk(64)
        steps.append(result.losses)
        if result.stopped or result.epoch_finished:
            return result


def _freeze(
    trainer: Trainer,
    rows: list[tuple[float, float]],
    steps: list[F32],
    stopper: EarlyStopping | None,
    final_loss: float,
    final_acc: float,
    seconds: float,
) -> Run:
    history = trainer.history
    arrays = [
        np.concatenate(steps) if steps else np.zeros(0, np.float32),
        np.array(history.column("loss"), np.float64),
        np.array([r[0] for r in rows], np.float64),
        np.array([r[1] for r in rows], np.float64),
        np.array(history.column("val_loss"), np.float64),
        np.array(history.column("val_accuracy"), np.float64),
    ]
    weights = trainer.net.state_dict()
    for a in [*arrays, *weights.values()]:
        a.flags.writeable = False
    reason = trainer.stop_reason or ""
    return Run(
        *arrays,
        final_val_loss=float(final_loss),
        final_val_accuracy=float(final_acc),
        stopped=reason,
        diverged="diverged" in reason,
        best_epoch=int(stopper.best_epoch) if stopper is not None else 0,
        weights=weights,
        seconds=seconds,
    )
