"""Regularisation experiments: the 300-digit split, the measured numbers of a run, and L1/L2
acting on weights that get no gradient exactly as the update rules say."""

from __future__ import annotations

import numpy as np
import pytest

from layerlab.engine.summary import summarize
from layerlab.lessons.experiments import _mnist_runs as runs
from layerlab.lessons.experiments import regularization as reg


def _fake_run(train_acc, val_acc, train_loss, val_loss, weights) -> runs.Run:
    f = lambda v: np.asarray(v, np.float64)  # noqa: E731
    return runs.Run(
        step_loss=np.zeros(3, np.float32),
        epoch_loss=f(train_loss),
        train_loss=f(train_loss),
        train_accuracy=f(train_acc),
        val_loss=f(val_loss),
        val_accuracy=f(val_acc),
        final_val_loss=val_loss[-1],
        final_val_accuracy=val_acc[-1],
        stopped="",
        diverged=False,
        best_epoch=0,
        weights={reg.FIRST_WEIGHTS: np.asarray(weights, np.float32)},
        seconds=0.0,
    )


def test_the_split_keeps_300_training_digits_30_per_class() -> None:
    data = runs.digits(reg.VAL_FRACTION, 0, reg.N_VAL)
    assert data.x.shape == (300, 784) and data.val_x.shape == (1000, 784)
    np.testing.assert_array_equal(np.bincount(data.y), np.full(10, 30))
    assert not data.x.flags.writeable


def test_the_wide_network_has_269_322_parameters() -> None:
    spec = runs.dense_relu_spec(reg.HIDDEN, dropout=0.5)
    # 784*256+256 + 256*256+256 + 256*10+10; dropout adds none
    assert summarize(spec).trainable == 200_960 + 65_792 + 2_570 == 269_322
    assert [la.kind for la in spec.layers] == ["Dense", "Dropout", "Dense", "Dropout", "Dense"]


def test_run_values_are_the_gaps_and_the_rise_after_the_best_epoch() -> None:
    run = _fake_run(
        train_acc=[0.5, 0.9, 1.0],
        val_acc=[0.4, 0.8, 0.75],
        train_loss=[1.0, 0.1, 0.01],
        val_loss=[1.2, 0.5, 0.6],
        weights=[[0.0, 0.5], [0.0, -0.5]],
    )
    v = reg.run_values("x", run)
    assert v["x_accuracy_gap"] == pytest.approx(0.25)
    assert v["x_loss_gap"] == pytest.approx(0.59)
    assert v["x_loss_ratio"] == pytest.approx(60.0)
    assert v["x_best_epoch"] == 2 and v["x_best_val_loss"] == pytest.approx(0.5)
    assert v["x_val_loss_rise"] == pytest.approx(0.1)
    assert v["x_zero_fraction"] == 0.5 and v["x_weight_std"] == pytest.approx(np.sqrt(0.125))


def _dead_pixel_rows(setting: reg.Setting, epochs: int) -> tuple[np.ndarray, np.ndarray, int]:
    """Initial and final first-layer weights of the pixels that are 0 in all 300 digits."""
    run = reg.run_setting(setting, epochs)
    spec = runs.dense_relu_spec(reg.HIDDEN, seed=0)
    start = runs.build(runs.config(spec, {"kind": "sgd", "lr": reg.LR}, epochs, reg.BATCH))
    dead = runs.digits(reg.VAL_FRACTION, 0, reg.N_VAL).x.max(axis=0) == 0
    steps = epochs * 300 // reg.BATCH
    return start.params[reg.FIRST_WEIGHTS][dead], run.weights[reg.FIRST_WEIGHTS][dead], steps


def test_l1_moves_weights_without_gradient_lr_times_lambda_per_step_to_exactly_zero() -> None:
    w0, w, steps = _dead_pixel_rows(reg.Setting("l1", l1=0.02), epochs=2)
    pull = steps * reg.LR * 0.02  # 12 steps of lr * lambda = 0.024
    expected = np.sign(w0) * np.maximum(np.abs(w0) - pull, 0.0)
    np.testing.assert_allclose(w, expected, atol=1e-6)
    assert np.mean(w == 0.0) == pytest.approx(np.mean(np.abs(w0) <= pull), abs=0.002)
    assert np.mean(w == 0.0) > 0.3


def test_l2_shrinks_weights_without_gradient_geometrically_and_never_to_zero() -> None:
    w0, w, steps = _dead_pixel_rows(reg.Setting("l2", l2=0.05), epochs=2)
    np.testing.assert_allclose(w, w0 * (1 - reg.LR * 0.05) ** steps, rtol=1e-5, atol=1e-7)
    assert np.count_nonzero(w == 0.0) == np.count_nonzero(w0 == 0.0) == 0


def test_early_stopping_stops_patience_epochs_after_the_best_and_restores_it() -> None:
    run = reg.run_setting(reg.Setting("none"), epochs=60, patience=3)
    assert run.stopped.startswith("early stopping")
    assert len(run.val_loss) == run.best_epoch + 3
    assert run.best_epoch == int(np.argmin(run.val_loss)) + 1
    assert run.final_val_loss == run.val_loss[run.best_epoch - 1]


def test_runs_are_cached_and_read_only() -> None:
    cfg = runs.config(runs.dense_relu_spec((8,)), {"kind": "sgd", "lr": 0.1}, 1, 100)
    first = runs.train(cfg)
    assert runs.train(cfg) is first
    assert not first.val_loss.flags.writeable and not first.weights["fc1.weight"].flags.writeable
    assert len(first.step_loss) == 4500 // 100 and len(first.val_loss) == 1
