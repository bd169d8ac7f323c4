"""Learning rate and batch size: updates per epoch, activation memory and final losses against
hand-computed numbers."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from layerlab.lessons.experiments import _mnist_runs as runs
from layerlab.lessons.experiments import lr_batch as lb


@pytest.mark.parametrize(
    ("batch", "floor", "ceil"), [(1, 4500, 4500), (64, 70, 71), (100, 45, 45), (128, 35, 36)]
)
def test_updates_per_epoch_and_activation_memory(batch, floor, ceil) -> None:
    spec = dataclasses.replace(runs.preset_spec(lb.PRESET), batch_size=batch)
    v = lb.batch_values(spec, 4500, batch)
    assert (v["updates_per_epoch"], v["updates_keep_last"]) == (floor, ceil)
    # each hidden layer's output before and after ReLU, and the 10 outputs, in float32
    assert v["activation_bytes_per_sample"] == 4 * (128 + 128 + 64 + 64 + 10) == 1576
    assert v["activation_bytes"] == batch * 1576 and v["activation_ratio"] == batch
    assert v["full_mnist_updates"] == 60_000 // batch
    assert math.isfinite(v["samples_per_second"]) and v["samples_per_second"] > 0


def test_the_trainer_makes_floor_n_over_b_updates_per_epoch() -> None:
    run = lb.lr_run(0.01, epochs=1)
    assert len(run.step_loss) == 4500 // lb.LR_BATCH == 70


def _run_with_steps(losses, diverged=False) -> runs.Run:
    empty = np.zeros(0)
    return runs.Run(
        np.asarray(losses, np.float32), empty, empty, empty, empty, empty,
        0.0, 0.0, "", diverged, 0, {}, 0.0,
    )  # fmt: skip


def test_final_loss_is_the_mean_of_the_last_20_steps_and_infinite_after_divergence() -> None:
    assert lb.final_loss(_run_with_steps([9.0] * 5 + [1.0] * 10 + [2.0] * 10)) == 1.5
    assert lb.final_loss(_run_with_steps([1.0, 2.0], diverged=True)) == math.inf


def test_the_figure_marks_the_chosen_batch_size_and_learning_rate() -> None:
    result = lb.lr_batch_mnist(lr=0.003, batch_size=100, epochs=1)
    v = result.values
    assert v["lr"] == 0.003 and v["updates_per_epoch"] == 45 and v["full_mnist_updates"] == 600
    loss, updates, memory, _speed = result.figure.panels
    assert [item.label for item in loss.items] == ["η=0.1", "η=0.01", "η=0.0001", "η=0.003"]
    assert updates.items[-1].value == 100 and memory.items[-1].value == 100
    assert "157.6 KB" in memory.items[-1].label
