"""Per-layer gradient norms against a numpy backward pass of a small sigmoid network."""

from __future__ import annotations

import numpy as np
import pytest

from layerlab.engine.network import Network
from layerlab.engine.spec import NetworkSpec
from layerlab.lessons.experiments.vanishing import gradient_norms, weight_gradient_norms


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def test_weight_gradient_norms_match_a_hand_backward_pass() -> None:
    spec = NetworkSpec.from_dict(
        {
            "input": {"shape": [4]},
            "layers": [
                {"id": "a", "kind": "Dense", "units": 3, "activation": "sigmoid"},
                {"id": "b", "kind": "Dense", "units": 2},
            ],
            "loss": "softmax_cross_entropy",
            "seed": 3,
        }
    )
    net = Network(spec)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((10, 4)).astype(np.float32)
    y = np.array([0, 1] * 5, np.int32)
    names, norms, _ = weight_gradient_norms(net, x, y, batch_size=5, batches=2)
    assert names == ["a", "b"]
    p = {k: v.astype(np.float64) for k, v in net.params.items()}
    expected = np.zeros(2)
    for rows in (slice(0, 5), slice(5, 10)):
        xb, yb = x[rows].astype(np.float64), y[rows]
        h = _sigmoid(xb @ p["a.weight"] + p["a.bias"])
        z = h @ p["b.weight"] + p["b.bias"]
        s = np.exp(z - z.max(axis=1, keepdims=True))
        dz = s / s.sum(axis=1, keepdims=True) - np.eye(2)[yb]
        dz /= len(yb)  # the mean loss over the batch
        dh = dz @ p["b.weight"].T * h * (1.0 - h)
        expected += [np.linalg.norm(xb.T @ dh), np.linalg.norm(h.T @ dz)]
    np.testing.assert_allclose(norms, expected / 2, rtol=1e-4)


def test_per_layer_factor_is_the_geometric_mean_of_the_ratio() -> None:
    values = gradient_norms(batches=1).values
    assert values["sigmoid_per_layer"] == pytest.approx(values["sigmoid_ratio"] ** 0.1)
    assert values["sigmoid_ratio"] == pytest.approx(
        values["sigmoid_first"] / values["sigmoid_last"]
    )
