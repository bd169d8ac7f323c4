"""Batch normalisation: the reference network Dense(100)-BN-ReLU-Dense(10) against the same
network without its BatchNorm layer, from the same initial weights and the same batches, at a
learning rate and at ten times it (Ioffe & Szegedy 2015; 斋藤康毅《深度学习入门》§6.3)."""

from __future__ import annotations

import dataclasses

import numpy as np

from layerlab.engine.spec import NetworkSpec
from layerlab.lessons.experiments import Result, Slider, experiment
from layerlab.lessons.experiments import _mnist_runs as runs
from layerlab.lessons.figure import Figure, Line, Panel

PRESET = "reference_bn"
BATCH = 100  # 4,500 training digits: 45 steps per epoch
SMOOTH = 5  # steps averaged in the drawn loss curves


def without_batchnorm(spec: NetworkSpec) -> NetworkSpec:
    """The same network with its BatchNorm layers left out (every other layer, id and setting
    kept, so same-named weights can be copied across)."""
    layers = tuple(layer for layer in spec.layers if layer.kind != "BatchNorm")
    return dataclasses.replace(spec, layers=layers, name=f"{spec.name} without BatchNorm")


def _run(spec: NetworkSpec, source: NetworkSpec, kind: str, lr: float, epochs: int) -> runs.Run:
    cfg = runs.config(spec, {"kind": kind, "lr": lr}, epochs, BATCH, weights_from=source)
    return runs.train(cfg)


def _summary(prefix: str, run: runs.Run) -> dict[str, float | bool]:
    losses = run.epoch_loss
    return {
        f"{prefix}_epoch1_loss": float(losses[0]) if len(losses) else float("inf"),
        f"{prefix}_final_loss": float(losses[-1]) if not run.diverged else float("inf"),
        f"{prefix}_val_accuracy": run.final_val_accuracy if not run.diverged else 0.0,
        f"{prefix}_diverged": run.diverged,
    }


@experiment(
    "batchnorm.with_and_without",
    sliders=(Slider("lr", "learning rate η", 0.001, 1.0, 0.001, 0.2, log=True),),
)
def with_and_without(
    optimizer: str = "sgd", lr: float = 0.2, factor: float = 10.0, epochs: int = 5
) -> Result:
    """Training loss of the reference network with and without BatchNorm at ``lr`` and at
    ``factor`` × ``lr`` (``optimizer``: the kind; 4,500 mnist5k digits, batches of 100)."""
    bn = runs.preset_spec(PRESET)
    plain = without_batchnorm(bn)
    rates = {"": lr, "high_": lr * factor}
    trained = {
        (name, tag): _run(spec, bn, optimizer, rate, epochs)
        for tag, rate in rates.items()
        for name, spec in (("bn", bn), ("plain", plain))
    }
    values: dict[str, float | bool | str] = {"lr": lr, "high_lr": lr * factor}
    for (name, tag), run in trained.items():
        values |= _summary(f"{tag}{name}", run)
    base_bn, base_plain = trained["bn", ""], trained["plain", ""]
    n = min(len(base_bn.epoch_loss), len(base_plain.epoch_loss))
    values["bn_lower_every_epoch"] = bool(
        n > 0 and np.all(base_bn.epoch_loss[:n] < base_plain.epoch_loss[:n])
    )
    values["epoch1_loss_ratio"] = values["plain_epoch1_loss"] / values["bn_epoch1_loss"]
    return Result(values, _figure(trained, rates, optimizer, values))


def _smooth(losses: np.ndarray) -> np.ndarray:
    finite = losses[np.isfinite(losses)]
    if len(finite) < SMOOTH:
        return finite.astype(np.float64)
    return np.convolve(finite, np.ones(SMOOTH) / SMOOTH, mode="valid")


def _figure(trained: dict, rates: dict[str, float], optimizer: str, values: dict) -> Figure:
    loss = Panel(
        f"training loss 训练损失 ({optimizer}, mean of {SMOOTH} steps)",
        [],
        "step",
        "",
        log_y=True,
    )
    acc = Panel("validation accuracy 验证精度", [], "epoch", "", y_range=(0.0, 1.0))
    for (name, tag), run in trained.items():
        label = f"{'BN' if name == 'bn' else 'no BN'} η={rates[tag]:g}"
        colour, style = (0 if name == "bn" else 1), ("dashed" if tag else "solid")
        y = _smooth(run.step_loss)
        loss.items.append(
            Line(np.arange(len(y), dtype=np.float64) + SMOOTH, y, label, style, colour)
        )
        acc.items.append(Line(run.epochs, run.val_accuracy, label, style, colour))
    caption = (
        f"η = {values['lr']:g}: epoch-1 loss {values['bn_epoch1_loss']:.3f} with BN, "
        f"{values['plain_epoch1_loss']:.3f} without; η = {values['high_lr']:g}: final loss "
        f"{values['high_bn_final_loss']:.3f} with BN, {values['high_plain_final_loss']:.3f} "
        "without"
    )
    return Figure([loss, acc], columns=2, caption=caption)
