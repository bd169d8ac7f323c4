"""Batch-norm experiment: the network without BN is the same network less that layer, it starts
from the same weights, and the smoothing and divergence bookkeeping are exact."""

from __future__ import annotations

import math

import numpy as np

from layerlab.engine.network import Network
from layerlab.engine.summary import summarize
from layerlab.lessons.experiments import _mnist_runs as runs
from layerlab.lessons.experiments import batchnorm as bnx


def test_without_batchnorm_drops_only_the_batchnorm_layer() -> None:
    bn = runs.preset_spec(bnx.PRESET)
    plain = bnx.without_batchnorm(bn)
    assert [la.id for la in plain.layers] == ["fc1", "relu1", "fc2"]
    assert plain.optimizer == bn.optimizer and plain.seed == bn.seed
    # 79,710 trainable less gamma and beta (200); the 200 running statistics go too
    assert summarize(plain).trainable == 79_510 and summarize(plain).non_trainable == 0


def test_the_network_without_bn_starts_from_the_bn_networks_weights() -> None:
    bn = runs.preset_spec(bnx.PRESET)
    plain = bnx.without_batchnorm(bn)
    copied = runs.build(runs.config(plain, {"kind": "sgd", "lr": 0.1}, 1, 100, weights_from=bn))
    fresh = Network(plain).params
    source = Network(bn).params
    for name in ("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"):
        np.testing.assert_array_equal(copied.params[name], source[name])
    # without the copy the output layer's weights would differ (they are drawn per layer index)
    assert not np.array_equal(fresh["fc2.weight"], source["fc2.weight"])


def test_smoothing_averages_five_steps_and_drops_non_finite_losses() -> None:
    losses = np.array([1, 2, 3, 4, 5, 6, np.nan], np.float32)
    np.testing.assert_allclose(bnx._smooth(losses), [3.0, 4.0])
    np.testing.assert_allclose(bnx._smooth(np.array([2.0, 4.0])), [2.0, 4.0])


def test_a_diverged_run_counts_as_infinite_loss_and_zero_accuracy() -> None:
    run = runs.Run(
        step_loss=np.array([2.3, 40.0], np.float32),
        epoch_loss=np.zeros(0),
        train_loss=np.zeros(0),
        train_accuracy=np.zeros(0),
        val_loss=np.zeros(0),
        val_accuracy=np.zeros(0),
        final_val_loss=math.nan,
        final_val_accuracy=0.1,
        stopped="the loss became NaN at step 3 (epoch 1): the weights diverged. ...",
        diverged=True,
        best_epoch=0,
        weights={},
        seconds=0.0,
    )
    values = bnx._summary("plain", run)
    assert values == {
        "plain_epoch1_loss": math.inf,
        "plain_final_loss": math.inf,
        "plain_val_accuracy": 0.0,
        "plain_diverged": True,
    }


def test_one_epoch_draws_four_smoothed_curves_and_bn_learns_faster() -> None:
    result = bnx.with_and_without(lr=0.2, factor=10.0, epochs=1)
    v = result.values
    assert v["lr"] == 0.2 and v["high_lr"] == 2.0
    assert v["bn_epoch1_loss"] < v["plain_epoch1_loss"]
    loss_panel = result.figure.panels[0]
    assert [item.label for item in loss_panel.items] == [
        "BN η=0.2", "no BN η=0.2", "BN η=2", "no BN η=2"]  # fmt: skip
    # 45 steps per epoch, smoothed over 5: 41 points from step 5 on
    assert all(len(item.y) == 41 and item.x[0] == 5 for item in loss_panel.items)
