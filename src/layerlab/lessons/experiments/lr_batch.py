"""Learning rate and batch size on MNIST: the 784-128-64-10 MLP trained with Adam at learning
rates 0.1, 0.01 and 0.0001 (and the learner's own), and what the batch size changes: updates per
epoch, training speed and activation memory."""

from __future__ import annotations

import dataclasses
import math
import time

import numpy as np

from layerlab.engine.network import Network
from layerlab.engine.spec import NetworkSpec
from layerlab.engine.summary import summarize
from layerlab.engine.threads import limit_blas_threads
from layerlab.engine.trainer import Trainer
from layerlab.lessons.experiments import Result, Slider, experiment
from layerlab.lessons.experiments import _mnist_runs as runs
from layerlab.lessons.figure import Figure, Line, Marker, Panel

PRESET = "mlp_784_128_64_10"
RATES = {"high": 0.1, "mid": 0.01, "low": 0.0001}
LR_BATCH = 64  # the learning-rate runs: 70 steps per epoch on 4,500 digits
LAST = 20  # steps averaged for a run's final loss
FULL_MNIST = 60_000
SPEED_BATCHES = (1, 8, 32, 128, 512)
SPEED_SAMPLES = 4096  # samples timed per batch size (less than an epoch)


def lr_run(lr: float, epochs: int, optimizer: str = "adam") -> runs.Run:
    """784-128-64-10 (the preset's He-initialised weights) trained with ``optimizer`` at ``lr``."""
    cfg = runs.config(runs.preset_spec(PRESET), {"kind": optimizer, "lr": lr}, epochs, LR_BATCH)
    return runs.train(cfg)


def final_loss(run: runs.Run) -> float:
    """Mean training loss of the last steps (inf when the run diverged)."""
    if run.diverged or not len(run.step_loss):
        return math.inf
    return float(np.mean(run.step_loss[-LAST:]))


