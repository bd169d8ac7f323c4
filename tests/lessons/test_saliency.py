"""Saliency (input gradients from the engine) against an analytic float64 gradient, and the
reject-option curve against hand counts."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from layerlab.engine.network import Network
from layerlab.engine.spec import NetworkSpec
from layerlab.lessons.experiments import saliency as sal


def _tiny(loss: str) -> Network:
    spec = NetworkSpec.from_dict({
        "input": [6], "loss": loss, "seed": 3, "init": "glorot_normal",
        "layers": [{"id": "h", "kind": "Dense", "units": 5, "activation": "tanh"},
                   {"id": "out", "kind": "Dense", "units": 4}],
    })  # fmt: skip
    return Network(spec, batch_size=1, input_grad=True)


def _analytic(net: Network, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(z, dz/dx as (K, 6)) of the tiny net in float64."""
    p = {k: v.astype(np.float64) for k, v in net.params.items()}
    h = np.tanh(x @ p["h.weight"] + p["h.bias"])
    z = h @ p["out.weight"] + p["out.bias"]
    jac = (p["h.weight"] * (1 - h**2)[None, :]) @ p["out.weight"]  # (6, K)
    return z, jac.T


def test_logit_saliency_is_the_gradient_of_the_class_score() -> None:
    net = _tiny("mse")
    x = np.random.default_rng(1).standard_normal(6)
    _, jac = _analytic(net, x)
    for c in range(4):
        np.testing.assert_allclose(sal.saliency(net, x, c, "logit"), jac[c], atol=1e-5)


def test_log_prob_saliency_is_the_gradient_of_the_log_probability() -> None:
    net = _tiny("softmax_cross_entropy")
    x = np.random.default_rng(2).standard_normal(6)
    z, jac = _analytic(net, x)
    p = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
    for c in range(4):
        expected = jac[c] - p @ jac  # d ln p_c = dz_c - sum_k p_k dz_k
        np.testing.assert_allclose(sal.saliency(net, x, c, "log_prob"), expected, atol=1e-5)


def test_saliency_refuses_a_network_with_the_wrong_loss() -> None:
    with pytest.raises(ValueError, match="mse"):
        sal.saliency(_tiny("softmax_cross_entropy"), np.zeros(6), 0, "logit")
    with pytest.raises(ValueError, match="cross-entropy"):
        sal.saliency(_tiny("mse"), np.zeros(6), 0, "log_prob")
    with pytest.raises(ValueError, match="mode"):
        sal.saliency(_tiny("mse"), np.zeros(6), 0, "probability")


def test_finite_differences_agree_on_the_tiny_network() -> None:
    net = _tiny("mse")
    x = np.random.default_rng(4).standard_normal(6)
    assert sal.finite_difference_error(net, x, 2, "logit", pixels=6, eps=1e-2) < 1e-2


def test_reject_curve_counts_by_hand() -> None:
    conf = np.array([0.95, 0.6, 0.8, 0.3])
    correct = np.array([True, False, True, False])
    coverage, accuracy = sal.reject_curve(conf, correct, [0.0, 0.5, 0.9, 0.99])
    np.testing.assert_allclose(coverage, [1.0, 0.75, 0.25, 0.0])
    np.testing.assert_allclose(accuracy[:3], [0.5, 2 / 3, 1.0])
    assert np.isnan(accuracy[3])


def test_confidence_threshold_splits_the_500_held_out_digits() -> None:
    v = sal.confidence_threshold(threshold=0.8).values
    assert v["coverage_at_0"] == 1.0 and v["accuracy_at_0"] == v["overall_accuracy"]
    kept = round(v["coverage"] * 500)
    assert kept + v["to_a_person"] == 500
    assert v["mistakes_to_a_person"] <= min(v["mistakes"], v["to_a_person"])
    assert v["mistakes"] == round((1 - v["overall_accuracy"]) * 500)


def test_trained_mlp_keeps_its_weights_when_the_loss_changes() -> None:
    a, b = sal.trained_mlp(8, 0), sal.trained_mlp(8, 0, "mse")
    assert b.loss.name == "mse" and a.loss.name == "softmax_cross_entropy"
    for name, value in a.params.items():
        np.testing.assert_array_equal(value, b.params[name])
    spec = dataclasses.replace(a.spec, loss="mse")
    assert b.spec == spec
