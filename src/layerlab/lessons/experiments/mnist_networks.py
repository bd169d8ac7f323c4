"""The textbooks' MNIST networks (the presets mlp_512_rmsprop, reference_bn, mlp_784_128_64_10):
parameters and memory from the engine's summary, then training on the bundled 5,000 digits
with the preset's own optimizer and batch size, and the accuracy on the held-out digits."""

from __future__ import annotations

import numpy as np

from layerlab.engine.summary import Summary, summarize
from layerlab.lessons.experiments import Result, experiment
from layerlab.lessons.experiments import _mnist_runs as runs
from layerlab.lessons.figure import Bars, Figure, Line, Marker, Panel

PRESETS = ("mlp_512_rmsprop", "reference_bn", "mlp_784_128_64_10")
VAL_FRACTION = 0.1  # 4,500 training digits, 500 held out
MB = 1e6


def summary_values(summary: Summary) -> dict[str, int]:
    """Parameter counts (total and per layer) and memory in bytes at the summary's batch."""
    memory = summary.memory
    values = {
        "trainable_params": summary.trainable,
        "non_trainable_params": summary.non_trainable,
        "total_params": summary.total_params,
        "param_bytes": memory["params"],
        "activation_bytes": memory["activations"],
        "training_memory_bytes": memory["training_total"],
        "inference_memory_bytes": memory["inference_total"],
        "batch_size": summary.batch_size,
    }
    for row in summary.rows:
        values[f"params_{row.id}"] = row.trainable + row.non_trainable
    return values


@experiment("mnist.preset_on_mnist5k")
def preset_on_mnist5k(preset: str = "reference_bn", epochs: int = 5) -> Result:
    """``preset``'s parameters and memory, and ``epochs`` epochs of training on mnist5k's 4,500
    training digits, with the accuracy on its 500 held-out digits as the test accuracy."""
    if preset not in PRESETS:
        raise ValueError(f"unknown MNIST preset {preset!r}; choose one of {', '.join(PRESETS)}")
    spec = runs.preset_spec(preset)
    summary = summarize(spec)
    run = runs.train(
        runs.config(spec, spec.optimizer, epochs, spec.batch_size, val_fraction=VAL_FRACTION)
    )
    values: dict[str, float | int | str] = dict(summary_values(summary))
    values |= {
        "name": spec.name,
        "epochs": len(run.val_accuracy),
        "steps_per_epoch": len(run.step_loss) // max(len(run.val_accuracy), 1),
        "test_accuracy": run.final_val_accuracy,
        "test_loss": run.final_val_loss,
        "final_train_loss": float(run.epoch_loss[-1]),
        "seconds": run.seconds,
    }
    return Result(values, _figure(summary, run, values))


def _figure(summary: Summary, run: runs.Run, values: dict) -> Figure:
    steps = values["steps_per_epoch"]
    loss = Panel(
        "loss 损失",
        [
            Line(
                np.arange(1, len(run.step_loss) + 1) / steps,
                run.step_loss,
                "train (step)",
                "solid",
                0,
                1.0,
            ),
            Line(run.epochs, run.val_loss, "held-out 留出", "solid", 1),
            Line(run.epochs, run.val_loss, "", "dots", 1),
        ],
        "epoch",
        "",
        log_y=True,
    )
    acc = Panel(
        "held-out accuracy 留出集精度",
        [
            Line(run.epochs, run.val_accuracy, "accuracy", "solid", 1),
            Line(run.epochs, run.val_accuracy, "", "dots", 1),
            Marker(values["test_accuracy"], f"{values['test_accuracy']:.3f}", "horizontal"),
        ],
        "epoch",
        "",
    )
    rows = summary.rows
    params = Panel(
        "parameters per layer 每层参数",
        [
            Bars(
                [r.id for r in rows], np.array([r.trainable + r.non_trainable for r in rows], float)
            )
        ],
        "",
        "",
        legend=False,
    )
    memory = summary.memory
    parts = {
        "params": "weights",
        "grads": "grads",
        "optimizer_state": "optimizer",
        "input": "input",
        "activations": "outputs",
        "activation_grads": "output grads",
    }
    mem = Panel(
        f"training memory (MB) at batch {summary.batch_size} 训练内存",
        [Bars(list(parts.values()), np.array([memory[k] / MB for k in parts]))],
        "",
        "MB",
        legend=False,
    )
    caption = (
        f"{values['total_params']:,} parameters ({values['trainable_params']:,} trainable), "
        f"{memory['params'] / MB:.2f} MB; training memory at batch {summary.batch_size}: "
        f"{memory['training_total'] / MB:.2f} MB; held-out accuracy {values['test_accuracy']:.3f} "
        f"after {values['epochs']} epochs on 4,500 digits"
    )
    return Figure([loss, acc, params, mem], columns=2, caption=caption)