def samples_per_second(spec: NetworkSpec, batch: int, samples: int = SPEED_SAMPLES) -> float:
    """Training throughput at ``batch``: about ``samples`` digits, timed after one warm step."""
    data = runs.digits(0.1, 0, 0)
    trainer = Trainer(Network(spec), (data.x, data.y), batch_size=batch)
    steps = max(1, min(samples // batch, 512, trainer.steps_per_epoch - 1))  # b = 1 is slow
    with limit_blas_threads(1):
        trainer.run_chunk(1)
        start = time.perf_counter()
        done = trainer.run_chunk(steps).steps
        seconds = time.perf_counter() - start
    return done * trainer.batch / max(seconds, 1e-9)


def batch_values(spec: NetworkSpec, n: int, batch: int) -> dict[str, float | int]:
    """Updates per epoch, activation memory (exact) and measured speed at ``batch``."""
    per_sample = summarize(spec, 1).memory["activations"]
    at_batch = summarize(spec, batch).memory["activations"]
    return {
        "batch_size": batch,
        "train_samples": n,
        "updates_per_epoch": n // batch,  # the trainer drops an incomplete last batch
        "updates_keep_last": math.ceil(n / batch),
        "full_mnist_updates": FULL_MNIST // batch,
        "activation_bytes_per_sample": per_sample,
        "activation_bytes": at_batch,
        "activation_ratio": at_batch / per_sample,
        "samples_per_second": samples_per_second(spec, batch),
    }


@experiment(
    "optimization.lr_batch_mnist",
    sliders=(
        Slider("lr", "learning rate η (Adam)", 1e-5, 1.0, 1e-5, 0.001, log=True),
        Slider("batch_size", "batch size", 1, 512, 1, 64, log=True),
    ),
)
def lr_batch_mnist(
    lr: float = 0.001, batch_size: int = 64, epochs: int = 2, optimizer: str = "adam"
) -> Result:
    """``optimizer`` (Adam) at 0.1, 0.01, 0.0001 and ``lr`` on 784-128-64-10 (4,500 mnist5k
    digits, batches of 64, ``epochs`` epochs); updates per epoch, speed and activation memory
    at ``batch_size``."""
    batch = max(1, round(float(batch_size)))
    trained = {name: lr_run(rate, epochs, optimizer) for name, rate in RATES.items()}
    trained["chosen"] = lr_run(float(lr), epochs, optimizer)
    values: dict[str, float | int | bool | str] = {"lr": float(lr), "optimizer": optimizer}
    for name, run in trained.items():
        values[f"{name}_final_loss"] = final_loss(run)
        values[f"{name}_max_loss"] = float(np.max(run.step_loss)) if len(run.step_loss) else 0.0
        values[f"{name}_val_accuracy"] = run.final_val_accuracy if not run.diverged else 0.0
        values[f"{name}_diverged"] = run.diverged
    values["high_over_mid"] = values["high_final_loss"] / values["mid_final_loss"]
    values["low_over_mid"] = values["low_final_loss"] / values["mid_final_loss"]
    spec = dataclasses.replace(runs.preset_spec(PRESET), batch_size=batch)
    n = len(runs.digits(0.1, 0, 0).y)
    values |= batch_values(spec, n, batch)
    speeds = {b: samples_per_second(spec, b) for b in SPEED_BATCHES}
    return Result(values, _figure(trained, values, n, speeds))


def _figure(trained: dict, values: dict, n: int, speeds: dict) -> Figure:
    rates = {**RATES, "chosen": values["lr"]}
    title = f"training loss 训练损失 ({values['optimizer']}, batch {LR_BATCH})"
    loss = Panel(title, [], "step", "", log_y=True)
    for colour, (name, run) in enumerate(trained.items()):
        style = "dashed" if name == "chosen" else "solid"
        x = np.arange(1, len(run.step_loss) + 1, dtype=np.float64)
        loss.items.append(Line(x, run.step_loss, f"η={rates[name]:g}", style, colour, 1.5))
    b = values["batch_size"]
    sizes = np.unique(np.round(np.geomspace(1, 512, 40)).astype(int)).astype(np.float64)
    updates = Panel(
        f"updates per epoch ({n:,} digits) 每轮更新次数",
        [
            Line(sizes, np.floor(n / sizes), "⌊n/b⌋ (LayerLab)", "solid", 0),
            Line(sizes, np.ceil(n / sizes), "⌈n/b⌉ (keep last batch)", "dashed", 1),
            Marker(b, f"b={b}: {values['updates_per_epoch']}"),
        ],
        "batch size b",
        "",
        log_x=True,
        log_y=True,
    )
    memory = Panel(
        "activation memory 激活内存 (KB)",
        [
            Line(sizes, sizes * values["activation_bytes_per_sample"] / 1e3, "", "solid", 2),
            Marker(b, f"b={b}: {values['activation_bytes'] / 1e3:.1f} KB"),
        ],
        "batch size b",
        "",
        log_x=True,
        log_y=True,
        legend=False,
    )
    xs = np.array(list(speeds), np.float64)
    speed = Panel(
        "training speed, measured 训练速度 (samples/s)",
        [
            Line(xs, np.array(list(speeds.values())), "", "solid", 3),
            Line(xs, np.array(list(speeds.values())), "", "dots", 3),
        ],
        "batch size b",
        "",
        log_x=True,
        legend=False,
    )
    caption = (
        f"final loss: η=0.1 {values['high_final_loss']:.3f}, "
        f"η=0.01 {values['mid_final_loss']:.3f}, η=0.0001 {values['low_final_loss']:.3f}; "
        f"batch {b}: {values['updates_per_epoch']} updates per epoch, "
        f"{values['activation_bytes']:,} bytes of activations, "
        f"{values['samples_per_second']:,.0f} samples/s on this machine"
    )
    return Figure([loss, updates, memory, speed], columns=2, caption=caption)
